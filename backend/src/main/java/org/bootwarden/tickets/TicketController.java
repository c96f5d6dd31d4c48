package org.bootwarden.tickets;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.bootwarden.hosts.Host;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tickets, their human tasks, and the operator's emergency arm and disarm of a host. */
@RestController
class TicketController {

    /** A ticket with its open tasks and its merged timeline. */
    record TicketDetail(Ticket ticket, List<TaskView> tasks, List<TimelineEntry> timeline) {
    }

    /** Body of cancel. */
    record CommentRequest(String comment) {
    }

    /** Body of arm/disarm. */
    record ReasonRequest(String reason) {
    }

    private final TicketService tickets;
    private final TicketTasks tasks;
    private final TicketTimeline timeline;
    private final TicketDiagram diagram;

    TicketController(TicketService tickets, TicketTasks tasks, TicketTimeline timeline, TicketDiagram diagram) {
        this.tickets = tickets;
        this.tasks = tasks;
        this.timeline = timeline;
        this.diagram = diagram;
    }

    @PostMapping("/api/tickets")
    ResponseEntity<Ticket> submit(@RequestBody(required = false) TicketRequest body) {
        Ticket t = tickets.submit(body);
        return ResponseEntity.created(URI.create("/api/tickets/" + t.id())).body(t);
    }

    @GetMapping("/api/tickets")
    Page<Ticket> list(@RequestParam(required = false) Boolean mine, @RequestParam(required = false) String requester,
            @RequestParam(required = false) String status, @RequestParam(required = false) Boolean open,
            @RequestParam(required = false) String hostId, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw InvalidRequestException.of("size", "page must be >= 0 and size between 1 and 500");
        }
        String who = Boolean.TRUE.equals(mine) ? Caller.current().name() : requester;
        return tickets.search(new TicketQuery(who, statuses(status), open, hostId, q, page, size));
    }

    @GetMapping("/api/tickets/{id}")
    TicketDetail get(@PathVariable String id) {
        Ticket t = tickets.get(id);
        List<TaskView> open = t.open() && t.processInstanceId() != null ? tasks.ofTicket(t) : List.of();
        return new TicketDetail(t, open, timeline.of(t));
    }

    /** The ticket's process model (BPMN XML of the version it runs on) and where it stands, for a read-only diagram. */
    @GetMapping("/api/tickets/{id}/diagram")
    TicketDiagram.Diagram diagram(@PathVariable String id) {
        return diagram.of(tickets.get(id));
    }

    @PostMapping("/api/tickets/{id}/cancel")
    Ticket cancel(@PathVariable String id, @RequestBody(required = false) CommentRequest body) {
        return tickets.cancel(id, body == null ? null : body.comment());
    }

    @GetMapping("/api/tasks")
    Page<TaskView> tasks(@RequestParam(defaultValue = "group") String scope, @RequestParam(required = false) String ticket,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw InvalidRequestException.of("size", "page must be >= 0 and size between 1 and 500");
        }
        return tasks.list(scope, ticket, page, size);
    }

    @GetMapping("/api/tasks/{id}")
    TaskView task(@PathVariable String id) {
        return tasks.get(id);
    }

    @PostMapping("/api/tasks/{id}/claim")
    TaskView claim(@PathVariable String id) {
        return tasks.claim(id);
    }

    @PostMapping("/api/tasks/{id}/unclaim")
    TaskView unclaim(@PathVariable String id) {
        return tasks.unclaim(id);
    }

    @PostMapping("/api/tasks/{id}/complete")
    Ticket complete(@PathVariable String id, @RequestBody(required = false) TicketTasks.Completion body) {
        return tasks.complete(id, body);
    }

    /** Emergency arm: the host's next boot installs at once, no approval; still a ticket, audited as an emergency. */
    @PostMapping("/api/hosts/{id}/arm")
    Host arm(@PathVariable String id, @RequestBody(required = false) ReasonRequest body) {
        Ticket t = tickets.emergencyArm(id, body == null ? null : body.reason());
        return tickets.host(t.hostId());
    }

    /** Back to LOCAL whatever the host's ticket is doing: cancelled if still possible, else aborted. */
    @PostMapping("/api/hosts/{id}/disarm")
    Host disarm(@PathVariable String id, @RequestBody(required = false) ReasonRequest body) {
        return tickets.disarm(id, body == null ? null : body.reason());
    }

    private static List<TicketStatus> statuses(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(csv.split(",")).map(s -> TicketStatus.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("status", "comma-separated list of " + Arrays.toString(TicketStatus.values()));
        }
    }
}
