import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, pageOf } from '../../test/fixtures';
import { json, mockFetch, noContent, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import { aDelivery, aWebhook } from '../../test/webhookFixtures';

const salt = aWebhook();
const path = `/admin/webhooks/${salt.id}`;
const deliveriesPath = `/api/webhooks/${salt.id}/deliveries`;

const dead = aDelivery({
  id: 'd0000000-0000-4000-8000-00000000dead',
  eventType: 'host.held',
  status: 'DEAD',
  attempts: 2,
  lastStatusCode: 500,
  lastError: 'HTTP 500: receiver broke',
  log: [
    { attempt: 1, startedAt: '2025-01-12T09:00:00Z', durationMs: 31, statusCode: null, outcome: 'FAILED', error: 'HttpConnectTimeoutException: timed out', sender: 'replica-a' },
    { attempt: 2, startedAt: '2025-01-12T09:00:10Z', durationMs: 87, statusCode: 500, outcome: 'FAILED', error: 'HTTP 500: receiver broke', sender: 'replica-b' },
  ],
});
const pending = aDelivery({
  id: 'd0000000-0000-4000-8000-0000000000aa',
  eventType: 'ticket.closed',
  status: 'PENDING',
  attempts: 0,
  nextAttemptAt: '2025-01-12T10:00:00Z',
  lastStatusCode: null,
  finishedAt: null,
  log: [],
});
const delivered = aDelivery();

function detailApi(extra?: (request: RecordedRequest) => Response | undefined, items = [dead, delivered]) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === `/api/webhooks/${salt.id}` && request.method === 'GET') return json(salt);
    if (request.path === deliveriesPath) return json(pageOf(items, { size: 25, totalItems: 60, totalPages: 3, page: Number(request.query.get('page')) }));
    return undefined;
  });
}

const logRows = async () => within(await screen.findByRole('table', { name: 'Delivery log' })).getAllByRole('row');

describe('webhook detail', () => {
  it("shows the endpoint's settings, with the secret only as set", async () => {
    detailApi();
    renderRoute(path, { user: admin() });
    expect(await screen.findByRole('heading', { name: 'Webhook salt-master', level: 1 })).toBeInTheDocument();
    const settings = screen.getByRole('region', { name: 'Settings' });
    expect(settings).toHaveTextContent(salt.url);
    expect(settings).toHaveTextContent('12 delivered · 1 pending');
    expect(within(settings).getByText('set')).toHaveClass('badge');
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', `${path}/edit`);
  });

  it('lists the deliveries newest first, DEAD ones highlighted, with every attempt on demand', async () => {
    const { requests } = detailApi();
    const { user } = renderRoute(path, { user: admin() });
    const [, deadRow, deliveredRow] = await logRows();
    expect(deadRow).toHaveClass('row--dead');
    expect(within(deadRow).getByText('DEAD')).toHaveClass('badge--error');
    expect(deadRow).toHaveTextContent('HTTP 500');
    expect(deadRow).toHaveTextContent('HTTP 500: receiver broke');
    expect(deliveredRow).not.toHaveClass('row--dead');
    expect(within(deliveredRow).getByText('DELIVERED')).toHaveClass('badge--ok');

    const show = within(deadRow).getByRole('button', { name: `Show attempts of host.held delivery ${dead.id}` });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await user.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    const attempts = within(screen.getByRole('table', { name: `Attempts of delivery ${dead.id}` })).getAllByRole('row');
    expect(attempts).toHaveLength(3);
    expect(attempts[1]).toHaveTextContent('31 ms');
    expect(attempts[1]).toHaveTextContent('no answer');
    expect(attempts[1]).toHaveTextContent('HttpConnectTimeoutException: timed out');
    expect(attempts[1]).toHaveTextContent('replica-a');
    expect(attempts[2]).toHaveTextContent('87 ms');
    expect(attempts[2]).toHaveTextContent('HTTP 500');
    expect(attempts[2]).toHaveTextContent('replica-b');
    expect(requests.find((r) => r.path === deliveriesPath)?.query.get('size')).toBe('25');
  });

  it('pages through the log and filters it by status', async () => {
    const { requests } = detailApi();
    const { user } = renderRoute(path, { user: admin() });
    await logRows();
    expect(screen.getByText(/1–25 of 60 deliveries · page 1 of 3/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(requests.filter((r) => r.path === deliveriesPath).at(-1)?.query.get('page')).toBe('1'));
    await user.selectOptions(screen.getByLabelText('Status'), 'DEAD');
    await waitFor(() => expect(requests.filter((r) => r.path === deliveriesPath).at(-1)?.query.get('status')).toBe('DEAD'));
    expect(requests.filter((r) => r.path === deliveriesPath).at(-1)?.query.get('page')).toBe('0');
  });

  it('redelivers a DEAD delivery and reads the log again; a PENDING one cannot be', async () => {
    const { requests } = detailApi(
      (request) => (request.path.endsWith(`/deliveries/${dead.id}/redeliver`) ? json(aDelivery({ id: 'new-one', status: 'PENDING', redeliveryOf: dead.id }), 202) : undefined),
      [dead, pending],
    );
    const { user } = renderRoute(path, { user: admin() });
    const [, deadRow, pendingRow] = await logRows();
    expect(within(pendingRow).queryByRole('button', { name: /Redeliver/ })).not.toBeInTheDocument();
    const before = requests.filter((r) => r.path === deliveriesPath).length;
    await user.click(within(deadRow).getByRole('button', { name: `Redeliver host.held delivery ${dead.id}` }));
    expect(await screen.findByText('Event host.held queued again as delivery new-one.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.path).toBe(`/api/webhooks/${salt.id}/deliveries/${dead.id}/redeliver`);
    await waitFor(() => expect(requests.filter((r) => r.path === deliveriesPath).length).toBeGreaterThan(before));
  });

  it("shows a refused redelivery with the server's reason", async () => {
    detailApi((request) =>
      request.method === 'POST' ? problem(409, { title: 'Conflict', detail: 'delivery is still PENDING; only DELIVERED or DEAD deliveries can be sent again' }) : undefined,
    );
    const { user } = renderRoute(path, { user: admin() });
    const [, deadRow] = await logRows();
    await user.click(within(deadRow).getByRole('button', { name: /^Redeliver/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not send the delivery again');
    expect(alert).toHaveTextContent('only DELIVERED or DEAD deliveries can be sent again');
  });

  it('sends a test and shows what the endpoint answered', async () => {
    const { requests } = detailApi((request) =>
      request.path === `/api/webhooks/${salt.id}/test`
        ? json(aDelivery({ id: 'test-1', eventType: 'webhook.test', log: [{ ...delivered.log[0], durationMs: 17, sender: 'bw-1' }] }))
        : undefined,
    );
    const { user } = renderRoute(path, { user: admin() });
    await logRows();
    const before = requests.filter((r) => r.path === deliveriesPath).length;
    await user.click(screen.getByRole('button', { name: 'Send test' }));
    const result = await screen.findByRole('status', { name: 'Test result' });
    expect(result).toHaveTextContent('Test delivered');
    expect(result).toHaveTextContent('HTTP 204 in 17 ms, sent by bw-1');
    await waitFor(() => expect(requests.filter((r) => r.path === deliveriesPath).length).toBeGreaterThan(before));
  });

  it('shows a failed test with its error', async () => {
    detailApi((request) =>
      request.path === `/api/webhooks/${salt.id}/test`
        ? json(aDelivery({ status: 'DEAD', lastStatusCode: null, lastError: 'ConnectException: Connection refused', log: [{ ...dead.log[0], statusCode: null }] }))
        : undefined,
    );
    const { user } = renderRoute(path, { user: admin() });
    await logRows();
    await user.click(screen.getByRole('button', { name: 'Send test' }));
    const result = await screen.findByRole('status', { name: 'Test result' });
    expect(result).toHaveTextContent('Test not delivered');
    expect(result).toHaveTextContent('no answer');
    expect(result).toHaveTextContent('ConnectException: Connection refused');
  });

  it('deletes the endpoint only after confirmation', async () => {
    const { requests } = detailApi((request) => {
      if (request.method === 'DELETE') return noContent();
      if (request.path === '/api/webhooks') return json([]);
      return undefined;
    });
    const { user } = renderRoute(path, { user: admin() });
    await logRows();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete the webhook “salt-master”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('Webhook salt-master deleted with its delivery log.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe(`/api/webhooks/${salt.id}`);
  });

  it('says so when there are no deliveries yet', async () => {
    detailApi(undefined, []);
    renderRoute(path, { user: admin() });
    expect(await screen.findByText('No deliveries yet')).toBeInTheDocument();
  });
});
