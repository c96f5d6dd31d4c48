package org.bootwarden.tickets;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A request to (re)install a host, and the projection of its workflow: {@code status} is kept
 * current by the workflow's delegates in the engine's transaction.
 *
 * @param requester      who filed it (for an emergency arm: the operator)
 * @param windowStart    earliest time the host may be armed; null: at once
 * @param needsIso       whether the host's image had to be (re)built first
 * @param decidedBy      approver (or admin) who approved or rejected it; null for emergency arms
 */
public record Ticket(
        String id,
        TicketKind kind,
        String hostId,
        String hostname,
        String profile,
        String reason,
        String requester,
        Instant windowStart,
        boolean needsIso,
        TicketStatus status,
        String statusReason,
        String decidedBy,
        String decisionComment,
        Instant decidedAt,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        @JsonIgnore String processInstanceId) {

    public boolean open() {
        return status.isOpen();
    }
}
