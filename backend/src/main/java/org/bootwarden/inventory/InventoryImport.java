package org.bootwarden.inventory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.bootwarden.audit.AuditService;
import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostCsv;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.hosts.HostRequest;
import org.bootwarden.hosts.HostValidator;
import org.bootwarden.inventory.ImportResult.Action;
import org.bootwarden.inventory.ImportResult.RowResult;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports many hosts at once (docs/inventory.md): every row is checked with the rules of
 * {@code POST /api/hosts} ({@link HostValidator}), matched to an existing host by hostname, checked
 * against the other rows (a hostname, IP or MAC twice) and against the other hosts in the database
 * (IP and MAC unique, values may move between hosts of the same import), and against the hosts'
 * tickets (a host with an open ticket, or ARMED / INSTALLING, may change only its labels). A preview
 * only reports; an apply writes every row in the caller's one transaction, or nothing when any row
 * has an error. The database is read in bulk (one query per 500 hostnames, IPs or MACs) and written
 * in JDBC batches, so ten thousand rows take seconds, not ten thousand round trips.
 */
@Service
class InventoryImport {

    /** Fields that make up the host's boot image and network; they stay put while a ticket drives the host. */
    static final Set<String> BOOT_FIELDS = Set.of("macs", "ip", "prefixLength", "gateway", "dns", "vlan", "firmware", "nicDriver",
            "architecture", "profile");
    private static final Set<String> NETWORK_FIELDS = Set.of("macs", "ip", "prefixLength", "gateway", "dns", "vlan", "nicDriver");

    /**
     * How to import.
     *
     * @param createOnly rows of existing hosts are skipped (a create-only feed)
     * @param source     what the rows came from, for the audit log ({@code CSV hosts.csv}, {@code JSON}, {@code feed cmdb})
     */
    record Options(boolean createOnly, String source) {
    }

    /** Who imports: the audit records' actor and source address. */
    record Actor(String name, String address) {

        static Actor current() {
            return new Actor(AuditService.currentActor(), AuditService.currentSourceAddress());
        }
    }

    private final HostRepository hosts;
    private final JdbcClient jdbc;
    private final AuditService audit;
    private final Clock clock;

    InventoryImport(HostRepository hosts, JdbcClient jdbc, AuditService audit, Clock clock) {
        this.hosts = hosts;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** What an apply would do, row by row; writes nothing. */
    @Transactional(readOnly = true)
    public ImportResult preview(List<ImportRow> rows, Options options) {
        return ImportResult.of(plan(rows, options).stream().map(Work::result).toList());
    }

    /**
     * Writes every row, in this one transaction; when any row has an error nothing is written and
     * {@link ImportRejectedException} carries the results (the transaction rolls back).
     */
    @Transactional
    public ImportResult apply(List<ImportRow> rows, Options options, Actor actor) {
        List<Work> work = plan(rows, options);
        ImportResult result = ImportResult.of(work.stream().map(Work::result).toList());
        if (result.hasErrors()) {
            throw new ImportRejectedException(result);
        }
        write(work, result, options, actor);
        return result;
    }

    // ---- checking -------------------------------------------------------------------------------

    /** One row on its way through the checks. */
    private static final class Work {
        final ImportRow row;
        final List<FieldProblem> errors = new ArrayList<>();
        String hostname;
        Host existing;
        HostValidator.Valid valid;
        Action action;
        List<String> changes = List.of();

        Work(ImportRow row) {
            this.row = row;
            this.errors.addAll(row.problems());
        }

        void error(String field, String message) {
            errors.add(new FieldProblem(field, message));
        }

        /** A problem of the host rules, unless the row's reading already reported that field. */
        void ruleError(FieldProblem p) {
            if (errors.stream().noneMatch(e -> e.field().equals(p.field()))) {
                errors.add(p);
            }
        }

        /** Whether the row's values will be the host's: a create or an update without errors so far. */
        boolean writes() {
            return valid != null && (action == Action.CREATE || action == Action.UPDATE);
        }

        RowResult result() {
            String shown = hostname != null ? hostname : row.hostname() == null || row.hostname().isBlank() ? null
                    : HostCsv.abbreviate(row.hostname().trim());
            boolean failed = !errors.isEmpty();
            return new RowResult(row.row(), shown, failed ? Action.ERROR : action, List.copyOf(errors),
                    failed || action != Action.UPDATE ? List.of() : changes);
        }
    }

    private List<Work> plan(List<ImportRow> rows, Options options) {
        List<Work> work = rows.stream().map(Work::new).toList();
        for (Work w : work) {
            if (w.row.request() == null) {
                continue;
            }
            List<FieldProblem> problems = new ArrayList<>();
            w.hostname = HostValidator.hostname(w.row.request().hostname(), problems);
            problems.forEach(w::ruleError);
        }
        Set<String> names = new LinkedHashSet<>();
        work.stream().filter(w -> w.hostname != null).forEach(w -> names.add(w.hostname));
        Map<String, Host> existing = hosts.findByHostnames(names);
        Set<String> profiles = new HashSet<>(jdbc.sql("select name from os_profile").query(String.class).list());

        Map<String, Integer> seenHostnames = new HashMap<>();
        for (Work w : work) {
            if (w.hostname == null) {
                if (w.row.request() != null) {
                    // the other fields' problems too, as for a new host
                    try {
                        HostValidator.validate(w.row.request());
                    } catch (InvalidRequestException e) {
                        e.errors().forEach(w::ruleError);
                    }
                }
                continue;
            }
            Integer first = seenHostnames.putIfAbsent(w.hostname, w.row.row());
            if (first != null) {
                w.error("hostname", w.hostname + " is also on row " + first);
                continue;
            }
            w.existing = existing.get(w.hostname);
            if (options.createOnly() && w.existing != null) {
                w.action = Action.SKIPPED;
                continue;
            }
            try {
                w.valid = HostValidator.validate(merge(w.row.request(), w.row.present(), w.existing));
            } catch (InvalidRequestException e) {
                e.errors().forEach(w::ruleError);
                continue;
            }
            if (!profiles.contains(w.valid.profile())) {
                w.error("profile", "no profile named '" + HostCsv.abbreviate(w.valid.profile()) + "' (see GET /api/profiles)");
            }
            if (w.existing == null) {
                w.action = Action.CREATE;
            } else {
                w.changes = changes(w.existing, w.valid);
                w.action = w.changes.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
                checkTicket(w);
            }
        }
        duplicatesInFile(work);
        conflictsWithDatabase(work);
        return work;
    }

    /** The row's fields over the existing host's: a field the input does not give keeps its value. */
    static HostRequest merge(HostRequest in, Set<String> present, Host h) {
        if (h == null) {
            return in;
        }
        return new HostRequest(in.hostname(),
                present.contains("macs") ? in.macs() : h.macs(),
                present.contains("ip") ? in.ip() : h.ip(),
                present.contains("prefixLength") ? in.prefixLength() : Integer.valueOf(h.prefixLength()),
                present.contains("gateway") ? in.gateway() : h.gateway(),
                present.contains("dns") ? in.dns() : h.dns(),
                present.contains("vlan") ? in.vlan() : h.vlan(),
                present.contains("firmware") ? in.firmware() : h.firmware().json(),
                present.contains("nicDriver") ? in.nicDriver() : h.nicDriver().json(),
                present.contains("architecture") ? in.architecture() : h.architecture().json(),
                present.contains("profile") ? in.profile() : h.profile(),
                present.contains("labels") ? in.labels() : h.labels(),
                null);
    }

    /** The fields whose values differ, in the order of the CSV columns. */
    static List<String> changes(Host h, HostValidator.Valid v) {
        List<String> out = new ArrayList<>();
        if (!h.macs().equals(v.macs())) {
            out.add("macs");
        }
        if (!h.ip().equals(v.ip())) {
            out.add("ip");
        }
        if (h.prefixLength() != v.prefixLength()) {
            out.add("prefixLength");
        }
        if (!h.gateway().equals(v.gateway())) {
            out.add("gateway");
        }
        if (!h.dns().equals(v.dns())) {
            out.add("dns");
        }
        if (!Objects.equals(h.vlan(), v.vlan())) {
            out.add("vlan");
        }
        if (h.firmware() != v.firmware()) {
            out.add("firmware");
        }
        if (h.nicDriver() != v.nicDriver()) {
            out.add("nicDriver");
        }
        if (h.architecture() != v.architecture()) {
            out.add("architecture");
        }
        if (!h.profile().equals(v.profile())) {
            out.add("profile");
        }
        if (!h.labels().equals(v.labels())) {
            out.add("labels");
        }
        return List.copyOf(out);
    }

    /** A ticket (or an armed or installing host) holds the boot and network fields: only labels may change. */
    private static void checkTicket(Work w) {
        Host h = w.existing;
        boolean held = h.openTicketId() != null || h.bootState() == BootState.ARMED || h.bootState() == BootState.INSTALLING;
        if (!held) {
            return;
        }
        String why = h.openTicketId() != null
                ? "host " + h.hostname() + " has open ticket " + h.openTicketId() + " (" + h.bootState() + ")"
                : "host " + h.hostname() + " is " + h.bootState();
        for (String field : w.changes) {
            if (BOOT_FIELDS.contains(field)) {
                w.error(field, why + ": its network, image and profile settings cannot change until the ticket ends"
                        + " (the ISO and the install in progress were made from them); labels can");
            }
        }
    }

    /** A hostname (checked above), IP address or MAC address twice among the rows that create or update a host. */
    private static void duplicatesInFile(List<Work> work) {
        Map<String, Integer> ips = new HashMap<>();
        Map<String, Integer> macs = new HashMap<>();
        for (Work w : work) {
            if (w.valid == null || w.action == Action.SKIPPED) {
                continue;
            }
            Integer first = ips.putIfAbsent(w.valid.ip(), w.row.row());
            if (first != null) {
                w.error("ip", "IP address " + w.valid.ip() + " is also on row " + first);
            }
            for (int i = 0; i < w.valid.macs().size(); i++) {
                String mac = w.valid.macs().get(i);
                first = macs.putIfAbsent(mac, w.row.row());
                if (first != null) {
                    w.error("macs[" + i + "]", "MAC address " + mac + " is also on row " + first);
                }
            }
        }
    }

    /**
     * IP and MAC addresses held by other hosts in the database. A value held by a host that this
     * import updates to other values is free once the import is applied (addresses may move
     * between the hosts of one import); any other holder is a conflict.
     */
    private void conflictsWithDatabase(List<Work> work) {
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        Map<String, Work> byHostId = new HashMap<>();
        for (Work w : work) {
            if (w.writes()) {
                ips.add(w.valid.ip());
                macs.addAll(w.valid.macs());
            }
            if (w.existing != null && w.valid != null) {
                byHostId.put(w.existing.id(), w);
            }
        }
        Map<String, HostRepository.Holder> ipHolders = hosts.holdersOfIps(ips);
        Map<String, HostRepository.Holder> macHolders = hosts.holdersOfMacs(macs);
        for (Work w : work) {
            if (!w.writes()) {
                continue;
            }
            String self = w.existing == null ? null : w.existing.id();
            HostRepository.Holder ipHolder = ipHolders.get(w.valid.ip());
            if (ipHolder != null && !ipHolder.id().equals(self)) {
                Work other = byHostId.get(ipHolder.id());
                if (other == null || !other.writes() || other.valid.ip().equals(w.valid.ip())) {
                    w.error("ip", "IP address " + w.valid.ip() + " is used by host " + ipHolder.hostname()
                            + (other == null ? "" : " (row " + other.row.row() + " keeps it)"));
                }
            }
            for (int i = 0; i < w.valid.macs().size(); i++) {
                String mac = w.valid.macs().get(i);
                HostRepository.Holder macHolder = macHolders.get(mac);
                if (macHolder != null && !macHolder.id().equals(self)) {
                    Work other = byHostId.get(macHolder.id());
                    if (other == null || !other.writes() || other.valid.macs().contains(mac)) {
                        w.error("macs[" + i + "]", "MAC address " + mac + " is used by host " + macHolder.hostname()
                                + (other == null ? "" : " (row " + other.row.row() + " keeps it)"));
                    }
                }
            }
        }
    }

    // ---- writing --------------------------------------------------------------------------------

    private void write(List<Work> work, ImportResult result, Options options, Actor actor) {
        Instant now = Instant.now(clock);
        List<Host> created = new ArrayList<>();
        List<HostRepository.InventoryChange> updates = new ArrayList<>();
        List<AuditService.Entry> entries = new ArrayList<>();
        String from = " (import: " + options.source() + ")";
        for (Work w : work) {
            HostValidator.Valid v = w.valid;
            if (w.action == Action.CREATE) {
                Host h = new Host(UUID.randomUUID().toString(), v.hostname(), v.macs(), v.ip(), v.prefixLength(), v.gateway(), v.dns(),
                        v.vlan(), v.firmware(), v.nicDriver(), v.architecture(), v.profile(), v.labels(), BootState.LOCAL, "imported",
                        now, 0, null, null, 1, 1, now, now);
                created.add(h);
                entries.add(new AuditService.Entry("host.created", "host", h.id(), "host " + h.hostname() + " created" + from, null, h));
            } else if (w.action == Action.UPDATE) {
                Host b = w.existing;
                Host after = new Host(b.id(), v.hostname(), v.macs(), v.ip(), v.prefixLength(), v.gateway(), v.dns(), v.vlan(),
                        v.firmware(), v.nicDriver(), v.architecture(), v.profile(), v.labels(), b.bootState(), b.stateReason(),
                        b.stateChangedAt(), b.installBoots(), b.lastInstallAt(), b.openTicketId(), b.tokenVersion(), b.version() + 1,
                        b.createdAt(), now);
                boolean held = w.changes.stream().anyMatch(BOOT_FIELDS::contains);
                updates.add(new HostRepository.InventoryChange(after, b.version(), w.changes.contains("macs"), w.changes.contains("ip"),
                        w.changes.contains("labels"), held));
                boolean network = w.changes.stream().anyMatch(NETWORK_FIELDS::contains);
                entries.add(new AuditService.Entry("host.updated", "host", b.id(), "host " + after.hostname() + " updated"
                        + (network ? " (network settings changed: the host needs a new ISO)" : "") + from, b, after));
            }
        }
        // updates first: they free the addresses that other rows take over
        List<String> stale = hosts.updateInventory(updates, actor.name(), now);
        if (!stale.isEmpty()) {
            throw new ConflictException(null, stale.size() + (stale.size() == 1 ? " host was" : " hosts were")
                    + " changed by someone else while the import ran (" + String.join(", ", stale.subList(0, Math.min(5, stale.size())))
                    + (stale.size() > 5 ? ", ..." : "") + "); nothing was imported: preview again");
        }
        hosts.insertAll(created, actor.name());
        ImportResult.Summary s = result.summary();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("source", options.source());
        after.put("rows", result.rows().size());
        after.put("created", s.create());
        after.put("updated", s.update());
        after.put("unchanged", s.unchanged());
        after.put("skipped", s.skipped());
        entries.add(new AuditService.Entry("hosts.imported", "import", UUID.randomUUID().toString(), "import from " + options.source()
                + ": " + s.create() + " created, " + s.update() + " updated, " + s.unchanged() + " unchanged"
                + (s.skipped() > 0 ? ", " + s.skipped() + " skipped" : ""), null, after));
        audit.recordAllAs(actor.name(), actor.address(), entries);
    }
}
