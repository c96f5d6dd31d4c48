package org.bootwarden.inventory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.bootwarden.hosts.HostCsv;
import org.bootwarden.hosts.HostRequest;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an import body into {@link ImportRow}s: a CSV file in the host CSV format ({@link HostCsv},
 * only the {@code hostname} column is required) or a JSON array of host objects shaped like the body
 * of {@code POST /api/hosts}. Problems of the whole body are thrown as {@link InvalidRequestException}
 * (400); problems of one row stay with that row.
 */
final class ImportRows {

    static final String TEMPLATE_URL = "/api/hosts/import/template.csv";

    /** Fields of a host as the API returns it that an import ignores, so that a JSON export can be imported again. */
    static final Set<String> READ_ONLY = Set.of("id", "bootState", "stateReason", "stateChangedAt", "installBoots", "lastInstallAt",
            "openTicketId", "version", "createdAt", "updatedAt");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern ROW_PREFIX = Pattern.compile("^row [0-9]+(: )?");

    private ImportRows() {
    }

    static List<ImportRow> fromCsv(byte[] bytes, int maxRows) {
        HostCsv.Parsed parsed = HostCsv.parse(bytes, List.of("hostname"), maxRows, TEMPLATE_URL);
        Set<String> present = Set.copyOf(parsed.columns());
        Map<Integer, List<FieldProblem>> problems = new HashMap<>();
        for (FieldProblem p : parsed.problems()) {
            problems.computeIfAbsent(HostCsv.lineOf(p), k -> new ArrayList<>()).add(withoutRow(p));
        }
        List<ImportRow> rows = new ArrayList<>(parsed.rows().size() + parsed.rejected().size());
        for (HostCsv.Row row : parsed.rows()) {
            List<FieldProblem> errors = new ArrayList<>();
            HostRequest request = row.toHostRequest(errors);
            rows.add(new ImportRow(row.line(), row.hostname(), request, present, errors.stream().map(ImportRows::withoutRow).toList()));
        }
        for (HostCsv.Row row : parsed.rejected()) {
            rows.add(new ImportRow(row.line(), row.hostname(), null, present, problems.getOrDefault(row.line(), List.of())));
        }
        rows.sort(Comparator.comparingInt(ImportRow::row));
        return rows;
    }

    /** {@code row 7: ip} -> {@code ip}; a problem of the whole row ({@code row 7}) -> {@code row}. */
    private static FieldProblem withoutRow(FieldProblem p) {
        String field = ROW_PREFIX.matcher(p.field()).replaceFirst("");
        return new FieldProblem(field.isEmpty() ? "row" : field, p.message());
    }

    /**
     * @param allowEmpty whether an empty array is a valid body (a feed with no hosts now) rather than
     *                   a mistake (a push of nothing)
     */
    static List<ImportRow> fromJson(byte[] bytes, int maxRows, boolean allowEmpty, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw InvalidRequestException.of("body", "is not valid JSON" + where + ": " + HostCsv.abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw InvalidRequestException.of("body", "could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw InvalidRequestException.of("body", "is empty; send a JSON array of host objects");
        }
        if (!root.isArray()) {
            throw InvalidRequestException.of("body", "must be a JSON array of host objects (each shaped like the body of POST /api/hosts)");
        }
        if (root.isEmpty() && !allowEmpty) {
            throw InvalidRequestException.of("body", "the array has no hosts");
        }
        if (root.size() > maxRows) {
            throw InvalidRequestException.of("body", "has " + root.size() + " hosts; at most " + maxRows + " per import");
        }
        List<ImportRow> rows = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            rows.add(row(i + 1, root.get(i)));
        }
        return rows;
    }

    private static ImportRow row(int number, JsonNode node) {
        List<FieldProblem> errors = new ArrayList<>();
        if (!node.isObject()) {
            return new ImportRow(number, null, null, Set.of(), List.of(new FieldProblem("row", "must be a host object, not "
                    + node.getNodeType().name().toLowerCase())));
        }
        Set<String> present = new LinkedHashSet<>();
        Set<String> known = new HashSet<>(ImportRow.FIELDS);
        node.fieldNames().forEachRemaining(name -> {
            if (known.contains(name)) {
                present.add(name);
            } else if (!READ_ONLY.contains(name)) {
                errors.add(new FieldProblem(HostCsv.abbreviate(name), "unknown field; the fields are " + String.join(", ", ImportRow.FIELDS)));
            }
        });
        String hostname = text(node, "hostname", errors);
        HostRequest request = new HostRequest(hostname, list(node, "macs", errors), text(node, "ip", errors),
                integer(node, "prefixLength", errors), text(node, "gateway", errors), list(node, "dns", errors),
                integer(node, "vlan", errors), text(node, "firmware", errors), text(node, "nicDriver", errors),
                text(node, "architecture", errors), text(node, "profile", errors), labels(node, errors), null);
        return new ImportRow(number, hostname, request, present, errors);
    }

    private static String text(JsonNode node, String field, List<FieldProblem> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode node, String field, List<FieldProblem> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual() && WHOLE_NUMBER.matcher(v.textValue().trim()).matches()) {
            return Integer.parseInt(v.textValue().trim());
        }
        errors.add(new FieldProblem(field, "is not a whole number"));
        return null;
    }

    private static List<String> list(JsonNode node, String field, List<FieldProblem> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            errors.add(new FieldProblem(field, "must be an array of strings, e.g. [\"" + (field.equals("macs") ? "52:54:00:12:34:56"
                    : "10.0.2.3") + "\"]"));
            return null;
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isTextual()) {
                out.add(e.textValue());
            } else {
                errors.add(new FieldProblem(field + "[" + i + "]", "must be a string"));
            }
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode node, List<FieldProblem> errors) {
        JsonNode v = node.get("labels");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            errors.add(new FieldProblem("labels", "must be an object of key: value strings"));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value.isValueNode() && !value.isNull()) {
                out.put(e.getKey(), value.asText());
            } else {
                errors.add(new FieldProblem("labels." + HostCsv.abbreviate(e.getKey()), "label value must be a string"));
            }
        });
        return out;
    }
}
