package org.bootwarden.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ticket process on the shipped model (workflows/provision-host.bpmn, copied to bpmn/ by
 * Maven), one test per path. No Spring: in-memory engine from camunda.cfg.xml, job executor off
 * (timers are executed by the test), delegates are Mockito mocks resolved by name through
 * {@link Mocks}, the ISO build is driven through the ExternalTaskService as the iso-worker would.
 * The coverage extension fails the class below 100% and writes target/process-test-coverage/.
 */
@Deployment(resources = "bpmn/provision-host.bpmn")
class ProvisionHostProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder()
            .assertClassCoverageAtLeast(1.0)
            .build();

    static final String PROCESS = "provisionHost";
    static final String TICKET = "T-42";
    static final String ISO_TOPIC = "bootwarden-iso-build";
    static final String WORKER = "iso-worker-test";

    static final List<String> DELEGATES =
            List.of("ticketExpired", "recordRejection", "armHost", "disarmHost", "holdHost", "markLocal");

    /** Delegate calls in order, as "bean@activity" (disarmHost adds "(disarmReason)"). */
    final List<String> calls = new ArrayList<>();
    final Map<String, JavaDelegate> delegates = new HashMap<>();
    /** Ticket stages the model's listeners reported, in order. */
    final List<String> stages = new ArrayList<>();

    /** Stands in for the {@code ticketStage} bean the model's execution listeners call. */
    public class StageRecorder {
        public void enter(DelegateExecution execution, String stage) {
            stages.add(stage);
        }

        public void escalated(DelegateExecution execution) {
            stages.add("escalated");
        }

        public void isoBuilt(DelegateExecution execution) {
            stages.add("isoBuilt:" + execution.getVariable("isoScriptHash"));
        }
    }

    @BeforeEach
    void registerDelegates() throws Exception {
        BpmnAwareTests.init(engine.getProcessEngine());
        for (String bean : DELEGATES) {
            JavaDelegate delegate = mock(JavaDelegate.class, bean);
            doAnswer(invocation -> {
                DelegateExecution execution = invocation.getArgument(0);
                Object reason = execution.getVariable("disarmReason");
                calls.add(bean + "@" + execution.getCurrentActivityId() + (reason == null ? "" : "(" + reason + ")"));
                return null;
            }).when(delegate).execute(any());
            Mocks.register(bean, delegate);
            delegates.put(bean, delegate);
        }
        Mocks.register("ticketStage", new StageRecorder());
    }

    @AfterEach
    void resetMocks() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    // ---- happy paths

    @Test
    void shouldBuildIsoArmAndReturnToLocalWhenApprovedAndInstalled() throws Exception {
        ProcessInstance ticket = submit(newHost());
        assertThat(ticket).isWaitingAtExactly("SubProcess_Approval", "UserTask_Approve").hasBusinessKey(TICKET);
        assertThat(ticket).task().hasCandidateGroup("approvers");

        decideApproval(ticket, true);
        assertThat(ticket).isWaitingAtExactly("ServiceTask_BuildIso");

        LockedExternalTask build = fetchIsoBuild();
        assertThat(build.getBusinessKey()).isEqualTo(TICKET);
        assertThat(build.getVariables()).containsEntry("hostId", "host-7").containsEntry("ticketId", TICKET);
        externalTaskService().complete(build.getId(), WORKER, Map.of("isoScriptHash", "abc123", "isoArtifact", "h-cd-abc123.iso"));
        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost");
        assertThat(stages).containsExactly("BUILDING_ISO", "isoBuilt:abc123");

        correlate("installerServed");
        assertThat(ticket).isWaitingAtExactly("Receive_InstallComplete");

        correlate("installCompleted");
        assertThat(ticket).isEnded().hasPassedInOrder("UserTask_Approve", "ServiceTask_BuildIso", "ServiceTask_ArmHost",
                "Receive_FirstBoot", "Receive_InstallComplete", "ServiceTask_MarkLocal", "EndEvent_Completed");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "markLocal@ServiceTask_MarkLocal");
        assertThat(ticket).hasNotPassed("Timer_WaitForWindow", "ServiceTask_DisarmCancelled", "ServiceTask_HoldHost");
    }

    @Test
    void shouldArmWithoutIsoBuildWhenTheIsoIsUnchanged() {
        ProcessInstance ticket = submit(reimage());
        decideApproval(ticket, true);

        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot").hasNotPassed("ServiceTask_BuildIso");
        assertThat(externalTaskService().createExternalTaskQuery().topicName(ISO_TOPIC).count()).isZero();
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost");

        correlate("installerServed");
        correlate("installCompleted");
        assertThat(ticket).isEnded().hasPassed("EndEvent_Completed");
    }

    @Test
    void shouldArmAtOnceWithoutApprovalWhenStartedAsEmergencyArm() {
        ProcessInstance ticket = runtimeService().startProcessInstanceByMessage("emergencyArm", TICKET, reimage());

        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot").hasNotPassed("SubProcess_Approval", "UserTask_Approve");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost");

        correlate("installerServed");
        correlate("installCompleted");
        assertThat(ticket).isEnded().hasPassedInOrder("StartEvent_EmergencyArm", "ServiceTask_ArmHost", "EndEvent_Completed");
    }

    @Test
    void shouldBuildTheIsoFirstForAnEmergencyArmOfANewHost() {
        ProcessInstance ticket = runtimeService().startProcessInstanceByMessage("emergencyArm", TICKET, newHost());

        assertThat(ticket).isWaitingAtExactly("ServiceTask_BuildIso");
        assertThat(stages).containsExactly("BUILDING_ISO");
        assertThat(calls).isEmpty();
    }

    // ---- approval

    @Test
    void shouldRecordRejectionAndNeverArmWhenRejected() throws Exception {
        ProcessInstance ticket = submit(newHost());
        decideApproval(ticket, false);

        assertThat(ticket).isEnded().hasPassed("ServiceTask_RecordRejection", "EndEvent_Rejected");
        assertThat(calls).containsExactly("recordRejection@ServiceTask_RecordRejection");
        verify(delegates.get("armHost"), never()).execute(any());
        assertThat(ticket).variables().containsEntry("approvalComment", "rejected by bob");
    }

    @Test
    void shouldOfferOverdueApprovalToAdminsWhileApproversCanStillDecide() {
        Instant submitted = Instant.now();
        ProcessInstance ticket = submit(reimage());
        Job escalation = job("Timer_ApprovalEscalation", ticket);
        assertThat(escalation.getDuedate().toInstant()).isCloseTo(submitted.plus(24, ChronoUnit.HOURS), within(1, ChronoUnit.MINUTES));

        execute(escalation);
        assertThat(ticket).isWaitingAt("UserTask_Approve", "UserTask_DecideEscalatedApproval");
        assertThat(stages).containsExactly("escalated");
        assertThat(ticket).task("UserTask_DecideEscalatedApproval").hasCandidateGroup("admins");

        complete(task("UserTask_Approve", ticket), withVariables("approved", true, "approvalComment", "late but fine"));

        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot")
                .hasPassed("EndEvent_ApprovalDecided").hasNotPassed("EndEvent_ApprovalDecidedByAdmin");
        assertThat(taskService().createTaskQuery().processInstanceId(ticket.getId()).count()).isZero();
    }

    @Test
    void shouldLetAdminsDecideAnEscalatedApproval() {
        ProcessInstance ticket = submit(reimage());
        execute(job("Timer_ApprovalEscalation", ticket));

        complete(task("UserTask_DecideEscalatedApproval", ticket),
                withVariables("approved", false, "approvalComment", "no change freeze exception"));

        assertThat(ticket).isEnded().hasPassed("EndEvent_ApprovalDecidedByAdmin", "EndEvent_Rejected")
                .hasNotPassed("EndEvent_ApprovalDecided");
        assertThat(calls).containsExactly("recordRejection@ServiceTask_RecordRejection");
    }

    @Test
    void shouldExpireTicketThatNobodyApprovesInTime() {
        Instant submitted = Instant.now();
        ProcessInstance ticket = submit(newHost());
        execute(job("Timer_ApprovalEscalation", ticket));
        Job expiry = job("Timer_ApprovalExpiry", ticket);
        assertThat(expiry.getDuedate().toInstant()).isCloseTo(submitted.plus(7, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));

        execute(expiry);

        assertThat(ticket).isEnded().hasPassed("ServiceTask_RecordExpiry", "EndEvent_Expired");
        assertThat(calls).containsExactly("ticketExpired@ServiceTask_RecordExpiry");
        assertThat(taskService().createTaskQuery().processInstanceId(ticket.getId()).count()).isZero();
    }

    // ---- ISO build

    @Test
    void shouldRetryIsoBuildAfterOperatorFixesIt() {
        ProcessInstance ticket = submit(newHost());
        decideApproval(ticket, true);

        LockedExternalTask build = fetchIsoBuild();
        externalTaskService().handleBpmnError(build.getId(), WORKER, "ISO_BUILD_FAILED", "xorriso exited with 5");
        assertThat(ticket).isWaitingAtExactly("UserTask_FixIsoBuild").variables()
                .containsEntry("isoBuildError", "xorriso exited with 5");
        assertThat(ticket).task().hasCandidateGroup("operators");
        assertThat(stages).containsExactly("BUILDING_ISO", "ISO_BUILD_FAILED");

        complete(task("UserTask_FixIsoBuild", ticket), withVariables("isoAction", "retry"));
        assertThat(ticket).isWaitingAtExactly("ServiceTask_BuildIso");

        externalTaskService().complete(fetchIsoBuild().getId(), WORKER);
        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost");
    }

    @Test
    void shouldDisarmAndAbortWhenOperatorGivesUpOnIsoBuild() {
        ProcessInstance ticket = submit(newHost());
        decideApproval(ticket, true);
        externalTaskService().handleBpmnError(fetchIsoBuild().getId(), WORKER, "ISO_BUILD_FAILED", "no space left");

        complete(task("UserTask_FixIsoBuild", ticket), withVariables("isoAction", "abort"));

        assertThat(ticket).isEnded().hasPassed("ServiceTask_DisarmAborted", "EndEvent_Aborted");
        assertThat(calls).containsExactly("disarmHost@ServiceTask_DisarmAborted(aborted)");
    }

    @Test
    void shouldRefuseAnUnknownIsoAction() {
        ProcessInstance ticket = submit(newHost());
        decideApproval(ticket, true);
        externalTaskService().handleBpmnError(fetchIsoBuild().getId(), WORKER, "ISO_BUILD_FAILED", "boom");

        String fix = task("UserTask_FixIsoBuild", ticket).getId();
        assertThatThrownBy(() -> taskService().complete(fix, withVariables("isoAction", "later")))
                .isInstanceOf(ProcessEngineException.class);
        assertThat(ticket).isWaitingAtExactly("UserTask_FixIsoBuild");
    }

    // ---- window

    @Test
    void shouldWaitForTheWindowBeforeArming() throws Exception {
        Instant windowStart = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ProcessInstance ticket = submit(with(reimage(), "windowStart", windowStart.toString()));
        decideApproval(ticket, true);

        assertThat(ticket).isWaitingAtExactly("EventGateway_WindowOrCancel");
        assertThat(stages).containsExactly("WAITING_FOR_WINDOW");
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(ticket.getId())
                .activityId("Message_CancelWhileWaitingForWindow").eventName("cancelRequested").count()).isOne();
        Job window = job("Timer_WaitForWindow", ticket);
        assertThat(window.getDuedate().toInstant()).isEqualTo(windowStart);
        verify(delegates.get("armHost"), never()).execute(any());

        execute(window);

        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot").hasPassed("Timer_WaitForWindow");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost");
    }

    // ---- first boot and install

    @Test
    void shouldDisarmAndExpireWhenHostDoesNotBootInTime() {
        ProcessInstance ticket = armed();
        execute(job("Timer_FirstBootTimeout", ticket));

        assertThat(ticket).isEnded().hasPassed("ServiceTask_DisarmFirstBootExpired", "EndEvent_FirstBootExpired");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost",
                "disarmHost@ServiceTask_DisarmFirstBootExpired(firstBootExpired)");
    }

    @Test
    void shouldHoldHostForInvestigationWhenInstallTimesOut() {
        ProcessInstance ticket = installing();
        execute(job("Timer_InstallTimeout", ticket));

        assertThat(ticket).isWaitingAtExactly("UserTask_InvestigateFailedInstall").hasPassed("ServiceTask_HoldHost");
        assertThat(ticket).task().hasCandidateGroup("operators");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "holdHost@ServiceTask_HoldHost");
    }

    @Test
    void shouldHoldHostForInvestigationWhenInstallerReportsFailure() {
        ProcessInstance ticket = installing();
        correlate("installFailed", Map.of("failureReason", "callback: partitioning failed"));

        assertThat(ticket).isWaitingAtExactly("UserTask_InvestigateFailedInstall").hasPassed("Message_InstallFailed")
                .variables().containsEntry("failureReason", "callback: partitioning failed");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "holdHost@ServiceTask_HoldHost");
    }

    @Test
    void shouldHoldHostForInvestigationWhenInstallBootLimitIsReached() {
        ProcessInstance ticket = installing();
        correlate("installFailed", Map.of("failureReason", "bootLimit"));

        assertThat(ticket).isWaitingAtExactly("UserTask_InvestigateFailedInstall")
                .variables().containsEntry("failureReason", "bootLimit");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "holdHost@ServiceTask_HoldHost");
    }

    @Test
    void shouldArmAgainWhenOperatorRetriesFailedInstall() throws Exception {
        ProcessInstance ticket = installing();
        correlate("installFailed", Map.of("failureReason", "bootLimit"));

        complete(task("UserTask_InvestigateFailedInstall", ticket), withVariables("installAction", "retry"));

        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot");
        verify(delegates.get("armHost"), times(2)).execute(any());
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "holdHost@ServiceTask_HoldHost",
                "armHost@ServiceTask_ArmHost");

        correlate("installerServed");
        correlate("installCompleted");
        assertThat(ticket).isEnded().hasPassed("EndEvent_Completed");
    }

    @Test
    void shouldReturnHostToLocalWhenOperatorAbortsFailedInstall() {
        ProcessInstance ticket = installing();
        execute(job("Timer_InstallTimeout", ticket));

        complete(task("UserTask_InvestigateFailedInstall", ticket), withVariables("installAction", "abort"));

        assertThat(ticket).isEnded().hasPassed("EndEvent_Aborted").hasNotPassed("ServiceTask_MarkLocal");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "holdHost@ServiceTask_HoldHost",
                "disarmHost@ServiceTask_DisarmAborted(aborted)");
    }

    // ---- cancellation by the requester

    @Test
    void shouldCancelDuringApproval() {
        ProcessInstance ticket = submit(newHost());
        execute(job("Timer_ApprovalEscalation", ticket));

        correlate("cancelRequested");

        assertThat(ticket).isEnded().hasPassed("Message_CancelDuringApproval", "EndEvent_Cancelled");
        assertThat(calls).containsExactly("disarmHost@ServiceTask_DisarmCancelled(cancelled)");
        assertThat(taskService().createTaskQuery().processInstanceId(ticket.getId()).count()).isZero();
    }

    @Test
    void shouldCancelDuringIsoBuildAndRefuseTheWorkersLateResult() {
        ProcessInstance ticket = submit(newHost());
        decideApproval(ticket, true);
        LockedExternalTask build = fetchIsoBuild();

        correlate("cancelRequested");

        assertThat(ticket).isEnded().hasPassed("Message_CancelDuringIsoBuild", "EndEvent_Cancelled");
        assertThat(calls).containsExactly("disarmHost@ServiceTask_DisarmCancelled(cancelled)");
        assertThatThrownBy(() -> externalTaskService().complete(build.getId(), WORKER))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldCancelWhileWaitingForTheWindow() {
        ProcessInstance ticket = submit(with(reimage(), "windowStart", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        decideApproval(ticket, true);

        correlate("cancelRequested");

        assertThat(ticket).isEnded().hasPassed("Message_CancelWhileWaitingForWindow", "EndEvent_Cancelled")
                .hasNotPassed("Timer_WaitForWindow", "ServiceTask_ArmHost");
        assertThat(calls).containsExactly("disarmHost@ServiceTask_DisarmCancelled(cancelled)");
        assertThat(engine.getProcessEngine().getManagementService().createJobQuery().processInstanceId(ticket.getId()).count())
                .isZero();
    }

    @Test
    void shouldCancelWhileWaitingForTheFirstBoot() {
        ProcessInstance ticket = armed();

        correlate("cancelRequested");

        assertThat(ticket).isEnded().hasPassed("Message_CancelBeforeFirstBoot", "EndEvent_Cancelled");
        assertThat(calls).containsExactly("armHost@ServiceTask_ArmHost", "disarmHost@ServiceTask_DisarmCancelled(cancelled)");
    }

    @Test
    void shouldNotAcceptCancelAfterTheFirstBoot() throws Exception {
        ProcessInstance ticket = installing();

        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(ticket.getId())
                .eventName("cancelRequested").count()).isZero();
        assertThatThrownBy(() -> correlate("cancelRequested")).isInstanceOf(MismatchingMessageCorrelationException.class);

        assertThat(ticket).isWaitingAtExactly("Receive_InstallComplete");
        verify(delegates.get("disarmHost"), never()).execute(any());
    }

    // ---- fixtures and steps

    /** A new host: its ISO must be built. */
    static Map<String, Object> newHost() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("ticketId", TICKET);
        vars.put("hostId", "host-7");
        vars.put("requester", "alice");
        vars.put("profile", "debian-12");
        vars.put("reason", "new rack server");
        vars.put("needsIso", true);
        vars.put("approvalEscalation", "PT24H");
        vars.put("approvalExpiry", "P7D");
        vars.put("firstBootTimeout", "PT4H");
        vars.put("installTimeout", "PT2H");
        return vars;
    }

    /** A reimage of a known host whose ISO does not change. */
    static Map<String, Object> reimage() {
        return with(with(newHost(), "needsIso", false), "reason", "reimage after disk swap");
    }

    static Map<String, Object> with(Map<String, Object> vars, String name, Object value) {
        vars.put(name, value);
        return vars;
    }

    ProcessInstance submit(Map<String, Object> vars) {
        return runtimeService().startProcessInstanceByKey(PROCESS, TICKET, vars);
    }

    void decideApproval(ProcessInstance ticket, boolean approved) {
        complete(task("UserTask_Approve", ticket),
                withVariables("approved", approved, "approvalComment", (approved ? "approved" : "rejected") + " by bob"));
    }

    /** Approved reimage, host armed, waiting for its first boot. */
    ProcessInstance armed() {
        ProcessInstance ticket = submit(reimage());
        decideApproval(ticket, true);
        assertThat(ticket).isWaitingAtExactly("Receive_FirstBoot");
        return ticket;
    }

    /** The boot endpoint served the installer: waiting for the install to complete. */
    ProcessInstance installing() {
        ProcessInstance ticket = armed();
        correlate("installerServed");
        assertThat(ticket).isWaitingAtExactly("Receive_InstallComplete");
        return ticket;
    }

    /** As the iso-worker does it: fetch and lock exactly one build task for this ticket. */
    LockedExternalTask fetchIsoBuild() {
        List<LockedExternalTask> locked = externalTaskService().fetchAndLock(10, WORKER)
                .topic(ISO_TOPIC, 60_000L)
                .execute();
        assertThat(locked).hasSize(1);
        return locked.get(0);
    }

    void correlate(String message) {
        correlate(message, Map.of());
    }

    void correlate(String message, Map<String, Object> variables) {
        runtimeService().createMessageCorrelation(message)
                .processInstanceBusinessKey(TICKET)
                .setVariables(variables)
                .correlateWithResult();
    }
}
