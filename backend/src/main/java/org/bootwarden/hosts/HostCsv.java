package org.bootwarden.hosts;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;

/**
 * The host CSV format shared by batch imports (docs/batches.md) and inventory imports and exports
 * (docs/inventory.md): RFC 4180 (comma separator, {@code "} quoting with {@code ""} for a quote,
 * CRLF or LF), UTF-8 with an optional byte-order mark, a header row naming the columns (the host
 * fields of the API). This class reads a file into rows and checks what the file itself can tell
 * (encoding, quoting, columns, field counts, formula-like cells), and writes hosts in the same
 * format; the host rules are {@link HostValidator}'s, applied by the callers. Errors name the row as
 * a line number of the file (the header is row 1) and the column: {@code row 7: ip}.
 */
public final class HostCsv {

    public static final int MAX_ROWS = 10_000;
    static final int MAX_CELL = 1_000;
    private static final java.util.regex.Pattern ROW_PREFIX = java.util.regex.Pattern.compile("^row ([0-9]+)");
    private static final java.util.regex.Pattern WHOLE_NUMBER = java.util.regex.Pattern.compile("-?[0-9]{1,9}");

    /** Every column, in template order; names as in the host API, matched without regard to case. */
    public static final List<String> COLUMNS = List.of("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "vlan", "firmware",
            "nicDriver", "architecture", "profile", "labels");
    /** Columns an import needs (the others have defaults). */
    public static final List<String> REQUIRED_FOR_IMPORT = List.of("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "profile");

    public static final String TEMPLATE = String.join(",", COLUMNS) + "\r\n"
            + "web-01.lab.example,52:54:00:12:34:56;52:54:00:12:34:57,10.20.0.11,24,10.20.0.1,10.20.0.2 10.20.0.3,,auto,full,"
            + "x86_64,debian-12,rack=r1;env=prod\r\n";

    /** One data row: its line number in the file and its cells by canonical column name (absent columns are missing). */
    public record Row(int line, Map<String, String> cells) {

        public String cell(String column) {
            String v = cells.get(column);
            return v == null ? "" : v.trim();
        }

        public String hostname() {
            return cell("hostname");
        }

        /** The row as a host create request; unparseable numbers are reported into {@code errors}. */
        public HostRequest toHostRequest(List<FieldProblem> errors) {
            return new HostRequest(emptyToNull(cell("hostname")), list(cell("macs")), emptyToNull(cell("ip")),
                    integer("prefixLength", errors), emptyToNull(cell("gateway")), list(cell("dns")), integer("vlan", errors),
                    emptyToNull(cell("firmware")), emptyToNull(cell("nicDriver")), emptyToNull(cell("architecture")),
                    emptyToNull(cell("profile")), labels(errors), null);
        }

        private Integer integer(String column, List<FieldProblem> errors) {
            String v = cell(column);
            if (v.isEmpty()) {
                return null;
            }
            if (!WHOLE_NUMBER.matcher(v).matches()) {
                errors.add(problem(line, column, "'" + abbreviate(v) + "' is not a whole number"));
                return null;
            }
            return Integer.parseInt(v);
        }

        private Map<String, String> labels(List<FieldProblem> errors) {
            String v = cell("labels");
            Map<String, String> out = new LinkedHashMap<>();
            if (v.isEmpty()) {
                return out;
            }
            for (String pair : v.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    errors.add(problem(line, "labels", "'" + abbreviate(pair.trim()) + "' is not key=value (labels are k=v;k=v)"));
                    continue;
                }
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (!value.isEmpty() && "=+@".indexOf(value.charAt(0)) >= 0) {
                    errors.add(problem(line, "labels." + key, "a label value must not start with '" + value.charAt(0)
                            + "' (it would be a formula in a spreadsheet)"));
                    continue;
                }
                if (out.put(key, value) != null) {
                    errors.add(problem(line, "labels." + key, "label '" + abbreviate(key) + "' is given twice"));
                }
            }
            return out;
        }
    }

    /**
     * A parsed file: the columns present (canonical names, file order), the data rows that could be
     * read, and the problems of single rows (quoting, field counts, formula-like or overlong cells),
     * sorted by row; a row with a problem is not among {@code rows} but among {@code rejected}, with
     * whatever cells could be read (none when the row itself could not be split into fields).
     */
    public record Parsed(List<String> columns, List<Row> rows, List<FieldProblem> problems, List<Row> rejected) {
    }

    private HostCsv() {
    }

    /**
     * Reads the file. Problems of the whole file (encoding, header, no rows, too many rows) are
     * thrown as {@link InvalidRequestException}; problems of single rows are returned in
     * {@link Parsed#problems()} so that they can be reported together with the host rules' findings.
     *
     * @param required    columns that must be present
     * @param maxRows     the most data rows a file may have
     * @param templateUrl where the caller's template is served (named in the message for an empty file)
     */
    public static Parsed parse(byte[] bytes, List<String> required, int maxRows, String templateUrl) {
        String text = decode(bytes);
        List<FieldProblem> errors = new ArrayList<>();
        List<Record> records = records(text, errors);
        if (!errors.isEmpty() && (records.isEmpty() || records.get(0).line() != 1)) {
            throw new InvalidRequestException(errors);
        }
        if (records.isEmpty() || records.get(0).fields().stream().allMatch(String::isBlank)) {
            throw InvalidRequestException.of("row 1", "the file is empty: the first row must name the columns ("
                    + String.join(",", COLUMNS) + "); GET " + templateUrl + " gives a template");
        }
        Record header = records.get(0);
        if (header.fields().size() == 1 && header.fields().get(0).contains(";")) {
            throw InvalidRequestException.of("row 1", "fields must be separated by commas, not semicolons"
                    + " (save as \"CSV UTF-8 (comma delimited)\")");
        }
        int recordErrors = errors.size();
        List<Integer> badLines = errors.stream().map(HostCsv::lineOf).distinct().toList();
        Map<String, String> canonical = new HashMap<>();
        COLUMNS.forEach(c -> canonical.put(c.toLowerCase(Locale.ROOT), c));
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String raw = header.fields().get(i).trim();
            String name = canonical.get(raw.toLowerCase(Locale.ROOT));
            if (name == null) {
                errors.add(problem(1, raw.isEmpty() ? "column " + (i + 1) : abbreviate(raw),
                        raw.isEmpty() ? "the header has an empty column name" : "unknown column; the columns are " + String.join(", ", COLUMNS)));
            } else if (columns.contains(name)) {
                errors.add(problem(1, name, "column is named twice"));
            }
            columns.add(name);
        }
        for (String r : required) {
            if (!columns.contains(r)) {
                errors.add(problem(1, r, "required column is missing"));
            }
        }
        if (errors.size() > recordErrors) {
            throw new InvalidRequestException(errors);
        }
        List<Row> rows = new ArrayList<>();
        List<Row> rejected = new ArrayList<>();
        for (int line : badLines) {
            rejected.add(new Row(line, Map.of()));
        }
        for (Record rec : records.subList(1, records.size())) {
            if (rec.fields().size() == 1 && rec.fields().get(0).isBlank()) {
                continue; // an empty line
            }
            if (rec.fields().size() != columns.size()) {
                errors.add(new FieldProblem("row " + rec.line(), "has " + rec.fields().size() + " fields, the header has "
                        + columns.size() + " (quote values that contain commas)"));
                Map<String, String> readable = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(columns.size(), rec.fields().size()); i++) {
                    readable.put(columns.get(i), rec.fields().get(i));
                }
                rejected.add(new Row(rec.line(), readable));
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            int before = errors.size();
            for (int i = 0; i < columns.size(); i++) {
                String v = rec.fields().get(i);
                String trimmed = v.trim();
                if (v.length() > MAX_CELL) {
                    errors.add(problem(rec.line(), columns.get(i), "is longer than " + MAX_CELL + " characters"));
                } else if (!trimmed.isEmpty() && "=+-@".indexOf(trimmed.charAt(0)) >= 0 || v.startsWith("\t") || v.startsWith("\r")) {
                    errors.add(problem(rec.line(), columns.get(i), "'" + abbreviate(trimmed)
                            + "' looks like a spreadsheet formula; such cells are refused"));
                } else if (v.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    errors.add(problem(rec.line(), columns.get(i), "contains control characters (line breaks inside a value?)"));
                }
                cells.put(columns.get(i), v);
            }
            if (errors.size() == before) {
                rows.add(new Row(rec.line(), cells));
            } else {
                rejected.add(new Row(rec.line(), cells));
            }
        }
        int count = rows.size() + rejected.size();
        if (count > maxRows) {
            throw InvalidRequestException.of("file", "has " + count + " rows; at most " + maxRows + " per file");
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            throw InvalidRequestException.of("row 2", "the file has a header but no rows");
        }
        errors.sort(java.util.Comparator.comparingInt(HostCsv::lineOf));
        rejected.sort(java.util.Comparator.comparingInt(Row::line));
        return new Parsed(List.copyOf(columns), List.copyOf(rows), List.copyOf(errors), List.copyOf(rejected));
    }

    /** The row number in a problem's field ({@code row 7: ip} -> 7), or 0. */
    public static int lineOf(FieldProblem p) {
        java.util.regex.Matcher m = ROW_PREFIX.matcher(p.field());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The header line of an export (every column, template order, CRLF). */
    public static String header() {
        return String.join(",", COLUMNS) + "\r\n";
    }

    /**
     * One host as a CSV line in {@link #COLUMNS} order (CRLF), as the template writes it: MACs
     * separated by {@code ;}, DNS servers by a space, labels as {@code key=value;key=value}. Reading
     * the line back gives the same host.
     */
    public static String line(Host h) {
        StringBuilder labels = new StringBuilder();
        h.labels().forEach((k, v) -> labels.append(labels.isEmpty() ? "" : ";").append(k).append('=').append(v));
        String[] cells = {h.hostname(), String.join(";", h.macs()), h.ip(), String.valueOf(h.prefixLength()), h.gateway(),
            String.join(" ", h.dns()), h.vlan() == null ? "" : String.valueOf(h.vlan()), h.firmware().json(), h.nicDriver().json(),
            h.architecture().json(), h.profile(), labels.toString()};
        StringBuilder out = new StringBuilder(160);
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : ",").append(quote(cells[i]));
        }
        return out.append("\r\n").toString();
    }

    private static String quote(String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    public static FieldProblem problem(int line, String column, String message) {
        return new FieldProblem("row " + line + ": " + column, message);
    }

    /** UTF-8 (a leading byte-order mark is dropped); anything else is refused with a message that says what to do. */
    static String decode(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe
                || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff)) {
            throw InvalidRequestException.of("file", "the file is UTF-16 encoded; save it as UTF-8 (\"CSV UTF-8\")");
        }
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw InvalidRequestException.of("file", "the file contains NUL bytes: it is not a UTF-8 text file"
                        + " (UTF-16, or a spreadsheet in its own format?); save it as UTF-8 CSV");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            CharBuffer out = decoder.decode(in);
            return out.toString();
        } catch (MalformedInputException e) {
            int at = findInvalid(bytes, start);
            int line = 1;
            for (int i = start; i < at && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw InvalidRequestException.of("row " + line, "the file is not valid UTF-8 (byte " + (at + 1)
                    + "); save it as UTF-8 (\"CSV UTF-8\"), not in a legacy encoding such as Windows-1252 or Latin-1");
        } catch (CharacterCodingException e) {
            throw InvalidRequestException.of("file", "the file is not valid UTF-8; save it as UTF-8 (\"CSV UTF-8\")");
        }
    }

    private static int findInvalid(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private record Record(int line, List<String> fields) {
    }

    /** RFC 4180 records; a quote inside an unquoted field, text after a closing quote and an open quote at the end are errors. */
    private static List<Record> records(String text, List<FieldProblem> errors) {
        List<Record> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        while (i < n) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean bad = false;
            while (true) {
                if (i < n && text.charAt(i) == '"') {
                    // quoted field
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (!closed) {
                        errors.add(new FieldProblem("row " + recordLine, "a quoted value is not closed (a missing \")"));
                        return out;
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        if (!bad) {
                            errors.add(new FieldProblem("row " + recordLine, "text after a closing quote in field "
                                    + (fields.size() + 1) + " (write a quote inside a quoted value as \"\")"));
                        }
                        bad = true;
                        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n') {
                            i++;
                        }
                    }
                } else {
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == ',' || c == '\n' || c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' || c == '\r' && i + 1 == n) {
                            break;
                        }
                        if (c == '"' && !bad) {
                            errors.add(new FieldProblem("row " + recordLine, "a quote inside unquoted field " + (fields.size() + 1)
                                    + " (quote the whole value and write the quote as \"\")"));
                            bad = true;
                        }
                        field.append(c);
                        i++;
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (i < n && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                // end of record
                if (i < n && text.charAt(i) == '\r') {
                    i++;
                }
                if (i < n && text.charAt(i) == '\n') {
                    i++;
                    line++;
                }
                break;
            }
            if (!bad) {
                out.add(new Record(recordLine, fields));
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Values separated by spaces, {@code ;} or {@code ,}. */
    public static List<String> list(String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        return Arrays.stream(cell.trim().split("[\\s;,]+")).filter(s -> !s.isEmpty()).toList();
    }

    public static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 57) + "..." : clean;
    }
}
