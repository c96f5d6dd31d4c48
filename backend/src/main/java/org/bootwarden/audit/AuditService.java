package org.bootwarden.audit;

import org.bootwarden.system.DbTime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.Page;
import org.bootwarden.system.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The append-only audit log. Changes made by people and every state change are written in the
 * caller's transaction ({@link #record}); routine LOCAL boot answers, which change nothing and can
 * come by the thousand in a boot storm, are queued and written in batches ({@link #recordBootAnswer}).
 */
@Service
public class AuditService {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final String INSERT = "insert into audit_event (id, occurred_at, actor, source_address, action, target_type,"
            + " target_id, summary, before_state, after_state, credential) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final ObjectMapper json;
    private final SqlDialect dialect;
    private final Clock clock;
    private static final int MAX_PENDING = 100_000;
    private final ReadWriteLock pendingLock = new ReentrantReadWriteLock();
    private Map<BootAnswerKey, Occurrences> pending = new ConcurrentHashMap<>();
    private final Duration flushInterval;
    private final ObjectProvider<AuditListener> listenerProvider;
    private volatile List<AuditListener> listeners;

    AuditService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ObjectMapper json, SqlDialect dialect, Clock clock,
            BootwardenProperties props, ObjectProvider<AuditListener> listeners) {
        this.listenerProvider = listeners;
        this.flushInterval = props.boot().auditFlushInterval();
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** Records an action of the current user (or system) from the current request's address. */
    public void record(String action, String targetType, String targetId, String summary, Object before, Object after) {
        recordAs(currentActor(), currentSourceAddress(), action, targetType, targetId, summary, before, after);
    }

    public void recordAs(String actor, String source, String action, String targetType, String targetId, String summary,
            Object before, Object after) {
        Object[] row = row(actor, source, action, targetType, targetId, summary, before, after);
        jdbc.sql(INSERT).params(row).update();
        tellListeners(row, before, after);
    }

    /** Passes a written record on to the {@link AuditListener}s, in the caller's transaction. */
    private void tellListeners(Object[] row, Object before, Object after) {
        List<AuditListener> ls = listeners;
        if (ls == null) {
            // resolved on first use: listeners may depend on services that depend on this one
            ls = listenerProvider.orderedStream().toList();
            listeners = ls;
        }
        if (!ls.isEmpty()) {
            AuditListener.Recorded r = new AuditListener.Recorded((String) row[0], DbTime.toInstant((Long) row[1]), (String) row[2],
                    (String) row[3], (String) row[4], (String) row[5], (String) row[6], (String) row[7], before, after);
            for (AuditListener l : ls) {
                l.recorded(r);
            }
        }
    }

    /** One record of {@link #recordAllAs}. */
    public record Entry(String action, String targetType, String targetId, String summary, Object before, Object after) {
    }

    /**
     * Records many actions of one actor in the caller's transaction, in JDBC batches (an import's
     * thousand host changes without a thousand round trips); the records are sealed into the chain
     * like any other.
     */
    public void recordAllAs(String actor, String source, List<Entry> entries) {
        List<Object[]> rows = new ArrayList<>(Math.min(entries.size(), 1000));
        List<Entry> written = new ArrayList<>(Math.min(entries.size(), 1000));
        for (Entry e : entries) {
            rows.add(row(actor, source, e.action(), e.targetType(), e.targetId(), e.summary(), e.before(), e.after()));
            written.add(e);
            if (rows.size() == 1000) {
                writeAll(rows, written);
            }
        }
        writeAll(rows, written);
    }

    private void writeAll(List<Object[]> rows, List<Entry> entries) {
        if (rows.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate(INSERT, rows);
        for (int i = 0; i < rows.size(); i++) {
            tellListeners(rows.get(i), entries.get(i).before(), entries.get(i).after());
        }
        rows.clear();
        entries.clear();
    }

    /**
     * Queues a boot answer that changed nothing; written within {@code auditFlushInterval}.
     * Identical answers (same host, action, source and summary) within one interval become one
     * record that says how many there were, so a machine in a reboot loop or a boot storm is
     * fully counted without one insert per request.
     */
    public void recordBootAnswer(String actor, String source, String action, String targetId, String summary) {
        BootAnswerKey key = new BootAnswerKey(actor, source, action, targetId, summary);
        pendingLock.readLock().lock();
        try {
            if (pending.size() < MAX_PENDING || pending.containsKey(key)) {
                pending.computeIfAbsent(key, k -> new Occurrences(Instant.now(clock))).count.increment();
                return;
            }
        } finally {
            pendingLock.readLock().unlock();
        }
        // more distinct answers pending than the writer keeps up with: write inline rather than lose one
        jdbc.sql(INSERT).params(row(actor, source, action, "host", targetId, summary, null, null)).update();
    }

    private record BootAnswerKey(String actor, String source, String action, String targetId, String summary) {
    }

    private static final class Occurrences {
        final Instant first;
        final LongAdder count = new LongAdder();

        Occurrences(Instant first) {
            this.first = first;
        }
    }

    /**
     * Writes every queued boot answer. Synchronized: a call returns only once what was queued before
     * it is written, even while the scheduled flush is writing a batch it already took from the queue.
     */
    @Scheduled(fixedDelayString = "${bootwarden.boot.audit-flush-interval:500ms}")
    @PreDestroy
    public synchronized void flush() {
        Map<BootAnswerKey, Occurrences> taken;
        pendingLock.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                return;
            }
            taken = pending;
            pending = new ConcurrentHashMap<>();
        } finally {
            pendingLock.writeLock().unlock();
        }
        List<Object[]> batch = new ArrayList<>(taken.size());
        taken.forEach((k, o) -> {
            long n = o.count.sum();
            Object[] row = row(k.actor(), k.source(), k.action(), "host", k.targetId(),
                    n == 1 ? k.summary() : k.summary() + " [" + n + " times within " + flushInterval.toMillis() + " ms]", null, null);
            row[1] = DbTime.of(o.first);
            batch.add(row);
        });
        for (int i = 0; i < batch.size(); i += 1000) {
            List<Object[]> chunk = batch.subList(i, Math.min(batch.size(), i + 1000));
            try {
                jdbcTemplate.batchUpdate(INSERT, chunk);
            } catch (RuntimeException e) {
                log.error("could not write {} queued boot audit records", chunk.size(), e);
            }
        }
    }

    public Page<AuditEvent> search(AuditQuery q) {
        StringBuilder where = new StringBuilder(" where 1=1");
        List<Object> params = new ArrayList<>();
        filters(q, where, params);
        long total = jdbc.sql("select count(*) from audit_event" + where).params(params).query(Long.class).single();
        List<AuditEvent> items = jdbc.sql("select id, occurred_at, actor, source_address, action, target_type, target_id, summary,"
                + " before_state, after_state, credential from audit_event" + where + " order by occurred_at desc, id desc"
                + dialect.page(q.page() * q.size(), q.size())).params(params)
                .query((rs, n) -> new AuditEvent(rs.getString(1), DbTime.read(rs, 2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        parse(rs.getString(9)), parse(rs.getString(10)), rs.getString(11)))
                .list();
        return Page.of(items, q.page(), q.size(), total);
    }

    /**
     * What happened to a ticket: events recorded against it, and the events of its host while
     * it was open (except routine LOCAL boot answers); oldest first, at most 1000.
     */
    public List<AuditEvent> forTicket(String ticketId, String hostId, Instant from, Instant to) {
        flush();
        return jdbc.sql("select id, occurred_at, actor, source_address, action, target_type, target_id, summary, before_state,"
                + " after_state, credential from audit_event where target_id = ? or (target_id = ? and occurred_at >= ? and occurred_at <= ?"
                + " and action <> 'boot.local') order by occurred_at, id" + dialect.page(0, 1000))
                .params(ticketId, hostId, DbTime.of(from), DbTime.of(to))
                .query((rs, n) -> new AuditEvent(rs.getString(1), DbTime.read(rs, 2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        parse(rs.getString(9)), parse(rs.getString(10)), rs.getString(11)))
                .list();
    }

    private static void filters(AuditQuery q, StringBuilder where, List<Object> params) {
        if (q.actor() != null && !q.actor().isBlank()) {
            where.append(" and actor = ?");
            params.add(q.actor().trim());
        }
        if (q.action() != null && !q.action().isBlank()) {
            String a = q.action().trim();
            if (a.endsWith("*")) {
                where.append(" and action like ?");
                params.add(a.substring(0, a.length() - 1).replace("%", "").replace("_", "\\_") + "%");
            } else {
                where.append(" and action = ?");
                params.add(a);
            }
        }
        if (q.targetId() != null && !q.targetId().isBlank()) {
            where.append(" and target_id = ?");
            params.add(q.targetId().trim());
        }
        if (q.from() != null) {
            where.append(" and occurred_at >= ?");
            params.add(DbTime.of(q.from()));
        }
        if (q.to() != null) {
            where.append(" and occurred_at < ?");
            params.add(DbTime.of(q.to()));
        }
    }

    private static final String[] EXPORT_COLUMNS = {"chain_seq", "id", "occurred_at", "actor", "source_address", "action",
        "target_type", "target_id", "summary", "before_state", "after_state", "credential", "prev_hash", "row_hash"};

    /** Writes every matching record, oldest first, as RFC 4180 CSV (a header line first). */
    public void exportCsv(AuditQuery q, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(String.join(",", EXPORT_COLUMNS) + "\r\n");
        export(q, values -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                line.append(i == 0 ? "" : ",").append(csv(values[i]));
            }
            w.write(line.append("\r\n").toString());
        });
        w.flush();
    }

    /** Writes every matching record, oldest first, as one JSON array of objects. */
    public void exportJson(AuditQuery q, OutputStream out) throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartArray();
            export(q, values -> {
                g.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    g.writeStringField(EXPORT_COLUMNS[i], values[i]);
                }
                g.writeEndObject();
            });
            g.writeEndArray();
        }
    }

    private interface RowWriter {
        void write(String[] values) throws IOException;
    }

    private void export(AuditQuery q, RowWriter writer) {
        flush();
        StringBuilder where = new StringBuilder(" where 1=1");
        List<Object> params = new ArrayList<>();
        filters(q, where, params);
        jdbcTemplate.query("select " + String.join(", ", EXPORT_COLUMNS) + " from audit_event" + where
                + " order by occurred_at, id", rs -> {
                    String[] values = new String[EXPORT_COLUMNS.length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getString(i + 1);
                    }
                    values[2] = DbTime.toInstant(rs.getLong(3)).toString();
                    try {
                        writer.write(values);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, params.toArray());
    }

    /** A CSV cell; a leading =, +, - or @ is neutralised so spreadsheets do not run it as a formula. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private Object[] row(String actor, String source, String action, String targetType, String targetId, String summary,
            Object before, Object after) {
        return new Object[] {UUID.randomUUID().toString(), DbTime.of(Instant.now(clock)), truncate(actor, 200),
                truncate(source, 64), action, targetType, targetId, truncate(summary, 1000), toJson(before), toJson(after),
                truncate(currentCredential(), 64)};
    }

    private String toJson(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise audit state", e);
        }
    }

    private JsonNode parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return json.readTree(s);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(s);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public static String currentActor() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || a instanceof AnonymousAuthenticationToken || !a.isAuthenticated()) {
            return "system";
        }
        return a.getName();
    }

    /** The credential of the current request when it is not a login of its own (an API token), else null. */
    public static String currentCredential() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof AuditedCredential c ? c.auditCredential() : null;
    }

    public static String currentSourceAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes sra) {
            HttpServletRequest req = sra.getRequest();
            return req.getRemoteAddr();
        }
        return null;
    }
}
