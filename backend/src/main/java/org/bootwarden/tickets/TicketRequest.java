package org.bootwarden.tickets;

/**
 * A requester's ticket: which host, which profile (default: the host's), why, and optionally
 * the earliest start (ISO-8601 with offset).
 */
record TicketRequest(String hostId, String profile, String reason, String windowStart) {
}
