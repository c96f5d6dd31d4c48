import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/**
 * Live updates from `GET /api/events` (server-sent events, same origin, session cookie).
 *
 * One EventSource per signed-in console ({@link LiveEventsProvider}); pages subscribe with
 * {@link useLiveEvents} or {@link useLiveRefresh}. While the stream is `live`, pages that poll
 * slow their polling down to {@link LIVE_SAFETY_INTERVAL_MS} (a safety net only); in every other
 * state they poll at their usual rate, so the console works the same without the stream, only later.
 */

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

/** How often pages that poll still poll while the stream is live. */
export const LIVE_SAFETY_INTERVAL_MS = 60_000;
/** First wait before opening a new stream after the browser gave up on one (e.g. 401, 429); doubles up to the maximum. */
export const RETRY_INITIAL_MS = 10_000;
export const RETRY_MAX_MS = 300_000;
/** Default wait that gathers a burst of events into one reload. */
export const DEFAULT_DEBOUNCE_MS = 1_000;
/** The same for the page of the one host or ticket in view: quicker, it is what the user watches. */
export const DETAIL_REFRESH_MS = 300;

/** An `audit` frame (AUDITOR, ADMIN: every audit record, boot decisions included). */
export interface LiveAuditEvent {
  kind: 'audit';
  seq: number;
  id: string | number;
  occurredAt: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  actor: string;
  sourceAddress: string | null;
  summary: string | null;
}

/** A `change` frame (other roles: what changed, not who or why). */
export interface LiveChangeEvent {
  kind: 'change';
  seq: number;
  occurredAt: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
}

/** `reset`: the resume point is too old (or the stream was reopened): reload everything shown. */
export interface LiveReset {
  kind: 'reset';
  seq: number | null;
}

export type LiveEvent = LiveAuditEvent | LiveChangeEvent;
export type LiveMessage = LiveEvent | LiveReset;

export interface LiveFilter {
  /** Target types to receive (case-insensitive), e.g. `['host']`; all when absent. */
  targetTypes?: readonly string[];
  /** Only events about this target id (with `targetTypes`, e.g. one ticket). */
  targetId?: string | null;
  /** Actions to receive: exact names or prefixes ending in `*` (`boot.*`); all when absent. */
  actions?: readonly string[];
  /** Actions to skip, same syntax (e.g. `boot.local`, which changes nothing shown). */
  ignoreActions?: readonly string[];
  /** Only `audit` frames (whole audit records). */
  auditOnly?: boolean;
}

/** Host events that may change what a host list or count shows (not reads, not local boots). */
export const HOST_CHANGES: LiveFilter = {
  targetTypes: ['host'],
  ignoreActions: [
    'boot.local',
    'boot.unknown-host',
    'boot.duplicate',
    'boot.bad-token',
    'boot.error',
    'answer.*',
    'host.media-spec-read',
    'host.iso-downloaded',
    'host.usb-downloaded',
    'host.floppy-downloaded',
  ],
};

/** Every ticket event (each one moves a ticket, its tasks or its timeline). */
export const TICKET_CHANGES: LiveFilter = { targetTypes: ['ticket'] };

type Listener = (message: LiveMessage) => void;

export interface LiveEventsValue {
  status: LiveStatus;
  /** The replica serving the stream (from `hello`), for the status indicator's tooltip. */
  replica: string | null;
  /** Registers a listener for every message; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
}

/** Without a provider (signed out, tests of single components): never live, nothing arrives, pages poll. */
const NOT_LIVE: LiveEventsValue = {
  status: 'unavailable',
  replica: null,
  subscribe: () => () => undefined,
};

const LiveEventsContext = createContext<LiveEventsValue>(NOT_LIVE);

export function useLiveStatus(): { status: LiveStatus; replica: string | null } {
  const { status, replica } = useContext(LiveEventsContext);
  return { status, replica };
}

/** True while events arrive: polling can slow down. */
export function useIsLive(): boolean {
  return useContext(LiveEventsContext).status === 'live';
}

/** `intervalMs` when the stream is down, {@link LIVE_SAFETY_INTERVAL_MS} (or `intervalMs` if longer) while it is live. */
export function usePollingInterval(intervalMs: number): number {
  return useIsLive() ? Math.max(intervalMs, LIVE_SAFETY_INTERVAL_MS) : intervalMs;
}

function actionMatches(action: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? action.startsWith(pattern.slice(0, -1)) : action === pattern));
}

/** Whether `message` passes `filter`; a reset passes every filter. */
export function matchesFilter(message: LiveMessage, filter: LiveFilter): boolean {
  if (message.kind === 'reset') return true;
  if (filter.auditOnly && message.kind !== 'audit') return false;
  const type = (message.targetType ?? '').toLowerCase();
  if (filter.targetTypes && !filter.targetTypes.some((wanted) => wanted.toLowerCase() === type)) return false;
  if (filter.targetId != null && message.targetId !== filter.targetId) return false;
  if (filter.actions && !actionMatches(message.action, filter.actions)) return false;
  if (filter.ignoreActions && actionMatches(message.action, filter.ignoreActions)) return false;
  return true;
}

/**
 * Calls `handler` with every message passing `filter` (and every reset). The filter is compared
 * by value, the handler may change identity freely.
 */
export function useLiveEvents(filter: LiveFilter, handler: (message: LiveMessage) => void, enabled = true) {
  const { subscribe } = useContext(LiveEventsContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  }, [handler]);
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (!enabled) return;
    const wanted = JSON.parse(key) as LiveFilter;
    return subscribe((message) => {
      if (matchesFilter(message, wanted)) latest.current(message);
    });
  }, [subscribe, key, enabled]);
}

/**
 * Calls `reload` once after a burst of matching events (or a reset) has been quiet for `delayMs`
 * (1 s by default), so a batch of changes costs one request.
 */
export function useLiveRefresh(filter: LiveFilter, reload: () => void, { delayMs = DEFAULT_DEBOUNCE_MS, enabled = true } = {}) {
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  }, [reload]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onMessage = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), delayMs);
  }, [delayMs]);
  useLiveEvents(filter, onMessage, enabled);
}

function parse(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (value: unknown): string | null => (value == null ? null : String(value));

function toMessage(type: string, data: Record<string, unknown>): LiveMessage | null {
  const seq = Number(data.seq);
  switch (type) {
    case 'audit':
      return {
        kind: 'audit',
        seq,
        id: (data.id as string | number | undefined) ?? seq,
        occurredAt: String(data.occurredAt ?? ''),
        action: String(data.action ?? ''),
        targetType: str(data.targetType),
        targetId: str(data.targetId),
        actor: String(data.actor ?? ''),
        sourceAddress: str(data.sourceAddress),
        summary: str(data.summary),
      };
    case 'change':
      return {
        kind: 'change',
        seq,
        occurredAt: String(data.occurredAt ?? ''),
        action: String(data.action ?? ''),
        targetType: str(data.targetType),
        targetId: str(data.targetId),
      };
    case 'reset':
      return { kind: 'reset', seq: Number.isFinite(seq) ? seq : null };
    default:
      return null;
  }
}

interface ProviderProps {
  children: ReactNode;
  /** False keeps the stream closed (e.g. an account without console roles). */
  enabled?: boolean;
  url?: string;
  retryInitialMs?: number;
}

/**
 * Opens the event stream while mounted (mount it inside the signed-in part of the console so
 * logging out closes it). The browser reconnects by itself after a dropped connection, resuming
 * with Last-Event-ID; when it gives up (an error answer such as 401, 403 or 429) a new stream is
 * opened after a back-off, and subscribers get a reset because events may have been missed.
 */
export function LiveEventsProvider({
  children,
  enabled = true,
  url = '/api/events',
  retryInitialMs = RETRY_INITIAL_MS,
}: ProviderProps) {
  const supported = typeof window !== 'undefined' && typeof window.EventSource === 'function';
  const [status, setStatus] = useState<LiveStatus>(enabled && supported ? 'connecting' : 'unavailable');
  const [replica, setReplica] = useState<string | null>(null);
  const listeners = useRef(new Set<Listener>());

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  useEffect(() => {
    if (!enabled || !supported) {
      setStatus('unavailable');
      return;
    }
    const dispatch = (message: LiveMessage) => [...listeners.current].forEach((listener) => listener(message));
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = retryInitialMs;
    let stopped = false;
    /** Set after a stream was given up: the next one starts without Last-Event-ID, so it resyncs. */
    let missedEvents = false;

    const connect = () => {
      if (stopped) return;
      const current = new window.EventSource(url, { withCredentials: true });
      source = current;
      current.onopen = () => {
        if (source !== current) return;
        retryDelay = retryInitialMs;
        setStatus('live');
        if (missedEvents) {
          missedEvents = false;
          dispatch({ kind: 'reset', seq: null });
        }
      };
      current.onerror = () => {
        if (source !== current) return;
        // CLOSED (2): the browser gave up (an error answer); otherwise it retries by itself
        if (current.readyState === 2) {
          current.close();
          source = null;
          missedEvents = true;
          setStatus('unavailable');
          retryTimer = setTimeout(connect, retryDelay);
          retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
        } else {
          setStatus('reconnecting');
        }
      };
      current.addEventListener('hello', (event) => {
        const data = parse((event as MessageEvent<string>).data);
        setReplica(str(data?.replica));
        setStatus('live');
      });
      for (const type of ['audit', 'change', 'reset']) {
        current.addEventListener(type, (event) => {
          const data = parse((event as MessageEvent<string>).data);
          const message = data && toMessage(type, data);
          if (message) dispatch(message);
        });
      }
    };

    setStatus('connecting');
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
    };
  }, [enabled, supported, url, retryInitialMs]);

  const value = useMemo(() => ({ status, replica, subscribe }), [status, replica, subscribe]);
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

const LABELS: Record<LiveStatus, { text: string; description: string }> = {
  connecting: { text: 'Connecting…', description: 'Live updates: connecting' },
  live: { text: 'Live', description: 'Live updates: on' },
  reconnecting: { text: 'Reconnecting…', description: 'Live updates: reconnecting, pages refresh by polling meanwhile' },
  unavailable: { text: 'Not live', description: 'Live updates: off, pages refresh by polling' },
};

/** The header's small indicator of the stream's state. */
export function LiveStatusIndicator() {
  const { status, replica } = useLiveStatus();
  const label = LABELS[status];
  return (
    <span
      className={`live-status live-status--${status}`}
      role="status"
      aria-label={label.description}
      title={replica && status === 'live' ? `${label.description} (replica ${replica})` : label.description}
    >
      <span className="live-status__dot" aria-hidden="true" />
      <span aria-hidden="true">{label.text}</span>
    </span>
  );
}
