import { Fragment, useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../shared/layout/PageHeader';
import { PagedResults } from '../../shared/ui/PagedResults';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { readPaging, useUrlQuery } from '../../shared/utils/useUrlQuery';
import { credentialLabel, listAudit, type AuditEntry, type AuditQuery } from './api';
import { AuditChanges } from './AuditChanges';
import { AuditExport, ChainVerificationPanel } from './AuditTools';
import { targetPath } from './targetPath';

const FILTER_KEYS = ['actor', 'action', 'targetId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;

function readQuery(params: URLSearchParams): AuditQuery {
  return {
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    targetId: params.get('targetId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    ...readPaging(params),
  };
}

export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const { params, update, clear } = useUrlQuery();
  const query = readQuery(params);
  const { actor, action, targetId, from, to, page, size } = query;
  const load = useCallback(
    (signal: AbortSignal) => listAudit({ actor, action, targetId, from, to, page, size }, signal),
    [actor, action, targetId, from, to, page, size],
  );
  const audit = useAsync(load);

  const filtered = FILTER_KEYS.some((key) => query[key]);

  return (
    <>
      <PageHeader title="Audit log" />
      <AuditFilters key={FILTER_KEYS.map((key) => query[key]).join('|')} query={query} onApply={update} />
      <div className="audit-tools">
        <AuditExport filters={{ actor, action, targetId, from, to }} filtered={filtered} />
        <ChainVerificationPanel />
      </div>
      <PagedResults
        state={audit}
        noun={['entry', 'entries']}
        errorTitle="Could not load the audit log"
        emptyTitles={['The audit log is empty', 'No entries match these filters']}
        filtered={filtered}
        onClearFilters={clear}
        onPageChange={(next) => update({ page: next })}
        onSizeChange={(next) => update({ size: next })}
      >
        {(items, busy) => <AuditTable entries={items} busy={busy} />}
      </PagedResults>
    </>
  );
}

function AuditTable({ entries, busy }: { entries: AuditEntry[]; busy: boolean }) {
  const [expanded, setExpanded] = useState<Set<AuditEntry['id']>>(new Set());
  const toggle = (id: AuditEntry['id']) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table">
        <caption className="visually-hidden">Audit entries</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Summary</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const open = expanded.has(entry.id);
            const detailId = `audit-detail-${entry.id}`;
            const path = targetPath(entry);
            const hasSnapshot = Boolean(entry.before || entry.after);
            return (
              <Fragment key={entry.id}>
                <tr>
                  <td>
                    <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                  </td>
                  <td>
                    {entry.actor}
                    {credentialLabel(entry) && <div className="small">{credentialLabel(entry)}</div>}
                    {entry.sourceAddress && <div className="muted small mono">{entry.sourceAddress}</div>}
                  </td>
                  <td className="mono">{entry.action}</td>
                  <td>
                    {entry.targetType && <span className="muted">{entry.targetType} </span>}
                    {path ? <Link to={path}>{entry.targetId}</Link> : (entry.targetId ?? '—')}
                  </td>
                  <td>{entry.summary ?? '—'}</td>
                  <td>
                    {hasSnapshot ? (
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={open}
                        aria-controls={detailId}
                        onClick={() => toggle(entry.id)}
                      >
                        {open ? 'Hide' : 'Show'}
                        <span className="visually-hidden"> changes of entry {entry.id}</span>
                      </button>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
                {open && (
                  <tr id={detailId} className="table__detail">
                    <td colSpan={6}>
                      <AuditChanges entry={entry} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AuditFilters({ query, onApply }: { query: AuditQuery; onApply(filters: Filters): void }) {
  const [filters, setFilters] = useState<Filters>({
    actor: query.actor ?? '',
    action: query.action ?? '',
    targetId: query.targetId ?? '',
    from: isoToLocalInput(query.from),
    to: isoToLocalInput(query.to),
  });
  const [rangeError, setRangeError] = useState<string | null>(null);
  const set = (key: FilterKey, value: string) => setFilters((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = localInputToIso(filters.from);
    const to = localInputToIso(filters.to);
    if (from && to && from > to) {
      setRangeError('"To" must be after "From".');
      return;
    }
    setRangeError(null);
    onApply({
      actor: filters.actor.trim(),
      action: filters.action.trim(),
      targetId: filters.targetId.trim(),
      from,
      to,
    });
  };

  return (
    <form className="filters" role="search" aria-label="Filter audit log" onSubmit={submit}>
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <input id="audit-actor" value={filters.actor} onChange={(e) => set('actor', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input id="audit-action" value={filters.action} placeholder="e.g. host.armed or boot.*" onChange={(e) => set('action', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="audit-target">Target id</label>
        <input id="audit-target" value={filters.targetId} onChange={(e) => set('targetId', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" type="datetime-local" value={filters.from} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className={rangeError ? 'field field--invalid' : 'field'}>
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="datetime-local"
          value={filters.to}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? 'audit-to-error' : undefined}
          onChange={(e) => set('to', e.target.value)}
        />
        {rangeError && (
          <p className="field__error" id="audit-to-error">
            {rangeError}
          </p>
        )}
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Apply filters
        </button>
      </div>
    </form>
  );
}
