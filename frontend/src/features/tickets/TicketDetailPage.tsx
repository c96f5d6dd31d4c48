import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { DETAIL_REFRESH_MS, useLiveRefresh } from '../../app/liveEvents';
import { PageHeader } from '../../shared/layout/PageHeader';
import { Detail } from '../../shared/ui/Details';
import { ReasonDialog } from '../../shared/ui/ReasonDialog';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { cancelTicket, type Ticket } from './api';
import { useTicket } from './hooks';
import { isCancellable, kindLabel, statusLabel, TicketStatusBadge } from './status';
import { TaskCard } from './TaskCard';
import { TicketDiagram } from './TicketDiagram';
import { TicketTimeline } from './TicketTimeline';

function Time({ value, empty = '—' }: { value: string | null; empty?: string }) {
  return value ? <time dateTime={value}>{formatDateTime(value)}</time> : <>{empty}</>;
}

/** The requester, an operator or an admin may cancel while the ticket is before the host's first boot. */
function useMayCancel(ticket: Ticket | undefined): boolean {
  const { user, can } = useAuth();
  if (!ticket || !isCancellable(ticket.status)) return false;
  return can('tickets:cancel-any') || (can('tickets:create') && user?.username === ticket.requester);
}

export function TicketDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const detail = useTicket(id);
  // someone else's decision, the host's boot, a timeout: the page follows without a reload
  useLiveRefresh({ targetTypes: ['ticket'], targetId: id }, detail.reload, { delayMs: DETAIL_REFRESH_MS });
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [cancelling, setCancelling] = useState(false);
  const mayCancel = useMayCancel(detail.data?.ticket);
  useDocumentTitle(`Ticket ${id}`);

  if (detail.error && !detail.data) {
    return (
      <>
        <PageHeader title={`Ticket ${id}`} back={{ to: '/tickets', label: 'Tickets' }} />
        <ErrorMessage
          error={detail.error}
          title={detail.error.isNotFound ? 'This ticket does not exist' : 'Could not load the ticket'}
          onRetry={detail.error.isNotFound ? undefined : detail.reload}
        />
      </>
    );
  }
  if (!detail.data) return <Loading label="Loading ticket…" />;

  const { ticket, tasks, timeline } = detail.data;
  const changed = (message: string) => {
    setFlash(message);
    detail.reload();
  };
  const cancel = async (comment: string) => {
    const cancelled = await cancelTicket(ticket.id, comment);
    setCancelling(false);
    changed(`Ticket ${cancelled.id} is now ${statusLabel(cancelled.status)}.`);
  };

  return (
    <>
      <PageHeader
        title={
          <>
            Ticket <span className="mono">{ticket.id}</span> <TicketStatusBadge status={ticket.status} />
          </>
        }
        back={{ to: '/tickets', label: 'Tickets' }}
        actions={
          mayCancel && (
            <button type="button" className="button button--danger" onClick={() => setCancelling(true)}>
              Cancel ticket
            </button>
          )
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}

      <section className="panel" aria-labelledby="ticket-heading">
        <h2 id="ticket-heading">Ticket</h2>
        <dl className="details">
          <Detail term="Status">
            <TicketStatusBadge status={ticket.status} /> {ticket.statusReason}
          </Detail>
          <Detail term="Kind">{kindLabel(ticket.kind)}</Detail>
          <Detail term="Host">
            <Link to={`/hosts/${encodeURIComponent(ticket.hostId)}`}>{ticket.hostname}</Link>
          </Detail>
          <Detail term="Profile">{ticket.profile}</Detail>
          <Detail term="Reason">{ticket.reason}</Detail>
          <Detail term="Requested by">{ticket.requester}</Detail>
          <Detail term="Filed">
            <Time value={ticket.createdAt} />
          </Detail>
          <Detail term="Earliest start">
            <Time value={ticket.windowStart} empty="at once" />
          </Detail>
          <Detail term="New ISO needed">{ticket.needsIso ? 'yes: built before the host is armed' : 'no'}</Detail>
          <Detail term="Decided by">
            {ticket.decidedBy ? (
              <>
                {ticket.decidedBy} · <Time value={ticket.decidedAt} />
              </>
            ) : ticket.kind === 'EMERGENCY' ? (
              'nobody: emergency arm without approval'
            ) : (
              'not decided yet'
            )}
          </Detail>
          <Detail term="Decision comment">{ticket.decisionComment ?? '—'}</Detail>
          <Detail term="Last change">
            <Time value={ticket.updatedAt} />
          </Detail>
          <Detail term="Closed">
            <Time value={ticket.closedAt} empty="still open" />
          </Detail>
        </dl>
      </section>

      <section className="panel" aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Open tasks</h2>
        {tasks.length === 0 ? (
          <EmptyState title={ticket.closedAt ? 'None: the ticket is closed' : 'None: nobody has to act now'} />
        ) : (
          <div className="task-list">
            {tasks.map((task) => (
              <TaskCard
                key={task.id}
                task={task}
                compact
                onChanged={() => detail.reload()}
                onDecided={(_ticket, message) => changed(message)}
              />
            ))}
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="ticket-diagram-heading">
        <h2 id="ticket-diagram-heading">Workflow</h2>
        <TicketDiagram ticketId={ticket.id} version={ticket.updatedAt} />
      </section>

      <section className="panel" aria-labelledby="ticket-timeline-heading">
        <h2 id="ticket-timeline-heading">Timeline</h2>
        <TicketTimeline entries={timeline} />
      </section>

      {cancelling && (
        <ReasonDialog
          title={`Cancel ticket ${ticket.id}`}
          description={`The reinstall of ${ticket.hostname} is withdrawn${ticket.status === 'ARMED' ? ' and the host boots from its local disk again' : ''}. Your comment is recorded in the audit log.`}
          label="Comment"
          confirmLabel="Cancel ticket"
          dismissLabel="Keep ticket"
          danger
          onConfirm={cancel}
          onCancel={() => setCancelling(false)}
        />
      )}
    </>
  );
}
