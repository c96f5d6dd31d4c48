package org.bootwarden.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it: never its secret.
 *
 * @param events     the event types it receives, or {@code ["*"]} for all
 * @param deliveries how many of its deliveries are pending, delivered and dead
 */
record WebhookEndpoint(String id, String name, String url, List<String> events, boolean enabled, String createdBy,
        Instant createdAt, Instant updatedAt, Counts deliveries) {

    /** Deliveries by status. */
    record Counts(long pending, long delivered, long dead) {
    }
}
