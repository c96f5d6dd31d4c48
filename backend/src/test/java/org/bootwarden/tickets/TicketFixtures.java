package org.bootwarden.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

/** Users in each role and the steps of a ticket, through the API as people and machines use it. */
abstract class TicketFixtures extends IntegrationTest {

    static final String PASSWORD = "ticket-it-password";
    private static volatile boolean usersCreated;

    @Autowired
    ManagementService management;

    @Autowired
    ExternalTaskService externalTasks;

    @Autowired
    RuntimeService runtime;

    @org.junit.jupiter.api.BeforeEach
    void users() {
        synchronized (TicketFixtures.class) {
            if (!usersCreated) {
                createUser("alice", PASSWORD, "REQUESTER");
                createUser("dave", PASSWORD, "REQUESTER");
                createUser("bob", PASSWORD, "APPROVER");
                createUser("carol", PASSWORD, "REQUESTER,APPROVER");
                createUser("olga", PASSWORD, "OPERATOR");
                createUser("audrey", PASSWORD, "AUDITOR");
                createUser("ada", PASSWORD, "ADMIN");
                createUser("eddie", PASSWORD, "EDITOR,APPROVER");
                createUser("opal", PASSWORD, "OPERATOR,APPROVER");
                usersCreated = true;
            }
        }
    }

    Http user(String name) {
        return as(name, PASSWORD);
    }

    /** A host on an armable profile whose ISO has been downloaded, so tickets need no ISO build. */
    String hostWithIso(int maxInstallBoots) {
        String id = createHost(newHost(createArmableProfile(maxInstallBoots)));
        admin().get("/api/hosts/" + id + "/iso").expect(200);
        return id;
    }

    JsonNode submit(String requester, String hostId) {
        return submit(requester, hostId, null);
    }

    JsonNode submit(String requester, String hostId, String windowStart) {
        Map<String, Object> body = new HashMap<>(Map.of("hostId", hostId, "reason", "reimage for test " + next()));
        if (windowStart != null) {
            body.put("windowStart", windowStart);
        }
        return user(requester).post("/api/tickets", body).expect(201).json();
    }

    JsonNode ticket(String id) {
        return admin().get("/api/tickets/" + id).expect(200).json();
    }

    String status(String ticketId) {
        return ticket(ticketId).path("ticket").path("status").asText();
    }

    /** The one open task of the ticket with this key, as {@code user} sees it in their group list. */
    JsonNode task(String user, String ticketId, String key) {
        JsonNode page = user(user).get("/api/tasks?ticket=" + ticketId).expect(200).json();
        for (JsonNode t : page.path("items")) {
            if (t.path("key").asText().equals(key)) {
                return t;
            }
        }
        throw new AssertionError("no task " + key + " of ticket " + ticketId + " for " + user + ": " + page);
    }

    Http.Response decide(String user, String taskId, String outcome, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("outcome", outcome);
        body.put("comment", comment);
        return user(user).post("/api/tasks/" + taskId + "/complete", body);
    }

    /** Submitted by alice, approved by bob: the host is ARMED. */
    String approvedTicket(String hostId) {
        String ticketId = submit("alice", hostId).path("id").asText();
        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "go ahead").expect(200);
        return ticketId;
    }

    String bootState(String hostId) {
        return host(hostId).path("bootState").asText();
    }

    /** Runs the ticket's timer job now, as the job executor would when it is due. */
    void fireTimer(String ticketId, String activityId) {
        String pi = processInstance(ticketId);
        Job job = management.createJobQuery().processInstanceId(pi).activityId(activityId).singleResult();
        assertThat(job).as("timer %s of ticket %s", activityId, ticketId).isNotNull();
        management.executeJob(job.getId());
    }

    String processInstance(String ticketId) {
        return jdbc.sql("select process_instance_id from ticket where id = ?").param(ticketId).query(String.class).single();
    }

    /** Locks the ticket's ISO build as the iso-worker would. */
    LockedExternalTask lockIsoBuild(String ticketId) {
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, "ticket-it-worker").topic("bootwarden-iso-build", 60_000L)
                .businessKey(ticketId).execute();
        assertThat(locked).as("ISO build task of ticket %s", ticketId).hasSize(1);
        return locked.get(0);
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    List<String> timelineActions(String ticketId) {
        return ticket(ticketId).path("timeline").findValuesAsText("action");
    }
}
