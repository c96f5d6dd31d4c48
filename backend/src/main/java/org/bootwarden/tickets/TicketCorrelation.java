package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootService;
import org.bootwarden.boot.InstallEvents;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a ticket's workflow what its host did, in the boot endpoint's (or callback's)
 * transaction. Correlation is by business key (the ticket id) and never fails the machine's
 * request: a workflow that is not waiting for the message (it timed out a moment ago, say) is
 * logged and audited, and the host row stays as the boot endpoint left it.
 */
@Component
class TicketCorrelation implements InstallEvents {

    private static final Logger log = LoggerFactory.getLogger(TicketCorrelation.class);

    private final RuntimeService runtime;
    private final TicketRepository rows;
    private final AuditService audit;
    private final Clock clock;

    TicketCorrelation(RuntimeService runtime, TicketRepository rows, AuditService audit, Clock clock) {
        this.runtime = runtime;
        this.rows = rows;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void installerServed(String ticketId, String hostId, Instant at) {
        if (correlate("installerServed", ticketId, Map.of("installBootAt", at.toString()))) {
            rows.setStatus(ticketId, TicketStatus.INSTALLING, "installer served at " + at + "; waiting for the install-complete"
                    + " callback", Instant.now(clock));
        }
    }

    @Override
    public void installCompleted(String ticketId, String hostId) {
        correlate("installCompleted", ticketId, Map.of());
    }

    @Override
    public void installFailed(String ticketId, String hostId, String reason) {
        correlate("installFailed", ticketId, Map.of("failureReason", reason));
    }

    private boolean correlate(String message, String ticketId, Map<String, Object> variables) {
        List<MessageCorrelationResult> hit = runtime.createMessageCorrelation(message).processInstanceBusinessKey(ticketId)
                .setVariables(variables).correlateAllWithResult();
        if (hit.isEmpty()) {
            log.warn("ticket {} was not waiting for message {}", ticketId, message);
            audit.recordAs(BootService.WORKFLOW, null, "ticket.out-of-step", "ticket", ticketId, "ticket " + ticketId
                    + " was not waiting for " + message + " (it may have timed out just before)", null, null);
            return false;
        }
        return true;
    }
}
