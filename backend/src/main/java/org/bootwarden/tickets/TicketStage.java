package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Called by the process model's execution listeners ({@code ${ticketStage.enter(execution,
 * 'BUILDING_ISO')}} and the like) to keep the ticket row's status current at the stages no
 * delegate marks.
 */
@Component("ticketStage")
public class TicketStage {

    private final TicketRepository rows;
    private final AuditService audit;
    private final Clock clock;
    private final TicketMetrics metrics;

    TicketStage(TicketRepository rows, AuditService audit, Clock clock, TicketMetrics metrics) {
        this.metrics = metrics;
        this.rows = rows;
        this.audit = audit;
        this.clock = clock;
    }

    public void enter(DelegateExecution execution, String stage) {
        TicketStatus status = TicketStatus.valueOf(stage);
        String why = switch (status) {
            case BUILDING_ISO -> "approved; waiting for an ISO worker to build the host's new ISO";
            case ISO_BUILD_FAILED -> "ISO build failed: " + execution.getVariable("isoBuildError") + "; an operator must retry or abort";
            case WAITING_FOR_WINDOW -> "approved; the host is armed when the window opens at " + execution.getVariable("windowStart");
            default -> status.name();
        };
        rows.setStatus(TicketWorkflow.ticketId(execution), status, why, Instant.now(clock));
        if (status == TicketStatus.BUILDING_ISO) {
            execution.setVariable(TicketMetrics.BUILD_STARTED_AT, Instant.now(clock).toEpochMilli());
        }
        if (status == TicketStatus.ISO_BUILD_FAILED) {
            metrics.isoBuildFinished("failed", execution.getVariable(TicketMetrics.BUILD_STARTED_AT));
            audit.recordAs(BootService.WORKFLOW, null, "ticket.iso-build-failed", "ticket", TicketWorkflow.ticketId(execution),
                    "ISO build failed: " + execution.getVariable("isoBuildError"), null, null);
        }
    }

    /** The approvers did not decide in time: admins are offered the decision as well. */
    public void escalated(DelegateExecution execution) {
        String ticketId = TicketWorkflow.ticketId(execution);
        rows.setStatus(ticketId, TicketStatus.PENDING_APPROVAL, "not decided within " + execution.getVariable("approvalEscalation")
                + ": offered to admins as well", Instant.now(clock));
        audit.recordAs(BootService.WORKFLOW, null, "ticket.escalated", "ticket", ticketId, "approval of ticket " + ticketId
                + " overdue: escalated to admins", null, null);
    }

    /** The iso-worker delivered the host's new ISO. */
    public void isoBuilt(DelegateExecution execution) {
        String ticketId = TicketWorkflow.ticketId(execution);
        Object artifact = execution.getVariable("isoArtifact");
        metrics.isoBuildFinished("built", execution.getVariable(TicketMetrics.BUILD_STARTED_AT));
        audit.recordAs(BootService.WORKFLOW, null, "ticket.iso-built", "ticket", ticketId, "ISO of host for ticket " + ticketId
                + " built" + (artifact == null ? "" : ": " + artifact), null, artifact == null ? null : Map.of("isoArtifact", artifact));
    }
}
