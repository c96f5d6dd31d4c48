package org.bootwarden.tickets;

import java.time.Instant;
import java.util.List;

/**
 * A human task of a ticket, as the task list shows it.
 *
 * @param key          the model's task id, e.g. {@code UserTask_Approve}
 * @param outcomes     what {@code complete} accepts as {@code outcome}
 * @param details      why the task exists, when the workflow says (the ISO build error, the install failure)
 * @param allowed      whether the caller may claim and complete it
 * @param notAllowed   why not, when {@code allowed} is false
 */
record TaskView(String id, String key, String name, String candidateGroup, String assignee, Instant createdAt,
        List<String> outcomes, String details, boolean allowed, String notAllowed, Ticket ticket) {
}
