import { useCallback, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { HOST_CHANGES, TICKET_CHANGES, useLiveRefresh } from '../../app/liveEvents';
import { PageHeader } from '../../shared/layout/PageHeader';
import { EmptyState, ErrorMessage, Loading } from '../../shared/ui/States';
import { formatAge, formatDateTime } from '../../shared/utils/format';
import { useAsync, type AsyncState } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { BOOT_STATES } from '../hosts/api';
import { BootStateBadge, bootStateDescription } from '../hosts/BootStateBadge';
import { listTasks } from '../tickets/api';
import { ticketPath } from '../tickets/OpenTicketLink';
import { statusLabel, TicketStatusBadge } from '../tickets/status';
import { countHostsByState, countOpenTicketsByStatus, OPEN_STATUSES, ticketsNeedingAttention } from './api';
import { BootFeed } from './BootFeed';

/** A dashboard card: its heading, and its data's loading / error / loaded states. */
function Section<T>({
  id,
  title,
  state,
  more,
  children,
}: {
  id: string;
  title: string;
  state: AsyncState<T>;
  more?: { to: string; label: string };
  children(data: T): ReactNode;
}) {
  return (
    <section className="panel dashboard__card" aria-labelledby={`${id}-heading`}>
      <div className="dashboard__card-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        {more && <Link to={more.to}>{more.label}</Link>}
      </div>
      {state.error && <ErrorMessage error={state.error} title={`Could not load ${title.toLowerCase()}`} onRetry={state.reload} />}
      {!state.data && !state.error && <Loading />}
      {state.data !== undefined && children(state.data)}
    </section>
  );
}

/** Counts as a list of links, each to the list filtered by that key. */
function CountList({ label, entries }: { label: string; entries: { key: string; to: string; count: number; badge: ReactNode; title: string }[] }) {
  return (
    <ul className="counts" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.key}>
          <Link to={entry.to} className="counts__item" title={entry.title}>
            <span className="counts__value">{entry.count}</span>
            {entry.badge}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function HostsByState() {
  const state = useAsync(countHostsByState);
  useLiveRefresh(HOST_CHANGES, state.reload);
  return (
    <Section id="dash-hosts" title="Hosts by boot state" state={state} more={{ to: '/hosts', label: 'All hosts' }}>
      {(counts) => (
        <CountList
          label="Hosts by boot state"
          entries={BOOT_STATES.map((boot) => ({
            key: boot,
            to: `/hosts?state=${boot}`,
            count: counts[boot],
            badge: <BootStateBadge state={boot} />,
            title: bootStateDescription(boot),
          }))}
        />
      )}
    </Section>
  );
}

function TicketsByStage() {
  const state = useAsync(countOpenTicketsByStatus);
  useLiveRefresh(TICKET_CHANGES, state.reload);
  return (
    <Section id="dash-tickets" title="Open tickets by stage" state={state} more={{ to: '/tickets?state=open', label: 'Open tickets' }}>
      {(counts) =>
        OPEN_STATUSES.every((status) => counts[status] === 0) ? (
          <EmptyState title="No open tickets" />
        ) : (
          <CountList
            label="Open tickets by stage"
            entries={OPEN_STATUSES.map((status) => ({
              key: status,
              to: `/tickets?state=open&status=${status}`,
              count: counts[status],
              badge: <TicketStatusBadge status={status} />,
              title: statusLabel(status),
            }))}
          />
        )
      }
    </Section>
  );
}

function MyTasks() {
  const { user } = useAuth();
  const load = useCallback((signal: AbortSignal) => listTasks('group', 0, 10, signal), []);
  const state = useAsync(load);
  useLiveRefresh(TICKET_CHANGES, state.reload);
  return (
    <Section id="dash-tasks" title="My open tasks" state={state} more={{ to: '/tasks', label: 'Task list' }}>
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState title="No open tasks for your groups" />
        ) : (
          <ul className="dashboard__list">
            {page.items.map((task) => (
              <li key={task.id}>
                <Link to={ticketPath(task.ticket.id)}>
                  {task.name} · <span className="mono">{task.ticket.id}</span>
                </Link>{' '}
                <span className="muted">
                  {task.ticket.hostname} · open for {formatAge(task.createdAt)}
                  {task.assignee ? ` · claimed by ${task.assignee === user?.username ? 'you' : task.assignee}` : ''}
                  {!task.allowed && task.notAllowed ? ` · ${task.notAllowed}` : ''}
                </span>
              </li>
            ))}
            {page.totalItems > page.items.length && (
              <li className="muted">and {page.totalItems - page.items.length} more in the task list</li>
            )}
          </ul>
        )
      }
    </Section>
  );
}

function NeedsAttention() {
  const state = useAsync(ticketsNeedingAttention);
  useLiveRefresh(TICKET_CHANGES, state.reload);
  return (
    <Section id="dash-attention" title="Needs attention" state={state}>
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState title="No failed installs or ISO builds" />
        ) : (
          <ul className="dashboard__list">
            {page.items.map((ticket) => (
              <li key={ticket.id}>
                <Link to={ticketPath(ticket.id)} className="mono">
                  {ticket.id}
                </Link>{' '}
                <TicketStatusBadge status={ticket.status} /> {ticket.hostname}
                {ticket.statusReason && <div className="muted small">{ticket.statusReason}</div>}
                <div className="muted small">
                  since <time dateTime={ticket.updatedAt}>{formatDateTime(ticket.updatedAt)}</time>
                </div>
              </li>
            ))}
          </ul>
        )
      }
    </Section>
  );
}

/** The start page: only the sections the caller's roles may read. */
export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { can } = useAuth();
  return (
    <>
      <PageHeader title="Dashboard" />
      <div className="dashboard">
        {can('hosts:read') && <HostsByState />}
        {can('tickets:read') && <TicketsByStage />}
        {can('tickets:read') && <NeedsAttention />}
        {can('tasks:work') && <MyTasks />}
        {can('audit:read') && <BootFeed />}
      </div>
    </>
  );
}
