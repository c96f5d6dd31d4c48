import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState, ErrorMessage, Loading } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { credentialLabel, listAudit } from './api';
import { AuditChanges } from './AuditChanges';

interface AuditTimelineProps {
  targetId: string;
  size?: number;
}

/** The most recent audit entries for one target; give it a new `key` to reload. */
export function AuditTimeline({ targetId, size = 20 }: AuditTimelineProps) {
  const load = useCallback((signal: AbortSignal) => listAudit({ targetId, page: 0, size }, signal), [targetId, size]);
  const audit = useAsync(load);
  const [open, setOpen] = useState<string | number | null>(null);

  if (audit.error) return <ErrorMessage error={audit.error} title="Could not load the timeline" onRetry={audit.reload} />;
  if (!audit.data) return <Loading label="Loading timeline…" />;

  const entries = [...audit.data.items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  if (entries.length === 0) return <EmptyState title="No recorded events yet" />;

  return (
    <>
      <ol className="timeline">
        {entries.map((entry) => {
          const expanded = open === entry.id;
          const detailId = `timeline-${entry.id}`;
          return (
            <li key={entry.id} className="timeline__item">
              <div className="timeline__head">
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                <span className="mono timeline__action">{entry.action}</span>
                <span className="muted">
                  by {entry.actor}
                  {credentialLabel(entry) && ` (${credentialLabel(entry)})`}
                </span>
              </div>
              {entry.summary && <p className="timeline__summary">{entry.summary}</p>}
              {(entry.before || entry.after) && (
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={expanded}
                  aria-controls={detailId}
                  onClick={() => setOpen(expanded ? null : entry.id)}
                >
                  {expanded ? 'Hide changes' : 'Show changes'}
                </button>
              )}
              {expanded && (
                <div id={detailId}>
                  <AuditChanges entry={entry} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {audit.data.totalItems > entries.length && (
        <p>
          <Link to={`/audit?targetId=${encodeURIComponent(targetId)}`}>
            See all {audit.data.totalItems} entries in the audit log
          </Link>
        </p>
      )}
    </>
  );
}
