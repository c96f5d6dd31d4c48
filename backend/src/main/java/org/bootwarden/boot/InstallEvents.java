package org.bootwarden.boot;

import java.time.Instant;

/**
 * What the boot endpoint and the installer callbacks tell the host's ticket workflow. Called in
 * the same transaction as the host row's change, so both commit together or not at all.
 */
public interface InstallEvents {

    /** The installer was served: ARMED -> INSTALLING. */
    void installerServed(String ticketId, String hostId, Instant at);

    /** The installer called back "done": INSTALLING -> LOCAL. */
    void installCompleted(String ticketId, String hostId);

    /** The installer called back "failed", or the install-boot limit was reached: INSTALLING -> HELD. */
    void installFailed(String ticketId, String hostId, String reason);
}
