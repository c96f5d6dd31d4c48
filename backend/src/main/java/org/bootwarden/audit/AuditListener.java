package org.bootwarden.audit;

import java.time.Instant;

/**
 * Told of every audit record written in the caller's transaction ({@link AuditService#record},
 * {@link AuditService#recordAs}, {@link AuditService#recordAllAs}), in that transaction and after the record's insert: whatever a
 * listener writes commits or rolls back with the change the record describes. Queued boot
 * answers ({@link AuditService#recordBootAnswer}) are not passed on. A listener that throws rolls
 * the caller's transaction back, so listeners must only fail when the change must not happen.
 */
public interface AuditListener {

    void recorded(Recorded record);

    /**
     * One audit record as it was written.
     *
     * @param before the state before, as the caller passed it (a map, a record), or null
     * @param after  the state after, as the caller passed it, or null
     */
    record Recorded(String id, Instant occurredAt, String actor, String sourceAddress, String action, String targetType,
            String targetId, String summary, Object before, Object after) {
    }
}
