package org.bootwarden.hosts;

import org.bootwarden.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import java.util.Collection;
import java.util.function.Consumer;

import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.Page;
import org.bootwarden.system.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The host tables, in plain portable SQL. State changes are conditional updates. */
@Repository
public class HostRepository {

    private static final String COLUMNS = "h.id, h.hostname, h.ip, h.prefix_length, h.gateway, h.dns, h.vlan,"
            + " h.firmware, h.nic_driver, h.architecture, h.profile, h.boot_state, h.state_reason, h.state_changed_at,"
            + " h.install_boots, h.last_install_at, h.open_ticket_id, h.token_version, h.version, h.created_at, h.updated_at";

    private static final Map<String, String> SORTABLE = Map.of(
            "hostname", "h.hostname", "ip", "h.ip_number", "bootState", "h.boot_state", "profile", "h.profile",
            "updatedAt", "h.updated_at", "stateChangedAt", "h.state_changed_at", "createdAt", "h.created_at");

    /** Values per {@code in (...)} list and rows per JDBC batch of the bulk methods (far below every database's limits). */
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final SqlDialect dialect;

    HostRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.dialect = dialect;
    }

    public Optional<Host> findById(String id) {
        List<Host> hosts = jdbc.sql("select " + COLUMNS + " from host h where h.id = ?").param(id)
                .query(this::row).list();
        return hosts.isEmpty() ? Optional.empty() : Optional.of(withChildren(hosts).get(0));
    }

    /** The boot endpoint's read: one indexed lookup, no child tables. */
    public Optional<BootRecord> findBootRecord(String id) {
        return findBootRecord(jdbc, id);
    }

    /** {@link #findBootRecord(String)} on another connection pool of the same database (the boot read pool). */
    public Optional<BootRecord> findBootRecord(JdbcClient via, String id) {
        return via.sql("select id, hostname, boot_state, state_reason, token_version, install_boots,"
                + " last_install_at, profile, open_ticket_id from host where id = ?").param(id)
                .query((rs, n) -> new BootRecord(rs.getString(1), rs.getString(2), BootState.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), DbTime.read(rs, 7), rs.getString(8), rs.getString(9)))
                .optional();
    }

    /** Who made the host record's last change, and when; empty when that is not known (or the host is gone). */
    public Optional<HostEdit> lastEdit(String id) {
        return jdbc.sql("select edited_by, edited_at from host where id = ? and edited_by is not null").param(id)
                .query((rs, n) -> new HostEdit(rs.getString(1), DbTime.read(rs, 2))).optional();
    }

    /**
     * Records {@code by} as the host record's last editor: every path by which a person changes the
     * record calls this (create, update, CSV import, token rotation), in the same transaction.
     */
    public void recordEdit(String id, String by, Instant at) {
        jdbc.sql("update host set edited_by = ?, edited_at = ? where id = ?").params(by, ts(at), id).update();
    }

    public Optional<String> hostIdByMac(String mac) {
        return jdbc.sql("select host_id from host_mac where mac = ?").param(mac).query(String.class).optional();
    }

    public Optional<String> hostIdByHostname(String hostname) {
        return jdbc.sql("select id from host where hostname = ?").param(hostname).query(String.class).optional();
    }

    public Optional<String> hostIdByIp(String ip) {
        return jdbc.sql("select id from host where ip = ?").param(ip).query(String.class).optional();
    }

    public long countByProfile(String profile) {
        return jdbc.sql("select count(*) from host where profile = ?").param(profile).query(Long.class).single();
    }

    public Page<Host> search(HostQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        long total = jdbc.sql("select count(*) from host h" + where).params(params).query(Long.class).single();
        List<Host> hosts = jdbc.sql("select " + COLUMNS + " from host h" + where + orderBy(q.sort())
                + dialect.page(q.page() * q.size(), q.size())).params(params).query(this::row).list();
        return Page.of(withChildren(hosts), q.page(), q.size(), total);
    }

    /**
     * Checks the filters of a query as {@link #search} would (an invalid subnet is an
     * {@link InvalidRequestException}), without reading anything.
     */
    public static void checkFilters(HostQuery q) {
        where(q, new ArrayList<>());
    }

    /**
     * Every host that matches the filters of {@code q} (paging and sort are ignored), in hostname
     * order, handed over in chunks of at most {@value #CHUNK} with their MACs and labels: one
     * keyset-paged query per chunk, so a large inventory is never held in memory at once.
     */
    public void forEachMatching(HostQuery q, Consumer<List<Host>> chunk) {
        List<Object> filterParams = new ArrayList<>();
        String where = where(q, filterParams);
        String after = null;
        while (true) {
            List<Object> params = new ArrayList<>(filterParams);
            String keyset = "";
            if (after != null) {
                keyset = " and h.hostname > ?";
                params.add(after);
            }
            List<Host> hosts = jdbc.sql("select " + COLUMNS + " from host h" + where + keyset + " order by h.hostname"
                    + dialect.page(0, CHUNK)).params(params).query(this::row).list();
            if (hosts.isEmpty()) {
                return;
            }
            chunk.accept(withChildren(hosts));
            if (hosts.size() < CHUNK) {
                return;
            }
            after = hosts.get(hosts.size() - 1).hostname();
        }
    }

    private static String where(HostQuery q, List<Object> params) {
        StringBuilder where = new StringBuilder(" where 1=1");
        if (q.q() != null && !q.q().isBlank()) {
            String term = q.q().trim().toLowerCase(Locale.ROOT);
            where.append(" and (h.hostname like ? or h.ip like ? or exists (select 1 from host_mac m where m.host_id = h.id and m.mac like ?))");
            String like = "%" + term.replace("\\", "").replace("%", "").replace("_", "") + "%";
            String macLike = like;
            try {
                macLike = MacAddress.parse(term).value();
            } catch (IllegalArgumentException notAFullMac) {
                // partial MAC text: plain substring match
            }
            params.addAll(List.of(like, like, macLike));
        }
        if (q.state() != null) {
            where.append(" and h.boot_state = ?");
            params.add(q.state().name());
        }
        if (q.profile() != null && !q.profile().isBlank()) {
            where.append(" and h.profile = ?");
            params.add(q.profile().trim());
        }
        if (q.label() != null && !q.label().isBlank()) {
            String[] kv = q.label().split("=", 2);
            if (kv.length == 2) {
                where.append(" and exists (select 1 from host_label l where l.host_id = h.id and l.label_key = ? and l.label_value = ?)");
                params.add(kv[0].trim());
                params.add(kv[1].trim());
            } else {
                where.append(" and exists (select 1 from host_label l where l.host_id = h.id and l.label_key = ?)");
                params.add(kv[0].trim());
            }
        }
        if (q.subnet() != null && !q.subnet().isBlank()) {
            String[] cidr = q.subnet().trim().split("/", 2);
            if (cidr.length != 2 || !Ipv4.isValid(cidr[0]) || !cidr[1].matches("[0-9]{1,2}") || Integer.parseInt(cidr[1]) > 32) {
                throw InvalidRequestException.of("subnet", "must be CIDR notation, e.g. 10.0.2.0/24");
            }
            long mask = Ipv4.mask(Integer.parseInt(cidr[1]));
            long network = Ipv4.toLong(cidr[0]) & mask;
            where.append(" and h.ip_number between ? and ?");
            params.add(network);
            params.add(network | (~mask & 0xFFFFFFFFL));
        }
        return where.toString();
    }

    private static String orderBy(String sort) {
        String column = "h.hostname";
        String dir = "asc";
        if (sort != null && !sort.isBlank()) {
            String[] parts = sort.split(",", 2);
            column = SORTABLE.get(parts[0].trim());
            if (column == null) {
                throw InvalidRequestException.of("sort", "cannot sort by '" + parts[0].trim() + "'; sortable: "
                        + String.join(", ", SORTABLE.keySet().stream().sorted().toList()));
            }
            if (parts.length == 2) {
                dir = parts[1].trim().equalsIgnoreCase("desc") ? "desc" : "asc";
            }
        }
        return " order by " + column + " " + dir + (column.equals("h.hostname") ? "" : ", h.hostname asc");
    }

    /** The hosts with these (normalised) hostnames, with MACs and labels, by hostname; bulk reads of {@value #CHUNK}. */
    public Map<String, Host> findByHostnames(Collection<String> hostnames) {
        Map<String, Host> found = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(hostnames))) {
            List<Host> hosts = jdbc.sql("select " + COLUMNS + " from host h where h.hostname in (" + marks(chunk.size()) + ")")
                    .params(chunk).query(this::row).list();
            withChildren(hosts).forEach(h -> found.put(h.hostname(), h));
        }
        return found;
    }

    /** Who holds a value: a host's id and hostname. */
    public record Holder(String id, String hostname) {
    }

    /** The hosts that hold these IP addresses, by address. */
    public Map<String, Holder> holdersOfIps(Collection<String> ips) {
        Map<String, Holder> found = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(ips))) {
            jdbc.sql("select ip, id, hostname from host where ip in (" + marks(chunk.size()) + ")").params(chunk)
                    .query(rs -> {
                        found.put(rs.getString(1), new Holder(rs.getString(2), rs.getString(3)));
                    });
        }
        return found;
    }

    /** The hosts that hold these (normalised) MAC addresses, by address. */
    public Map<String, Holder> holdersOfMacs(Collection<String> macs) {
        Map<String, Holder> found = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(macs))) {
            jdbc.sql("select m.mac, h.id, h.hostname from host_mac m join host h on h.id = m.host_id where m.mac in ("
                    + marks(chunk.size()) + ")").params(chunk)
                    .query(rs -> {
                        found.put(rs.getString(1), new Holder(rs.getString(2), rs.getString(3)));
                    });
        }
        return found;
    }

    /**
     * Inserts new hosts with their MACs and labels in JDBC batches (an import's creates), with
     * {@code editor} as each record's last editor ({@link #recordEdit}) at its creation time.
     */
    public void insertAll(List<Host> created, String editor) {
        List<Object[]> rows = new ArrayList<>(created.size());
        for (Host h : created) {
            rows.add(new Object[] {h.id(), h.hostname(), h.ip(), Ipv4.toLong(h.ip()), h.prefixLength(), h.gateway(),
                String.join(",", h.dns()), h.vlan(), h.firmware().name(), h.nicDriver().name(), h.architecture().name(), h.profile(),
                h.bootState().name(), h.stateReason(), ts(h.stateChangedAt()), h.installBoots(), ts(h.lastInstallAt()),
                h.tokenVersion(), h.version(), ts(h.createdAt()), ts(h.updatedAt()), editor, ts(h.createdAt())});
        }
        batch("insert into host (id, hostname, ip, ip_number, prefix_length, gateway, dns, vlan, firmware, nic_driver, architecture,"
                + " profile, boot_state, state_reason, state_changed_at, install_boots, last_install_at, token_version, version,"
                + " created_at, updated_at, edited_by, edited_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)", rows);
        insertMacs(created);
        insertLabels(created);
    }

    /**
     * One host's inventory change in a bulk update: the new inventory fields (boot state, ticket
     * and token of {@code after} are not written), the version read, whether MACs or labels change,
     * and whether the change must be refused once the host got an open ticket or was armed.
     */
    public record InventoryChange(Host after, int expectedVersion, boolean macsChange, boolean ipChanges,
            boolean labelsChange, boolean onlyWithoutTicket) {
    }

    /**
     * Writes inventory changes in JDBC batches, all or none within the caller's transaction, with
     * {@code editor} as each changed record's last editor ({@link #recordEdit}) at {@code now}:
     * MACs and IP addresses may move between the hosts of one change set (old MACs are removed and
     * changed addresses parked on a placeholder first, so the unique keys hold at every step). Boot
     * state, ticket and token are never written. Returns the hostnames whose row was changed by
     * someone else since it was read (stale version, or an open ticket / armed state where the
     * change needs none); the caller must then roll back.
     */
    public List<String> updateInventory(List<InventoryChange> changes, String editor, Instant now) {
        List<String> stale = new ArrayList<>();
        List<InventoryChange> moving = changes.stream().filter(InventoryChange::ipChanges).toList();
        List<Object[]> park = new ArrayList<>();
        for (InventoryChange c : moving) {
            // '~' + 14 random hex digits: never an IPv4 address, unique enough for the moment it exists
            park.add(new Object[] {"~" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 14), c.after().id(),
                c.expectedVersion()});
        }
        int[] parked = batch("update host set ip = ? where id = ? and version = ?", park);
        for (int i = 0; i < parked.length; i++) {
            if (parked[i] == 0) {
                stale.add(moving.get(i).after().hostname());
            }
        }
        if (!stale.isEmpty()) {
            return stale;
        }
        String update = "update host set ip = ?, ip_number = ?, prefix_length = ?, gateway = ?, dns = ?, vlan = ?, firmware = ?,"
                + " nic_driver = ?, architecture = ?, profile = ?, version = version + 1, updated_at = ?, edited_by = ?, edited_at = ?"
                + " where id = ? and version = ?";
        for (boolean guarded : new boolean[] {false, true}) {
            List<InventoryChange> part = changes.stream().filter(c -> c.onlyWithoutTicket() == guarded).toList();
            List<Object[]> rows = new ArrayList<>(part.size());
            for (InventoryChange c : part) {
                Host h = c.after();
                rows.add(new Object[] {h.ip(), Ipv4.toLong(h.ip()), h.prefixLength(), h.gateway(), String.join(",", h.dns()), h.vlan(),
                    h.firmware().name(), h.nicDriver().name(), h.architecture().name(), h.profile(), ts(now), editor, ts(now), h.id(),
                    c.expectedVersion()});
            }
            int[] updated = batch(guarded ? update + " and open_ticket_id is null and boot_state not in ('ARMED', 'INSTALLING')"
                    : update, rows);
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    stale.add(part.get(i).after().hostname());
                }
            }
        }
        if (!stale.isEmpty()) {
            return stale;
        }
        List<Host> macHosts = changes.stream().filter(InventoryChange::macsChange).map(InventoryChange::after).toList();
        batch("delete from host_mac where host_id = ?", macHosts.stream().map(h -> new Object[] {h.id()}).toList());
        insertMacs(macHosts);
        List<Host> labelHosts = changes.stream().filter(InventoryChange::labelsChange).map(InventoryChange::after).toList();
        batch("delete from host_label where host_id = ?", labelHosts.stream().map(h -> new Object[] {h.id()}).toList());
        insertLabels(labelHosts);
        return stale;
    }

    private void insertMacs(List<Host> hosts) {
        List<Object[]> rows = new ArrayList<>();
        for (Host h : hosts) {
            for (int i = 0; i < h.macs().size(); i++) {
                rows.add(new Object[] {h.macs().get(i), h.id(), i});
            }
        }
        batch("insert into host_mac (mac, host_id, position) values (?, ?, ?)", rows);
    }

    private void insertLabels(List<Host> hosts) {
        List<Object[]> rows = new ArrayList<>();
        for (Host h : hosts) {
            h.labels().forEach((k, v) -> rows.add(new Object[] {h.id(), k, v}));
        }
        batch("insert into host_label (host_id, label_key, label_value) values (?, ?, ?)", rows);
    }

    /** Runs the statement once per row in JDBC batches; the update count of every row, in order. */
    private int[] batch(String sql, List<Object[]> rows) {
        int[] counts = new int[rows.size()];
        for (int from = 0; from < rows.size(); from += CHUNK) {
            int[] part = jdbcTemplate.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
            System.arraycopy(part, 0, counts, from, part.length);
        }
        return counts;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    void insert(Host h) {
        jdbc.sql("insert into host (id, hostname, ip, ip_number, prefix_length, gateway, dns, vlan, firmware, nic_driver, architecture,"
                + " profile, boot_state, state_reason, state_changed_at, install_boots, last_install_at, token_version, version,"
                + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(h.id(), h.hostname(), h.ip(), Ipv4.toLong(h.ip()), h.prefixLength(), h.gateway(), String.join(",", h.dns()), h.vlan(),
                        h.firmware().name(), h.nicDriver().name(), h.architecture().name(), h.profile(), h.bootState().name(), h.stateReason(),
                        ts(h.stateChangedAt()), h.installBoots(), ts(h.lastInstallAt()), h.tokenVersion(), h.version(),
                        ts(h.createdAt()), ts(h.updatedAt()))
                .update();
        insertChildren(h);
    }

    /** Full update guarded by the version the client saw; false when it was stale. */
    boolean update(Host h, int expectedVersion) {
        int n = jdbc.sql("update host set hostname = ?, ip = ?, ip_number = ?, prefix_length = ?, gateway = ?, dns = ?, vlan = ?,"
                + " firmware = ?, nic_driver = ?, architecture = ?, profile = ?, token_version = ?, version = version + 1, updated_at = ?"
                + " where id = ? and version = ?")
                .params(h.hostname(), h.ip(), Ipv4.toLong(h.ip()), h.prefixLength(), h.gateway(), String.join(",", h.dns()),
                        h.vlan(), h.firmware().name(), h.nicDriver().name(), h.architecture().name(), h.profile(), h.tokenVersion(),
                        ts(h.updatedAt()),
                        h.id(), expectedVersion)
                .update();
        if (n == 0) {
            return false;
        }
        jdbc.sql("delete from host_mac where host_id = ?").param(h.id()).update();
        jdbc.sql("delete from host_label where host_id = ?").param(h.id()).update();
        insertChildren(h);
        return true;
    }

    boolean delete(String id, int expectedVersion) {
        jdbc.sql("delete from host_mac where host_id = ?").param(id).update();
        jdbc.sql("delete from host_label where host_id = ?").param(id).update();
        return jdbc.sql("delete from host where id = ? and version = ? and open_ticket_id is null").params(id, expectedVersion)
                .update() == 1;
    }

    /**
     * Moves the host from one of {@code from} to {@code to} in one conditional statement; false
     * when the host was not in any of those states (someone else changed it first).
     */
    public boolean transition(String id, List<BootState> from, BootState to, String reason, Instant now) {
        String in = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        boolean resetBoots = to == BootState.ARMED || to == BootState.LOCAL;
        return jdbc.sql("update host set boot_state = ?, state_reason = ?, state_changed_at = ?, version = version + 1,"
                + " updated_at = ?" + (resetBoots ? ", install_boots = 0" : "")
                + " where id = ? and boot_state in (" + in + ")")
                .params(to.name(), reason, ts(now), ts(now), id).update() == 1;
    }

    /**
     * Issues the host a new boot token (the old one stops working at once); not while an
     * installer holds the current token in its answer-file and callback URLs.
     */
    public boolean rotateToken(String id, Instant now) {
        return jdbc.sql("update host set token_version = token_version + 1, version = version + 1, updated_at = ?"
                + " where id = ? and boot_state <> 'INSTALLING'").params(ts(now), id).update() == 1;
    }

    /**
     * Makes {@code ticketId} the host's one open ticket; false when the host already has one
     * (or is gone). The conditional update is the guard, on every database and replica.
     */
    public boolean openTicket(String id, String ticketId) {
        return jdbc.sql("update host set open_ticket_id = ? where id = ? and open_ticket_id is null")
                .params(ticketId, id).update() == 1;
    }

    /** Clears the host's open ticket, if it is still {@code ticketId}. */
    public void closeTicket(String id, String ticketId) {
        jdbc.sql("update host set open_ticket_id = null where id = ? and open_ticket_id = ?").params(id, ticketId).update();
    }

    /** Points the host at another profile (a ticket installs a profile other than the host's). */
    public void setProfile(String id, String profile, Instant now) {
        jdbc.sql("update host set profile = ?, version = version + 1, updated_at = ? where id = ?")
                .params(profile, ts(now), id).update();
    }

    /** ARMED -> INSTALLING, exactly once: the first boot that wins this update serves the installer. */
    public boolean startInstall(String id, Instant now) {
        return jdbc.sql("update host set boot_state = 'INSTALLING', state_reason = ?, state_changed_at = ?, install_boots = 1,"
                + " last_install_at = ?, version = version + 1, updated_at = ? where id = ? and boot_state = 'ARMED'")
                .params("installer served", ts(now), ts(now), ts(now), id).update() == 1;
    }

    /**
     * A reboot while INSTALLING that may re-serve the installer: counted, once per boot, only
     * while under the limit and outside the duplicate window.
     */
    public boolean countReinstall(String id, int maxBoots, Instant notBefore, Instant now) {
        return jdbc.sql("update host set install_boots = install_boots + 1, last_install_at = ?, version = version + 1,"
                + " updated_at = ? where id = ? and boot_state = 'INSTALLING' and install_boots < ? and last_install_at < ?")
                .params(ts(now), ts(now), id, maxBoots, ts(notBefore)).update() == 1;
    }

    private void insertChildren(Host h) {
        for (int i = 0; i < h.macs().size(); i++) {
            jdbc.sql("insert into host_mac (mac, host_id, position) values (?, ?, ?)").params(h.macs().get(i), h.id(), i).update();
        }
        h.labels().forEach((k, v) -> jdbc.sql("insert into host_label (host_id, label_key, label_value) values (?, ?, ?)")
                .params(h.id(), k, v).update());
    }

    private List<Host> withChildren(List<Host> hosts) {
        if (hosts.isEmpty()) {
            return hosts;
        }
        List<String> ids = hosts.stream().map(Host::id).toList();
        String in = String.join(",", ids.stream().map(x -> "?").toList());
        Map<String, List<String>> macs = new HashMap<>();
        jdbc.sql("select host_id, mac from host_mac where host_id in (" + in + ") order by host_id, position").params(ids)
                .query(rs -> {
                    macs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<String, Map<String, String>> labels = new HashMap<>();
        jdbc.sql("select host_id, label_key, label_value from host_label where host_id in (" + in + ") order by host_id, label_key")
                .params(ids).query(rs -> {
                    labels.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                });
        return hosts.stream().map(h -> new Host(h.id(), h.hostname(), List.copyOf(macs.getOrDefault(h.id(), List.of())),
                h.ip(), h.prefixLength(), h.gateway(), h.dns(), h.vlan(), h.firmware(), h.nicDriver(), h.architecture(), h.profile(),
                labels.getOrDefault(h.id(), Map.of()), h.bootState(), h.stateReason(), h.stateChangedAt(),
                h.installBoots(), h.lastInstallAt(), h.openTicketId(), h.tokenVersion(), h.version(), h.createdAt(),
                h.updatedAt())).toList();
    }

    private Host row(ResultSet rs, int n) throws SQLException {
        Integer vlan = rs.getObject("vlan") == null ? null : rs.getInt("vlan");
        return new Host(rs.getString("id"), rs.getString("hostname"), List.of(), rs.getString("ip"),
                rs.getInt("prefix_length"), rs.getString("gateway"), Arrays.asList(rs.getString("dns").split(",")), vlan,
                Firmware.valueOf(rs.getString("firmware")), NicDriver.valueOf(rs.getString("nic_driver")),
                Architecture.valueOf(rs.getString("architecture")), rs.getString("profile"), Map.of(), BootState.valueOf(rs.getString("boot_state")),
                rs.getString("state_reason"), DbTime.read(rs, "state_changed_at"), rs.getInt("install_boots"),
                DbTime.read(rs, "last_install_at"), rs.getString("open_ticket_id"), rs.getInt("token_version"), rs.getInt("version"),
                DbTime.read(rs, "created_at"), DbTime.read(rs, "updated_at"));
    }

    static Long ts(Instant i) {
        return DbTime.of(i);
    }
}
