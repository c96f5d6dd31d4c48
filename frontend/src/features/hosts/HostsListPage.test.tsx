import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aHost, aProfile, auditor, editor, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { changeFrame, installMockEventSource } from '../../test/eventSource';
import { renderRoute } from '../../test/render';
import type { Host } from './api';

const hosts: Host[] = [
  aHost({ id: 1, hostname: 'db-01', bootState: 'ARMED', ip: '10.0.0.11', openTicketId: 'T-OPEN1234' }),
  aHost({ id: 2, hostname: 'db-02', bootState: 'HELD', ip: '10.0.0.12', labels: {} }),
];

function hostsApi(respond: (query: URLSearchParams) => Response = () => json(pageOf(hosts, { totalItems: 120, totalPages: 3 }))) {
  return mockFetch((request) => {
    if (request.path === '/api/hosts') return respond(request.query);
    if (request.path === '/api/profiles') return json([aProfile(), aProfile({ name: 'rocky-9' })]);
    return undefined;
  });
}

const lastHostsQuery = (requests: ReturnType<typeof hostsApi>['requests']) =>
  requests.filter((r) => r.path === '/api/hosts').at(-1)!.query;

describe('HostsListPage', () => {
  it('renders the hosts of the page with state badges and paging summary', async () => {
    const { requests } = hostsApi();
    renderRoute('/hosts', { user: auditor() });

    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByRole('link', { name: 'db-01' })).toHaveAttribute('href', '/hosts/1');
    expect(within(rows[1]).getByText('ARMED')).toHaveClass('badge--armed');
    expect(within(rows[1]).getByText('10.0.0.11/24')).toBeInTheDocument();
    expect(within(rows[2]).getByText('HELD')).toHaveClass('badge--held');
    expect(within(rows[1]).getByRole('link', { name: 'T-OPEN1234' })).toHaveAttribute('href', '/tickets/T-OPEN1234');
    expect(within(rows[2]).queryByRole('link', { name: /^T-/ })).not.toBeInTheDocument();
    expect(screen.getByText('1–50 of 120 hosts · page 1 of 3')).toBeInTheDocument();

    const query = lastHostsQuery(requests);
    expect(query.get('page')).toBe('0');
    expect(query.get('size')).toBe('50');
    expect(query.get('sort')).toBe('hostname,asc');
  });

  it('pages forward and back', async () => {
    const { requests } = hostsApi((query) =>
      json(pageOf(hosts, { page: Number(query.get('page')), totalItems: 120, totalPages: 3 })),
    );
    const { user } = renderRoute('/hosts', { user: auditor() });

    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText(/page 2 of 3/)).toBeInTheDocument();
    expect(lastHostsQuery(requests).get('page')).toBe('1');

    await user.click(screen.getByRole('button', { name: 'Last' }));
    expect(await screen.findByText(/page 3 of 3/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('sorts by a column and flips the direction on a second click', async () => {
    const { requests } = hostsApi();
    const { user } = renderRoute('/hosts', { user: auditor() });

    await screen.findByRole('table');
    expect(screen.getByRole('columnheader', { name: /Hostname/ })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: /Boot state/ }));
    expect(lastHostsQuery(requests).get('sort')).toBe('bootState,asc');
    await user.click(screen.getByRole('button', { name: /Boot state/ }));
    expect(lastHostsQuery(requests).get('sort')).toBe('bootState,desc');
    expect(screen.getByRole('columnheader', { name: /Boot state/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('filters by search text, state, profile and label, starting again at page 0', async () => {
    const { requests } = hostsApi();
    const { user } = renderRoute('/hosts?page=2', { user: auditor() });

    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Boot state'), 'HELD');
    await user.selectOptions(await screen.findByLabelText('Profile'), 'rocky-9');
    await user.type(screen.getByLabelText('Search'), 'db');
    await user.type(screen.getByLabelText('Label'), 'rack=r12');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    const query = lastHostsQuery(requests);
    expect(query.get('state')).toBe('HELD');
    expect(query.get('profile')).toBe('rocky-9');
    expect(query.get('q')).toBe('db');
    expect(query.get('label')).toBe('rack=r12');
    expect(query.get('page')).toBe('0');
  });

  it('rejects a label filter that is not key=value or key', async () => {
    hostsApi();
    const { user } = renderRoute('/hosts', { user: auditor() });

    await user.type(await screen.findByLabelText('Label'), '=r12');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    expect(screen.getByLabelText('Label')).toHaveAccessibleDescription(expect.stringContaining('Use key=value'));
  });

  it('filters by subnet (CIDR), checked before it is sent', async () => {
    const { requests } = hostsApi();
    const { user } = renderRoute('/hosts', { user: auditor() });

    await user.type(await screen.findByLabelText('Subnet'), '10.0.0.0/33');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByLabelText('Subnet')).toHaveAccessibleDescription('Use CIDR notation, for example 10.20.0.0/16.');
    expect(requests.filter((r) => r.path === '/api/hosts').every((r) => !r.query.has('subnet'))).toBe(true);

    await user.clear(screen.getByLabelText('Subnet'));
    await user.type(screen.getByLabelText('Subnet'), '10.0.0.0/24');
    await user.type(screen.getByLabelText('Label'), 'rack');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const query = lastHostsQuery(requests);
    expect(query.get('subnet')).toBe('10.0.0.0/24');
    expect(query.get('label')).toBe('rack');
    expect(screen.getByLabelText('Subnet')).not.toHaveAccessibleDescription();
  });

  it("shows the server's refusal of a filter at its field", async () => {
    hostsApi((query) =>
      query.has('subnet')
        ? problem(400, { title: 'Invalid request', detail: 'subnet: must be CIDR notation', errors: [{ field: 'subnet', message: 'must be CIDR notation, e.g. 10.0.2.0/24' }] })
        : json(pageOf(hosts)),
    );
    renderRoute('/hosts?subnet=10.0.0.0', { user: auditor() });
    expect(await screen.findByLabelText('Subnet')).toHaveValue('10.0.0.0');
    expect(await screen.findByText('The server refused this subnet: must be CIDR notation, e.g. 10.0.2.0/24.')).toBeInTheDocument();
    expect(screen.getByLabelText('Subnet')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows an empty state', async () => {
    hostsApi(() => json(pageOf([])));
    renderRoute('/hosts', { user: auditor() });
    expect(await screen.findByText('No hosts yet')).toBeInTheDocument();
  });

  it('shows an error state with a retry', async () => {
    let calls = 0;
    hostsApi(() => {
      calls += 1;
      return calls === 1 ? problem(500, { title: 'Internal Server Error', detail: 'database down' }) : json(pageOf(hosts));
    });
    const { user } = renderRoute('/hosts', { user: auditor() });

    expect(await screen.findByText('Could not load hosts')).toBeInTheDocument();
    expect(screen.getByText('database down')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'db-01' })).toBeInTheDocument();
  });

  it('exports the hosts matching the current filters as CSV or JSON', async () => {
    hostsApi();
    renderRoute('/hosts?state=HELD&label=rack%3Dr12&q=db&subnet=10.0.0.0%2F24&page=2', { user: auditor() });
    await screen.findByRole('table');

    const csv = screen.getByRole('link', { name: 'Export CSV' });
    expect(csv).toHaveAttribute('download');
    const url = new URL(csv.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/api/hosts/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'csv', q: 'db', state: 'HELD', label: 'rack=r12', subnet: '10.0.0.0/24' });
    expect(screen.getByRole('link', { name: 'Export JSON' }).getAttribute('href')).toContain('format=json');
    expect(screen.queryByRole('link', { name: 'Import hosts' })).not.toBeInTheDocument();
  });

  it('offers the import to editors', async () => {
    hostsApi();
    renderRoute('/hosts', { user: editor() });
    expect(await screen.findByRole('link', { name: 'Import hosts' })).toHaveAttribute('href', '/hosts/import');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/hosts/export?format=csv');
  });
});

describe('HostsListPage with live events', () => {
  it('counts host changes and refreshes on request, keeping filters and page', async () => {
    const streams = installMockEventSource();
    let answer = hosts;
    const { requests } = hostsApi(() => json(pageOf(answer, { totalItems: 120, totalPages: 3, page: 1 })));
    const { user } = renderRoute('/hosts?state=ARMED&page=1', { user: auditor() });
    await screen.findByRole('link', { name: 'db-01' });
    streams.latest().open();

    streams.latest().emit('change', changeFrame({ action: 'host.armed', targetType: 'host', targetId: '5' }));
    streams.latest().emit('change', changeFrame({ action: 'boot.local', targetType: 'host', targetId: '5' }));
    streams.latest().emit('change', changeFrame({ action: 'ticket.approved' }));
    streams.latest().emit('change', changeFrame({ action: 'host.held', targetType: 'host', targetId: '6' }));
    const notice = screen.getByText('2 changes to hosts since this list was loaded.', { exact: false });
    expect(screen.getAllByRole('link', { name: /^db-0/ })).toHaveLength(2);

    answer = [...hosts, aHost({ id: 3, hostname: 'db-03', bootState: 'ARMED' })];
    await user.click(within(notice).getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('link', { name: 'db-03' })).toBeInTheDocument();
    expect(screen.queryByText(/since this list was loaded/)).not.toBeInTheDocument();
    const last = lastHostsQuery(requests);
    expect(last.get('state')).toBe('ARMED');
    expect(last.get('page')).toBe('1');
  });
});
