package org.bootwarden.tickets;

import java.util.Optional;

import org.bootwarden.hosts.HostEdit;

/**
 * Who may work a ticket's task, as rules that need no engine: the caller's role must match the
 * task, the requester never approves their own ticket (four-eyes), and, when
 * {@code bootwarden.tickets.approver-not-last-editor} is on, whoever made the host record's last
 * change never approves its ticket either (separation of duties: the person who pointed a host at
 * other MACs, addresses or a profile cannot also let it be reinstalled).
 */
final class TaskRules {

    private TaskRules() {
    }

    /**
     * Why the caller may not work the task; null when they may.
     *
     * @param lastEdit              the host record's last change by a person, if known
     * @param approverNotLastEditor whether the separation-of-duties rule is on
     */
    static String refusal(TaskKind kind, String taskName, Ticket ticket, Caller caller, Optional<HostEdit> lastEdit,
            boolean approverNotLastEditor) {
        if (!caller.has(kind.role)) {
            return "task '" + taskName + "' is for the " + kind.group + " group (role " + kind.role + ")";
        }
        if (!kind.approval) {
            return null;
        }
        if (caller.name().equals(ticket.requester())) {
            return "you requested ticket " + ticket.id() + ": someone else must approve or reject it (four-eyes rule)";
        }
        if (approverNotLastEditor && lastEdit.isPresent() && caller.name().equalsIgnoreCase(lastEdit.get().by())) {
            return "you made the last change to host " + ticket.hostname() + " (" + lastEdit.get().at()
                    + "): someone else must approve or reject ticket " + ticket.id()
                    + " (separation of duties: the host's last editor may not approve its tickets)";
        }
        return null;
    }
}
