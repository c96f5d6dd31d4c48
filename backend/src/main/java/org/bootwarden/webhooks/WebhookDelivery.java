package org.bootwarden.webhooks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event for one endpoint, with its delivery log.
 *
 * @param status        PENDING (next attempt at {@code nextAttemptAt}), DELIVERED or DEAD
 * @param attempts      attempts made so far
 * @param redeliveryOf  the delivery an admin asked to send again, if this is a redelivery
 * @param log           every attempt, oldest first
 * @param payload       the JSON body sent (only when one delivery is read)
 */
record WebhookDelivery(String id, String endpointId, String eventId, String eventType, String status, int attempts,
        Instant nextAttemptAt, Integer lastStatusCode, String lastError, String redeliveryOf, Instant createdAt,
        Instant finishedAt, List<Attempt> log, JsonNode payload) {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String DEAD = "DEAD";

    /**
     * One attempt.
     *
     * @param statusCode the HTTP status the endpoint answered, or null when no answer came
     * @param outcome    DELIVERED (a 2xx answer) or FAILED
     * @param sender     the replica that sent it
     */
    record Attempt(int attempt, Instant startedAt, long durationMs, Integer statusCode, String outcome, String error,
            String sender) {
    }
}
