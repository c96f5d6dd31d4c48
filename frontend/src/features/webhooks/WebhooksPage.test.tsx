import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, editor, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';
import { aWebhook } from '../../test/webhookFixtures';

const salt = aWebhook({
  lastDelivery: { id: 'd1', eventType: 'install.completed', status: 'DEAD', lastStatusCode: 500, createdAt: '2025-01-12T09:00:00Z' },
});
const chat = aWebhook({
  id: 'b7d1c0de-0000-4000-8000-000000000002',
  name: 'chat-bot',
  url: 'http://chat.internal/hooks/bw',
  events: ['*'],
  enabled: false,
  deliveries: { pending: 0, delivered: 0, dead: 0 },
  lastDelivery: null,
});

const rows = async () => within(await screen.findByRole('table', { name: 'Webhook endpoints' })).getAllByRole('row');

describe('Webhooks list', () => {
  it('lists every endpoint with its URL, events, status, newest delivery and counts', async () => {
    const { requests } = mockFetch((request) => (request.path === '/api/webhooks' ? json([salt, chat]) : undefined));
    renderRoute('/admin/webhooks', { user: admin() });
    const [, first, second] = await rows();
    expect(within(first).getByRole('link', { name: 'salt-master' })).toHaveAttribute('href', `/admin/webhooks/${salt.id}`);
    expect(first).toHaveTextContent('https://salt.example.org:8000/hook/bootwarden');
    expect(first).toHaveTextContent('install.completed');
    expect(first).toHaveTextContent('host.held');
    expect(within(first).getByText('enabled')).toBeInTheDocument();
    expect(within(first).getByText('2 dead')).toHaveClass('badge--error');
    expect(first).toHaveTextContent('12 delivered · 1 pending');
    expect(within(first).getByText('DEAD')).toHaveClass('badge--error');
    expect(first).toHaveTextContent('HTTP 500');
    expect(within(second).getByText('all events')).toBeInTheDocument();
    expect(within(second).getByText('disabled')).toBeInTheDocument();
    expect(within(second).getByText('none yet')).toBeInTheDocument();
    expect(requests.map((r) => r.path).filter((path) => path.startsWith('/api/webhooks')), 'one request for the whole list').toEqual(['/api/webhooks']);
    expect(screen.getByRole('link', { name: 'New webhook' })).toHaveAttribute('href', '/admin/webhooks/new');
  });

  it('says so when there is no endpoint yet', async () => {
    mockFetch((request) => (request.path === '/api/webhooks' ? json([]) : undefined));
    renderRoute('/admin/webhooks', { user: admin() });
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add the first one' })).toHaveAttribute('href', '/admin/webhooks/new');
  });

  it('shows a failed load with a retry that loads again', async () => {
    let calls = 0;
    mockFetch((request) => {
      if (request.path === '/api/webhooks') {
        calls += 1;
        return calls === 1 ? problem(500, { title: 'Internal Server Error', detail: 'database down' }) : json([]);
      }
      return undefined;
    });
    const { user } = renderRoute('/admin/webhooks', { user: admin() });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the webhooks');
    expect(alert).toHaveTextContent('database down');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument();
  });

  it('is not offered to anyone but an ADMIN and asks the API nothing', async () => {
    const { requests } = mockFetch((request) => (request.path === '/api/hosts' ? json(pageOf([])) : undefined));
    renderRoute('/admin/webhooks', { user: editor() });
    expect(await screen.findByText('Your roles do not give access to this page.')).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Webhooks' })).not.toBeInTheDocument();
    await waitFor(() => expect(requests.some((r) => r.path.startsWith('/api/webhooks'))).toBe(false));
  });
});
