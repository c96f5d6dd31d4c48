package org.bootwarden.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.bootwarden.audit.AuditLists;
import org.bootwarden.audit.AuditService;
import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostCsv;
import org.bootwarden.hosts.HostQuery;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.hosts.HostRequest;
import org.bootwarden.hosts.HostService;
import org.bootwarden.hosts.HostValidator;
import org.bootwarden.hosts.MacAddress;
import org.bootwarden.security.Role;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.ForbiddenException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.Page;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Batch jobs (docs/batches.md): created from a CSV (importing the hosts, or naming existing ones)
 * or from a selection of hosts; the whole input is checked first and a job is created only when
 * all of it is good. {@link BatchRunner} builds the ISOs.
 */
@Service
class BatchService {

    static final int MAX_SELECTION = HostCsv.MAX_ROWS;
    private static final int MAX_ERRORS = 10_000;

    private final BatchRepository jobs;
    private final HostService hostService;
    private final HostRepository hosts;
    private final AuditService audit;
    private final BatchRunner runner;
    private final Clock clock;

    BatchService(BatchRepository jobs, HostService hostService, HostRepository hosts, AuditService audit, BatchRunner runner,
            Clock clock) {
        this.jobs = jobs;
        this.hostService = hostService;
        this.hosts = hosts;
        this.audit = audit;
        this.runner = runner;
        this.clock = clock;
    }

    /** The selection a job can be made of (filters combine with AND; {@code labels} are {@code key=value} or {@code key}). */
    record Selection(String q, List<String> labels, String label, String subnet, String profile, BootState state, Boolean all,
            String compression) {
    }

    BatchJob get(String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no batch job with id '" + id + "'"));
    }

    Page<BatchJob> list(BatchStatus status, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
        }
        return jobs.list(status, page, size);
    }

    /**
     * A job from a CSV file. With {@code importHosts} every row is a new host: all rows are checked
     * (host rules, profiles, duplicates in the file and in the database), and the hosts are created
     * in this transaction, all or none. Without it every row names an existing host by hostname.
     */
    @Transactional
    BatchJob createFromCsv(byte[] csv, String fileName, boolean importHosts, String compression) {
        Caller caller = Caller.current();
        if (importHosts && !caller.has(Role.EDITOR) && !caller.has(Role.ADMIN)) {
            throw new ForbiddenException("importing hosts (import=true) needs role EDITOR or ADMIN");
        }
        if (!importHosts && !caller.has(Role.OPERATOR) && !caller.has(Role.ADMIN)) {
            throw new ForbiddenException("a batch of existing hosts needs role OPERATOR or ADMIN (EDITOR may import=true)");
        }
        String zipCompression = compression(compression);
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : HostCsv.abbreviate(fileName.trim());
        HostCsv.Parsed parsed = HostCsv.parse(csv, importHosts ? HostCsv.REQUIRED_FOR_IMPORT : List.of("hostname"), HostCsv.MAX_ROWS,
                "/api/batches/template.csv");
        List<BatchRepository.JobHost> members = new ArrayList<>();
        String id = UUID.randomUUID().toString();
        if (importHosts) {
            List<HostRequest> requests = checkImport(parsed);
            Instant now = Instant.now(clock);
            for (HostRequest r : requests) {
                Host h = hostService.create(r);
                members.add(new BatchRepository.JobHost(members.size(), h.id(), h.hostname()));
            }
            String summary = members.size() + " hosts imported from " + name;
            audit.record("batch.hosts-imported", "batch", id, summary, null, Map.of("file", name, "rows", members.size(),
                    "hostnames", AuditLists.capped(members.stream().map(BatchRepository.JobHost::hostname).toList()), "at", now.toString()));
        } else {
            for (Host h : checkExisting(parsed)) {
                members.add(new BatchRepository.JobHost(members.size(), h.id(), h.hostname()));
            }
        }
        String kind = importHosts ? "CSV_IMPORT" : "CSV";
        String description = "CSV " + name + ": " + members.size() + " rows" + (importHosts ? ", hosts imported" : ", existing hosts");
        return create(id, kind, description, zipCompression, members, Map.of("file", name, "rows", members.size(), "import", importHosts));
    }

    /** A job of every host that matches the selection (at least one filter, or {@code all: true}). */
    @Transactional
    BatchJob createFromSelection(Selection s) {
        Caller caller = Caller.current();
        if (!caller.has(Role.OPERATOR) && !caller.has(Role.ADMIN)) {
            throw new ForbiddenException("a batch from a selection needs role OPERATOR or ADMIN");
        }
        Selection sel = s == null ? new Selection(null, null, null, null, null, null, null, null) : s;
        String zipCompression = compression(sel.compression());
        List<String> labels = new ArrayList<>();
        if (sel.labels() != null) {
            labels.addAll(sel.labels());
        }
        if (sel.label() != null && !sel.label().isBlank()) {
            labels.add(sel.label());
        }
        List<FieldProblem> errors = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i) == null ? "" : labels.get(i).trim();
            if (l.isEmpty() || l.startsWith("=")) {
                errors.add(new FieldProblem("labels[" + i + "]", "must be key=value or key"));
            }
        }
        boolean filtered = !labels.isEmpty() || notBlank(sel.q()) || notBlank(sel.subnet()) || notBlank(sel.profile())
                || sel.state() != null;
        if (!filtered && !Boolean.TRUE.equals(sel.all())) {
            errors.add(new FieldProblem("selection", "give at least one filter (labels, subnet, profile, state, q),"
                    + " or all=true for every host"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<Host> matched = select(sel, labels);
        if (matched.isEmpty()) {
            throw InvalidRequestException.of("selection", "no host matches this selection");
        }
        if (matched.size() > MAX_SELECTION) {
            throw InvalidRequestException.of("selection", matched.size() + " hosts match; at most " + MAX_SELECTION
                    + " per batch: narrow the selection");
        }
        List<BatchRepository.JobHost> members = new ArrayList<>();
        matched.forEach(h -> members.add(new BatchRepository.JobHost(members.size(), h.id(), h.hostname())));
        Map<String, Object> filter = new LinkedHashMap<>();
        if (notBlank(sel.q())) {
            filter.put("q", sel.q().trim());
        }
        if (!labels.isEmpty()) {
            filter.put("labels", labels.stream().map(String::trim).toList());
        }
        if (notBlank(sel.subnet())) {
            filter.put("subnet", sel.subnet().trim());
        }
        if (notBlank(sel.profile())) {
            filter.put("profile", sel.profile().trim());
        }
        if (sel.state() != null) {
            filter.put("state", sel.state().name());
        }
        if (filter.isEmpty()) {
            filter.put("all", true);
        }
        String description = "selection " + filter.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + ": " + members.size() + " hosts";
        return create(UUID.randomUUID().toString(), "SELECTION", description.length() > 1000 ? description.substring(0, 997) + "..." : description,
                zipCompression, members, Map.of("selection", filter, "hosts", members.size()));
    }

    /** The hosts of a job that failed so far, in job order. */
    Page<BatchRepository.Failure> failures(String id, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
        }
        get(id);
        return jobs.failures(id, page, size);
    }

    /** Cancels a queued job at once, or asks the runner to stop a running one after the current host. */
    @Transactional
    BatchJob cancel(String id) {
        BatchJob job = get(id);
        Caller caller = Caller.current();
        if (!caller.has(Role.OPERATOR) && !caller.has(Role.ADMIN) && !caller.name().equals(job.requester())) {
            throw new ForbiddenException("an EDITOR may cancel only batch jobs they created; this one is " + job.requester() + "'s");
        }
        Instant now = Instant.now(clock);
        if (jobs.cancelQueued(id, now)) {
            audit.record("batch.cancelled", "batch", id, "batch job cancelled before it started", null, null);
        } else if (jobs.requestCancel(id)) {
            audit.record("batch.cancelled", "batch", id, "batch job cancelled while running (stops after the current host)",
                    null, null);
        } else {
            throw new ConflictException("status", "batch job is " + get(id).status() + ": only QUEUED or RUNNING jobs can be cancelled");
        }
        return get(id);
    }

    /** The zip of a DONE job; audited (it holds every host's boot token). */
    Path zip(String id) {
        BatchJob job = get(id);
        if (job.status() != BatchStatus.DONE || job.zipPath() == null) {
            throw new ConflictException("status", "batch job is " + job.status() + "; the zip can be downloaded when it is DONE");
        }
        Path zip = Path.of(job.zipPath());
        if (!Files.isRegularFile(zip)) {
            throw new NotFoundException("the zip of batch job " + id + " is no longer in the data directory");
        }
        audit.record("batch.zip-downloaded", "batch", id, "zip of batch job downloaded (" + job.done() + " ISOs with boot tokens)",
                null, null);
        return zip;
    }

    private BatchJob create(String id, String kind, String description, String compression, List<BatchRepository.JobHost> members,
            Map<String, Object> auditDetail) {
        Instant now = Instant.now(clock);
        jobs.insert(id, kind, description, compression, AuditService.currentActor(), now, members);
        Map<String, Object> after = new LinkedHashMap<>(auditDetail);
        after.put("kind", kind);
        after.put("compression", compression);
        audit.record("batch.created", "batch", id, "batch job created: " + description, null, after);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.wake();
                }
            });
        } else {
            runner.wake();
        }
        return get(id);
    }

    /** Every import row checked; all problems at once, or the requests to create in file order. */
    private List<HostRequest> checkImport(HostCsv.Parsed parsed) {
        List<HostCsv.Row> rows = parsed.rows();
        List<FieldProblem> errors = new ArrayList<>(parsed.problems());
        List<HostRequest> requests = new ArrayList<>();
        Map<String, Integer> hostnames = new HashMap<>();
        Map<String, Integer> ips = new HashMap<>();
        Map<String, Integer> macs = new HashMap<>();
        Map<String, Boolean> profiles = new HashMap<>();
        for (HostCsv.Row row : rows) {
            List<FieldProblem> rowErrors = new ArrayList<>();
            HostRequest request = row.toHostRequest(rowErrors);
            HostValidator.Valid v = null;
            try {
                v = HostValidator.validate(request);
            } catch (InvalidRequestException e) {
                Set<String> already = rowErrors.stream().map(FieldProblem::field).collect(Collectors.toSet());
                for (FieldProblem p : e.errors()) {
                    FieldProblem mapped = HostCsv.problem(row.line(), p.field(), p.message());
                    if (!already.contains(mapped.field())) {
                        rowErrors.add(mapped);
                    }
                }
            }
            if (v != null && rowErrors.isEmpty()) {
                checkNew(row.line(), v, hostnames, ips, macs, profiles, rowErrors);
            }
            errors.addAll(rowErrors);
            if (errors.size() > MAX_ERRORS) {
                break;
            }
            requests.add(request);
        }
        failIfAny(errors);
        return requests;
    }

    /** Profile, duplicates within the file and against the database, for one valid import row. */
    private void checkNew(int line, HostValidator.Valid v, Map<String, Integer> hostnames, Map<String, Integer> ips,
            Map<String, Integer> macs, Map<String, Boolean> profiles, List<FieldProblem> rowErrors) {
        String profile = v.profile();
        if (!profiles.computeIfAbsent(profile, hostService::profileExists)) {
            rowErrors.add(HostCsv.problem(line, "profile", "no profile named '" + profile + "' (see GET /api/profiles)"));
        }
        duplicate(line, "hostname", v.hostname(), hostnames, rowErrors);
        duplicate(line, "ip", v.ip(), ips, rowErrors);
        for (int i = 0; i < v.macs().size(); i++) {
            duplicate(line, "macs[" + i + "]", v.macs().get(i), macs, rowErrors);
        }
        hosts.hostIdByHostname(v.hostname()).ifPresent(other -> rowErrors.add(HostCsv.problem(line, "hostname",
                "hostname " + v.hostname() + " is already used by host " + other)));
        hosts.hostIdByIp(v.ip()).ifPresent(other -> rowErrors.add(HostCsv.problem(line, "ip",
                "IP address " + v.ip() + " is already used by host " + other)));
        for (int i = 0; i < v.macs().size(); i++) {
            String mac = v.macs().get(i);
            int index = i;
            hosts.hostIdByMac(mac).ifPresent(other -> rowErrors.add(HostCsv.problem(line, "macs[" + index + "]",
                    "MAC address " + mac + " is already used by host " + other)));
        }
    }

    /** Every row names an existing host; MACs and IP, when the file gives them, must be the host's. */
    private List<Host> checkExisting(HostCsv.Parsed parsed) {
        List<HostCsv.Row> rows = parsed.rows();
        List<String> columns = parsed.columns();
        List<FieldProblem> errors = new ArrayList<>(parsed.problems());
        List<Host> found = new ArrayList<>();
        Map<String, Integer> hostnames = new HashMap<>();
        for (HostCsv.Row row : rows) {
            String raw = row.hostname();
            String hostname = raw.toLowerCase(Locale.ROOT);
            if (hostname.endsWith(".")) {
                hostname = hostname.substring(0, hostname.length() - 1);
            }
            if (hostname.isEmpty()) {
                errors.add(HostCsv.problem(row.line(), "hostname", "is required"));
                continue;
            }
            List<FieldProblem> rowErrors = new ArrayList<>();
            duplicate(row.line(), "hostname", hostname, hostnames, rowErrors);
            Optional<Host> host = hosts.hostIdByHostname(hostname).flatMap(hosts::findById);
            if (host.isEmpty()) {
                rowErrors.add(HostCsv.problem(row.line(), "hostname", "no host named '" + HostCsv.abbreviate(raw)
                        + "' (import=true creates hosts from the file)"));
            } else {
                Host h = host.get();
                String ip = row.cell("ip");
                if (columns.contains("ip") && !ip.isEmpty() && !ip.equals(h.ip())) {
                    rowErrors.add(HostCsv.problem(row.line(), "ip", "the file says " + HostCsv.abbreviate(ip) + " but host "
                            + h.hostname() + " has " + h.ip() + " (the ISO is built from the database: update the host first)"));
                }
                List<String> fileMacs = HostCsv.list(row.cell("macs"));
                if (columns.contains("macs") && fileMacs != null) {
                    Set<String> normalised = new LinkedHashSet<>();
                    for (String m : fileMacs) {
                        try {
                            normalised.add(MacAddress.parse(m).value());
                        } catch (IllegalArgumentException e) {
                            normalised.add(m);
                        }
                    }
                    if (!normalised.equals(new LinkedHashSet<>(h.macs()))) {
                        rowErrors.add(HostCsv.problem(row.line(), "macs", "the file's MACs differ from host " + h.hostname()
                                + "'s (" + String.join(" ", h.macs()) + "); the ISO is built from the database: update the host first"));
                    }
                }
                found.add(h);
            }
            errors.addAll(rowErrors);
            if (errors.size() > MAX_ERRORS) {
                break;
            }
        }
        failIfAny(errors);
        return found;
    }

    private List<Host> select(Selection sel, List<String> labels) {
        String first = labels.isEmpty() ? null : labels.get(0).trim();
        List<String[]> rest = labels.stream().skip(1).map(l -> l.trim().split("=", 2)).toList();
        List<Host> out = new ArrayList<>();
        for (int page = 0;; page++) {
            Page<Host> p = hosts.search(new HostQuery(sel.q(), sel.state(), sel.profile(), first, sel.subnet(), "hostname", page, 500));
            for (Host h : p.items()) {
                boolean all = rest.stream().allMatch(kv -> kv.length == 2 ? kv[1].trim().equals(h.labels().get(kv[0].trim()))
                        : h.labels().containsKey(kv[0].trim()));
                if (all) {
                    out.add(h);
                }
            }
            if (page + 1 >= p.totalPages() || out.size() > MAX_SELECTION) {
                return out;
            }
        }
    }

    private static void duplicate(int line, String column, String value, Map<String, Integer> seen, List<FieldProblem> errors) {
        Integer first = seen.putIfAbsent(value, line);
        if (first != null) {
            errors.add(HostCsv.problem(line, column, value + " is also on row " + first));
        }
    }

    private static void failIfAny(List<FieldProblem> errors) {
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(HostCsv::lineOf));
            List<FieldProblem> shown = errors.size() > MAX_ERRORS ? new ArrayList<>(errors.subList(0, MAX_ERRORS)) : errors;
            if (errors.size() > MAX_ERRORS) {
                shown.add(new FieldProblem("file", "more problems not listed; fix these first"));
            }
            throw new InvalidRequestException(shown);
        }
    }

    private static String compression(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("deflate")) {
            return "deflate";
        }
        if (value.equalsIgnoreCase("none")) {
            return "none";
        }
        throw InvalidRequestException.of("compression", "must be deflate or none");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The caller's name and roles. */
    record Caller(String name, Set<Role> roles) {

        static Caller current() {
            Authentication a = SecurityContextHolder.getContext().getAuthentication();
            Set<Role> roles = a == null ? Set.of() : a.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(r -> r.startsWith("ROLE_")).map(r -> r.substring(5))
                    .filter(r -> Role.PEOPLE.stream().anyMatch(p -> p.name().equals(r)))
                    .map(Role::valueOf).collect(Collectors.toUnmodifiableSet());
            return new Caller(AuditService.currentActor(), roles);
        }

        boolean has(Role role) {
            return roles.contains(role);
        }
    }
}
