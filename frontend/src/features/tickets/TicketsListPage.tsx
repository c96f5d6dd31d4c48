import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { TICKET_CHANGES } from '../../app/liveEvents';
import { PageHeader } from '../../shared/layout/PageHeader';
import { PagedResults } from '../../shared/ui/PagedResults';
import { Notice } from '../../shared/ui/States';
import { LiveChangesNotice } from '../../shared/ui/LiveChangesNotice';
import { formatDateTime } from '../../shared/utils/format';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { readPaging, useUrlQuery } from '../../shared/utils/useUrlQuery';
import type { Ticket, TicketQuery } from './api';
import { useTicketsPage } from './hooks';
import { ticketPath } from './OpenTicketLink';
import { kindLabel, statusLabel, TICKET_STATUSES, TicketStatusBadge } from './status';

/** The filters as the URL holds them: `scope=mine`, `state=open|closed`, `status=…`, `q=…`. */
interface Filters {
  scope: 'all' | 'mine';
  state: 'any' | 'open' | 'closed';
  status: string;
  q: string;
}

function readFilters(params: URLSearchParams): Filters {
  const state = params.get('state');
  return {
    scope: params.get('scope') === 'mine' ? 'mine' : 'all',
    state: state === 'open' || state === 'closed' ? state : 'any',
    status: params.get('status') ?? '',
    q: params.get('q') ?? '',
  };
}

/** What the API is asked: newest first, always. */
export function ticketQuery(filters: Filters, page: number, size: number): TicketQuery {
  return {
    mine: filters.scope === 'mine' ? true : undefined,
    open: filters.state === 'any' ? undefined : filters.state === 'open',
    status: filters.status || undefined,
    q: filters.q || undefined,
    page,
    size,
  };
}

export function TicketsListPage() {
  useDocumentTitle('Tickets');
  const can = useCan();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const { params, update, clear } = useUrlQuery();
  const filters = readFilters(params);
  const { page, size } = readPaging(params);
  const tickets = useTicketsPage(ticketQuery(filters, page, size));
  const filtered = filters.scope !== 'all' || filters.state !== 'any' || Boolean(filters.status || filters.q);

  return (
    <>
      <PageHeader
        title="Tickets"
        actions={
          can('tickets:create') && (
            <Link to="/tickets/new" className="button button--primary">
              Request reinstall
            </Link>
          )
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}
      <TicketFilters key={filters.q} filters={filters} onChange={update} />
      <LiveChangesNotice filter={TICKET_CHANGES} data={tickets.data} reload={tickets.reload} noun="tickets" />
      <PagedResults
        state={tickets}
        noun={['ticket']}
        errorTitle="Could not load tickets"
        emptyTitles={['No tickets yet', 'No tickets match these filters']}
        filtered={filtered}
        onClearFilters={clear}
        emptyHint={
          can('tickets:create') && (
            <p>
              <Link to="/tickets/new">Request a reinstall</Link> of a host to file the first ticket.
            </p>
          )
        }
        onPageChange={(next) => update({ page: next })}
        onSizeChange={(next) => update({ size: next })}
      >
        {(items, busy) => <TicketTable tickets={items} busy={busy} />}
      </PagedResults>
    </>
  );
}

function TicketTable({ tickets, busy }: { tickets: Ticket[]; busy: boolean }) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table">
        <caption className="visually-hidden">Tickets, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Host</th>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Requester</th>
            <th scope="col">Reason</th>
            <th scope="col">Filed</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td className="nowrap">
                <Link to={ticketPath(ticket.id)} className="strong-link mono">
                  {ticket.id}
                </Link>
              </td>
              <td className="nowrap">
                <Link to={`/hosts/${encodeURIComponent(ticket.hostId)}`}>{ticket.hostname}</Link>
              </td>
              <td>
                <TicketStatusBadge status={ticket.status} />
              </td>
              <td>{kindLabel(ticket.kind)}</td>
              <td>{ticket.requester}</td>
              <td className="clip">{ticket.reason}</td>
              <td className="nowrap">
                <time dateTime={ticket.createdAt}>{formatDateTime(ticket.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface TicketFiltersProps {
  filters: Filters;
  onChange(changes: Record<string, string>): void;
}

/** The selects apply at once; the host search on submit. Defaults are left out of the URL. */
function TicketFilters({ filters, onChange }: TicketFiltersProps) {
  const [q, setQ] = useState(filters.q);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: q.trim() });
  };
  return (
    <form className="filters" role="search" aria-label="Filter tickets" onSubmit={submit}>
      <div className="field">
        <label htmlFor="ticket-scope">Requested by</label>
        <select
          id="ticket-scope"
          value={filters.scope}
          onChange={(event) => onChange({ scope: event.target.value === 'mine' ? 'mine' : '' })}
        >
          <option value="all">Anyone</option>
          <option value="mine">Me</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="ticket-state">Open or closed</label>
        <select
          id="ticket-state"
          value={filters.state}
          onChange={(event) => onChange({ state: event.target.value === 'any' ? '' : event.target.value })}
        >
          <option value="any">Any</option>
          <option value="open">Open</option>
          <option value="closed">Closed</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="ticket-status">Status</label>
        <select id="ticket-status" value={filters.status} onChange={(event) => onChange({ status: event.target.value })}>
          <option value="">Any status</option>
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ticket-search">Host or ticket</label>
        <input
          id="ticket-search"
          type="search"
          value={q}
          placeholder="Hostname or ticket id"
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Search
        </button>
      </div>
    </form>
  );
}
