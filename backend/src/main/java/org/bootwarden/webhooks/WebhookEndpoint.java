package org.bootwarden.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it: never its secret.
 *
 * @param events     the event types it receives, or {@code ["*"]} for all
 * @param deliveries   how many of its deliveries are pending, delivered and dead
 * @param lastDelivery its newest delivery, or null when it has none yet
 */
record WebhookEndpoint(String id, String name, String url, List<String> events, boolean enabled, String createdBy,
        Instant createdAt, Instant updatedAt, Counts deliveries, LastDelivery lastDelivery) {

    /** Deliveries by status. */
    record Counts(long pending, long delivered, long dead) {
        static final Counts NONE = new Counts(0, 0, 0);
    }

    /**
     * The newest delivery, as the endpoint list shows it.
     *
     * @param lastStatusCode the HTTP status of its latest attempt, null before the first answer
     */
    record LastDelivery(String id, String eventType, String status, Integer lastStatusCode, Instant createdAt) {
    }
}
