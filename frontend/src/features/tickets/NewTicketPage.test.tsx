import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aHost, aProfile, aTicket, aTicketDetail, pageOf, requester } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';

function api(extra?: Parameters<typeof mockFetch>[0]) {
  return mockFetch((request) => {
    const handled = extra?.(request);
    if (handled) return handled;
    if (request.path === '/api/hosts') return json(pageOf([aHost(), aHost({ id: 9, hostname: 'db-02', profile: 'rocky-9' })]));
    if (request.path === '/api/hosts/7') return json(aHost());
    if (request.path === '/api/profiles') return json([aProfile(), aProfile({ name: 'rocky-9' })]);
    return undefined;
  });
}

describe('NewTicketPage', () => {
  it("prefills the host from the host page, defaults to the host's profile and sends ISO-8601 with offset", async () => {
    const { requests } = api((request) => {
      if (request.method === 'POST' && request.path === '/api/tickets') return json(aTicket({ id: 'T-NEW23456' }), 201);
      if (request.path === '/api/tickets/T-NEW23456') return json(aTicketDetail({ ticket: aTicket({ id: 'T-NEW23456' }) }));
      return undefined;
    });
    const { user } = renderRoute('/tickets/new?hostId=7', { user: requester() });

    const host = await screen.findByLabelText(/^Host/);
    expect(host).toHaveValue('7');
    expect(screen.getByLabelText(/^Profile/)).toHaveValue('');
    expect(screen.getByRole('option', { name: "The host's profile (debian-12)" })).toBeInTheDocument();

    await user.type(screen.getByLabelText(/^Reason/), 'reimage after disk swap (CHG-1234)');
    await user.type(screen.getByLabelText(/^Earliest start/), '2030-01-01T06:00');
    await user.click(screen.getByRole('button', { name: 'Request reinstall' }));

    expect(await screen.findByText('Ticket T-NEW23456 filed for web-01: waiting for approval.')).toBeInTheDocument();
    const body = requests.find((r) => r.method === 'POST' && r.path === '/api/tickets')?.json();
    expect(body).toEqual({
      hostId: '7',
      reason: 'reimage after disk swap (CHG-1234)',
      windowStart: new Date('2030-01-01T06:00').toISOString(),
    });
    // an instant with its offset (UTC), as the API requires
    expect((body as { windowStart: string }).windowStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('sends a chosen profile and refuses an empty host or reason before sending', async () => {
    const { requests } = api((request) =>
      request.method === 'POST' && request.path === '/api/tickets' ? json(aTicket({ id: 'T-NEW23456' }), 201) : undefined,
    );
    const { user } = renderRoute('/tickets/new', { user: requester() });

    await user.click(await screen.findByRole('button', { name: 'Request reinstall' }));
    expect(document.getElementById('field-hostId-error')).toHaveTextContent('Choose the host to reinstall.');
    expect(document.getElementById('field-reason-error')).toHaveTextContent(/Say why/);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await user.selectOptions(screen.getByLabelText(/^Host/), 'db-02');
    expect(screen.getByRole('option', { name: "The host's profile (rocky-9)" })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText(/^Profile/), 'debian-12');
    await user.type(screen.getByLabelText(/^Reason/), 'switch to Debian');
    await user.click(screen.getByRole('button', { name: 'Request reinstall' }));
    await screen.findByRole('heading', { level: 1, name: /Ticket/ });
    expect(requests.find((r) => r.method === 'POST')?.json()).toEqual({ hostId: '9', profile: 'debian-12', reason: 'switch to Debian' });
  });

  it("shows the server's field errors at their fields", async () => {
    api((request) =>
      request.method === 'POST' && request.path === '/api/tickets'
        ? problem(400, {
            title: 'Invalid request',
            errors: [
              { field: 'windowStart', message: 'must be within a year from now' },
              { field: 'profile', message: 'no profile named debian-12' },
            ],
          })
        : undefined,
    );
    const { user } = renderRoute('/tickets/new?hostId=7', { user: requester() });

    await user.type(await screen.findByLabelText(/^Reason/), 'later');
    await user.type(screen.getByLabelText(/^Earliest start/), '2040-01-01T06:00');
    await user.click(screen.getByRole('button', { name: 'Request reinstall' }));

    const window = await screen.findByLabelText(/^Earliest start/);
    await screen.findAllByText('must be within a year from now');
    expect(window).toHaveAttribute('aria-invalid', 'true');
    expect(document.getElementById('field-windowStart-error')).toHaveTextContent('must be within a year from now');
    expect(document.getElementById('field-profile-error')).toHaveTextContent('no profile named debian-12');
    expect(screen.getByRole('alert')).toHaveTextContent('Earliest start: must be within a year from now');
  });

  it('shows a 409 (open ticket) readably at the host field', async () => {
    api((request) =>
      request.method === 'POST' && request.path === '/api/tickets'
        ? problem(409, {
            title: 'Conflict',
            detail: 'host web-01 already has open ticket T-OPEN1234; finish or cancel it first',
            errors: [{ field: 'hostId', message: 'host web-01 already has open ticket T-OPEN1234; finish or cancel it first' }],
          })
        : undefined,
    );
    const { user } = renderRoute('/tickets/new?hostId=7', { user: requester() });
    await user.type(await screen.findByLabelText(/^Reason/), 'again');
    await user.click(screen.getByRole('button', { name: 'Request reinstall' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /Host: host web-01 already has open ticket T-OPEN1234/ })).toHaveAttribute(
      'href',
      '#field-hostId',
    );
    expect(document.getElementById('field-hostId-error')).toHaveTextContent('already has open ticket T-OPEN1234');
  });
});
