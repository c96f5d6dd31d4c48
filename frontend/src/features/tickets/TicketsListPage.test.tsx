import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aTicket, auditor, pageOf, requester } from '../../test/fixtures';
import { json, mockFetch } from '../../test/http';
import { changeFrame, installMockEventSource } from '../../test/eventSource';
import { renderRoute } from '../../test/render';

function api(tickets = [aTicket(), aTicket({ id: 'T-CLOSED22', status: 'COMPLETED', hostname: 'db-02', hostId: '9' })]) {
  return mockFetch((request) => {
    if (request.path === '/api/tickets') return json(pageOf(tickets, { totalItems: 120, totalPages: 3 }));
    return undefined;
  });
}

const lastListQuery = (requests: ReturnType<typeof api>['requests']) =>
  requests.filter((r) => r.path === '/api/tickets').at(-1)?.query;

describe('TicketsListPage', () => {
  it('lists tickets with readable status badges and links', async () => {
    const { requests } = api();
    renderRoute('/tickets', { user: auditor() });

    const row = (await screen.findByRole('link', { name: 'T-7K2M9QXA' })).closest('tr')!;
    expect(within(row).getByText('Waiting for approval')).toHaveClass('badge');
    expect(within(row).getByRole('link', { name: 'web-01' })).toHaveAttribute('href', '/hosts/7');
    expect(within(row).getByText('Reinstall')).toBeInTheDocument();
    expect(within(row).getByText('rita')).toBeInTheDocument();
    expect(within(screen.getByRole('link', { name: 'T-CLOSED22' }).closest('tr')!).getByText('Completed')).toHaveClass('badge--ok');
    expect(screen.getByText(/1–50 of 120 tickets/)).toBeInTheDocument();
    // the first page, nothing else: the server sorts newest first
    expect(lastListQuery(requests)?.toString()).toBe('page=0&size=50');
    expect(screen.queryByRole('link', { name: 'Request reinstall' })).not.toBeInTheDocument();
  });

  it('turns each filter into the query the API expects', async () => {
    const { requests } = api();
    const { user } = renderRoute('/tickets', { user: requester() });
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });

    await user.selectOptions(screen.getByLabelText('Requested by'), 'Me');
    await user.selectOptions(screen.getByLabelText('Open or closed'), 'Open');
    await user.selectOptions(screen.getByLabelText('Status'), 'Armed');
    await user.type(screen.getByLabelText('Host or ticket'), ' web-01 ');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    const query = lastListQuery(requests)!;
    expect(query.get('mine')).toBe('true');
    expect(query.get('open')).toBe('true');
    expect(query.get('status')).toBe('ARMED');
    expect(query.get('q')).toBe('web-01');
    expect(query.get('page')).toBe('0');

    await user.selectOptions(screen.getByLabelText('Open or closed'), 'Closed');
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    expect(lastListQuery(requests)?.get('open')).toBe('false');

    await user.selectOptions(screen.getByLabelText('Open or closed'), 'Any');
    await user.selectOptions(screen.getByLabelText('Requested by'), 'Anyone');
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    expect(lastListQuery(requests)?.has('open')).toBe(false);
    expect(lastListQuery(requests)?.has('mine')).toBe(false);
  });

  it('pages forward', async () => {
    const { requests } = api();
    const { user } = renderRoute('/tickets?state=open', { user: auditor() });
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    expect(lastListQuery(requests)?.get('page')).toBe('1');
    expect(lastListQuery(requests)?.get('open')).toBe('true');
  });

  it('offers a requester the new-ticket form, also from an empty list', async () => {
    api([]);
    renderRoute('/tickets', { user: requester() });
    expect(await screen.findByText('No tickets yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Request reinstall' })).toHaveAttribute('href', '/tickets/new');
    expect(screen.getByRole('link', { name: 'Request a reinstall' })).toHaveAttribute('href', '/tickets/new');
  });
});

describe('TicketsListPage with live events', () => {
  it('counts ticket changes, says so after a reset, and refreshes with the same filters', async () => {
    const streams = installMockEventSource();
    const { requests } = api();
    const { user } = renderRoute('/tickets?state=open&q=web', { user: requester() });
    await screen.findByRole('link', { name: 'T-7K2M9QXA' });
    streams.latest().open();
    expect(screen.queryByText(/since this list was loaded/)).not.toBeInTheDocument();

    streams.latest().emit('change', changeFrame({ action: 'ticket.approved' }));
    expect(screen.getByText(/1 change to tickets since this list was loaded/)).toBeInTheDocument();
    streams.latest().emit('change', changeFrame({ action: 'host.armed', targetType: 'host', targetId: '7' }));
    streams.latest().emit('reset', { seq: 900 });
    const notice = screen.getByText(/The tickets may have changed since this list was loaded/);

    const loads = requests.filter((r) => r.path === '/api/tickets').length;
    await user.click(within(notice).getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.queryByText(/since this list was loaded/)).not.toBeInTheDocument());
    expect(requests.filter((r) => r.path === '/api/tickets')).toHaveLength(loads + 1);
    expect(lastListQuery(requests)?.get('q')).toBe('web');
  });
});
