package org.bootwarden.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bootwarden.system.DbTime;
import org.bootwarden.system.Page;
import org.bootwarden.system.SqlDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook tables (V13__webhooks.sql): endpoints, the event outbox, deliveries and their attempts. */
@Repository
class WebhookStore {

    /** An endpoint's row with its encrypted secret, for sending and for changes. */
    record EndpointRow(String id, String name, String url, String secretEnc, List<String> events, boolean enabled,
            String createdBy, Instant createdAt, Instant updatedAt) {

        boolean receives(String eventType) {
            return events.contains("*") || events.contains(eventType);
        }
    }

    /** What one attempt of a claimed delivery sends, and where. */
    record Outgoing(String deliveryId, String endpointId, String url, String secretEnc, String eventId, String eventType,
            String payload, int attempts) {
    }

    private static final String ENDPOINT_COLUMNS = "id, name, url, secret_enc, events, enabled, created_by, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "d.id, d.endpoint_id, d.event_id, e.event_type, d.status, d.attempts,"
            + " d.next_attempt_at, d.last_status_code, d.last_error, d.redelivery_of, d.created_at, d.finished_at";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    WebhookStore(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    // ---- endpoints ------------------------------------------------------------------------

    List<EndpointRow> endpoints() {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint order by name").query(this::endpointRow).list();
    }

    Optional<EndpointRow> endpoint(String id) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where id = ?").param(id).query(this::endpointRow)
                .optional();
    }

    boolean nameTaken(String name, String exceptId) {
        return jdbc.sql("select count(*) from webhook_endpoint where name = ? and id <> ?").params(name, exceptId == null ? "" : exceptId)
                .query(Long.class).single() > 0;
    }

    /** The enabled endpoints, for the outbox to pick the subscribers of an event from. */
    List<EndpointRow> enabledEndpoints() {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where enabled = 1").query(this::endpointRow).list();
    }

    void insertEndpoint(EndpointRow e) {
        jdbc.sql("insert into webhook_endpoint (" + ENDPOINT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.id(), e.name(), e.url(), e.secretEnc(), String.join(",", e.events()), e.enabled() ? 1 : 0, e.createdBy(),
                        DbTime.of(e.createdAt()), DbTime.of(e.updatedAt()))
                .update();
    }

    void updateEndpoint(EndpointRow e) {
        jdbc.sql("update webhook_endpoint set name = ?, url = ?, secret_enc = ?, events = ?, enabled = ?, updated_at = ? where id = ?")
                .params(e.name(), e.url(), e.secretEnc(), String.join(",", e.events()), e.enabled() ? 1 : 0, DbTime.of(e.updatedAt()),
                        e.id())
                .update();
    }

    /** Deletes the endpoint with its deliveries and their attempts (foreign keys cascade). */
    void deleteEndpoint(String id) {
        jdbc.sql("delete from webhook_endpoint where id = ?").param(id).update();
    }

    /**
     * The newest delivery of each endpoint (or of one, when {@code endpointId} is not null): endpoint
     * id -> delivery. One query, on the (endpoint_id, created_at) index.
     */
    Map<String, WebhookEndpoint.LastDelivery> lastDeliveries(String endpointId) {
        String one = endpointId == null ? "" : " and d.endpoint_id = ?";
        Map<String, WebhookEndpoint.LastDelivery> last = new HashMap<>();
        jdbc.sql("select d.endpoint_id, d.id, e.event_type, d.status, d.last_status_code, d.created_at from webhook_delivery d"
                + " join webhook_event e on e.id = d.event_id where d.created_at = (select max(d2.created_at)"
                + " from webhook_delivery d2 where d2.endpoint_id = d.endpoint_id)" + one)
                .params(endpointId == null ? List.of() : List.of(endpointId)).query(rs -> {
                    int code = rs.getInt(5);
                    WebhookEndpoint.LastDelivery d = new WebhookEndpoint.LastDelivery(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.wasNull() ? null : code, DbTime.read(rs, 6));
                    // two deliveries made in the same millisecond: the greater id, so every replica shows the same one
                    last.merge(rs.getString(1), d, (a, b) -> a.id().compareTo(b.id()) >= 0 ? a : b);
                });
        return last;
    }

    /** Deliveries of each endpoint by status: endpoint id -> counts. */
    Map<String, WebhookEndpoint.Counts> countsByEndpoint() {
        Map<String, long[]> raw = new HashMap<>();
        jdbc.sql("select endpoint_id, status, count(*) from webhook_delivery group by endpoint_id, status").query(rs -> {
            long[] c = raw.computeIfAbsent(rs.getString(1), k -> new long[3]);
            switch (rs.getString(2)) {
                case WebhookDelivery.PENDING -> c[0] = rs.getLong(3);
                case WebhookDelivery.DELIVERED -> c[1] = rs.getLong(3);
                case WebhookDelivery.DEAD -> c[2] = rs.getLong(3);
                default -> {
                    // no other status is written
                }
            }
        });
        Map<String, WebhookEndpoint.Counts> counts = new HashMap<>();
        raw.forEach((id, c) -> counts.put(id, new WebhookEndpoint.Counts(c[0], c[1], c[2])));
        return counts;
    }

    /** Deliveries of all endpoints by status (PENDING, DELIVERED, DEAD), for the gauges. */
    Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) from webhook_delivery group by status").query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    // ---- events and deliveries --------------------------------------------------------------

    void insertEvent(String id, String type, Instant occurredAt, String payload) {
        jdbc.sql("insert into webhook_event (id, event_type, occurred_at, payload) values (?, ?, ?, ?)")
                .params(id, type, DbTime.of(occurredAt), payload).update();
    }

    /** A new PENDING delivery, due now; with a lease when the caller sends it itself at once. */
    void insertDelivery(String id, String endpointId, String eventId, Instant now, String redeliveryOf, String leaseOwner,
            Instant leaseUntil) {
        jdbc.sql("insert into webhook_delivery (id, endpoint_id, event_id, status, attempts, next_attempt_at, lease_owner, lease_until,"
                + " redelivery_of, created_at) values (?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?)")
                .params(id, endpointId, eventId, DbTime.of(now), leaseOwner, DbTime.of(leaseUntil), redeliveryOf, DbTime.of(now))
                .update();
    }

    /** Ids of PENDING deliveries of enabled endpoints that are due and not leased, the longest-waiting first. */
    List<String> due(Instant now, int limit) {
        Long t = DbTime.of(now);
        return jdbc.sql("select d.id from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id"
                + " where d.status = 'PENDING' and w.enabled = 1 and d.next_attempt_at <= ? and (d.lease_until is null or d.lease_until < ?)"
                + " order by d.next_attempt_at, d.id" + dialect.page(0, limit))
                .params(t, t).query(String.class).list();
    }

    /** When the next PENDING delivery of an enabled endpoint that nobody holds falls due; empty when none. */
    Optional<Instant> nextDue(Instant now) {
        Long t = jdbc.sql("select min(d.next_attempt_at) from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id"
                + " where d.status = 'PENDING' and w.enabled = 1 and (d.lease_until is null or d.lease_until < ?)")
                .param(DbTime.of(now)).query((rs, n) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }).optional().orElse(null);
        return Optional.ofNullable(t).map(DbTime::toInstant);
    }

    /**
     * Takes the delivery for {@code owner} until {@code leaseUntil}: a conditional update, so of
     * several replicas (or threads) that try at once exactly one gets it.
     */
    boolean claim(String id, String owner, Instant now, Instant leaseUntil) {
        Long t = DbTime.of(now);
        return jdbc.sql("update webhook_delivery set lease_owner = ?, lease_until = ? where id = ? and status = 'PENDING'"
                + " and next_attempt_at <= ? and (lease_until is null or lease_until < ?)")
                .params(owner, DbTime.of(leaseUntil), id, t, t).update() == 1;
    }

    Optional<Outgoing> outgoing(String deliveryId) {
        return jdbc.sql("select d.id, d.endpoint_id, w.url, w.secret_enc, d.event_id, e.event_type, e.payload, d.attempts"
                + " from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id join webhook_event e on e.id = d.event_id"
                + " where d.id = ?").param(deliveryId)
                .query((rs, n) -> new Outgoing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8)))
                .optional();
    }

    void insertAttempt(String id, String deliveryId, int attempt, Instant startedAt, long durationMs, Integer statusCode,
            String outcome, String error, String sender) {
        jdbc.sql("insert into webhook_attempt (id, delivery_id, attempt, started_at, duration_ms, status_code, outcome, error, sender)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, deliveryId, attempt, DbTime.of(startedAt), durationMs, statusCode, outcome, truncate(error, 1000),
                        truncate(sender, 200))
                .update();
    }

    /**
     * The result of an attempt, written only while {@code owner} still holds the lease; the lease
     * is released. False when the lease was lost meanwhile (another replica took the delivery over).
     */
    boolean finishAttempt(String id, String owner, String status, int attempts, Instant nextAttemptAt, Integer statusCode,
            String error, Instant finishedAt) {
        return jdbc.sql("update webhook_delivery set status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?,"
                + " last_error = ?, finished_at = ?, lease_owner = null, lease_until = null where id = ? and lease_owner = ?")
                .params(status, attempts, DbTime.of(nextAttemptAt), statusCode, truncate(error, 1000), DbTime.of(finishedAt), id, owner)
                .update() == 1;
    }

    /** The endpoint's deliveries, newest first, optionally of one status, each with its attempts. */
    Page<WebhookDelivery> deliveries(String endpointId, String status, int page, int size) {
        String where = " where d.endpoint_id = ?" + (status == null ? "" : " and d.status = ?");
        List<Object> params = new ArrayList<>(status == null ? List.of(endpointId) : List.of(endpointId, status));
        long total = jdbc.sql("select count(*) from webhook_delivery d" + where).params(params).query(Long.class).single();
        List<WebhookDelivery> items = jdbc.sql("select " + DELIVERY_COLUMNS + " from webhook_delivery d join webhook_event e"
                + " on e.id = d.event_id" + where + " order by d.created_at desc, d.id desc" + dialect.page(page * size, size))
                .params(params).query((rs, n) -> delivery(rs)).list();
        Map<String, List<WebhookDelivery.Attempt>> attempts = attempts(items.stream().map(WebhookDelivery::id).toList());
        return Page.of(items.stream().map(d -> withLog(d, attempts.getOrDefault(d.id(), List.of()))).toList(), page, size, total);
    }

    Optional<WebhookDelivery> delivery(String endpointId, String deliveryId) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from webhook_delivery d join webhook_event e on e.id = d.event_id"
                + " where d.endpoint_id = ? and d.id = ?").params(endpointId, deliveryId)
                .query((rs, n) -> delivery(rs)).optional()
                .map(d -> withLog(d, attempts(List.of(d.id())).getOrDefault(d.id(), List.of())));
    }

    String payload(String eventId) {
        return jdbc.sql("select payload from webhook_event where id = ?").param(eventId).query(String.class).single();
    }

    /**
     * Deletes finished deliveries (with their attempts) that finished before {@code before}, then
     * events that no delivery refers to any more and that are older than that.
     *
     * @return the number of deliveries deleted
     */
    int purge(Instant before) {
        Long t = DbTime.of(before);
        jdbc.sql("delete from webhook_attempt where delivery_id in (select id from webhook_delivery where status in ('DELIVERED', 'DEAD')"
                + " and finished_at < ?)").param(t).update();
        int n = jdbc.sql("delete from webhook_delivery where status in ('DELIVERED', 'DEAD') and finished_at < ?").param(t).update();
        jdbc.sql("delete from webhook_event where occurred_at < ? and not exists (select 1 from webhook_delivery d"
                + " where d.event_id = webhook_event.id)").param(t).update();
        return n;
    }

    // ---- mapping ----------------------------------------------------------------------------

    private Map<String, List<WebhookDelivery.Attempt>> attempts(List<String> deliveryIds) {
        Map<String, List<WebhookDelivery.Attempt>> byDelivery = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return byDelivery;
        }
        String in = String.join(",", deliveryIds.stream().map(x -> "?").toList());
        jdbc.sql("select delivery_id, attempt, started_at, duration_ms, status_code, outcome, error, sender from webhook_attempt"
                + " where delivery_id in (" + in + ") order by delivery_id, attempt, started_at").params(deliveryIds).query(rs -> {
                    int code = rs.getInt(5);
                    Integer statusCode = rs.wasNull() ? null : code;
                    byDelivery.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new WebhookDelivery.Attempt(rs.getInt(2),
                            DbTime.read(rs, 3), rs.getLong(4), statusCode, rs.getString(6), rs.getString(7), rs.getString(8)));
                });
        return byDelivery;
    }

    private static WebhookDelivery withLog(WebhookDelivery d, List<WebhookDelivery.Attempt> log) {
        return new WebhookDelivery(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.status(), d.attempts(), d.nextAttemptAt(),
                d.lastStatusCode(), d.lastError(), d.redeliveryOf(), d.createdAt(), d.finishedAt(), log, null);
    }

    private WebhookDelivery delivery(java.sql.ResultSet rs) throws java.sql.SQLException {
        String status = rs.getString(5);
        int code = rs.getInt(8);
        Integer lastStatus = rs.wasNull() ? null : code;
        return new WebhookDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), status, rs.getInt(6),
                WebhookDelivery.PENDING.equals(status) ? DbTime.read(rs, 7) : null, lastStatus, rs.getString(9), rs.getString(10),
                DbTime.read(rs, 11), DbTime.read(rs, 12), List.of(), null);
    }

    private EndpointRow endpointRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new EndpointRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Arrays.stream(rs.getString(5).split(",")).filter(s -> !s.isBlank()).toList(), rs.getInt(6) == 1, rs.getString(7),
                DbTime.read(rs, 8), DbTime.read(rs, 9));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
