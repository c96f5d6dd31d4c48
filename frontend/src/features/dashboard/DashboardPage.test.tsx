import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveEventsProvider } from '../../app/liveEvents';
import { auditFrame, changeFrame, installMockEventSource } from '../../test/eventSource';
import type { RecordedRequest } from '../../test/http';
import { anAuditEntry, aTask, aTicket, auditor, operator, pageOf, requester } from '../../test/fixtures';
import { json, mockFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { BootFeed, mergeFeed } from './BootFeed';

const HOST_COUNTS: Record<string, number> = { LOCAL: 40, ARMED: 2, INSTALLING: 1, HELD: 1 };
const TICKET_COUNTS: Record<string, number> = { PENDING_APPROVAL: 3, ARMED: 2, HELD: 1 };
const held = aTicket({ id: 'T-HELD0001', status: 'HELD', statusReason: 'install failed: disk', hostname: 'db-02' });

function count(totalItems: number) {
  return json(pageOf([], { size: 1, totalItems }));
}

function dashboardApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/hosts') return count(HOST_COUNTS[request.query.get('state') ?? ''] ?? 0);
    if (request.path === '/api/tickets') {
      const status = request.query.get('status') ?? '';
      if (status.includes(',')) return json(pageOf([held]));
      return count(TICKET_COUNTS[status] ?? 0);
    }
    if (request.path === '/api/tasks') return json(pageOf([aTask({ key: 'UserTask_InvestigateFailedInstall', name: 'Investigate failed install', ticket: held })]));
    if (request.path === '/api/audit') return json(pageOf([anAuditEntry({ id: 'b1', action: 'boot.install', actor: 'host:web-01', summary: 'installer served' })]));
    return undefined;
  });
}

const region = (name: string) => screen.findByRole('region', { name });

describe('DashboardPage', () => {
  it('shows an auditor the counts, the failed installs and the live boot feed, but no task list', async () => {
    const { requests } = dashboardApi();
    renderRoute('/', { user: auditor() });

    const hosts = await region('Hosts by boot state');
    const local = await within(hosts).findByRole('link', { name: /40\s*LOCAL/ });
    expect(local).toHaveAttribute('href', '/hosts?state=LOCAL');
    expect(within(hosts).getByRole('link', { name: /1\s*HELD/ })).toHaveAttribute('href', '/hosts?state=HELD');

    const tickets = await region('Open tickets by stage');
    expect(await within(tickets).findByRole('link', { name: /3\s*Waiting for approval/ })).toHaveAttribute(
      'href',
      '/tickets?state=open&status=PENDING_APPROVAL',
    );

    const attention = await region('Needs attention');
    expect(await within(attention).findByRole('link', { name: 'T-HELD0001' })).toHaveAttribute('href', '/tickets/T-HELD0001');
    expect(within(attention).getByText('install failed: disk')).toBeInTheDocument();

    const feed = await region('Boot decisions');
    expect(await within(feed).findByText('boot.install')).toBeInTheDocument();

    expect(screen.queryByRole('region', { name: 'My open tasks' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/tasks' && r.query.get('scope') !== 'group')).toBe(false);
    const attentionQuery = requests.find((r) => r.path === '/api/tickets' && r.query.get('status')?.includes(','));
    expect(attentionQuery?.query.get('status')).toBe('HELD,ISO_BUILD_FAILED');
    const feedQuery = requests.find((r) => r.path === '/api/audit');
    expect(feedQuery?.query.get('action')).toBe('boot.*');
  });

  it('shows an operator their open tasks and no boot feed', async () => {
    const { requests } = dashboardApi();
    renderRoute('/', { user: operator() });

    const tasks = await region('My open tasks');
    expect(await within(tasks).findByRole('link', { name: /Investigate failed install · T-HELD0001/ })).toHaveAttribute(
      'href',
      '/tickets/T-HELD0001',
    );
    expect(screen.queryByRole('region', { name: 'Boot decisions' })).not.toBeInTheDocument();
    await screen.findByRole('region', { name: 'Needs attention' });
    expect(requests.some((r) => r.path === '/api/audit')).toBe(false);
  });

  it('gives a requester counts and tickets only', async () => {
    const { requests } = dashboardApi();
    renderRoute('/', { user: requester() });
    await region('Hosts by boot state');
    await region('Open tickets by stage');
    expect(screen.queryByRole('region', { name: 'My open tasks' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Boot decisions' })).not.toBeInTheDocument();
    await waitFor(() => expect(requests.some((r) => r.path === '/api/hosts')).toBe(true));
    expect(requests.some((r) => r.path === '/api/tasks' || r.path === '/api/audit')).toBe(false);
  });

  it('says so when nothing needs attention and a section fails on its own', async () => {
    dashboardApi((request) => {
      if (request.path === '/api/tickets' && request.query.get('status')?.includes(',')) return json(pageOf([]));
      if (request.path === '/api/hosts') return json({ status: 500, title: 'Server error' }, 500);
      return undefined;
    });
    renderRoute('/', { user: requester() });
    expect(await within(await region('Needs attention')).findByText('No failed installs or ISO builds')).toBeInTheDocument();
    expect(await within(await region('Hosts by boot state')).findByRole('alert')).toHaveTextContent('Could not load hosts by boot state');
  });
});

describe('BootFeed', () => {
  const setHidden = (hidden: boolean) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  afterEach(() => setHidden(false));

  it('puts new boot decisions on top and pauses while the tab is hidden', async () => {
    const first = anAuditEntry({ id: 'a', action: 'boot.local', summary: 'first' });
    const second = anAuditEntry({ id: 'b', action: 'boot.install', summary: 'second' });
    let answer = [first];
    const { requests } = mockFetch((request) => (request.path === '/api/audit' ? json(pageOf(answer)) : undefined));
    render(
      <MemoryRouter>
        <BootFeed intervalMs={40} />
      </MemoryRouter>,
    );
    const list = await screen.findByRole('list', { name: 'Boot decisions, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);

    answer = [second, first];
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('second');
    expect(items[0]).toHaveClass('feed__item--new');
    expect(items[1]).toHaveTextContent('first');

    setHidden(true);
    expect(await screen.findByText('Paused while this tab is hidden')).toBeInTheDocument();
    const before = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.length).toBe(before);

    setHidden(false);
    expect(await screen.findByText(/^Live/)).toBeInTheDocument();
    await waitFor(() => expect(requests.length).toBeGreaterThan(before));
  });

  it('merges by id and keeps the order of arrival', () => {
    const a = anAuditEntry({ id: 'a' });
    const b = anAuditEntry({ id: 'b' });
    const c = anAuditEntry({ id: 'c' });
    const start = mergeFeed({ entries: [], fresh: new Set(), loaded: false }, [b, a]);
    expect(start.fresh.size).toBe(0);
    const next = mergeFeed(start, [c, b, a]);
    expect(next.entries.map((entry) => entry.id)).toEqual(['c', 'b', 'a']);
    expect([...next.fresh]).toEqual(['c']);
    expect(mergeFeed(next, [c, b])).toBe(next);
  });
});

describe('DashboardPage with live events', () => {
  it('puts a streamed boot decision on top at once and refreshes the host counts after a host event', async () => {
    const streams = installMockEventSource();
    const { requests } = dashboardApi();
    renderRoute('/', { user: auditor() });
    const feed = await region('Boot decisions');
    const list = await within(feed).findByRole('list', { name: 'Boot decisions, newest first' });
    streams.latest().open();
    expect(await within(feed).findByText('Live: as they happen')).toBeInTheDocument();
    const feedRequests = requests.filter((r) => r.path === '/api/audit').length;

    streams.latest().emit('audit', auditFrame({ id: 'b2', action: 'boot.install', actor: 'host:db-02', summary: 'installer served to db-02' }));
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('installer served to db-02');
    expect(items[0]).toHaveClass('feed__item--new');
    expect(within(items[0]).getByRole('link', { name: 'host:db-02' })).toHaveAttribute('href', '/hosts/7');
    // a LOCAL boot is on the feed too, but changes no count
    streams.latest().emit('audit', auditFrame({ id: 'b3', action: 'boot.local', summary: 'local disk' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(requests.filter((r) => r.path === '/api/audit')).toHaveLength(feedRequests);

    const hosts = await region('Hosts by boot state');
    await within(hosts).findByRole('link', { name: /40\s*LOCAL/ });
    const hostRequests = () => requests.filter((r) => r.path === '/api/hosts').length;
    const before = hostRequests();
    HOST_COUNTS.ARMED = 3;
    try {
      streams.latest().emit('audit', auditFrame({ action: 'host.armed', targetType: 'host', targetId: '9', summary: 'armed' }));
      expect(await within(hosts).findByRole('link', { name: /3\s*ARMED/ }, { timeout: 3000 })).toBeInTheDocument();
      expect(hostRequests()).toBeGreaterThan(before);
    } finally {
      HOST_COUNTS.ARMED = 2;
    }
  });

  it('refreshes the ticket counts of a requester on a ticket change', async () => {
    const streams = installMockEventSource();
    dashboardApi();
    renderRoute('/', { user: requester() });
    const tickets = await region('Open tickets by stage');
    await within(tickets).findByRole('link', { name: /3\s*Waiting for approval/ });
    streams.latest().open();
    TICKET_COUNTS.PENDING_APPROVAL = 4;
    try {
      streams.latest().emit('change', changeFrame({ action: 'ticket.submitted', targetId: 'T-NEW00001' }));
      expect(await within(tickets).findByRole('link', { name: /4\s*Waiting for approval/ }, { timeout: 3000 })).toBeInTheDocument();
    } finally {
      TICKET_COUNTS.PENDING_APPROVAL = 3;
    }
  });

  it('polls the boot feed again at its own rate while the stream is down', async () => {
    const streams = installMockEventSource();
    const first = anAuditEntry({ id: 'a', action: 'boot.local', summary: 'first' });
    const second = anAuditEntry({ id: 'b', action: 'boot.install', summary: 'second' });
    let answer = [first];
    mockFetch((request) => (request.path === '/api/audit' ? json(pageOf(answer)) : undefined));
    render(
      <MemoryRouter>
        <LiveEventsProvider retryInitialMs={60_000}>
          <BootFeed intervalMs={40} />
        </LiveEventsProvider>
      </MemoryRouter>,
    );
    const list = await screen.findByRole('list', { name: 'Boot decisions, newest first' });
    streams.latest().open();
    await screen.findByText('Live: as they happen');

    streams.latest().fail(true);
    expect(await screen.findByText(/^Live: checked at/)).toBeInTheDocument();
    answer = [second, first];
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('second');
  });
});
