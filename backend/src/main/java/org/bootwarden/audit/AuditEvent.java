package org.bootwarden.audit;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One append-only audit record: who did what to which target, when, from where, before/after.
 *
 * @param credential what the actor used when it was not their own login: {@code token:<id>} for an
 *                   API token; null otherwise
 */
public record AuditEvent(String id, Instant occurredAt, String actor, String sourceAddress, String action,
        String targetType, String targetId, String summary, JsonNode before, JsonNode after, String credential) {
}
