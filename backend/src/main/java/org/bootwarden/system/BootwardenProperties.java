package org.bootwarden.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bootwarden.isoworker.worker.IsoWorkerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * All of Bootwarden's own settings, bound from {@code bootwarden.*} (environment variables
 * {@code BOOTWARDEN_*} via application.yml).
 *
 * @param dataDir      H2 database, generated ISOs, media and the token secret live here
 * @param publicUrls   base URLs that iPXE clients use, tried in order; baked into ISOs
 * @param adminPassword password of the bootstrap local user {@code admin}; random if blank
 * @param tokenSecret  server secret from which per-host boot tokens are derived; must be the
 *                     same on every replica; if blank, one is generated in the data dir
 * @param ipxeDir      directory holding ipxe.lkrn, ipxe.efi, snponly.efi
 * @param boot         boot endpoint behaviour
 * @param tickets      timeouts of the ticket workflow
 * @param worker       ISO workers: the embedded one and the service account of separate ones
 */
@ConfigurationProperties(prefix = "bootwarden", ignoreUnknownFields = false)
public record BootwardenProperties(
        Path dataDir,
        List<URI> publicUrls,
        String adminPassword,
        String tokenSecret,
        Path ipxeDir,
        @DefaultValue Boot boot,
        @DefaultValue Tickets tickets,
        @DefaultValue Worker worker) {

    /**
     * @param chainTimeout      how long the client script waits on one server URL before the next
     * @param duplicateWindow   a boot of an INSTALLING host within this time after the installer
     *                          was served is a duplicate request and is answered with local boot
     * @param auditFlushInterval how often recorded LOCAL boot decisions are written in a batch
     */
    public record Boot(
            @DefaultValue("15s") Duration chainTimeout,
            @DefaultValue("60s") Duration duplicateWindow,
            @DefaultValue("500ms") Duration auditFlushInterval) {
    }

    /**
     * Timeouts of the ticket workflow (workflows/README.md), passed to every new ticket; a
     * change affects waits that start after it.
     *
     * @param approvalEscalation an approval still open after this is offered to admins too
     * @param approvalExpiry     an approval still open after this ends the ticket as EXPIRED
     * @param firstBootTimeout   an armed host that does not boot within this is disarmed
     * @param installTimeout     an install without its callback within this puts the host on HELD
     */
    public record Tickets(
            @DefaultValue("PT24H") Duration approvalEscalation,
            @DefaultValue("P7D") Duration approvalExpiry,
            @DefaultValue("PT4H") Duration firstBootTimeout,
            @DefaultValue("PT2H") Duration installTimeout) {

        public Tickets {
            for (Duration d : new Duration[] {approvalEscalation, approvalExpiry, firstBootTimeout, installTimeout}) {
                if (d.isNegative() || d.toSeconds() < 1) {
                    throw new IllegalArgumentException("bootwarden.tickets: every timeout must be at least one second");
                }
            }
            if (approvalExpiry.compareTo(approvalEscalation) <= 0) {
                throw new IllegalArgumentException("bootwarden.tickets.approval-expiry (" + approvalExpiry
                        + ") must be longer than approval-escalation (" + approvalEscalation + ")");
            }
        }
    }

    /**
     * ISO workers (docs/iso-worker.md).
     *
     * @param embedded whether this server runs one ISO worker itself (over HTTP against its own
     *                 {@code /engine-rest}); turn off when separate workers run
     * @param password password of the local service account {@code iso-worker} (role WORKER) that
     *                 separate workers log in with; no account is created or changed when blank
     * @param tasks    lock, polling and retry settings of the embedded worker
     */
    public record Worker(
            @DefaultValue("true") boolean embedded,
            String password,
            @DefaultValue IsoWorkerProperties.Tasks tasks) {

        public Worker {
            tasks = tasks == null ? IsoWorkerProperties.Tasks.defaults() : tasks;
        }

        /** The password is a secret: never in logs or failure analyses. */
        @Override
        public String toString() {
            return "Worker[embedded=" + embedded + ", password=" + (password == null || password.isBlank() ? "(none)" : "(set)")
                    + ", tasks=" + tasks + "]";
        }
    }

    public BootwardenProperties {
        worker = worker == null ? new Worker(true, null, null) : worker;
        if (publicUrls == null || publicUrls.isEmpty()) {
            throw new IllegalArgumentException("BOOTWARDEN_PUBLIC_URL (bootwarden.public-urls) must name at least one URL"
                    + " that machines use to reach this server, e.g. http://192.0.2.10:8080");
        }
        for (URI u : publicUrls) {
            String s = u.toString();
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
                    || !s.matches("[A-Za-z0-9._:/\\[\\]~-]+")) {
                throw new IllegalArgumentException("BOOTWARDEN_PUBLIC_URL: '" + s + "' is not usable as a boot server URL:"
                        + " it must be http:// or https:// with a host, an optional port and path, and no query,"
                        + " user info or characters outside letters, digits and ._:/~-");
            }
        }
    }

    public Path isoDir() {
        return dataDir.resolve("iso");
    }

    public Path mediaDir() {
        return dataDir.resolve("media");
    }
}
