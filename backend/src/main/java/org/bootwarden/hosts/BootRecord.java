package org.bootwarden.hosts;

import java.time.Instant;

/** The slice of a host row the boot endpoint needs to decide; read by primary key. */
public record BootRecord(String id, String hostname, BootState bootState, String stateReason, int tokenVersion,
        int installBoots, Instant lastInstallAt, String profile, String openTicketId) {
}
