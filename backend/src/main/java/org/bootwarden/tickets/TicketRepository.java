package org.bootwarden.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bootwarden.system.DbTime;
import org.bootwarden.system.Page;
import org.bootwarden.system.SqlDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ticket table. A closed ticket never changes again: every update is conditional on {@code closed_at is null}. */
@Repository
class TicketRepository {

    private static final String COLUMNS = "id, kind, host_id, hostname, profile, reason, requester, window_start, needs_iso,"
            + " status, status_reason, decided_by, decision_comment, decided_at, created_at, updated_at, closed_at,"
            + " process_instance_id";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    TicketRepository(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    void insert(Ticket t) {
        jdbc.sql("insert into ticket (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.kind().name(), t.hostId(), t.hostname(), t.profile(), t.reason(), t.requester(),
                        DbTime.of(t.windowStart()), t.needsIso() ? 1 : 0, t.status().name(), t.statusReason(), t.decidedBy(),
                        t.decisionComment(), DbTime.of(t.decidedAt()), DbTime.of(t.createdAt()), DbTime.of(t.updatedAt()),
                        DbTime.of(t.closedAt()), t.processInstanceId())
                .update();
    }

    Optional<Ticket> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from ticket where id = ?").param(id).query(this::row).optional();
    }

    List<Ticket> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", ids.stream().map(x -> "?").toList());
        return jdbc.sql("select " + COLUMNS + " from ticket where id in (" + in + ")").params(List.copyOf(ids)).query(this::row).list();
    }

    List<Ticket> findByProcessInstances(Collection<String> processInstanceIds) {
        if (processInstanceIds.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", processInstanceIds.stream().map(x -> "?").toList());
        return jdbc.sql("select " + COLUMNS + " from ticket where process_instance_id in (" + in + ")")
                .params(List.copyOf(processInstanceIds)).query(this::row).list();
    }

    Page<Ticket> search(TicketQuery q) {
        StringBuilder where = new StringBuilder(" where 1=1");
        List<Object> params = new ArrayList<>();
        if (q.requester() != null && !q.requester().isBlank()) {
            where.append(" and requester = ?");
            params.add(q.requester().trim());
        }
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            where.append(" and status in (").append(String.join(",", q.statuses().stream().map(s -> "?").toList())).append(")");
            q.statuses().forEach(s -> params.add(s.name()));
        }
        if (q.open() != null) {
            where.append(q.open() ? " and closed_at is null" : " and closed_at is not null");
        }
        if (q.hostId() != null && !q.hostId().isBlank()) {
            where.append(" and host_id = ?");
            params.add(q.hostId().trim());
        }
        if (q.q() != null && !q.q().isBlank()) {
            String term = q.q().trim().toLowerCase(Locale.ROOT).replace("\\", "").replace("%", "").replace("_", "");
            where.append(" and (lower(id) = ? or hostname like ?)");
            params.add(term);
            params.add("%" + term + "%");
        }
        long total = jdbc.sql("select count(*) from ticket" + where).params(params).query(Long.class).single();
        List<Ticket> items = jdbc.sql("select " + COLUMNS + " from ticket" + where + " order by created_at desc, id desc"
                + dialect.page(q.page() * q.size(), q.size())).params(params).query(this::row).list();
        return Page.of(items, q.page(), q.size(), total);
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update ticket set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    /** A new stage of an open ticket; false when the ticket is closed (or unknown). */
    boolean setStatus(String id, TicketStatus status, String reason, Instant now) {
        return jdbc.sql("update ticket set status = ?, status_reason = ?, updated_at = ? where id = ? and closed_at is null")
                .params(status.name(), truncate(reason), DbTime.of(now), id).update() == 1;
    }

    /** Ends the ticket with a final status; false when it was closed already. */
    boolean close(String id, TicketStatus status, String reason, Instant now) {
        return jdbc.sql("update ticket set status = ?, status_reason = ?, updated_at = ?, closed_at = ?"
                + " where id = ? and closed_at is null")
                .params(status.name(), truncate(reason), DbTime.of(now), DbTime.of(now), id).update() == 1;
    }

    void decided(String id, String by, String comment, Instant now) {
        jdbc.sql("update ticket set decided_by = ?, decision_comment = ?, decided_at = ?, updated_at = ? where id = ?")
                .params(by, comment, DbTime.of(now), DbTime.of(now), id).update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    private Ticket row(ResultSet rs, int n) throws SQLException {
        return new Ticket(rs.getString("id"), TicketKind.valueOf(rs.getString("kind")), rs.getString("host_id"),
                rs.getString("hostname"), rs.getString("profile"), rs.getString("reason"), rs.getString("requester"),
                DbTime.read(rs, "window_start"), rs.getInt("needs_iso") == 1, TicketStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getString("decided_by"), rs.getString("decision_comment"),
                DbTime.read(rs, "decided_at"), DbTime.read(rs, "created_at"), DbTime.read(rs, "updated_at"),
                DbTime.read(rs, "closed_at"), rs.getString("process_instance_id"));
    }
}
