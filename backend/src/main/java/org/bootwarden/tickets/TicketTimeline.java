package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.bootwarden.audit.AuditService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Comment;
import org.springframework.stereotype.Component;

/**
 * A ticket's story in one list: Bootwarden's audit log (who decided what, from where, what the
 * host did) merged with the engine's history (which steps of the workflow ran, when, who
 * completed the human tasks, their comments), oldest first.
 */
@Component
class TicketTimeline {

    /** Steps worth showing; gateways, sub-process shells and the like are left out. */
    private static final Set<String> SHOWN = Set.of("startEvent", "messageStartEvent", "userTask", "serviceTask", "receiveTask",
            "intermediateTimer", "boundaryTimer", "boundaryMessage", "boundaryError", "intermediateMessageCatch", "noneEndEvent");

    private final AuditService audit;
    private final HistoryService history;
    private final TaskService engineTasks;
    private final Clock clock;

    TicketTimeline(AuditService audit, HistoryService history, TaskService engineTasks, Clock clock) {
        this.audit = audit;
        this.history = history;
        this.engineTasks = engineTasks;
        this.clock = clock;
    }

    List<TimelineEntry> of(Ticket ticket) {
        List<TimelineEntry> entries = new ArrayList<>();
        Instant to = ticket.closedAt() != null ? ticket.closedAt().plusSeconds(5) : Instant.now(clock);
        audit.forTicket(ticket.id(), ticket.hostId(), ticket.createdAt(), to).forEach(e -> entries.add(
                new TimelineEntry(e.occurredAt(), "audit", e.actor(), e.sourceAddress(), e.action(), e.summary())));
        if (ticket.processInstanceId() != null) {
            for (HistoricActivityInstance a : history.createHistoricActivityInstanceQuery()
                    .processInstanceId(ticket.processInstanceId()).orderByHistoricActivityInstanceStartTime().asc().list()) {
                if (SHOWN.contains(a.getActivityType())) {
                    entries.add(step(a));
                }
            }
            for (Comment c : engineTasks.getProcessInstanceComments(ticket.processInstanceId())) {
                entries.add(new TimelineEntry(c.getTime().toInstant(), "workflow", c.getUserId(), null, "workflow.comment",
                        c.getFullMessage()));
            }
        }
        entries.sort(Comparator.comparing(TimelineEntry::at));
        return entries;
    }

    private static TimelineEntry step(HistoricActivityInstance a) {
        String name = a.getActivityName() == null ? a.getActivityId() : a.getActivityName();
        String state;
        if (a.getEndTime() == null) {
            state = a.getActivityType().equals("userTask") ? "open" + (a.getAssignee() == null ? "" : ", claimed by " + a.getAssignee())
                    : "waiting";
        } else if (a.isCanceled()) {
            state = "interrupted at " + a.getEndTime().toInstant();
        } else {
            state = a.getActivityType().equals("userTask") ? "completed by " + a.getAssignee() + " at " + a.getEndTime().toInstant()
                    : "done at " + a.getEndTime().toInstant();
        }
        return new TimelineEntry(a.getStartTime().toInstant(), "workflow", a.getActivityType().equals("userTask") ? a.getAssignee()
                : "workflow", null, "workflow." + a.getActivityType(), name + " (" + a.getActivityId() + "): " + state);
    }
}
