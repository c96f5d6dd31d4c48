package org.bootwarden.tickets;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootService;
import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.hosts.HostService;
import org.bootwarden.isobuild.IsoService;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileService;
import org.bootwarden.security.Role;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.ForbiddenException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.Page;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Filing, cancelling and reading tickets. Every ticket is one {@code provisionHost} process
 * instance (business key = ticket id) started in the same transaction as the ticket row and the
 * host's open-ticket mark, so a ticket exists with its workflow or not at all.
 */
@Service
public class TicketService {

    static final String PROCESS = "provisionHost";
    private static final char[] ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TicketRepository tickets;
    private final HostService hosts;
    private final HostRepository hostRows;
    private final ProfileService profiles;
    private final BootService boot;
    private final IsoService isos;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final AuditService audit;
    private final BootwardenProperties props;
    private final Clock clock;

    TicketService(TicketRepository tickets, HostService hosts, HostRepository hostRows, ProfileService profiles, BootService boot,
            IsoService isos, RuntimeService runtime, IdentityService identity, AuditService audit, BootwardenProperties props,
            Clock clock) {
        this.tickets = tickets;
        this.hosts = hosts;
        this.hostRows = hostRows;
        this.profiles = profiles;
        this.boot = boot;
        this.isos = isos;
        this.runtime = runtime;
        this.identity = identity;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    /** A requester asks for a host to be (re)installed; the ticket waits for someone else's approval. */
    @Transactional
    public Ticket submit(TicketRequest request) {
        Caller caller = Caller.current();
        List<FieldProblem> problems = new ArrayList<>();
        String hostId = required(request == null ? null : request.hostId(), "hostId", problems);
        String reason = reason(request == null ? null : request.reason(), problems);
        Instant window = window(request == null ? null : request.windowStart(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Host host = hostOrInvalid(hostId);
        String profileName = request.profile() == null || request.profile().isBlank() ? host.profile() : request.profile().trim();
        Profile profile = profileOrInvalid(profileName);
        Ticket ticket = open(host, profile, host.lastInstallAt() == null ? TicketKind.PROVISION : TicketKind.REIMAGE, reason,
                window, caller, !isos.hasCurrentIso(host));
        audit.record("ticket.submitted", "ticket", ticket.id(), caller.name() + " requested " + describe(ticket) + ": " + reason,
                null, ticket);
        start(ticket, false);
        return get(ticket.id());
    }

    /**
     * An operator arms the host at once, without approval. It is still a ticket (kind
     * EMERGENCY) with the same workflow from the arming on, and audited as an emergency. No
     * ISO build is waited for: the host boots the image it has (or the operator downloads one).
     */
    @Transactional
    public Ticket emergencyArm(String hostId, String reason) {
        Caller caller = Caller.current();
        List<FieldProblem> problems = new ArrayList<>();
        String why = reason(reason, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Host host = hosts.get(hostId);
        Profile profile = profiles.get(host.profile());
        Ticket ticket = open(host, profile, TicketKind.EMERGENCY, why, null, caller, false);
        audit.record("ticket.emergency-arm", "ticket", ticket.id(), caller.name() + " armed host " + host.hostname()
                + " directly (emergency, no approval) for profile " + profile.name() + ": " + why, null, ticket);
        start(ticket, true);
        return get(ticket.id());
    }

    private Ticket open(Host host, Profile profile, TicketKind kind, String reason, Instant window, Caller caller, boolean needsIso) {
        if (host.openTicketId() != null) {
            throw new ConflictException("hostId", "host " + host.hostname() + " already has open ticket " + host.openTicketId()
                    + "; finish or cancel it first");
        }
        if (host.bootState() == BootState.ARMED || host.bootState() == BootState.INSTALLING) {
            throw new ConflictException("hostId", "host " + host.hostname() + " is " + host.bootState()
                    + " without a ticket; disarm it first");
        }
        boot.checkArmable(host, profile);
        Instant now = Instant.now(clock);
        String id = newId();
        if (!hostRows.openTicket(host.id(), id)) {
            throw new ConflictException("hostId", "host " + host.hostname() + " got another open ticket meanwhile; reload");
        }
        TicketStatus first = kind == TicketKind.EMERGENCY ? TicketStatus.ARMED : TicketStatus.PENDING_APPROVAL;
        Ticket ticket = new Ticket(id, kind, host.id(), host.hostname(), profile.name(), reason, caller.name(), window, needsIso,
                first, kind == TicketKind.EMERGENCY ? "emergency arm by " + caller.name() : "waiting for an approver",
                null, null, null, now, now, null, null);
        tickets.insert(ticket);
        return ticket;
    }

    private void start(Ticket ticket, boolean emergency) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("ticketId", ticket.id());
        vars.put("hostId", ticket.hostId());
        vars.put("requester", ticket.requester());
        vars.put("profile", ticket.profile());
        vars.put("reason", ticket.reason());
        vars.put("needsIso", ticket.needsIso());
        vars.put("windowStart", ticket.windowStart() == null ? null : ticket.windowStart().toString());
        BootwardenProperties.Tickets t = props.tickets();
        vars.put("approvalEscalation", t.approvalEscalation().toString());
        vars.put("approvalExpiry", t.approvalExpiry().toString());
        vars.put("firstBootTimeout", t.firstBootTimeout().toString());
        vars.put("installTimeout", t.installTimeout().toString());
        identity.setAuthenticatedUserId(ticket.requester());
        try {
            ProcessInstance pi = emergency
                    ? runtime.startProcessInstanceByMessage("emergencyArm", ticket.id(), vars)
                    : runtime.startProcessInstanceByKey(PROCESS, ticket.id(), vars);
            tickets.setProcessInstance(ticket.id(), pi.getId());
        } finally {
            identity.clearAuthentication();
        }
    }

    /**
     * The requester (or an operator or admin) withdraws a ticket before the host's first boot;
     * the host goes back to LOCAL if it was armed. After the first boot it is too late: 409.
     */
    @Transactional
    public Ticket cancel(String id, String comment) {
        Caller caller = Caller.current();
        Ticket ticket = get(id);
        if (!caller.name().equals(ticket.requester()) && !caller.has(Role.OPERATOR) && !caller.has(Role.ADMIN)) {
            throw new ForbiddenException("only the requester (" + ticket.requester() + "), an operator or an admin may cancel "
                    + "ticket " + id);
        }
        String why = comment(comment);
        if (!ticket.open()) {
            throw new ConflictException("status", "ticket " + id + " is already " + ticket.status());
        }
        audit.record("ticket.cancelled", "ticket", id, caller.name() + " cancelled ticket " + id + ": " + why,
                Map.of("status", ticket.status().name()), Map.of("status", "CANCELLED"));
        identity.setAuthenticatedUserId(caller.name());
        try {
            List<MessageCorrelationResult> hit = runtime.createMessageCorrelation("cancelRequested").processInstanceBusinessKey(id)
                    .setVariable("cancelledBy", caller.name()).setVariable("cancelComment", why).correlateAllWithResult();
            if (hit.isEmpty()) {
                throw new ConflictException("status", "ticket " + id + " is " + ticket.status() + ": too late to cancel (the host"
                        + " has booted its installer); an operator can abort it from the failed-install task, or disarm the host");
            }
        } finally {
            identity.clearAuthentication();
        }
        return get(id);
    }

    /**
     * An operator takes the host back to LOCAL whatever its ticket is doing (disarm): a ticket
     * that can still be cancelled is cancelled; otherwise its workflow is ended and the ticket
     * ABORTED. A host without a ticket (armed before tickets existed) is simply released.
     */
    @Transactional
    public Host disarm(String hostId, String reason) {
        Caller caller = Caller.current();
        List<FieldProblem> problems = new ArrayList<>();
        String why = reason(reason, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Host host = hosts.get(hostId);
        String ticketId = host.openTicketId();
        if (ticketId == null) {
            if (!boot.releaseForTicket("(none)", hostId, "disarmed by " + caller.name() + ": " + why)) {
                throw new ConflictException("bootState", "host " + host.hostname() + " is " + host.bootState()
                        + " and has no open ticket; nothing to disarm");
            }
            return hosts.get(hostId);
        }
        Ticket ticket = get(ticketId);
        audit.record("ticket.disarmed", "ticket", ticketId, caller.name() + " disarmed host " + host.hostname() + " (ticket "
                + ticketId + " " + ticket.status() + "): " + why, Map.of("status", ticket.status().name()), null);
        identity.setAuthenticatedUserId(caller.name());
        try {
            List<MessageCorrelationResult> hit = runtime.createMessageCorrelation("cancelRequested")
                    .processInstanceBusinessKey(ticketId).setVariable("cancelledBy", caller.name())
                    .setVariable("cancelComment", why).correlateAllWithResult();
            if (hit.isEmpty()) {
                if (ticket.processInstanceId() != null
                        && runtime.createProcessInstanceQuery().processInstanceId(ticket.processInstanceId()).count() > 0) {
                    runtime.deleteProcessInstance(ticket.processInstanceId(), "disarmed by " + caller.name() + ": " + why);
                }
                boot.releaseForTicket(ticketId, hostId, "disarmed by " + caller.name() + ": " + why);
                closeTicket(ticketId, hostId, TicketStatus.ABORTED, "disarmed by " + caller.name() + ": " + why);
            }
        } finally {
            identity.clearAuthentication();
        }
        return hosts.get(hostId);
    }

    /** Ends a ticket and frees its host for the next one. Used by the workflow's delegates too. */
    void closeTicket(String ticketId, String hostId, TicketStatus status, String reason) {
        tickets.close(ticketId, status, reason, Instant.now(clock));
        hostRows.closeTicket(hostId, ticketId);
    }

    Host host(String id) {
        return hosts.get(id);
    }

    public Ticket get(String id) {
        return tickets.find(id).orElseThrow(() -> new NotFoundException("no ticket with id '" + id + "'"));
    }

    Page<Ticket> search(TicketQuery q) {
        return tickets.search(q);
    }

    static String describe(Ticket t) {
        return switch (t.kind()) {
            case PROVISION -> "first install of host " + t.hostname() + " with profile " + t.profile();
            case REIMAGE -> "reinstall of host " + t.hostname() + " with profile " + t.profile();
            case EMERGENCY -> "emergency arm of host " + t.hostname() + " with profile " + t.profile();
        } + (t.windowStart() == null ? "" : ", not before " + t.windowStart());
    }

    private Host hostOrInvalid(String hostId) {
        try {
            return hosts.get(hostId);
        } catch (NotFoundException e) {
            throw InvalidRequestException.of("hostId", "no host with id " + hostId);
        }
    }

    private Profile profileOrInvalid(String name) {
        try {
            return profiles.get(name);
        } catch (NotFoundException e) {
            throw InvalidRequestException.of("profile", "no profile named " + name);
        }
    }

    private static String required(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        return value.trim();
    }

    private static String reason(String value, List<FieldProblem> problems) {
        String r = required(value, "reason", problems);
        if (r != null && r.length() > 500) {
            problems.add(new FieldProblem("reason", "at most 500 characters"));
        }
        return r;
    }

    static String comment(String value) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.of("comment", "is required: say why (it goes into the audit log)");
        }
        if (value.length() > 1000) {
            throw InvalidRequestException.of("comment", "at most 1000 characters");
        }
        return value.strip();
    }

    private Instant window(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant w = OffsetDateTime.parse(value.trim()).toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (w.isAfter(Instant.now(clock).plus(366, ChronoUnit.DAYS))) {
                problems.add(new FieldProblem("windowStart", "must be within a year from now"));
            }
            return w;
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("windowStart", "must be an ISO-8601 time with offset, e.g. 2030-01-01T06:00:00Z"));
            return null;
        }
    }

    private static String newId() {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return "T-" + new String(id);
    }
}
