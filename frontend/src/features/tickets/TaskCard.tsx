import { useState } from 'react';
import { Link } from 'react-router-dom';
import { toApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Detail } from '../../shared/ui/Details';
import { ReasonDialog } from '../../shared/ui/ReasonDialog';
import { formatAge, formatDateTime } from '../../shared/utils/format';
import { claimTask, completeTask, unclaimTask, type Task, type Ticket } from './api';
import { ticketPath } from './OpenTicketLink';
import { isDestructiveOutcome, outcomeLabel, statusLabel, TicketStatusBadge } from './status';

interface TaskCardProps {
  task: Task;
  /** Hide the ticket's own fields (on the ticket's page they are shown already). */
  compact?: boolean;
  /** After claim or release. */
  onChanged(task: Task): void;
  /** After a decision, with the ticket as the workflow left it. */
  onDecided(ticket: Ticket, message: string): void;
}

/**
 * One human task: what it is about, who has it, and (for a caller allowed to work it) claim,
 * release and one button per outcome, each asking for the mandatory comment. A task the caller
 * may not work says why and offers nothing.
 */
export function TaskCard({ task, compact, onChanged, onDecided }: TaskCardProps) {
  const { user, can } = useAuth();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ticket = task.ticket;
  const mine = Boolean(user && task.assignee === user.username);
  const headingId = `task-${task.id}-heading`;

  const claimOrRelease = async (call: (id: string) => Promise<Task>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await call(task.id));
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(apiError.problem.detail ?? apiError.message);
    } finally {
      setBusy(false);
    }
  };

  const decide = async (comment: string) => {
    if (!outcome) return;
    const updated = await completeTask(task.id, outcome, comment);
    setOutcome(null);
    onDecided(
      updated,
      `${outcomeLabel(outcome)}: ticket ${updated.id} is now ${statusLabel(updated.status)}.`,
    );
  };

  return (
    <article className="task" aria-labelledby={headingId}>
      <header className="task__head">
        <h3 id={headingId} className="task__title">
          {task.name}
          {!compact && (
            <>
              {' · '}
              <Link to={ticketPath(ticket.id)} className="mono">
                {ticket.id}
              </Link>
            </>
          )}
        </h3>
        <TicketStatusBadge status={ticket.status} />
      </header>
      <dl className="details details--compact">
        {!compact && (
          <>
            <Detail term="Host">
              <Link to={`/hosts/${encodeURIComponent(ticket.hostId)}`}>{ticket.hostname}</Link> · profile {ticket.profile}
            </Detail>
            <Detail term="Requester">{ticket.requester}</Detail>
          </>
        )}
        <Detail term={task.key === 'UserTask_Approve' || task.key === 'UserTask_DecideEscalatedApproval' ? 'Reason' : 'Details'}>
          {task.details || '—'}
        </Detail>
        <Detail term="Open for">
          <span title={formatDateTime(task.createdAt)}>{formatAge(task.createdAt)}</span>
        </Detail>
        <Detail term="Group">{task.candidateGroup}</Detail>
        <Detail term="Claimed by">{task.assignee ?? 'nobody yet'}</Detail>
      </dl>
      {!task.allowed && task.notAllowed && (
        <p className="task__refusal">
          <span className="visually-hidden">Not for you: </span>
          {task.notAllowed}
        </p>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="task__actions">
        {task.allowed && !task.assignee && (
          <button type="button" className="button" disabled={busy} onClick={() => claimOrRelease(claimTask)}>
            Claim
          </button>
        )}
        {task.assignee && (mine || (!task.allowed && can('tasks:release-any'))) && (
          <button type="button" className="button" disabled={busy} onClick={() => claimOrRelease(unclaimTask)}>
            Release
          </button>
        )}
        {task.allowed &&
          task.outcomes.map((candidate) => (
            <button
              key={candidate}
              type="button"
              className={isDestructiveOutcome(candidate) ? 'button button--danger' : 'button button--primary'}
              disabled={busy}
              onClick={() => setOutcome(candidate)}
            >
              {outcomeLabel(candidate)}
            </button>
          ))}
      </div>
      {outcome && (
        <ReasonDialog
          title={`${outcomeLabel(outcome)}: ${task.name} of ${ticket.id}`}
          description={`Host ${ticket.hostname}, requested by ${ticket.requester}: "${ticket.reason}". Your comment is recorded with the decision in the audit log.`}
          label="Comment"
          confirmLabel={outcomeLabel(outcome)}
          danger={isDestructiveOutcome(outcome)}
          onConfirm={decide}
          onCancel={() => setOutcome(null)}
        />
      )}
    </article>
  );
}
