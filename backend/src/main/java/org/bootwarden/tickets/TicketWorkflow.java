package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates of the ticket process (workflows/README.md, "Delegates"). Each runs in the
 * engine's transaction, which is the caller's: the host row, the ticket row, the audit record
 * and the process state commit together. They are idempotent where the process may reach them
 * after the boot endpoint or a callback already made the change.
 */
@Configuration(proxyBeanMethods = false)
class TicketWorkflow {

    private final TicketService tickets;
    private final TicketRepository rows;
    private final BootService boot;
    private final AuditService audit;
    private final Clock clock;

    TicketWorkflow(TicketService tickets, TicketRepository rows, BootService boot, AuditService audit, Clock clock) {
        this.tickets = tickets;
        this.rows = rows;
        this.boot = boot;
        this.audit = audit;
        this.clock = clock;
    }

    @Bean
    JavaDelegate armHost() {
        return execution -> {
            String ticketId = ticketId(execution);
            boot.armForTicket(ticketId, hostId(execution), (String) execution.getVariable("profile"));
            Instant until = Instant.now(clock).plus(Duration.parse((String) execution.getVariable("firstBootTimeout")));
            rows.setStatus(ticketId, TicketStatus.ARMED, "armed: waiting for the host's first boot (disarmed if it has not"
                    + " booted by " + until + ")", Instant.now(clock));
        };
    }

    @Bean
    JavaDelegate disarmHost() {
        return execution -> {
            String ticketId = ticketId(execution);
            String reason = (String) execution.getVariable("disarmReason");
            TicketStatus status;
            String why;
            switch (reason) {
                case "cancelled" -> {
                    status = TicketStatus.CANCELLED;
                    why = "cancelled by " + execution.getVariable("cancelledBy") + ": " + execution.getVariable("cancelComment");
                }
                case "aborted" -> {
                    status = TicketStatus.ABORTED;
                    why = "aborted by " + execution.getVariable("actor") + ": " + execution.getVariable("actionComment");
                }
                case "firstBootExpired" -> {
                    status = TicketStatus.EXPIRED;
                    why = "the host did not boot within " + execution.getVariable("firstBootTimeout") + " of being armed";
                }
                default -> throw new IllegalArgumentException("unknown disarmReason " + reason);
            }
            boot.releaseForTicket(ticketId, hostId(execution), why);
            close(execution, status, why);
        };
    }

    @Bean
    JavaDelegate holdHost() {
        return execution -> {
            String ticketId = ticketId(execution);
            Object failure = execution.getVariable("failureReason");
            String why = failure != null ? "install failed: " + failure
                    : "no install-complete callback within " + execution.getVariable("installTimeout") + " of the first boot";
            boot.holdForTicket(ticketId, hostId(execution), why);
            rows.setStatus(ticketId, TicketStatus.HELD, why + "; an operator must retry or abort", Instant.now(clock));
            audit.recordAs(BootService.WORKFLOW, null, "ticket.held", "ticket", ticketId, "ticket " + ticketId + " HELD: " + why,
                    null, Map.of("status", "HELD"));
        };
    }

    @Bean
    JavaDelegate markLocal() {
        return execution -> {
            boot.releaseForTicket(ticketId(execution), hostId(execution), "install completed");
            close(execution, TicketStatus.COMPLETED, "installed; the host boots its local disk again");
        };
    }

    @Bean
    JavaDelegate recordRejection() {
        return execution -> close(execution, TicketStatus.REJECTED, "rejected by " + execution.getVariable("actor") + ": "
                + execution.getVariable("approvalComment"));
    }

    @Bean
    JavaDelegate ticketExpired() {
        return execution -> close(execution, TicketStatus.EXPIRED, "nobody approved or rejected it within "
                + execution.getVariable("approvalExpiry"));
    }

    private void close(DelegateExecution execution, TicketStatus status, String why) {
        String ticketId = ticketId(execution);
        tickets.closeTicket(ticketId, hostId(execution), status, why);
        audit.recordAs(BootService.WORKFLOW, null, "ticket.closed", "ticket", ticketId, "ticket " + ticketId + " "
                + status + ": " + why, null, Map.of("status", status.name()));
    }

    static String ticketId(DelegateExecution execution) {
        return (String) execution.getVariable("ticketId");
    }

    static String hostId(DelegateExecution execution) {
        return (String) execution.getVariable("hostId");
    }
}
