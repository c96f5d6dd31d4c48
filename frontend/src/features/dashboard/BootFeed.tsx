import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { toApiError, type ApiError } from '../../app/api';
import { useIsLive, useLiveEvents, usePollingInterval, type LiveMessage } from '../../app/liveEvents';
import { ErrorMessage, EmptyState, Loading } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { usePolling } from '../../shared/utils/usePolling';
import type { AuditEntry } from '../audit/api';
import { targetPath } from '../audit/targetPath';
import { latestBootDecisions } from './api';

export const FEED_INTERVAL_MS = 5_000;
const FETCH_SIZE = 20;
const KEEP = 50;

interface FeedState {
  entries: AuditEntry[];
  /** Ids of the latest arrivals (highlighted until newer ones come). */
  fresh: Set<AuditEntry['id']>;
  loaded: boolean;
}

/** Puts the entries not seen yet on top, keeps the newest {@link KEEP}. */
export function mergeFeed(current: FeedState, incoming: AuditEntry[]): FeedState {
  const known = new Set(current.entries.map((entry) => entry.id));
  const added = incoming.filter((entry) => !known.has(entry.id));
  if (current.loaded && added.length === 0) return current;
  return {
    entries: [...added, ...current.entries].slice(0, KEEP),
    fresh: current.loaded ? new Set(added.map((entry) => entry.id)) : new Set(),
    loaded: true,
  };
}

function usePageHidden(): boolean {
  const [hidden, setHidden] = useState(() => document.hidden);
  useEffect(() => {
    const update = () => setHidden(document.hidden);
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return hidden;
}

/** A streamed `audit` frame as a feed entry (the stream carries no before/after). */
function toEntry(message: LiveMessage): AuditEntry | null {
  if (message.kind !== 'audit') return null;
  const { id, occurredAt, actor, sourceAddress, action, targetType, targetId, summary } = message;
  return { id, occurredAt, actor, sourceAddress, action, targetType, targetId, summary, before: null, after: null };
}

/**
 * The newest boot decisions (`boot.*` in the audit log), new entries on top. While the console's
 * event stream is live they arrive as they happen (polling drops to a minute as a safety net);
 * otherwise they are polled every few seconds while the tab is visible. A stream reset polls at once.
 */
export function BootFeed({ intervalMs = FEED_INTERVAL_MS }: { intervalMs?: number }) {
  const [feed, setFeed] = useState<FeedState>({ entries: [], fresh: new Set(), loaded: false });
  const [error, setError] = useState<ApiError | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const hidden = usePageHidden();
  const live = useIsLive();

  const poll = useCallback(async (signal: AbortSignal) => {
    try {
      const page = await latestBootDecisions(FETCH_SIZE, signal);
      if (signal.aborted) return;
      setFeed((current) => mergeFeed(current, page.items));
      setError(null);
      setUpdatedAt(new Date());
    } catch (failure) {
      if (!signal.aborted) setError(toApiError(failure));
    }
  }, []);
  usePolling(poll, usePollingInterval(intervalMs));

  const resync = useRef<AbortController | null>(null);
  useEffect(() => () => resync.current?.abort(), []);
  useLiveEvents({ auditOnly: true, actions: ['boot.*'] }, (message) => {
    const entry = toEntry(message);
    if (entry) {
      // before the first page arrived, the poll brings it anyway
      setFeed((current) => (current.loaded ? mergeFeed(current, [entry]) : current));
      return;
    }
    resync.current?.abort();
    resync.current = new AbortController();
    void poll(resync.current.signal);
  });

  return (
    <section className="panel dashboard__card dashboard__card--wide" aria-labelledby="dash-feed-heading">
      <div className="dashboard__card-head">
        <h2 id="dash-feed-heading">Boot decisions</h2>
        <span className="muted small" role="status">
          {live
            ? 'Live: as they happen'
            : hidden
            ? 'Paused while this tab is hidden'
            : updatedAt
              ? `Live: checked at ${updatedAt.toLocaleTimeString()}`
              : 'Live'}
        </span>
        <Link to="/audit?action=boot.*">In the audit log</Link>
      </div>
      {error && <ErrorMessage error={error} title="Could not load the boot decisions" />}
      {!feed.loaded && !error && <Loading label="Loading boot decisions…" />}
      {feed.loaded && feed.entries.length === 0 && <EmptyState title="No boot decisions yet: no machine has asked for its boot script." />}
      {feed.entries.length > 0 && (
        <ol className="feed" aria-label="Boot decisions, newest first">
          {feed.entries.map((entry) => {
            const path = targetPath(entry);
            return (
              <li key={entry.id} className={feed.fresh.has(entry.id) ? 'feed__item feed__item--new' : 'feed__item'}>
                <time dateTime={entry.occurredAt} className="feed__time">
                  {formatDateTime(entry.occurredAt)}
                </time>
                <span className="mono feed__action">{entry.action}</span>
                <span className="feed__summary">
                  {path ? <Link to={path}>{entry.actor}</Link> : entry.actor}
                  {entry.sourceAddress && <span className="muted mono"> from {entry.sourceAddress}</span>}
                  {entry.summary && <>: {entry.summary}</>}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
