package org.bootwarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.StandaloneApp;
import org.bootwarden.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Two replicas on one database (the shared test context and a second application on its database,
 * as replicas run) dispatch the same pending deliveries at the same time: every delivery reaches
 * the endpoint exactly once, and both replicas send some.
 */
class WebhookReplicasIT extends IntegrationTest {

    private static final int DELIVERIES = 40;

    @Autowired
    Environment environment;

    @Autowired
    WebhookStore store;

    @Autowired
    TransactionTemplate tx;

    @Test
    void shouldSendEveryDeliveryOnceWhenTwoReplicasDispatch() throws Exception {
        Path dataDir = Files.createTempDirectory("bootwarden-replica-");
        String endpointId = null;
        try (WebhookReceiver receiver = WebhookReceiver.start().delay(250);
                StandaloneApp replica = StandaloneApp.start(dataDir, environment.getProperty("spring.datasource.url"),
                        environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password", ""),
                        "--bootwarden.admin-password=" + ADMIN_PASSWORD, "--bootwarden.webhooks.poll-interval=200ms")) {
            String secret = "replicas-secret-" + next() + "-0123456789";
            endpointId = admin().post("/api/webhooks", Map.of("name", "replicas-" + next(), "url", receiver.url("/both"),
                    "secret", secret, "events", List.of("install.completed"))).expect(201).json().path("id").asText();
            assertThat(replica.admin().get("/api/webhooks/" + endpointId).expect(200).json().path("id").asText())
                    .as("the second replica sees the same endpoint").isEqualTo(endpointId);

            // one event for the endpoint, 40 deliveries of it due at once, written behind both dispatchers' backs
            String eventId = UUID.randomUUID().toString();
            List<String> ids = new ArrayList<>();
            String id = endpointId;
            tx.executeWithoutResult(s -> {
                Instant now = Instant.now();
                store.insertEvent(eventId, "install.completed", now, "{\"id\":\"" + eventId + "\",\"type\":\"install.completed\"}");
                for (int i = 0; i < DELIVERIES; i++) {
                    String d = UUID.randomUUID().toString();
                    ids.add(d);
                    store.insertDelivery(d, id, eventId, now, null, null, null);
                }
            });

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                    "select count(*) from webhook_delivery where event_id = ? and status = 'DELIVERED'").param(eventId)
                    .query(Long.class).single() == DELIVERIES);

            List<String> sent = receiver.received().stream().map(r -> r.header("X-Bootwarden-Delivery")).toList();
            assertThat(sent).as("every delivery reached the endpoint exactly once").hasSize(DELIVERIES)
                    .containsExactlyInAnyOrderElementsOf(ids);
            receiver.received().forEach(r -> assertThat(WebhookReceiver.verifies(r, secret)).isTrue());
            assertThat(jdbc.sql("select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id"
                    + " where d.event_id = ?").param(eventId).query(Long.class).single()).as("one attempt each").isEqualTo(DELIVERIES);
            List<String> senders = jdbc.sql("select distinct a.sender from webhook_attempt a join webhook_delivery d"
                    + " on d.id = a.delivery_id where d.event_id = ?").param(eventId).query(String.class).list();
            assertThat(senders).as("both replicas sent deliveries").hasSize(2);
        } finally {
            if (endpointId != null) {
                admin().delete("/api/webhooks/" + endpointId);
            }
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }
}
