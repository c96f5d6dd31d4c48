package org.bootwarden.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The ticket lifecycle through the REST API, with users in different roles and real boots and callbacks. */
class TicketApiIT extends TicketFixtures {

    @Test
    void shouldTakeAnApprovedReimageFromRequestToLocalBoot() {
        String hostId = hostWithIso(3);
        JsonNode submitted = submit("alice", hostId);
        String ticketId = submitted.path("id").asText();
        assertThat(ticketId).matches("T-[2-9A-Z]{8}");
        assertThat(submitted.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(submitted.path("kind").asText()).isEqualTo("PROVISION");
        assertThat(submitted.path("requester").asText()).isEqualTo("alice");
        assertThat(submitted.path("needsIso").asBoolean()).isFalse();
        assertThat(host(hostId).path("openTicketId").asText()).isEqualTo(ticketId);
        assertThat(bootState(hostId)).isEqualTo("LOCAL");

        JsonNode task = task("bob", ticketId, "UserTask_Approve");
        assertThat(task.path("allowed").asBoolean()).isTrue();
        assertThat(task.path("candidateGroup").asText()).isEqualTo("approvers");
        assertThat(task.path("outcomes")).extracting(JsonNode::asText).containsExactly("approve", "reject");
        assertThat(task.path("ticket").path("id").asText()).isEqualTo(ticketId);
        String taskId = task.path("id").asText();
        assertThat(user("bob").post("/api/tasks/" + taskId + "/claim", Map.of()).expect(200).json().path("assignee").asText())
                .isEqualTo("bob");
        assertThat(user("bob").get("/api/tasks?scope=mine").expect(200).json().path("items").findValuesAsText("id")).contains(taskId);

        JsonNode decided = decide("bob", taskId, "approve", "change CHG-1 approved").expect(200).json();
        assertThat(decided.path("status").asText()).isEqualTo("ARMED");
        assertThat(decided.path("decidedBy").asText()).isEqualTo("bob");
        assertThat(decided.path("decisionComment").asText()).isEqualTo("change CHG-1 approved");
        assertThat(bootState(hostId)).isEqualTo("ARMED");

        String token = token(hostId);
        assertThat(boot(hostId, token).expect(200).body()).contains("kernel --name kernel");
        assertThat(status(ticketId)).isEqualTo("INSTALLING");
        anonymous().get("/boot/" + hostId + "/" + token + "/installed").expect(200);

        JsonNode detail = ticket(ticketId);
        assertThat(detail.path("ticket").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(detail.path("ticket").path("closedAt").isNull()).isFalse();
        assertThat(detail.path("tasks")).isEmpty();
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(host(hostId).path("openTicketId").isNull()).isTrue();
        assertThat(boot(hostId, token).expect(200).body()).contains("boot state LOCAL");

        List<String> actions = detail.path("timeline").findValuesAsText("action");
        assertThat(actions).containsSubsequence("ticket.submitted", "task.claimed", "ticket.approved", "host.armed",
                "boot.install", "install.completed", "ticket.closed");
        assertThat(actions).contains("workflow.startEvent", "workflow.userTask", "workflow.serviceTask", "workflow.receiveTask",
                "workflow.noneEndEvent", "workflow.comment");
        JsonNode approved = entry(detail, "ticket.approved");
        assertThat(approved.path("actor").asText()).isEqualTo("bob");
        assertThat(approved.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(approved.path("summary").asText()).contains("change CHG-1 approved");
        assertThat(entry(detail, "ticket.submitted").path("actor").asText()).isEqualTo("alice");
        assertThat(detail.path("timeline").findValuesAsText("summary"))
                .anyMatch(s -> s.startsWith("Approve ticket (UserTask_Approve): completed by bob"));

        JsonNode diagram = user("alice").get("/api/tickets/" + ticketId + "/diagram").expect(200).json();
        assertThat(diagram.path("bpmnXml").asText()).contains("id=\"provisionHost\"");
        assertThat(diagram.path("active")).isEmpty();
        assertThat(diagram.path("completed")).extracting(JsonNode::asText)
                .containsSubsequence("UserTask_Approve", "ServiceTask_ArmHost", "Receive_FirstBoot", "EndEvent_Completed");
    }

    @Test
    void shouldNeverLetTheRequesterApproveTheirOwnTicket() {
        String hostId = hostWithIso(3);
        String ticketId = submit("carol", hostId).path("id").asText();

        JsonNode own = task("carol", ticketId, "UserTask_Approve");
        assertThat(own.path("allowed").asBoolean()).isFalse();
        assertThat(own.path("notAllowed").asText()).contains("four-eyes");
        String taskId = own.path("id").asText();
        assertThat(user("carol").post("/api/tasks/" + taskId + "/claim", Map.of()).expect(403).json().path("detail").asText())
                .contains("someone else must approve");
        assertThat(decide("carol", taskId, "approve", "looks fine to me").expect(403).json().path("detail").asText())
                .contains("four-eyes");
        assertThat(status(ticketId)).isEqualTo("PENDING_APPROVAL");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");

        decide("bob", taskId, "approve", "second pair of eyes").expect(200);
        assertThat(status(ticketId)).isEqualTo("ARMED");
    }

    @Test
    void shouldNotLetTheHostsLastEditorApproveItsTicket() {
        String hostId = hostWithIso(3);
        JsonNode host = host(hostId);
        // a change that needs no new image (labels), so the approved ticket arms the host at once
        Map<String, Object> edit = newHost();
        edit.put("hostname", host.path("hostname").asText());
        edit.put("macs", List.of(host.path("macs").get(0).asText()));
        edit.put("ip", host.path("ip").asText());
        edit.put("gateway", host.path("gateway").asText());
        edit.put("profile", host.path("profile").asText());
        edit.put("labels", Map.of("suite", "it", "rack", "r1"));
        edit.put("version", host.path("version").asInt());
        user("eddie").put("/api/hosts/" + hostId, edit).expect(200);
        assertThat(jdbc.sql("select edited_by from host where id = ?").param(hostId).query(String.class).single()).isEqualTo("eddie");
        String ticketId = submit("alice", hostId).path("id").asText();

        JsonNode view = task("eddie", ticketId, "UserTask_Approve");
        assertThat(view.path("allowed").asBoolean()).isFalse();
        assertThat(view.path("notAllowed").asText()).startsWith("you made the last change to host " + host.path("hostname").asText())
                .contains("separation of duties");
        String taskId = view.path("id").asText();
        assertThat(user("eddie").post("/api/tasks/" + taskId + "/claim", Map.of()).expect(403).json().path("detail").asText())
                .contains("separation of duties");
        JsonNode refused = decide("eddie", taskId, "approve", "my own change, looks fine").expect(403).json();
        assertThat(refused.path("title").asText()).isEqualTo("Forbidden");
        assertThat(refused.path("detail").asText()).contains("someone else must approve or reject ticket " + ticketId);
        assertThat(status(ticketId)).isEqualTo("PENDING_APPROVAL");
        assertThat(task("bob", ticketId, "UserTask_Approve").path("allowed").asBoolean()).isTrue();

        // a later change by someone else makes them the last editor: eddie may decide now
        JsonNode current = host(hostId);
        edit.put("labels", Map.of("suite", "it", "rack", "r2"));
        edit.put("version", current.path("version").asInt());
        admin().put("/api/hosts/" + hostId, edit).expect(200);
        assertThat(task("eddie", ticketId, "UserTask_Approve").path("allowed").asBoolean()).isTrue();
        decide("eddie", taskId, "approve", "reviewed the admin's change").expect(200);
        assertThat(status(ticketId)).isEqualTo("ARMED");
    }

    @Test
    void shouldCountATokenRotationAsAChangeOfTheHost() {
        String hostId = hostWithIso(3);
        user("opal").post("/api/hosts/" + hostId + "/rotate-token", Map.of("reason", "image lost")).expect(200);
        String ticketId = submit("alice", hostId).path("id").asText();
        String taskId = task("opal", ticketId, "UserTask_Approve").path("id").asText();
        assertThat(decide("opal", taskId, "approve", "rotated it myself").expect(403).json().path("detail").asText())
                .contains("you made the last change to host");
        decide("bob", taskId, "approve", "second pair of eyes").expect(200);
    }

    @Test
    void shouldRejectOnlyWithACommentAndAKnownOutcome() {
        String hostId = hostWithIso(3);
        String ticketId = submit("alice", hostId).path("id").asText();
        String taskId = task("bob", ticketId, "UserTask_Approve").path("id").asText();

        assertThat(decide("bob", taskId, "reject", " ").expect(400).errorFields()).containsExactly("comment");
        assertThat(decide("bob", taskId, "maybe", "hmm").expect(400).errorFields()).containsExactly("outcome");
        assertThat(status(ticketId)).isEqualTo("PENDING_APPROVAL");

        JsonNode rejected = decide("bob", taskId, "reject", "not during the freeze").expect(200).json();
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("statusReason").asText()).isEqualTo("rejected by bob: not during the freeze");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(host(hostId).path("openTicketId").isNull()).isTrue();
        assertThat(decide("bob", taskId, "reject", "again").expect(404).json().path("detail").asText()).contains("no open task");
    }

    @Test
    void shouldAllowOneOpenTicketPerHost() {
        String hostId = hostWithIso(3);
        String first = submit("alice", hostId).path("id").asText();

        var second = user("dave").post("/api/tickets", Map.of("hostId", hostId, "reason", "me too")).expect(409);
        assertThat(second.errorFields()).containsExactly("hostId");
        assertThat(second.json().path("detail").asText()).contains("already has open ticket " + first);
        assertThat(admin().post("/api/hosts/" + hostId + "/arm", Map.of("reason", "now")).expect(409).json().path("detail").asText())
                .contains(first);
        assertThat(admin().delete("/api/hosts/" + hostId).expect(409).errorFields()).containsExactly("openTicketId");
    }

    @Test
    void shouldValidateTheRequestAsAWhole() {
        var bad = user("alice").post("/api/tickets", Map.of("windowStart", "tomorrow")).expect(400);
        assertThat(bad.errorFields()).containsExactlyInAnyOrder("hostId", "reason", "windowStart");
        assertThat(user("alice").post("/api/tickets", Map.of("hostId", "no-such-host", "reason", "x")).expect(400).errorFields())
                .containsExactly("hostId");
        String hostId = hostWithIso(3);
        assertThat(user("alice").post("/api/tickets", Map.of("hostId", hostId, "reason", "x", "profile", "nope")).expect(400)
                .errorFields()).containsExactly("profile");
        assertThat(user("alice").post("/api/tickets", Map.of("hostId", hostId, "reason", "x".repeat(501))).expect(400)
                .errorFields()).containsExactly("reason");
        assertThat(jdbc.sql("select count(*) from ticket where host_id = ?").param(hostId).query(Long.class).single()).isZero();
        assertThat(host(hostId).path("openTicketId").isNull()).isTrue();
    }

    @Test
    void shouldGiveEachRoleItsOwnPartOfTheApi() {
        String hostId = hostWithIso(3);
        user("bob").post("/api/tickets", Map.of("hostId", hostId, "reason", "approvers do not file tickets")).expect(403);
        user("audrey").post("/api/tickets", Map.of("hostId", hostId, "reason", "auditors change nothing")).expect(403);
        String ticketId = submit("alice", hostId).path("id").asText();
        user("alice").get("/api/tasks").expect(403);
        user("audrey").get("/api/tasks").expect(403);
        assertThat(user("audrey").get("/api/tickets/" + ticketId).expect(200).json().path("ticket").path("id").asText())
                .isEqualTo(ticketId);
        assertThat(user("alice").get("/api/tickets?mine=true&open=true").expect(200).json().path("items").findValuesAsText("id"))
                .contains(ticketId);
        assertThat(user("dave").get("/api/tickets?mine=true").expect(200).json().path("items").findValuesAsText("id"))
                .doesNotContain(ticketId);
        String taskId = task("bob", ticketId, "UserTask_Approve").path("id").asText();
        assertThat(decide("olga", taskId, "approve", "operators do not approve").expect(403).json().path("detail").asText())
                .contains("approvers");
        assertThat(user("olga").get("/api/tasks").expect(200).json().path("items").findValuesAsText("id")).doesNotContain(taskId);
        anonymous().get("/api/tickets").expect(401);
    }

    @Test
    void shouldRespectAnotherApproversClaim() {
        String hostId = hostWithIso(3);
        String ticketId = submit("alice", hostId).path("id").asText();
        String taskId = task("bob", ticketId, "UserTask_Approve").path("id").asText();
        user("carol").post("/api/tasks/" + taskId + "/claim", Map.of()).expect(200);

        assertThat(user("bob").post("/api/tasks/" + taskId + "/claim", Map.of()).expect(409).json().path("detail").asText())
                .contains("claimed by carol");
        assertThat(decide("bob", taskId, "approve", "mine now").expect(409).errorFields()).containsExactly("assignee");
        user("bob").post("/api/tasks/" + taskId + "/unclaim", Map.of()).expect(403);
        assertThat(user("carol").post("/api/tasks/" + taskId + "/unclaim", Map.of()).expect(200).json().path("assignee").isNull())
                .isTrue();
        decide("bob", taskId, "approve", "after carol released it").expect(200);
        assertThat(timelineActions(ticketId)).containsSubsequence("task.claimed", "task.unclaimed", "ticket.approved");
    }

    @Test
    void shouldCancelBeforeTheFirstBootButNotAfter() {
        String hostId = hostWithIso(3);
        String ticketId = approvedTicket(hostId);
        assertThat(bootState(hostId)).isEqualTo("ARMED");

        assertThat(user("alice").post("/api/tickets/" + ticketId + "/cancel", Map.of()).expect(400).errorFields())
                .containsExactly("comment");
        user("dave").post("/api/tickets/" + ticketId + "/cancel", Map.of("comment", "not mine")).expect(403);
        JsonNode cancelled = user("alice").post("/api/tickets/" + ticketId + "/cancel", Map.of("comment", "plans changed"))
                .expect(200).json();
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("statusReason").asText()).isEqualTo("cancelled by alice: plans changed");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(user("alice").post("/api/tickets/" + ticketId + "/cancel", Map.of("comment", "again")).expect(409)
                .errorFields()).containsExactly("status");

        String second = approvedTicket(hostId);
        boot(hostId, token(hostId)).expect(200);
        assertThat(status(second)).isEqualTo("INSTALLING");
        assertThat(user("alice").post("/api/tickets/" + second + "/cancel", Map.of("comment", "too late?")).expect(409)
                .json().path("detail").asText()).contains("too late to cancel");
        assertThat(status(second)).isEqualTo("INSTALLING");
        assertThat(bootState(hostId)).isEqualTo("INSTALLING");
    }

    @Test
    void shouldHoldAFailedInstallUntilAnOperatorRetriesOrAborts() {
        String hostId = hostWithIso(3);
        String ticketId = approvedTicket(hostId);
        String token = token(hostId);
        boot(hostId, token).expect(200);
        anonymous().post("/boot/" + hostId + "/" + token + "/failed?reason=disk+not+found", Map.of()).expect(200);

        JsonNode held = ticket(ticketId);
        assertThat(held.path("ticket").path("status").asText()).isEqualTo("HELD");
        assertThat(held.path("ticket").path("statusReason").asText()).contains("callback: disk not found");
        assertThat(bootState(hostId)).isEqualTo("HELD");
        JsonNode investigate = task("olga", ticketId, "UserTask_InvestigateFailedInstall");
        assertThat(investigate.path("details").asText()).contains("disk not found");
        assertThat(held.path("tasks").findValuesAsText("key")).containsExactly("UserTask_InvestigateFailedInstall");

        decide("olga", investigate.path("id").asText(), "retry", "disk replaced").expect(200);
        assertThat(status(ticketId)).isEqualTo("ARMED");
        assertThat(bootState(hostId)).isEqualTo("ARMED");
        boot(hostId, token).expect(200);
        anonymous().post("/boot/" + hostId + "/" + token + "/failed?reason=still+broken", Map.of()).expect(200);

        decide("olga", task("olga", ticketId, "UserTask_InvestigateFailedInstall").path("id").asText(), "abort", "RMA the box")
                .expect(200);
        assertThat(status(ticketId)).isEqualTo("ABORTED");
        assertThat(ticket(ticketId).path("ticket").path("statusReason").asText()).isEqualTo("aborted by olga: RMA the box");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(timelineActions(ticketId)).containsSubsequence("install.failed", "ticket.held", "ticket.install-retry",
                "host.armed", "install.failed", "ticket.install-abort", "host.disarmed", "ticket.closed");
    }

    @Test
    void shouldHoldWhenTheInstallBootLimitIsReached() {
        String hostId = hostWithIso(1);
        String ticketId = approvedTicket(hostId);
        String token = token(hostId);
        boot(hostId, token).expect(200);
        rewindLastInstall(hostId, java.time.Duration.ofMinutes(5));

        assertThat(boot(hostId, token).expect(200).body()).contains("HELD");
        assertThat(status(ticketId)).isEqualTo("HELD");
        assertThat(ticket(ticketId).path("ticket").path("statusReason").asText()).contains("install boot limit of 1 reached");
        task("olga", ticketId, "UserTask_InvestigateFailedInstall");
    }

    @Test
    void shouldBuildTheIsoFirstWhenTheHostHasNone() {
        String hostId = createHost(newHost(createArmableProfile(3)));
        String ticketId = submit("alice", hostId).path("id").asText();
        assertThat(ticket(ticketId).path("ticket").path("needsIso").asBoolean()).isTrue();
        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "ok").expect(200);
        assertThat(status(ticketId)).isEqualTo("BUILDING_ISO");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");

        externalTasks.handleBpmnError(lockIsoBuild(ticketId).getId(), "ticket-it-worker", "ISO_BUILD_FAILED", "xorriso: no space left");
        assertThat(status(ticketId)).isEqualTo("ISO_BUILD_FAILED");
        JsonNode fix = task("olga", ticketId, "UserTask_FixIsoBuild");
        assertThat(fix.path("details").asText()).isEqualTo("xorriso: no space left");
        decide("olga", fix.path("id").asText(), "retry", "disk cleaned").expect(200);
        assertThat(status(ticketId)).isEqualTo("BUILDING_ISO");

        externalTasks.complete(lockIsoBuild(ticketId).getId(), "ticket-it-worker", Map.of("isoArtifact", "test.iso"));
        assertThat(status(ticketId)).isEqualTo("ARMED");
        assertThat(bootState(hostId)).isEqualTo("ARMED");
        assertThat(timelineActions(ticketId)).containsSubsequence("ticket.approved", "ticket.iso-build-failed", "ticket.iso-retry",
                "ticket.iso-built", "host.armed");
    }

    @Test
    void shouldAbortWhenTheOperatorGivesUpOnTheIsoBuild() {
        String hostId = createHost(newHost(createArmableProfile(3)));
        String ticketId = submit("alice", hostId).path("id").asText();
        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "ok").expect(200);
        externalTasks.handleBpmnError(lockIsoBuild(ticketId).getId(), "ticket-it-worker", "ISO_BUILD_FAILED", "bad driver");

        decide("olga", task("olga", ticketId, "UserTask_FixIsoBuild").path("id").asText(), "abort", "wrong NIC").expect(200);
        assertThat(status(ticketId)).isEqualTo("ABORTED");
        assertThat(host(hostId).path("openTicketId").isNull()).isTrue();
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
    }

    @Test
    void shouldArmOnlyWhenTheWindowOpens() throws Exception {
        String hostId = hostWithIso(3);
        String later = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String ticketId = submit("alice", hostId, later).path("id").asText();
        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "in the window").expect(200);
        assertThat(status(ticketId)).isEqualTo("WAITING_FOR_WINDOW");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(admin().get("/api/tickets/" + ticketId + "/diagram").expect(200).json().path("active"))
                .extracting(JsonNode::asText).containsExactly("EventGateway_WindowOrCancel");

        fireTimer(ticketId, "Timer_WaitForWindow");
        assertThat(status(ticketId)).isEqualTo("ARMED");
        assertThat(bootState(hostId)).isEqualTo("ARMED");

        String past = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String other = hostWithIso(3);
        String soon = submit("alice", other, past).path("id").asText();
        decide("bob", task("bob", soon, "UserTask_Approve").path("id").asText(), "approve", "window already open").expect(200);
        await("the job executor to arm the host of a window that is already open", () -> "ARMED".equals(bootState(other)));
        assertThat(status(soon)).isEqualTo("ARMED");
    }

    @Test
    void shouldCancelWhileWaitingForTheWindow() {
        String hostId = hostWithIso(3);
        String ticketId = submit("alice", hostId, Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())
                .path("id").asText();
        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "ok").expect(200);
        user("olga").post("/api/tickets/" + ticketId + "/cancel", Map.of("comment", "maintenance moved")).expect(200);
        assertThat(status(ticketId)).isEqualTo("CANCELLED");
        assertThat(management.createJobQuery().processInstanceId(processInstance(ticketId)).count()).isZero();
    }

    @Test
    void shouldEscalateOverdueApprovalsToAdminsAndExpireForgottenOnes() {
        String hostId = hostWithIso(3);
        String ticketId = submit("alice", hostId).path("id").asText();
        fireTimer(ticketId, "Timer_ApprovalEscalation");
        assertThat(ticket(ticketId).path("ticket").path("statusReason").asText()).contains("offered to admins");
        JsonNode escalated = task("ada", ticketId, "UserTask_DecideEscalatedApproval");
        assertThat(escalated.path("candidateGroup").asText()).isEqualTo("admins");
        decide("ada", escalated.path("id").asText(), "approve", "approved on escalation").expect(200);
        assertThat(status(ticketId)).isEqualTo("ARMED");
        assertThat(ticket(ticketId).path("tasks")).isEmpty();

        String other = hostWithIso(3);
        String forgotten = submit("alice", other).path("id").asText();
        fireTimer(forgotten, "Timer_ApprovalExpiry");
        assertThat(status(forgotten)).isEqualTo("EXPIRED");
        assertThat(ticket(forgotten).path("ticket").path("statusReason").asText()).isEqualTo("nobody approved or rejected it within PT168H");
        assertThat(host(other).path("openTicketId").isNull()).isTrue();
    }

    @Test
    void shouldDisarmAHostThatDoesNotBootInTime() {
        String hostId = hostWithIso(3);
        String ticketId = approvedTicket(hostId);
        fireTimer(ticketId, "Timer_FirstBootTimeout");
        assertThat(status(ticketId)).isEqualTo("EXPIRED");
        assertThat(ticket(ticketId).path("ticket").path("statusReason").asText()).contains("did not boot within PT4H");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
    }

    @Test
    void shouldHoldAnInstallThatNeverCallsBack() {
        String hostId = hostWithIso(3);
        String ticketId = approvedTicket(hostId);
        boot(hostId, token(hostId)).expect(200);
        fireTimer(ticketId, "Timer_InstallTimeout");
        assertThat(status(ticketId)).isEqualTo("HELD");
        assertThat(bootState(hostId)).isEqualTo("HELD");
        assertThat(ticket(ticketId).path("ticket").path("statusReason").asText())
                .contains("no install-complete callback within PT2H");
    }

    @Test
    void shouldRecordAnEmergencyArmAsATicketAndDisarmItAgain() {
        String hostId = hostWithIso(3);
        JsonNode armed = user("olga").post("/api/hosts/" + hostId + "/arm", Map.of("reason", "P1 incident INC-7")).expect(200).json();
        assertThat(armed.path("bootState").asText()).isEqualTo("ARMED");
        String ticketId = armed.path("openTicketId").asText();
        JsonNode t = ticket(ticketId).path("ticket");
        assertThat(t.path("kind").asText()).isEqualTo("EMERGENCY");
        assertThat(t.path("status").asText()).isEqualTo("ARMED");
        assertThat(t.path("requester").asText()).isEqualTo("olga");
        assertThat(t.path("decidedBy").isNull()).isTrue();
        assertThat(entry(ticket(ticketId), "ticket.emergency-arm").path("actor").asText()).isEqualTo("olga");
        user("alice").post("/api/hosts/" + hostId + "/arm", Map.of("reason", "requesters cannot")).expect(403);

        JsonNode disarmed = user("olga").post("/api/hosts/" + hostId + "/disarm", Map.of("reason", "false alarm")).expect(200).json();
        assertThat(disarmed.path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(disarmed.path("openTicketId").isNull()).isTrue();
        assertThat(status(ticketId)).isEqualTo("CANCELLED");

        String second = user("olga").post("/api/hosts/" + hostId + "/arm", Map.of("reason", "again")).expect(200).json()
                .path("openTicketId").asText();
        boot(hostId, token(hostId)).expect(200);
        user("olga").post("/api/hosts/" + hostId + "/disarm", Map.of("reason", "installer hung")).expect(200);
        assertThat(status(second)).isEqualTo("ABORTED");
        assertThat(bootState(hostId)).isEqualTo("LOCAL");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(processInstance(second)).count())
                .as("the aborted ticket's workflow is ended").isZero();
    }

    private static JsonNode entry(JsonNode detail, String action) {
        for (JsonNode e : detail.path("timeline")) {
            if (e.path("action").asText().equals(action)) {
                return e;
            }
        }
        throw new AssertionError("no " + action + " in timeline " + detail.path("timeline"));
    }
}
