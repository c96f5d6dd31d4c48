package org.bootwarden.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bootwarden.audit.AuditService;
import org.bootwarden.hosts.BootRecord;
import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.hosts.HostService;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.templates.TemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The boot state machine. LOCAL and HELD answers come from one indexed read of the host row (on
 * the {@link BootReadPool}, never cached) and change nothing. ARMED -> INSTALLING is a
 * conditional update, so of any number of concurrent boots (on any replica) exactly one is served
 * the installer, and in the same transaction the host's ticket workflow hears of it
 * ({@link InstallEvents}). Callbacks move INSTALLING to LOCAL or HELD and tell the workflow too.
 * Arming and releasing are done by the ticket workflow.
 */
@Service
public class BootService {

    private static final Logger log = LoggerFactory.getLogger(BootService.class);

    /** The actor of changes the ticket workflow makes (the human decisions are audited by their own actors). */
    public static final String WORKFLOW = "workflow";

    /** A rendered answer and what it was. */
    record Answer(BootDecision decision, String script) {
    }

    /** Refusal of an answer file or callback. */
    static class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HostRepository hostRows;
    private final HostService hosts;
    private final ProfileService profiles;
    private final BootRenderer renderer;
    private final BootTokens tokens;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final BootwardenProperties props;
    private final Clock clock;
    private final BootMetrics metrics;
    private final InstallEvents events;
    private final BootReadPool reads;
    private final InstallGate gate;

    BootService(BootReadPool reads, InstallGate gate, HostRepository hostRows, HostService hosts, ProfileService profiles, BootRenderer renderer,
            BootTokens tokens, AuditService audit, TransactionTemplate tx, BootwardenProperties props, Clock clock, BootMetrics metrics,
            InstallEvents events) {
        this.reads = reads;
        this.gate = gate;
        this.metrics = metrics;
        this.events = events;
        this.hostRows = hostRows;
        this.hosts = hosts;
        this.profiles = profiles;
        this.renderer = renderer;
        this.tokens = tokens;
        this.audit = audit;
        this.tx = tx;
        this.props = props;
        this.clock = clock;
    }

    /** The answer to {@code GET /boot/{hostId}/{token}/script}. Never throws: a machine always gets a script. */
    Answer answer(String hostId, String token, BootRequest req, String requestBase) {
        long start = System.nanoTime();
        Answer answer = answerOrError(hostId, token, req, requestBase);
        metrics.answered(answer.decision(), req.platform(), System.nanoTime() - start);
        if (log.isDebugEnabled()) {
            log.debug("boot of host {} answered {} ({})", safeId(hostId), answer.decision(), req.describe());
        }
        return answer;
    }

    private Answer answerOrError(String hostId, String token, BootRequest req, String requestBase) {
        try {
            return decide(hostId, token, req, requestBase);
        } catch (RuntimeException e) {
            log.error("boot answer for host {} failed", hostId, e);
            audit.recordBootAnswer("host:" + hostId, req.source(), BootDecision.ERROR.action, hostId,
                    "boot answer failed (" + req.describe() + "): " + e.getMessage());
            return new Answer(BootDecision.ERROR, renderer.localScript(null,
                    "the server could not decide (internal error, logged); booting the local disk"));
        }
    }

    private Answer decide(String hostId, String token, BootRequest req, String requestBase) {
        // the boot read pool: autocommit, committed rows only, no cache (a host armed a moment ago is ARMED here)
        Optional<BootRecord> found = reads.findBootRecord(hostId);
        if (found.isEmpty()) {
            audit.recordBootAnswer("ipxe:unknown", req.source(), BootDecision.UNKNOWN_HOST.action, safeId(hostId),
                    "boot of an unknown host id (" + req.describe() + ")");
            return new Answer(BootDecision.UNKNOWN_HOST, renderer.localScript(null,
                    "this machine is not known to Bootwarden (its ISO names a deleted host); booting the local disk"));
        }
        BootRecord rec = found.get();
        String actor = "host:" + rec.hostname();
        if (!tokens.matches(rec.id(), rec.tokenVersion(), token)) {
            audit.recordBootAnswer(actor, req.source(), BootDecision.BAD_TOKEN.action, rec.id(),
                    "boot refused: wrong token (" + req.describe() + ")");
            return new Answer(BootDecision.BAD_TOKEN, renderer.localScript(rec.hostname(),
                    "the boot token in this ISO is not valid (outdated or altered ISO); booting the local disk"));
        }
        switch (rec.bootState()) {
            case LOCAL -> {
                audit.recordBootAnswer(actor, req.source(), BootDecision.LOCAL.action, rec.id(), "local boot (" + req.describe() + ")");
                return new Answer(BootDecision.LOCAL, renderer.localScript(rec.hostname(), "boot state LOCAL, booting the local disk"));
            }
            case HELD -> {
                audit.recordBootAnswer(actor, req.source(), BootDecision.HOLD.action, rec.id(),
                        "held: " + rec.stateReason() + " (" + req.describe() + ")");
                return new Answer(BootDecision.HOLD, renderer.localScript(rec.hostname(), "HELD (" + rec.stateReason()
                        + "); an operator must re-arm or release this host; booting the local disk"));
            }
            case ARMED -> {
                return startInstall(rec, req, requestBase);
            }
            case INSTALLING -> {
                return installingBoot(rec, req, requestBase);
            }
            default -> throw new IllegalStateException("unknown state " + rec.bootState());
        }
    }

    private Answer startInstall(BootRecord rec, BootRequest req, String requestBase) {
        Answer won = gate.inTurn(InstallGate.BOOT_WAIT, () -> tx.execute(status -> {
            Host host = hosts.get(rec.id());
            Profile profile = profiles.get(host.profile());
            String script;
            try {
                script = renderer.installScript(host, profile, urls(host, requestBase), 1);
            } catch (TemplateEngine.RenderException e) {
                return holdInstead(host, List.of(BootState.ARMED), "the installer could not be rendered: " + e.getMessage(), req);
            }
            Instant now = Instant.now(clock);
            if (!hostRows.startInstall(host.id(), now)) {
                // another boot (here or on another replica) won the ARMED -> INSTALLING change
                status.setRollbackOnly();
                return null;
            }
            audit.recordAs("host:" + host.hostname(), req.source(), BootDecision.INSTALL.action, "host", host.id(),
                    "installer of profile " + profile.name() + " served, host now INSTALLING (" + req.describe() + ")",
                    Map.of("bootState", "ARMED"), Map.of("bootState", "INSTALLING", "installBoots", 1));
            if (host.openTicketId() != null) {
                events.installerServed(host.openTicketId(), host.id(), now);
            }
            return new Answer(BootDecision.INSTALL, script);
        }));
        return won != null ? won : reDecide(rec, req, requestBase);
    }

    private Answer reDecide(BootRecord rec, BootRequest req, String requestBase) {
        BootRecord now = hostRows.findBootRecord(rec.id()).orElseThrow();
        if (now.bootState() == BootState.ARMED) {
            throw new IllegalStateException("host " + rec.id() + " still ARMED after a lost conditional update");
        }
        return now.bootState() == BootState.INSTALLING ? installingBoot(now, req, requestBase)
                : decide(rec.id(), tokens.tokenFor(rec.id(), now.tokenVersion()), req, requestBase);
    }

    private Answer installingBoot(BootRecord rec, BootRequest req, String requestBase) {
        String actor = "host:" + rec.hostname();
        Profile profile = profiles.get(rec.profile());
        Instant now = Instant.now(clock);
        Duration window = props.boot().duplicateWindow();
        if (rec.lastInstallAt() != null && rec.lastInstallAt().isAfter(now.minus(window))) {
            audit.recordBootAnswer(actor, req.source(), BootDecision.DUPLICATE.action, rec.id(),
                    "boot within " + window.toSeconds() + " s of the installer being served: answered with local boot ("
                            + req.describe() + ")");
            return new Answer(BootDecision.DUPLICATE, renderer.localScript(rec.hostname(),
                    "the installer was served moments ago (duplicate boot request); booting the local disk"));
        }
        if (!profile.reinstallOnReboot()) {
            audit.recordBootAnswer(actor, req.source(), BootDecision.LOCAL.action, rec.id(),
                    "reboot during install, profile boots the local disk to continue setup (" + req.describe() + ")");
            return new Answer(BootDecision.LOCAL, renderer.localScript(rec.hostname(),
                    "install in progress, booting the local disk to continue setup"));
        }
        Answer counted = gate.inTurn(InstallGate.BOOT_WAIT, () -> tx.execute(status -> {
            if (hostRows.countReinstall(rec.id(), profile.maxInstallBoots(), now.minus(window), now)) {
                Host host = hosts.get(rec.id());
                String script;
                try {
                    script = renderer.installScript(host, profile, urls(host, requestBase), host.installBoots());
                } catch (TemplateEngine.RenderException e) {
                    return holdInstead(host, List.of(BootState.INSTALLING), "the installer could not be rendered: " + e.getMessage(), req);
                }
                audit.recordAs(actor, req.source(), BootDecision.INSTALL.action, "host", host.id(),
                        "installer served again (install boot " + host.installBoots() + " of " + profile.maxInstallBoots()
                                + ", no callback yet) (" + req.describe() + ")", null, Map.of("installBoots", host.installBoots()));
                return new Answer(BootDecision.INSTALL, script);
            }
            Host host = hosts.get(rec.id());
            if (host.bootState() == BootState.INSTALLING && host.installBoots() >= profile.maxInstallBoots()) {
                return holdInstead(host, List.of(BootState.INSTALLING), "install boot limit of " + profile.maxInstallBoots()
                        + " reached without an install-complete callback", req);
            }
            return null;
        }));
        return counted != null ? counted : decide(rec.id(), tokens.tokenFor(rec.id(), rec.tokenVersion()), req, requestBase);
    }

    private Answer holdInstead(Host host, List<BootState> from, String reason, BootRequest req) {
        String r = reason.length() > 480 ? reason.substring(0, 477) + "..." : reason;
        if (hostRows.transition(host.id(), from, BootState.HELD, r, Instant.now(clock))) {
            audit.recordAs("host:" + host.hostname(), req.source(), "host.held", "host", host.id(), "host HELD: " + r,
                    Map.of("bootState", host.bootState().name()), Map.of("bootState", "HELD", "reason", r));
            if (host.bootState() == BootState.INSTALLING) {
                metrics.installFinished("held", host.profile(), host.stateChangedAt());
            }
            if (host.openTicketId() != null && host.bootState() == BootState.INSTALLING) {
                events.installFailed(host.openTicketId(), host.id(), r);
            }
        }
        return new Answer(BootDecision.HOLD, renderer.localScript(host.hostname(), "HELD (" + r + "); booting the local disk"));
    }

    /** The answer file, only with the host's own token and only while it is INSTALLING. */
    String answerFile(String hostId, String token, String source, String requestBase, AnswerPart part) {
        return counted(metrics::answerFile, "served", () -> renderAnswerFile(hostId, token, source, requestBase, part));
    }

    private String renderAnswerFile(String hostId, String token, String source, String requestBase, AnswerPart part) {
        Host host = authorised(hostId, token, source, "answer.refused", part.label);
        if (host.bootState() != BootState.INSTALLING) {
            audit.recordAs("host:" + host.hostname(), source, "answer.refused", "host", host.id(),
                    part.label + " refused: host is " + host.bootState() + ", not INSTALLING", null, null);
            throw new Refused(409, "host " + host.hostname() + " is " + host.bootState()
                    + "; answer files are served only while it is INSTALLING");
        }
        Profile profile = profiles.get(host.profile());
        Map<String, String> secrets;
        try {
            secrets = part == AnswerPart.ANSWER || part == AnswerPart.USER_DATA ? profiles.secretValues(profile) : Map.of();
        } catch (IllegalStateException e) {
            log.error("the secrets of profile {} cannot be read: {}", profile.name(), e.getMessage());
            audit.recordAs("host:" + host.hostname(), source, "answer.error", "host", host.id(),
                    part.label + " not served: the secrets of profile " + profile.name() + " cannot be decrypted here", null, null);
            throw new Refused(500, "the answer file of profile " + profile.name() + " needs its secrets, which this server cannot"
                    + " decrypt (see its log: BOOTWARDEN_SECRETS_KEY)");
        }
        String body;
        try {
            body = switch (part) {
                case ANSWER, USER_DATA -> renderer.answerFile(host, profile, urls(host, requestBase), secrets);
                case META_DATA -> renderer.nocloudMetaData(host);
                case VENDOR_DATA -> "";
            };
        } catch (TemplateEngine.RenderException e) {
            audit.recordAs("host:" + host.hostname(), source, "answer.error", "host", host.id(),
                    part.label + " could not be rendered: " + e.getMessage(), null, null);
            throw new Refused(500, "the answer file of profile " + profile.name() + " could not be rendered: " + e.getMessage());
        }
        audit.recordAs("host:" + host.hostname(), source, "answer.served", "host", host.id(),
                part.label + " of profile " + profile.name() + " served", null, null);
        return body;
    }

    enum AnswerPart {
        ANSWER("answer file"), USER_DATA("nocloud user-data"), META_DATA("nocloud meta-data"), VENDOR_DATA("nocloud vendor-data");

        final String label;

        AnswerPart(String label) {
            this.label = label;
        }
    }

    /** The installer's "install complete" callback: INSTALLING -> LOCAL. Repeating it is harmless. */
    String installed(String hostId, String token, String source) {
        return counted(metrics::callback, "installed", () -> markInstalled(hostId, token, source));
    }

    private String markInstalled(String hostId, String token, String source) {
        // refused callbacks are audited outside the transaction, which a refusal rolls back
        Host authorised = authorised(hostId, token, source, "callback.refused", "installed callback");
        return gate.inTurn(InstallGate.CALLBACK_WAIT, () -> tx.execute(status -> markInstalledInTx(hosts.get(authorised.id()), source)));
    }

    private String markInstalledInTx(Host host, String source) {
        if (host.bootState() == BootState.LOCAL) {
            return "host " + host.hostname() + " is already LOCAL\n";
        }
        Instant now = Instant.now(clock);
        if (!hostRows.transition(host.id(), List.of(BootState.INSTALLING), BootState.LOCAL, "install completed", now)) {
            throw new Refused(409, "host " + host.hostname() + " is " + host.bootState() + ", not INSTALLING");
        }
        audit.recordAs("host:" + host.hostname(), source, "install.completed", "host", host.id(),
                "install complete: host back to LOCAL after " + host.installBoots() + " install boot(s)",
                Map.of("bootState", "INSTALLING"), Map.of("bootState", "LOCAL"));
        metrics.installFinished("completed", host.profile(), host.stateChangedAt());
        if (host.openTicketId() != null) {
            events.installCompleted(host.openTicketId(), host.id());
        }
        return "host " + host.hostname() + " is now LOCAL\n";
    }

    /** The installer's failure callback: INSTALLING -> HELD with the reason it gave. */
    String failed(String hostId, String token, String source, String reason) {
        return counted(metrics::callback, "failed", () -> markFailed(hostId, token, source, reason));
    }

    /** Runs a machine request and counts its outcome: {@code ok}, or "refused" when it was refused. */
    private static String counted(Consumer<String> metric, String ok, Supplier<String> request) {
        try {
            String answer = request.get();
            metric.accept(ok);
            return answer;
        } catch (Refused e) {
            metric.accept("refused");
            throw e;
        }
    }

    private String markFailed(String hostId, String token, String source, String reason) {
        Host authorised = authorised(hostId, token, source, "callback.refused", "failed callback");
        return gate.inTurn(InstallGate.CALLBACK_WAIT, () -> tx.execute(status -> markFailedInTx(hosts.get(authorised.id()), source, reason)));
    }

    private String markFailedInTx(Host host, String source, String reason) {
        String r = reason == null || reason.isBlank() ? "unspecified" : reason.replaceAll("[^A-Za-z0-9 ._:/-]", "_");
        r = r.length() > 200 ? r.substring(0, 200) : r;
        String why = "installer reported failure: " + r;
        if (!hostRows.transition(host.id(), List.of(BootState.INSTALLING), BootState.HELD, why, Instant.now(clock))) {
            throw new Refused(409, "host " + host.hostname() + " is " + host.bootState() + ", not INSTALLING");
        }
        audit.recordAs("host:" + host.hostname(), source, "install.failed", "host", host.id(), "host HELD: " + why,
                Map.of("bootState", "INSTALLING"), Map.of("bootState", "HELD", "reason", why));
        metrics.installFinished("failed", host.profile(), host.stateChangedAt());
        if (host.openTicketId() != null) {
            events.installFailed(host.openTicketId(), host.id(), "callback: " + r);
        }
        return "host " + host.hostname() + " is now HELD\n";
    }

    private Host authorised(String hostId, String token, String source, String action, String what) {
        Optional<BootRecord> rec = hostRows.findBootRecord(hostId);
        if (rec.isEmpty() || !tokens.matches(rec.get().id(), rec.get().tokenVersion(), token)) {
            audit.recordAs(rec.map(r -> "host:" + r.hostname()).orElse("ipxe:unknown"), source, action, "host", safeId(hostId),
                    what + " refused: " + (rec.isEmpty() ? "unknown host" : "wrong token"), null, null);
            throw new Refused(403, "unknown host or wrong token");
        }
        return hosts.get(hostId);
    }

    /**
     * Refuses (409, naming the field) a profile that cannot be installed on the host: variables
     * without a value, or templates that do not render for it. Checked when a ticket is filed and
     * again when the workflow arms the host.
     */
    public void checkArmable(Host host, Profile profile) {
        List<String> unset = ProfileService.unsetVariables(profile);
        if (!unset.isEmpty()) {
            throw new ConflictException("profile", "profile " + profile.name() + " has variables without a value: "
                    + String.join(", ", unset) + "; set them before arming hosts with it");
        }
        List<String> unsetSecrets = ProfileService.unsetSecrets(profile);
        if (!unsetSecrets.isEmpty()) {
            throw new ConflictException("profile", "profile " + profile.name() + " has secrets without a value: "
                    + String.join(", ", unsetSecrets) + "; set them before arming hosts with it");
        }
        try {
            BootUrls urls = urls(host, null);
            renderer.installScript(host, profile, urls, 1);
            renderer.answerFile(host, profile, urls);
        } catch (TemplateEngine.RenderException e) {
            throw new ConflictException("profile", "profile " + profile.name() + " cannot be rendered for host "
                    + host.hostname() + ": " + e.getMessage());
        }
    }

    /**
     * The ticket workflow arms the host (LOCAL or HELD -> ARMED): its next boot installs
     * {@code profileName}, which becomes the host's profile. Runs in the engine's transaction.
     *
     * @throws ConflictException when the profile cannot be installed or the host is not LOCAL/HELD
     */
    public Host armForTicket(String ticketId, String hostId, String profileName) {
        Host host = hosts.get(hostId);
        Profile profile = profiles.get(profileName);
        Instant now = Instant.now(clock);
        if (!host.profile().equals(profile.name())) {
            hostRows.setProfile(hostId, profile.name(), now);
            audit.recordAs(WORKFLOW, null, "host.profile-changed", "host", hostId, "ticket " + ticketId + " installs profile "
                    + profile.name() + " on host " + host.hostname() + " (was " + host.profile() + ")",
                    Map.of("profile", host.profile()), Map.of("profile", profile.name()));
            host = hosts.get(hostId);
        }
        checkArmable(host, profile);
        if (!hostRows.transition(hostId, List.of(BootState.LOCAL, BootState.HELD), BootState.ARMED, "armed by ticket " + ticketId,
                now)) {
            throw new ConflictException("bootState", "host " + host.hostname() + " is " + host.bootState()
                    + "; only a LOCAL or HELD host can be armed");
        }
        audit.recordAs(WORKFLOW, null, "host.armed", "host", hostId, "host " + host.hostname() + " armed for profile "
                + profile.name() + " by ticket " + ticketId, Map.of("bootState", host.bootState().name()),
                Map.of("bootState", "ARMED", "ticket", ticketId));
        return hosts.get(hostId);
    }

    /**
     * The ticket workflow puts the host back to LOCAL from ARMED, HELD or INSTALLING; nothing
     * happens when it is LOCAL already (a ticket cancelled before the host was ever armed).
     *
     * @return whether the boot state changed
     */
    public boolean releaseForTicket(String ticketId, String hostId, String why) {
        Host host = hosts.get(hostId);
        if (!hostRows.transition(hostId, List.of(BootState.ARMED, BootState.HELD, BootState.INSTALLING), BootState.LOCAL,
                "released: " + why, Instant.now(clock))) {
            return false;
        }
        audit.recordAs(WORKFLOW, null, "host.disarmed", "host", hostId, "host " + host.hostname() + " back to LOCAL, ticket "
                + ticketId + ": " + why, Map.of("bootState", host.bootState().name()), Map.of("bootState", "LOCAL"));
        return true;
    }

    /** The ticket workflow holds an installing host (install timeout); no change when it is HELD already. */
    public boolean holdForTicket(String ticketId, String hostId, String why) {
        Host host = hosts.get(hostId);
        String r = why.length() > 480 ? why.substring(0, 477) + "..." : why;
        if (!hostRows.transition(hostId, List.of(BootState.INSTALLING, BootState.ARMED), BootState.HELD, r, Instant.now(clock))) {
            return false;
        }
        audit.recordAs(WORKFLOW, null, "host.held", "host", hostId, "host " + host.hostname() + " HELD, ticket " + ticketId
                + ": " + r, Map.of("bootState", host.bootState().name()), Map.of("bootState", "HELD", "reason", r));
        if (host.bootState() == BootState.INSTALLING) {
            metrics.installFinished("held", host.profile(), host.stateChangedAt());
        }
        return true;
    }

    /**
     * Operator: a new boot token for the host. Every image made before stops working (its
     * boots are answered with a local boot and audited as {@code boot.bad-token}); the host
     * needs its new ISO. Refused while INSTALLING, since the running installer uses the token.
     */
    public Host rotateToken(String hostId, String reason) {
        String why = requireReason(reason);
        return tx.execute(status -> {
            Host host = hosts.get(hostId);
            Instant now = Instant.now(clock);
            if (!hostRows.rotateToken(hostId, now)) {
                throw new ConflictException("bootState", "host " + host.hostname() + " is INSTALLING: its installer uses the"
                        + " current token; wait for the install to finish, or disarm the host first");
            }
            hostRows.recordEdit(hostId, AuditService.currentActor(), now);
            Host after = hosts.get(hostId);
            audit.record("host.token-rotated", "host", hostId, "boot token of host " + host.hostname()
                    + " rotated (images issued before no longer boot into Bootwarden): " + why,
                    Map.of("tokenVersion", host.tokenVersion()), Map.of("tokenVersion", after.tokenVersion()));
            return after;
        });
    }

    /** The client script baked into the host's ISO or USB image. */
    public String clientScript(Host host, BootRenderer.Media media) {
        return renderer.clientScript(host, tokens.tokenFor(host.id(), host.tokenVersion()), publicBases(),
                props.boot().chainTimeout().toMillis(), media);
    }

    /** A profile rendered for a host, with a placeholder token (for the console's preview). */
    public String preview(String profileName, String hostId, String file) {
        Host host = hosts.get(hostId);
        Profile profile = profiles.get(profileName);
        BootUrls urls = new BootUrls(publicBases().get(0), host.id(), "PREVIEW-TOKEN-NOT-VALID-FOR-BOOT");
        try {
            return switch (file) {
                case "script" -> renderer.installScript(host, profile, urls, 1);
                case "answer" -> renderer.answerFile(host, profile, urls);
                default -> throw InvalidRequestException.of("file", "must be 'script' or 'answer'");
            };
        } catch (TemplateEngine.RenderException e) {
            throw new ConflictException("profile", e.getMessage());
        }
    }

    List<String> publicBases() {
        return props.publicUrls().stream().map(u -> strip(u.toString())).toList();
    }

    /** URLs under the base the client used, when that is one of ours; else the first public URL. */
    private BootUrls urls(Host host, String requestBase) {
        List<String> bases = publicBases();
        String base = requestBase != null && bases.contains(strip(requestBase)) ? strip(requestBase) : bases.get(0);
        return new BootUrls(base, host.id(), tokens.tokenFor(host.id(), host.tokenVersion()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw InvalidRequestException.of("reason", "is required: say why (it goes into the audit log)");
        }
        if (reason.length() > 500) {
            throw InvalidRequestException.of("reason", "at most 500 characters");
        }
        return reason.strip();
    }

    private static String safeId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.replaceAll("[^A-Za-z0-9-]", "");
        return s.length() > 36 ? s.substring(0, 36) : s;
    }
}
