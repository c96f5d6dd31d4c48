package org.bootwarden.tickets;

import java.util.List;

/**
 * Filters for the ticket list; null or empty means "any". {@code q} matches the ticket id or
 * the hostname; {@code open} true lists only open tickets, false only closed ones.
 */
record TicketQuery(String requester, List<TicketStatus> statuses, Boolean open, String hostId, String q, int page, int size) {
}
