package org.bootwarden.tickets;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bootwarden.security.Role;

/** The human tasks of the ticket process: who may work them and what they may decide. */
enum TaskKind {
    APPROVE("UserTask_Approve", "approvers", Role.APPROVER, List.of("approve", "reject"), true),
    DECIDE_ESCALATED("UserTask_DecideEscalatedApproval", "admins", Role.ADMIN, List.of("approve", "reject"), true),
    FIX_ISO_BUILD("UserTask_FixIsoBuild", "operators", Role.OPERATOR, List.of("retry", "abort"), false),
    INVESTIGATE_FAILED_INSTALL("UserTask_InvestigateFailedInstall", "operators", Role.OPERATOR, List.of("retry", "abort"), false);

    final String activityId;
    final String group;
    final Role role;
    final List<String> outcomes;
    /** Four-eyes: the ticket's requester may not work this task. */
    final boolean approval;

    TaskKind(String activityId, String group, Role role, List<String> outcomes, boolean approval) {
        this.activityId = activityId;
        this.group = group;
        this.role = role;
        this.outcomes = outcomes;
        this.approval = approval;
    }

    static Optional<TaskKind> of(String activityId) {
        return Arrays.stream(values()).filter(k -> k.activityId.equals(activityId)).findFirst();
    }

    /** The candidate groups of a caller with these roles. */
    static List<String> groupsOf(Caller caller) {
        return Arrays.stream(values()).filter(k -> caller.has(k.role)).map(k -> k.group).distinct().toList();
    }
}
