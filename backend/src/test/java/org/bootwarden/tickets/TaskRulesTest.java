package org.bootwarden.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.bootwarden.hosts.HostEdit;
import org.bootwarden.security.Role;
import org.junit.jupiter.api.Test;

class TaskRulesTest {

    private static final Instant EDITED = Instant.parse("2026-03-02T10:15:30Z");

    private static Ticket ticketBy(String requester) {
        return new Ticket("T-ABCDEFGH", TicketKind.PROVISION, "host-1", "web01.lab.example", "debian-12", "disk swap", requester,
                null, false, TicketStatus.PENDING_APPROVAL, null, null, null, null, EDITED, EDITED, null, "pi-1");
    }

    private static Caller caller(String name, Role... roles) {
        return new Caller(name, Set.of(roles), "local");
    }

    private static Optional<HostEdit> editedBy(String name) {
        return Optional.of(new HostEdit(name, EDITED));
    }

    @Test
    void shouldRefuseTheHostsLastEditorTheApprovalWhileTheRuleIsOn() {
        String why = TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("eddie", Role.APPROVER, Role.EDITOR),
                editedBy("eddie"), true);
        assertThat(why).isEqualTo("you made the last change to host web01.lab.example (2026-03-02T10:15:30Z): someone else must"
                + " approve or reject ticket T-ABCDEFGH (separation of duties: the host's last editor may not approve its tickets)");
    }

    @Test
    void shouldRefuseTheLastEditorTheEscalatedDecisionToo() {
        assertThat(TaskRules.refusal(TaskKind.DECIDE_ESCALATED, "Decide escalated approval", ticketBy("alice"),
                caller("ada", Role.ADMIN), editedBy("ada"), true)).contains("separation of duties");
    }

    @Test
    void shouldCompareUserNamesOfTheLastEditorWithoutCase() {
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("Eddie", Role.APPROVER),
                editedBy("eddie"), true)).contains("separation of duties");
    }

    @Test
    void shouldLetTheLastEditorApproveWhenTheRuleIsOff() {
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("eddie", Role.APPROVER),
                editedBy("eddie"), false)).isNull();
    }

    @Test
    void shouldLetAnyoneElseApproveAndAnApproverApproveWhenTheLastEditorIsUnknown() {
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("bob", Role.APPROVER),
                editedBy("eddie"), true)).isNull();
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("bob", Role.APPROVER),
                Optional.empty(), true)).isNull();
    }

    @Test
    void shouldNotApplyTheRuleToOperatorTasks() {
        assertThat(TaskRules.refusal(TaskKind.INVESTIGATE_FAILED_INSTALL, "Investigate failed install", ticketBy("alice"),
                caller("olga", Role.OPERATOR), editedBy("olga"), true)).isNull();
    }

    @Test
    void shouldExplainFourEyesBeforeTheLastEditorRuleAndRolesBeforeBoth() {
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("carol"), caller("carol", Role.APPROVER),
                editedBy("carol"), true)).contains("four-eyes");
        assertThat(TaskRules.refusal(TaskKind.APPROVE, "Approve ticket", ticketBy("alice"), caller("eddie", Role.EDITOR),
                editedBy("eddie"), true)).isEqualTo("task 'Approve ticket' is for the approvers group (role APPROVER)");
    }
}
