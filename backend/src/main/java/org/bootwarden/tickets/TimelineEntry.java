package org.bootwarden.tickets;

import java.time.Instant;

/**
 * One line of a ticket's timeline.
 *
 * @param source {@code audit} (Bootwarden's audit log) or {@code workflow} (the engine's history)
 * @param action the audit action, or {@code workflow.<activity type>} / {@code workflow.comment}
 */
record TimelineEntry(Instant at, String source, String actor, String sourceAddress, String action, String summary) {
}
