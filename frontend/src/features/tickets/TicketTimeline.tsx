import { EmptyState } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import type { TimelineEntry } from './api';

const ACTIONS: Record<string, string> = {
  'ticket.submitted': 'Ticket filed',
  'ticket.emergency-arm': 'Emergency arm (no approval)',
  'task.claimed': 'Task claimed',
  'task.unclaimed': 'Task released',
  'ticket.approved': 'Approved',
  'ticket.rejected': 'Rejected',
  'ticket.iso-retry': 'ISO build retried',
  'ticket.iso-abort': 'Aborted after a failed ISO build',
  'ticket.iso-built': 'ISO built',
  'ticket.iso-build-failed': 'ISO build failed',
  'ticket.install-retry': 'Install retried',
  'ticket.install-abort': 'Aborted after a failed install',
  'ticket.cancelled': 'Cancelled',
  'ticket.disarmed': 'Host disarmed by an operator',
  'ticket.escalated': 'Approval escalated to admins',
  'ticket.held': 'Install failed: host held',
  'ticket.closed': 'Ticket closed',
  'host.armed': 'Host armed',
  'host.disarmed': 'Host back to local boot',
  'workflow.startEvent': 'Workflow started',
  'workflow.messageStartEvent': 'Workflow started',
  'workflow.userTask': 'Human task',
  'workflow.serviceTask': 'Workflow step',
  'workflow.receiveTask': 'Waiting for the host',
  'workflow.intermediateMessageCatch': 'Waiting for a message',
  'workflow.intermediateTimer': 'Timer',
  'workflow.boundaryTimer': 'Timer fired',
  'workflow.boundaryMessage': 'Message received',
  'workflow.boundaryError': 'Error',
  'workflow.noneEndEvent': 'Workflow ended',
  'workflow.comment': 'Task comment',
};

export function actionLabel(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action];
  if (action.startsWith('boot.')) return 'Boot request';
  return action;
}

/**
 * A ticket's story, oldest first: Bootwarden's audit entries (who decided what, from where) and
 * the workflow engine's steps, told apart by a tag and a colour.
 */
export function TicketTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <ol className="timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className={`timeline__item timeline__item--${entry.source}`}>
          <div className="timeline__head">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            <span className={`tag tag--${entry.source}`}>{entry.source === 'workflow' ? 'Workflow' : 'Audit'}</span>
            <strong>{actionLabel(entry.action)}</strong>
            <span className="mono muted small timeline__action-code">{entry.action}</span>
            {entry.actor && <span className="muted">by {entry.actor}</span>}
            {entry.sourceAddress && <span className="muted mono small">from {entry.sourceAddress}</span>}
          </div>
          {entry.summary && <p className="timeline__summary">{entry.summary}</p>}
        </li>
      ))}
    </ol>
  );
}
