package org.bootwarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.WebhookReceiver;
import org.bootwarden.support.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Webhooks against a local receiver (the JDK's HTTP server on 127.0.0.1): endpoints with a
 * write-only secret, HMAC signatures the receiver verifies, the lifecycle events of a real install,
 * retries with back-off, giving up, redelivery, and the delivery log. The shared test context
 * retries after 300 ms, 600 ms and 1.2 s and gives up after 4 attempts (IntegrationTest).
 */
class WebhookApiIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @org.springframework.beans.factory.annotation.Autowired
    WebhookStore store;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private final List<String> endpoints = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void removeEndpointsAndReceivers() {
        endpoints.forEach(id -> admin().delete("/api/webhooks/" + id));
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void shouldKeepEndpointsWithAWriteOnlySecretAndAuditEveryChange() {
        Http.Response invalid = admin().post("/api/webhooks", Map.of("url", "ftp://example.org/x", "events", List.of("host.exploded")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorFields()).contains("name", "url", "secret", "events");
        assertThat(admin().post("/api/webhooks", endpoint("user-info", "http://user:pw@127.0.0.1/hook", List.of("*")))
                .expect(400).errorFields()).containsExactly("url");
        assertThat(admin().post("/api/webhooks", new LinkedHashMap<>(Map.of("name", "short-secret-" + next(), "url",
                "http://127.0.0.1:9/hook", "secret", "too short", "events", List.of("*")))).expect(400).errorFields())
                .containsExactly("secret");

        String name = "crud-" + next();
        String secret = "first-secret-" + next() + "-0123456789";
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "url", "http://127.0.0.1:9/hook", "secret", secret,
                "events", List.of("install.completed", "host.armed", "install.completed")));
        Http.Response created = admin().post("/api/webhooks", body).expect(201);
        JsonNode e = created.json();
        String id = e.path("id").asText();
        endpoints.add(id);
        assertThat(created.header("Location")).isEqualTo("/api/webhooks/" + id);
        assertThat(created.body()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(e.path("events").toString()).isEqualTo("[\"install.completed\",\"host.armed\"]");
        assertThat(e.path("enabled").asBoolean()).isTrue();
        assertThat(e.path("createdBy").asText()).isEqualTo("admin");
        assertThat(e.path("deliveries").path("pending").asLong()).isZero();
        assertThat(e.path("lastDelivery").isNull()).as("no delivery yet").isTrue();
        admin().post("/api/webhooks", body).expect(409);

        String stored = jdbc.sql("select secret_enc from webhook_endpoint where id = ?").param(id).query(String.class).single();
        assertThat(stored).as("the secret is stored encrypted").startsWith("v1:").doesNotContain(secret);

        body.remove("secret");
        body.put("events", List.of("*"));
        body.put("enabled", false);
        JsonNode updated = admin().put("/api/webhooks/" + id, body).expect(200).json();
        assertThat(updated.path("events").toString()).isEqualTo("[\"*\"]");
        assertThat(updated.path("enabled").asBoolean()).isFalse();
        assertThat(jdbc.sql("select secret_enc from webhook_endpoint where id = ?").param(id).query(String.class).single())
                .as("no secret in the update keeps the current one").isEqualTo(stored);
        assertThat(admin().get("/api/webhooks").expect(200).json().findValuesAsText("id")).contains(id);
        assertThat(admin().get("/api/webhooks/" + id).expect(200).body()).doesNotContain(secret);

        body.put("secret", "second-secret-0123456789");
        admin().put("/api/webhooks/" + id, body).expect(200);
        admin().delete("/api/webhooks/" + id).expect(204);
        admin().get("/api/webhooks/" + id).expect(404);

        List<JsonNode> audit = auditOf(id);
        assertThat(audit).extracting(a -> a.path("action").asText())
                .containsExactly("webhook.created", "webhook.updated", "webhook.updated", "webhook.deleted");
        assertThat(audit.toString()).doesNotContain(secret).doesNotContain("second-secret-0123456789");
        assertThat(audit.get(2).path("after").path("secretChanged").asBoolean()).isTrue();
    }

    @Test
    void shouldSignATestDeliverySoThatTheReceiverCanVerifyIt() {
        WebhookReceiver receiver = receiver();
        String secret = "test-send-secret-" + next() + "-0123456789";
        String id = create(endpoint("test-send-" + next(), receiver.url("/hooks/bootwarden"), List.of("install.completed"), secret));

        JsonNode delivery = admin().post("/api/webhooks/" + id + "/test", Map.of()).expect(200).json();

        assertThat(delivery.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.path("eventType").asText()).isEqualTo("webhook.test");
        assertThat(delivery.path("log")).hasSize(1);
        assertThat(delivery.path("log").get(0).path("statusCode").asInt()).isEqualTo(200);
        assertThat(delivery.path("log").get(0).path("outcome").asText()).isEqualTo("DELIVERED");
        List<Received> got = receiver.received();
        assertThat(got).hasSize(1);
        Received r = got.get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Bootwarden-Event")).isEqualTo("webhook.test");
        assertThat(r.header("X-Bootwarden-Delivery")).isEqualTo(delivery.path("id").asText());
        assertThat(Long.parseLong(r.header("X-Bootwarden-Timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(r.header("X-Bootwarden-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookReceiver.verifies(r, secret)).as("signature with the endpoint's secret").isTrue();
        assertThat(WebhookReceiver.verifies(r, secret + "x")).as("signature with another secret").isFalse();
        assertThat(r.json().path("type").asText()).isEqualTo("webhook.test");
        assertThat(r.json().path("webhook").path("id").asText()).isEqualTo(id);
        assertThat(delivery.path("payload").path("id").asText()).isEqualTo(r.json().path("id").asText());

        receiver.answerByDefault(500);
        JsonNode failed = admin().post("/api/webhooks/" + id + "/test", Map.of()).expect(200).json();
        assertThat(failed.path("status").asText()).as("test deliveries are not retried").isEqualTo("DEAD");
        assertThat(failed.path("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(failed.path("lastError").asText()).isEqualTo("HTTP 500: status 500");
        assertThat(auditActionsOf(id)).containsSubsequence("webhook.test-sent", "webhook.test-sent");

        JsonNode listed = null;
        for (JsonNode endpoint : admin().get("/api/webhooks").expect(200).json()) {
            if (endpoint.path("id").asText().equals(id)) {
                listed = endpoint;
            }
        }
        assertThat(listed).as("the endpoint in the list").isNotNull();
        JsonNode last = listed.path("lastDelivery");
        assertThat(last.path("id").asText()).as("the list shows the newest delivery").isEqualTo(failed.path("id").asText());
        assertThat(last.path("status").asText()).isEqualTo("DEAD");
        assertThat(last.path("eventType").asText()).isEqualTo("webhook.test");
        assertThat(last.path("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(admin().get("/api/webhooks/" + id).expect(200).json().path("lastDelivery").path("id").asText())
                .isEqualTo(failed.path("id").asText());
    }

    @Test
    void shouldListTheEventTypesThatAnEndpointCanSubscribeTo() {
        JsonNode types = admin().get("/api/webhooks/event-types").expect(200).json();
        List<String> names = types.findValuesAsText("name");
        assertThat(names).containsExactly("ticket.submitted", "ticket.approved", "ticket.rejected", "host.armed", "install.started",
                "install.completed", "install.failed", "host.held", "ticket.closed");
        assertThat(types.findValuesAsText("description")).allSatisfy(d -> assertThat(d).isNotBlank());
        String id = create(endpoint("every-type-" + next(), "http://127.0.0.1:9/hook", names, "every-type-secret-0123456789"));
        assertThat(admin().get("/api/webhooks/" + id).expect(200).json().path("events").size())
                .as("every listed type is accepted").isEqualTo(names.size());
    }

    @Test
    void shouldSendTheLifecycleOfAnInstallToSubscribersOnly() {
        WebhookReceiver all = receiver();
        WebhookReceiver completions = receiver();
        WebhookReceiver disabled = receiver();
        String secret = "lifecycle-secret-" + next() + "-0123456789";
        String allId = create(endpoint("all-" + next(), all.url("/all"), List.of("*"), secret));
        String completionsId = create(endpoint("completions-" + next(), completions.url("/done"), List.of("install.completed"), secret));
        Map<String, Object> off = endpoint("disabled-" + next(), disabled.url("/off"), List.of("*"), secret);
        off.put("enabled", false);
        String disabledId = create(off);

        String hostId = armedHost(3);
        String token = token(hostId);
        String ticketId = host(hostId).path("openTicketId").asText();
        boot(hostId, token).expect(200);
        anonymous().get("/boot/" + hostId + "/" + token + "/installed").expect(200);

        List<Received> events = all.await(r -> hostId.equals(r.json().path("host").path("id").asText()), 5, PATIENCE.toMillis());
        Map<String, Received> byType = new LinkedHashMap<>();
        events.forEach(r -> byType.put(r.header("X-Bootwarden-Event"), r));
        assertThat(byType).containsOnlyKeys("ticket.submitted", "host.armed", "install.started", "install.completed", "ticket.closed");
        for (Received r : events) {
            assertThat(WebhookReceiver.verifies(r, secret)).as("signature of %s", r.header("X-Bootwarden-Event")).isTrue();
            assertThat(r.json().path("type").asText()).isEqualTo(r.header("X-Bootwarden-Event"));
        }
        JsonNode completed = byType.get("install.completed").json();
        assertThat(completed.path("host").path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(completed.path("host").path("hostname").asText()).isEqualTo(host(hostId).path("hostname").asText());
        assertThat(completed.path("ticket").path("id").asText()).isEqualTo(ticketId);
        assertThat(completed.path("ticket").path("kind").asText()).isEqualTo("EMERGENCY");
        assertThat(completed.path("actor").asText()).startsWith("host:");
        assertThat(byType.get("ticket.closed").json().path("ticket").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(byType.get("install.started").json().path("host").path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(auditOf(hostId)).extracting(a -> a.path("id").asText())
                .as("an event's id is its audit record's id").contains(completed.path("id").asText());

        List<Received> done = completions.await(r -> hostId.equals(r.json().path("host").path("id").asText()), 1, PATIENCE.toMillis());
        assertThat(done).extracting(r -> r.header("X-Bootwarden-Event")).containsExactly("install.completed");
        assertThat(done.get(0).bodyText()).as("every subscriber gets the same bytes")
                .isEqualTo(byType.get("install.completed").bodyText());

        JsonNode log = admin().get("/api/webhooks/" + allId + "/deliveries?status=DELIVERED&size=200").expect(200).json();
        assertThat(log.path("items").findValuesAsText("eventType")).contains("install.started", "install.completed");
        assertThat(admin().get("/api/webhooks/" + completionsId).expect(200).json().path("deliveries").path("delivered").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(admin().get("/api/webhooks/" + disabledId + "/deliveries").expect(200).json().path("totalItems").asLong())
                .as("a disabled endpoint gets no deliveries").isZero();
        assertThat(disabled.received()).isEmpty();
    }

    @Test
    void shouldRetryWithGrowingBackoffAndLogEveryAttempt() {
        WebhookReceiver receiver = receiver().thenAnswer(500, 503);
        String secret = "retry-secret-" + next() + "-0123456789";
        String id = create(endpoint("retry-" + next(), receiver.url("/flaky"), List.of("host.armed"), secret));

        String hostId = armedHost(3);

        List<Received> tries = receiver.await(r -> true, 3, PATIENCE.toMillis());
        assertThat(tries).hasSize(3);
        assertThat(tries).extracting(r -> r.header("X-Bootwarden-Delivery")).as("one delivery id for every attempt").containsOnly(
                tries.get(0).header("X-Bootwarden-Delivery"));
        assertThat(tries).extracting(Received::bodyText).containsOnly(tries.get(0).bodyText());
        assertThat(tries.get(0).json().path("host").path("id").asText()).isEqualTo(hostId);
        tries.forEach(r -> assertThat(WebhookReceiver.verifies(r, secret)).isTrue());

        JsonNode delivery = awaitDelivery(id, tries.get(0).header("X-Bootwarden-Delivery"), "DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(200);
        JsonNode log = delivery.path("log");
        assertThat(log).hasSize(3);
        assertThat(List.of(log.get(0).path("statusCode").asInt(), log.get(1).path("statusCode").asInt(), log.get(2).path("statusCode").asInt()))
                .containsExactly(500, 503, 200);
        assertThat(log.findValuesAsText("outcome")).containsExactly("FAILED", "FAILED", "DELIVERED");
        assertThat(log.get(0).path("error").asText()).isEqualTo("HTTP 500: status 500");
        assertThat(log.get(0).path("sender").asText()).isNotBlank();
        Duration first = gap(log.get(0), log.get(1));
        Duration second = gap(log.get(1), log.get(2));
        assertThat(first).as("back-off after the first failure").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(second).as("back-off after the second failure (doubled)").isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(delivery.path("payload").path("type").asText()).isEqualTo("host.armed");
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAndSendAgainOnRequest() {
        WebhookReceiver receiver = receiver().answerByDefault(500);
        String secret = "dead-secret-" + next() + "-0123456789";
        Map<String, Object> settings = endpoint("dead-" + next(), receiver.url("/down"), List.of("host.armed"), secret);
        String id = create(settings);

        armedHost(3);

        List<Received> tries = receiver.await(r -> true, 4, PATIENCE.toMillis());
        String deliveryId = tries.get(0).header("X-Bootwarden-Delivery");
        JsonNode dead = awaitDelivery(id, deliveryId, "DEAD");
        assertThat(dead.path("attempts").asInt()).isEqualTo(4);
        assertThat(dead.path("nextAttemptAt").isNull()).isTrue();
        assertThat(dead.path("finishedAt").isNull()).isFalse();
        assertThat(dead.path("log")).hasSize(4);
        assertThat(admin().get("/api/webhooks/" + id).expect(200).json().path("deliveries").path("dead").asLong()).isEqualTo(1);
        assertThat(admin().get("/api/webhooks/" + id + "/deliveries?status=DEAD").expect(200).json().path("items")
                .findValuesAsText("id")).containsExactly(deliveryId);

        // disabled: a redelivery waits (and cannot be redelivered while it is PENDING)
        settings.put("enabled", false);
        admin().put("/api/webhooks/" + id, settings).expect(200);
        receiver.answerByDefault(200);
        JsonNode again = admin().post("/api/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver", Map.of()).expect(202).json();
        assertThat(again.path("status").asText()).isEqualTo("PENDING");
        assertThat(again.path("redeliveryOf").asText()).isEqualTo(deliveryId);
        assertThat(again.path("eventId").asText()).isEqualTo(dead.path("eventId").asText());
        assertThat(admin().post("/api/webhooks/" + id + "/deliveries/" + again.path("id").asText() + "/redeliver", Map.of())
                .expect(409).errorFields()).containsExactly("status");
        assertThat(admin().get("/api/webhooks/" + id + "/deliveries/" + again.path("id").asText()).expect(200).json()
                .path("attempts").asInt()).isZero();

        settings.put("enabled", true);
        admin().put("/api/webhooks/" + id, settings).expect(200);
        List<Received> redelivered = receiver.await(r -> r.header("X-Bootwarden-Delivery").equals(again.path("id").asText()), 1,
                PATIENCE.toMillis());
        assertThat(redelivered).hasSize(1);
        assertThat(redelivered.get(0).bodyText()).as("the same event, byte for byte").isEqualTo(tries.get(0).bodyText());
        assertThat(awaitDelivery(id, again.path("id").asText(), "DELIVERED").path("attempts").asInt()).isEqualTo(1);
        assertThat(auditActionsOf(id)).contains("webhook.redelivered");
        admin().post("/api/webhooks/" + id + "/deliveries/00000000-0000-0000-0000-000000000000/redeliver", Map.of()).expect(404);
        admin().get("/api/webhooks/" + id + "/deliveries?status=LOST").expect(400);
    }

    @Test
    void shouldForgetFinishedDeliveriesAfterTheRetentionButKeepPendingOnes() {
        WebhookReceiver receiver = receiver();
        String id = create(endpoint("retention-" + next(), receiver.url("/kept"), List.of("host.armed")));
        String eventId = java.util.UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        String delivered = java.util.UUID.randomUUID().toString();
        String pending = java.util.UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            store.insertEvent(eventId, "host.armed", longAgo, "{}");
            store.insertDelivery(delivered, id, eventId, longAgo, null, null, null);
            store.insertDelivery(pending, id, eventId, longAgo, null, "another-replica", Instant.now().plus(Duration.ofHours(1)));
            store.insertAttempt(java.util.UUID.randomUUID().toString(), delivered, 1, longAgo, 12, 200, "DELIVERED", null, "test");
        });
        jdbc.sql("update webhook_delivery set status = 'DELIVERED', finished_at = ? where id = ?")
                .params(org.bootwarden.system.DbTime.of(longAgo), delivered).update();

        int purged = tx.execute(s -> store.purge(Instant.now().minus(Duration.ofDays(30))));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select id from webhook_delivery where event_id = ?").param(eventId).query(String.class).list())
                .containsExactly(pending);
        assertThat(jdbc.sql("select count(*) from webhook_event where id = ?").param(eventId).query(Long.class).single())
                .as("the event stays while a delivery refers to it").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from webhook_attempt where delivery_id = ?").param(delivered).query(Long.class).single())
                .isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private WebhookReceiver receiver() {
        WebhookReceiver r = WebhookReceiver.start();
        receivers.add(r);
        return r;
    }

    private String create(Map<String, Object> body) {
        String id = admin().post("/api/webhooks", body).expect(201).json().path("id").asText();
        endpoints.add(id);
        return id;
    }

    private static Map<String, Object> endpoint(String name, String url, List<String> events) {
        return endpoint(name, url, events, "a-shared-secret-of-some-length");
    }

    private static Map<String, Object> endpoint(String name, String url, List<String> events, String secret) {
        return new LinkedHashMap<>(Map.of("name", name, "url", url, "secret", secret, "events", events));
    }

    private JsonNode awaitDelivery(String endpointId, String deliveryId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = admin().get("/api/webhooks/" + endpointId + "/deliveries/" + deliveryId).expect(200).json();
            return last[0].path("status").asText().equals(status);
        });
        return last[0];
    }

    private static Duration gap(JsonNode earlier, JsonNode later) {
        return Duration.between(Instant.parse(earlier.path("startedAt").asText()), Instant.parse(later.path("startedAt").asText()));
    }
}
