import { act } from '@testing-library/react';
import { vi } from 'vitest';

type Listener = (event: MessageEvent<string>) => void;

/**
 * A stand-in for the browser's EventSource: tests open it, send frames and make it fail.
 * Install with {@link installMockEventSource}; the shared setup unstubs it after each test.
 */
export class MockEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: MockEventSource[] = [];

  readonly url: string;
  readonly withCredentials: boolean;
  readyState = MockEventSource.CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: Listener | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(url: string | URL, init?: EventSourceInit) {
    this.url = String(url);
    this.withCredentials = init?.withCredentials ?? false;
    MockEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.readyState = MockEventSource.CLOSED;
  }

  get closed(): boolean {
    return this.readyState === MockEventSource.CLOSED;
  }

  /** The server answered 200 with text/event-stream (and sends `hello`). */
  open(replica = 'replica-a') {
    act(() => {
      this.readyState = MockEventSource.OPEN;
      this.onopen?.(new Event('open'));
    });
    this.emit('hello', { seq: 0, replica });
  }

  /** One frame: `event: type`, `data: JSON`, `id: seq`. */
  emit(type: string, data: Record<string, unknown>) {
    act(() => {
      const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: String(data.seq ?? '') });
      this.listeners.get(type)?.forEach((listener) => listener(event));
      if (type === 'message') this.onmessage?.(event);
    });
  }

  /** The connection dropped: the browser retries (`CONNECTING`) unless `fatal` (an error answer: `CLOSED`). */
  fail(fatal = false) {
    act(() => {
      this.readyState = fatal ? MockEventSource.CLOSED : MockEventSource.CONNECTING;
      this.onerror?.(new Event('error'));
    });
  }
}

export function installMockEventSource() {
  MockEventSource.instances = [];
  vi.stubGlobal('EventSource', MockEventSource);
  return {
    /** The newest stream opened. */
    latest(): MockEventSource {
      const source = MockEventSource.instances.at(-1);
      if (!source) throw new Error('no EventSource was opened');
      return source;
    },
    get instances() {
      return MockEventSource.instances;
    },
  };
}

let seq = 0;

/** An `audit` frame's data. */
export function auditFrame(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    seq,
    id: `live-${seq}`,
    occurredAt: '2025-01-10T09:00:00Z',
    action: 'boot.install',
    targetType: 'host',
    targetId: '7',
    actor: 'host:web-01',
    sourceAddress: '10.0.0.21',
    summary: 'installer served',
    ...overrides,
  };
}

/** A `change` frame's data. */
export function changeFrame(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return { seq, occurredAt: '2025-01-10T09:00:00Z', action: 'ticket.approved', targetType: 'ticket', targetId: 'T-7K2M9QXA', ...overrides };
}
