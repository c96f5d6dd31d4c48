package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bootwarden.audit.AuditService;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.security.Role;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.ForbiddenException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.Page;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The task list: the ticket process's human tasks, worked through the API only. The rules are
 * enforced here, before the engine is called: the caller's roles must match the task's group,
 * the requester never decides the approval of their own ticket (four-eyes), nor does the host
 * record's last editor while {@code bootwarden.tickets.approver-not-last-editor} is on
 * ({@link TaskRules}), a task claimed by
 * someone else is theirs, every decision needs a comment and a known outcome. Every claim,
 * unclaim and decision is audited with actor, time, source address and comment; the engine's
 * history (level full) records the same with the comment attached to the task.
 */
@Service
class TicketTasks {

    /** Body of complete. */
    record Completion(String outcome, String comment) {
    }

    private final TaskService engineTasks;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final TicketRepository tickets;
    private final AuditService audit;
    private final Clock clock;
    private final TicketMetrics metrics;
    private final HostRepository hosts;
    private final boolean approverNotLastEditor;

    TicketTasks(TaskService engineTasks, RuntimeService runtime, IdentityService identity, TicketRepository tickets,
            AuditService audit, Clock clock, TicketMetrics metrics, HostRepository hosts, BootwardenProperties props) {
        this.metrics = metrics;
        this.hosts = hosts;
        this.approverNotLastEditor = props.tickets().approverNotLastEditor();
        this.engineTasks = engineTasks;
        this.runtime = runtime;
        this.identity = identity;
        this.tickets = tickets;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Tasks of the caller's groups ({@code scope=group}, claimed or not), or only those claimed
     * by the caller ({@code scope=mine}); oldest first.
     */
    @Transactional(readOnly = true)
    Page<TaskView> list(String scope, String ticketId, int page, int size) {
        Caller caller = Caller.current();
        TaskQuery q = engineTasks.createTaskQuery().processDefinitionKey(TicketService.PROCESS);
        switch (scope == null ? "group" : scope) {
            case "mine" -> q.taskAssignee(caller.name());
            case "group" -> {
                List<String> groups = TaskKind.groupsOf(caller);
                if (groups.isEmpty()) {
                    return Page.of(List.of(), page, size, 0);
                }
                q.taskCandidateGroupIn(groups).includeAssignedTasks();
            }
            default -> throw InvalidRequestException.of("scope", "must be 'group' or 'mine'");
        }
        if (ticketId != null && !ticketId.isBlank()) {
            q.processInstanceBusinessKey(ticketId.trim());
        }
        long total = q.count();
        List<Task> found = q.orderByTaskCreateTime().asc().orderByTaskId().asc().listPage(page * size, size);
        Map<String, Ticket> byProcess = tickets.findByProcessInstances(found.stream().map(Task::getProcessInstanceId).distinct().toList())
                .stream().collect(Collectors.toMap(Ticket::processInstanceId, Function.identity()));
        List<TaskView> items = found.stream().filter(t -> byProcess.containsKey(t.getProcessInstanceId()))
                .map(t -> view(t, byProcess.get(t.getProcessInstanceId()), caller)).toList();
        return Page.of(items, page, size, total);
    }

    /** The open tasks of one ticket, as the caller sees them (any reader may look). */
    @Transactional(readOnly = true)
    List<TaskView> ofTicket(Ticket ticket) {
        Caller caller = Caller.current();
        return engineTasks.createTaskQuery().processInstanceId(ticket.processInstanceId()).orderByTaskCreateTime().asc().list()
                .stream().filter(t -> TaskKind.of(t.getTaskDefinitionKey()).isPresent()).map(t -> view(t, ticket, caller)).toList();
    }

    @Transactional(readOnly = true)
    TaskView get(String taskId) {
        Task task = task(taskId);
        return view(task, ticketOf(task), Caller.current());
    }

    @Transactional
    TaskView claim(String taskId) {
        Caller caller = Caller.current();
        Task task = task(taskId);
        Ticket ticket = ticketOf(task);
        TaskKind kind = kind(task);
        String refusal = refusal(kind, task, ticket, caller);
        if (refusal != null) {
            throw new ForbiddenException(refusal);
        }
        if (task.getAssignee() != null && !task.getAssignee().equals(caller.name())) {
            throw new ConflictException("assignee", "task '" + task.getName() + "' is claimed by " + task.getAssignee());
        }
        if (task.getAssignee() == null) {
            asUser(caller, () -> engineTasks.claim(taskId, caller.name()));
            audit.record("task.claimed", "ticket", ticket.id(), caller.name() + " claimed '" + task.getName() + "' of ticket "
                    + ticket.id(), null, Map.of("task", kind.activityId, "assignee", caller.name()));
        }
        return get(taskId);
    }

    @Transactional
    TaskView unclaim(String taskId) {
        Caller caller = Caller.current();
        Task task = task(taskId);
        Ticket ticket = ticketOf(task);
        if (task.getAssignee() == null) {
            return view(task, ticket, caller);
        }
        if (!task.getAssignee().equals(caller.name()) && !caller.has(Role.ADMIN)) {
            throw new ForbiddenException("task '" + task.getName() + "' is claimed by " + task.getAssignee()
                    + "; only they or an admin can release it");
        }
        String was = task.getAssignee();
        asUser(caller, () -> engineTasks.setAssignee(taskId, null));
        audit.record("task.unclaimed", "ticket", ticket.id(), caller.name() + " released '" + task.getName() + "' of ticket "
                + ticket.id() + " (was claimed by " + was + ")", Map.of("assignee", was), null);
        return get(taskId);
    }

    /** Decides the task; returns the ticket as the workflow left it. */
    @Transactional
    Ticket complete(String taskId, Completion body) {
        Caller caller = Caller.current();
        Task task = task(taskId);
        Ticket ticket = ticketOf(task);
        TaskKind kind = kind(task);
        String refusal = refusal(kind, task, ticket, caller);
        if (refusal != null) {
            throw new ForbiddenException(refusal);
        }
        if (task.getAssignee() != null && !task.getAssignee().equals(caller.name())) {
            throw new ConflictException("assignee", "task '" + task.getName() + "' is claimed by " + task.getAssignee()
                    + "; ask them (or an admin) to release it first");
        }
        String outcome = body == null || body.outcome() == null ? null : body.outcome().trim();
        if (outcome == null || !kind.outcomes.contains(outcome)) {
            throw InvalidRequestException.of("outcome", "must be one of " + String.join(", ", kind.outcomes));
        }
        String comment = TicketService.comment(body.comment());
        Map<String, Object> vars = new HashMap<>();
        vars.put("actor", caller.name());
        vars.put("actionComment", comment);
        String action;
        switch (kind) {
            case APPROVE, DECIDE_ESCALATED -> {
                boolean approved = outcome.equals("approve");
                vars.put("approved", approved);
                vars.put("approvalComment", comment);
                tickets.decided(ticket.id(), caller.name(), comment, Instant.now(clock));
                action = approved ? "ticket.approved" : "ticket.rejected";
            }
            case FIX_ISO_BUILD -> {
                vars.put("isoAction", outcome);
                action = "ticket.iso-" + outcome;
            }
            case INVESTIGATE_FAILED_INSTALL -> {
                vars.put("installAction", outcome);
                action = "ticket.install-" + outcome;
            }
            default -> throw new IllegalStateException(kind.name());
        }
        audit.record(action, "ticket", ticket.id(), caller.name() + " decided '" + task.getName() + "' of ticket " + ticket.id()
                + ": " + outcome + " (" + comment + ")", Map.of("status", ticket.status().name()),
                Map.of("task", kind.activityId, "outcome", outcome, "comment", comment));
        asUser(caller, () -> {
            if (task.getAssignee() == null) {
                engineTasks.claim(taskId, caller.name());
            }
            engineTasks.createComment(taskId, task.getProcessInstanceId(), outcome + ": " + comment);
            engineTasks.complete(taskId, vars);
        });
        metrics.taskCompleted(kind, outcome, task.getCreateTime() == null ? null : task.getCreateTime().toInstant());
        return tickets.find(ticket.id()).orElseThrow();
    }

    private TaskView view(Task task, Ticket ticket, Caller caller) {
        TaskKind kind = kind(task);
        String refusal = refusal(kind, task, ticket, caller);
        if (refusal == null && task.getAssignee() != null && !task.getAssignee().equals(caller.name())) {
            refusal = "claimed by " + task.getAssignee();
        }
        String details = switch (kind) {
            case FIX_ISO_BUILD -> variable(task, "isoBuildError");
            case INVESTIGATE_FAILED_INSTALL -> ticket.statusReason();
            default -> ticket.reason();
        };
        return new TaskView(task.getId(), kind.activityId, task.getName(), kind.group, task.getAssignee(),
                task.getCreateTime() == null ? null : task.getCreateTime().toInstant(), kind.outcomes, details, refusal == null,
                refusal, ticket);
    }

    /** Why the caller may not work this task at all (roles, four-eyes, separation of duties); null when they may. */
    private String refusal(TaskKind kind, Task task, Ticket ticket, Caller caller) {
        return TaskRules.refusal(kind, task.getName(), ticket, caller,
                kind.approval && approverNotLastEditor ? hosts.lastEdit(ticket.hostId()) : Optional.empty(),
                approverNotLastEditor);
    }

    private String variable(Task task, String name) {
        Object v = runtime.getVariable(task.getExecutionId(), name);
        return v == null ? null : v.toString();
    }

    private Task task(String taskId) {
        Task task = engineTasks.createTaskQuery().taskId(taskId).processDefinitionKey(TicketService.PROCESS).singleResult();
        if (task == null) {
            throw new NotFoundException("no open task with id '" + taskId + "' (it may have been completed meanwhile)");
        }
        return task;
    }

    private TaskKind kind(Task task) {
        return TaskKind.of(task.getTaskDefinitionKey()).orElseThrow(() -> new ConflictException(null,
                "task " + task.getId() + " (" + task.getTaskDefinitionKey() + ") is not a task Bootwarden knows"));
    }

    private Ticket ticketOf(Task task) {
        return tickets.findByProcessInstances(List.of(task.getProcessInstanceId())).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("task " + task.getId() + " belongs to no ticket"));
    }

    private void asUser(Caller caller, Runnable engineCall) {
        identity.setAuthenticatedUserId(caller.name());
        try {
            engineCall.run();
        } finally {
            identity.clearAuthentication();
        }
    }
}
