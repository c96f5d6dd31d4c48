package org.bootwarden.audit;

import java.time.Instant;

/** Filters for reading the audit log; null means "any". {@code action} may end in '*' (prefix). */
public record AuditQuery(String actor, String action, String targetId, Instant from, Instant to, int page, int size) {
}
