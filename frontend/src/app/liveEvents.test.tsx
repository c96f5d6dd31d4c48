import { render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { auditFrame, changeFrame, installMockEventSource } from '../test/eventSource';
import {
  LIVE_SAFETY_INTERVAL_MS,
  LiveEventsProvider,
  LiveStatusIndicator,
  matchesFilter,
  useLiveEvents,
  useLiveRefresh,
  usePollingInterval,
  type LiveFilter,
  type LiveMessage,
} from './liveEvents';

function Subscriber({ filter, onMessage }: { filter: LiveFilter; onMessage(message: LiveMessage): void }) {
  useLiveEvents(filter, onMessage);
  return null;
}

const indicator = () => screen.getByRole('status');

describe('LiveEventsProvider', () => {
  it('goes connecting → live → reconnecting → live, and closes its stream when unmounted', () => {
    const streams = installMockEventSource();
    const { unmount } = render(
      <LiveEventsProvider>
        <LiveStatusIndicator />
      </LiveEventsProvider>,
    );
    expect(streams.instances).toHaveLength(1);
    const stream = streams.latest();
    expect(stream.url).toBe('/api/events');
    expect(stream.withCredentials).toBe(true);
    expect(indicator()).toHaveAccessibleName('Live updates: connecting');

    stream.open('replica-b');
    expect(indicator()).toHaveAccessibleName('Live updates: on');
    expect(indicator()).toHaveTextContent('Live');
    expect(indicator()).toHaveAttribute('title', 'Live updates: on (replica replica-b)');

    stream.fail();
    expect(indicator()).toHaveTextContent('Reconnecting…');
    expect(indicator()).toHaveAccessibleName(/reconnecting/);
    // the browser itself reconnects (with Last-Event-ID): no second EventSource
    stream.open();
    expect(streams.instances).toHaveLength(1);
    expect(indicator()).toHaveTextContent('Live');

    unmount();
    expect(stream.closed).toBe(true);
  });

  it('opens a new stream after the browser gave up, and tells subscribers to reload', async () => {
    const streams = installMockEventSource();
    const onMessage = vi.fn();
    render(
      <LiveEventsProvider retryInitialMs={20}>
        <LiveStatusIndicator />
        <Subscriber filter={{ targetTypes: ['ticket'] }} onMessage={onMessage} />
      </LiveEventsProvider>,
    );
    const first = streams.latest();
    first.open();
    first.fail(true); // e.g. 429: too many streams on this replica
    expect(indicator()).toHaveTextContent('Not live');
    expect(indicator()).toHaveAccessibleName('Live updates: off, pages refresh by polling');

    await waitFor(() => expect(streams.instances).toHaveLength(2));
    expect(onMessage).not.toHaveBeenCalled();
    streams.latest().open();
    expect(indicator()).toHaveTextContent('Live');
    expect(onMessage).toHaveBeenCalledWith({ kind: 'reset', seq: null });
  });

  it('is unavailable without EventSource, and when disabled opens nothing', () => {
    vi.stubGlobal('EventSource', undefined);
    const { unmount } = render(
      <LiveEventsProvider>
        <LiveStatusIndicator />
      </LiveEventsProvider>,
    );
    expect(indicator()).toHaveTextContent('Not live');
    unmount();

    const streams = installMockEventSource();
    render(
      <LiveEventsProvider enabled={false}>
        <LiveStatusIndicator />
      </LiveEventsProvider>,
    );
    expect(indicator()).toHaveTextContent('Not live');
    expect(streams.instances).toHaveLength(0);
  });

  it('hands each subscriber the frames its filter asks for, and every reset', () => {
    const streams = installMockEventSource();
    const oneTicket = vi.fn();
    const bootDecisions = vi.fn();
    render(
      <LiveEventsProvider>
        <Subscriber filter={{ targetTypes: ['ticket'], targetId: 'T-1' }} onMessage={oneTicket} />
        <Subscriber filter={{ auditOnly: true, actions: ['boot.*'], ignoreActions: ['boot.local'] }} onMessage={bootDecisions} />
      </LiveEventsProvider>,
    );
    const stream = streams.latest();
    stream.open();
    stream.emit('change', changeFrame({ targetType: 'ticket', targetId: 'T-2' }));
    stream.emit('change', changeFrame({ targetType: 'TICKET', targetId: 'T-1', action: 'ticket.approved' }));
    stream.emit('change', changeFrame({ targetType: 'host', targetId: '7', action: 'boot.install' }));
    stream.emit('audit', auditFrame({ action: 'boot.local', summary: 'local' }));
    stream.emit('audit', auditFrame({ id: 99, action: 'boot.install', summary: 'installer served' }));
    stream.emit('message', { seq: 1 });
    stream.emit('reset', { seq: 42 });

    expect(oneTicket.mock.calls.map(([message]) => message)).toEqual([
      expect.objectContaining({ kind: 'change', targetId: 'T-1', action: 'ticket.approved' }),
      { kind: 'reset', seq: 42 },
    ]);
    expect(bootDecisions.mock.calls.map(([message]) => message)).toEqual([
      expect.objectContaining({ kind: 'audit', id: 99, action: 'boot.install', summary: 'installer served', actor: 'host:web-01' }),
      { kind: 'reset', seq: 42 },
    ]);
  });

  it('gathers a burst of matching events into one reload', async () => {
    const streams = installMockEventSource();
    const reload = vi.fn();
    function Refreshing() {
      useLiveRefresh({ targetTypes: ['host'] }, reload, { delayMs: 30 });
      return null;
    }
    render(
      <LiveEventsProvider>
        <Refreshing />
      </LiveEventsProvider>,
    );
    const stream = streams.latest();
    stream.open();
    stream.emit('change', changeFrame({ targetType: 'host', targetId: '1', action: 'host.armed' }));
    stream.emit('change', changeFrame({ targetType: 'host', targetId: '2', action: 'host.armed' }));
    stream.emit('change', changeFrame({ targetType: 'host', targetId: '3', action: 'host.armed' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    stream.emit('change', changeFrame({ targetType: 'ticket' }));
    stream.emit('change', changeFrame({ targetType: 'host', targetId: '4', action: 'host.held' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
  });

  it('polls at the usual rate unless the stream is live', () => {
    const streams = installMockEventSource();
    const wrapper = ({ children }: { children: ReactNode }) => <LiveEventsProvider>{children}</LiveEventsProvider>;
    const { result } = renderHook(() => usePollingInterval(5_000), { wrapper });
    expect(result.current).toBe(5_000);
    streams.latest().open();
    expect(result.current).toBe(LIVE_SAFETY_INTERVAL_MS);
    streams.latest().fail();
    expect(result.current).toBe(5_000);

    // without a provider (signed out, a component on its own): always the usual rate
    expect(renderHook(() => usePollingInterval(5_000)).result.current).toBe(5_000);
  });
});

describe('matchesFilter', () => {
  const change = (action: string, targetType = 'host', targetId = '7'): LiveMessage => ({
    kind: 'change',
    seq: 1,
    occurredAt: '',
    action,
    targetType,
    targetId,
  });

  it('matches exact actions and prefixes, and skips ignored ones', () => {
    expect(matchesFilter(change('boot.install'), { actions: ['boot.*'] })).toBe(true);
    expect(matchesFilter(change('host.armed'), { actions: ['boot.*'] })).toBe(false);
    expect(matchesFilter(change('host.armed'), { actions: ['host.armed'] })).toBe(true);
    expect(matchesFilter(change('boot.local'), { targetTypes: ['host'], ignoreActions: ['boot.local'] })).toBe(false);
    expect(matchesFilter(change('host.armed', 'host', '8'), { targetTypes: ['host'], targetId: '7' })).toBe(false);
    expect(matchesFilter(change('host.armed'), { auditOnly: true })).toBe(false);
    expect(matchesFilter({ kind: 'reset', seq: 3 }, { targetTypes: ['ticket'], targetId: 'T-1', auditOnly: true })).toBe(true);
  });
});
