import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import { aWebhook, EVENT_TYPES } from '../../test/webhookFixtures';
import type { WebhookInput } from './api';
import { emptyWebhookForm, formToWebhook } from './webhookForm';

const SECRET = 'a-shared-secret-of-32-characters';
const salt = aWebhook();

function webhooksApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === `/api/webhooks/${salt.id}` && request.method === 'GET') return json(salt);
    if (request.path === `/api/webhooks/${salt.id}/deliveries`) return json(pageOf([]));
    if (request.path === '/api/webhooks/event-types') return json(EVENT_TYPES);
    return undefined;
  });
}

describe('webhook form rules', () => {
  it('requires a secret on creation only and sends "*" alone for all events', () => {
    const values = { ...emptyWebhookForm(), name: 'x', url: 'https://h/x', allEvents: true, events: ['host.held'] };
    expect(formToWebhook(values, false, EVENT_TYPES.map((t) => t.name)).errors).toEqual({ secret: expect.stringContaining('is required') });
    const { input, errors } = formToWebhook(values, true);
    expect(errors).toEqual({});
    expect(input).toEqual({ name: 'x', url: 'https://h/x', events: ['*'], enabled: true });
    expect('secret' in input).toBe(false);
  });
});

describe('new webhook', () => {
  it('explains every missing field at the field before sending anything', async () => {
    const { requests } = webhooksApi();
    const { user } = renderRoute('/admin/webhooks/new', { user: admin() });
    const form = await screen.findByRole('form', { name: 'New webhook' });
    await user.type(within(form).getByLabelText(/^URL/), 'ftp://files.example.org/x');
    await user.type(within(form).getByLabelText(/^Secret/), 'too-short');
    await user.click(within(form).getByRole('button', { name: 'Create webhook' }));

    const summary = await within(form).findByRole('alert');
    expect(summary).toHaveTextContent('Name: is required');
    expect(summary).toHaveTextContent('URL: must be an http:// or https:// URL with a host');
    expect(summary).toHaveTextContent('Secret: 16 to 200 characters');
    expect(summary).toHaveTextContent('Events: choose at least one event, or all events');
    expect(summary).toHaveFocus();
    expect(within(form).getByLabelText(/^URL/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText(/^URL/)).toHaveAccessibleDescription(expect.stringContaining('must be an http:// or https:// URL with a host'));
    expect(within(form).getByRole('group', { name: /Events/ })).toHaveAccessibleDescription(expect.stringContaining('choose at least one event'));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("shows the server's field errors and name conflicts at their fields", async () => {
    let posts = 0;
    webhooksApi((request) => {
      if (request.path !== '/api/webhooks' || request.method !== 'POST') return undefined;
      posts += 1;
      return posts === 1
        ? problem(400, { title: 'Bad Request', errors: [{ field: 'url', message: 'must not carry user info (the URL is shown in the API)' }] })
        : problem(409, { title: 'Conflict', detail: 'another webhook endpoint is named salt-master', field: 'name' });
    });
    const { user } = renderRoute('/admin/webhooks/new', { user: admin() });
    const form = await screen.findByRole('form', { name: 'New webhook' });
    await user.type(within(form).getByLabelText(/^Name/), 'salt-master');
    await user.type(within(form).getByLabelText(/^URL/), 'https://u:p@salt.example.org/hook');
    await user.type(within(form).getByLabelText(/^Secret/), SECRET);
    await user.click(within(form).getByRole('checkbox', { name: /install\.completed/ }));
    await user.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(await within(form).findByText('must not carry user info (the URL is shown in the API)')).toHaveAttribute('id', 'field-url-error');
    expect(within(form).getByLabelText(/^URL/)).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(form).getByLabelText(/^URL/));
    await user.type(within(form).getByLabelText(/^URL/), 'https://salt.example.org/hook');
    await user.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(await within(form).findByText('another webhook endpoint is named salt-master')).toHaveAttribute('id', 'field-name-error');
    // the secret is still there for the next try, and never shown
    expect(within(form).getByLabelText(/^Secret/)).toHaveAttribute('type', 'password');
    expect(within(form).getByLabelText(/^Secret/)).toHaveValue(SECRET);
  });

  it('creates the endpoint with the checked events and opens it', async () => {
    const { requests } = webhooksApi((request) =>
      request.path === '/api/webhooks' && request.method === 'POST' ? json(salt, 201) : undefined,
    );
    const { user } = renderRoute('/admin/webhooks/new', { user: admin() });
    const form = await screen.findByRole('form', { name: 'New webhook' });
    await user.type(within(form).getByLabelText(/^Name/), ' salt-master ');
    await user.type(within(form).getByLabelText(/^URL/), salt.url);
    await user.type(within(form).getByLabelText(/^Secret/), SECRET);
    const events = within(form).getByRole('group', { name: /Events/ });
    await user.click(within(events).getByRole('checkbox', { name: /host\.held/ }));
    await user.click(within(events).getByRole('checkbox', { name: /install\.completed/ }));
    await user.click(within(form).getByRole('checkbox', { name: 'Enabled' }));
    await user.click(within(form).getByRole('button', { name: 'Create webhook' }));

    expect(await screen.findByRole('heading', { name: 'Webhook salt-master', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Webhook salt-master created. Send a test to check that the receiver accepts it.')).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    // events in the documented order, whatever order they were checked in
    expect(post?.json<WebhookInput>()).toEqual({
      name: 'salt-master',
      url: salt.url,
      secret: SECRET,
      events: ['install.completed', 'host.held'],
      enabled: false,
    });
  });

  it('disables the single events while "All events" is checked', async () => {
    webhooksApi();
    const { user } = renderRoute('/admin/webhooks/new', { user: admin() });
    const events = await screen.findByRole('group', { name: /Events/ });
    await user.click(within(events).getByRole('checkbox', { name: /All events/ }));
    const single = within(events).getByRole('checkbox', { name: /ticket\.closed/ });
    expect(single).toBeDisabled();
    expect(single).toBeChecked();
  });
});

describe('event types', () => {
  it('says when the event types cannot be loaded and loads them again on retry', async () => {
    let calls = 0;
    webhooksApi((request) => {
      if (request.path !== '/api/webhooks/event-types') return undefined;
      calls += 1;
      return calls === 1 ? problem(503, { title: 'Service Unavailable', detail: 'database unreachable' }) : json(EVENT_TYPES);
    });
    const { user } = renderRoute('/admin/webhooks/new', { user: admin() });
    const events = await screen.findByRole('group', { name: /Events/ });
    expect(await within(events).findByText('Could not load the event types')).toBeInTheDocument();
    expect(within(events).queryByRole('checkbox', { name: /install\.completed/ })).not.toBeInTheDocument();
    await user.click(within(events).getByRole('button', { name: /Retry|Try again/ }));
    expect(await within(events).findByRole('checkbox', { name: /install\.completed/ })).toBeInTheDocument();
    expect(within(events).getByText('the installer reported a failure')).toBeInTheDocument();
  });
});

describe('editing a webhook', () => {
  it('keeps the secret unless it is replaced: a "set" badge, no secret in the request', async () => {
    const { requests } = webhooksApi((request) =>
      request.method === 'PUT' ? json({ ...salt, enabled: false, updatedAt: '2025-01-13T08:00:00Z' }) : undefined,
    );
    const { user } = renderRoute(`/admin/webhooks/${salt.id}/edit`, { user: admin() });
    const form = await screen.findByRole('form', { name: 'Edit webhook' });
    expect(within(form).getByLabelText(/^Name/)).toHaveValue('salt-master');
    expect(await within(form).findByRole('checkbox', { name: /install\.completed/ })).toBeChecked();
    expect(within(form).getByRole('checkbox', { name: /ticket\.approved/ })).not.toBeChecked();
    expect(within(form).getByText('set')).toHaveClass('badge');
    expect(within(form).queryByLabelText(/secret/i)).not.toBeInTheDocument();
    await user.click(within(form).getByRole('checkbox', { name: 'Enabled' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changes to salt-master saved.')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/webhooks/${salt.id}`);
    expect(put?.json<WebhookInput>()).toEqual({ name: 'salt-master', url: salt.url, events: ['install.completed', 'host.held'], enabled: false });
  });

  it('replaces the secret when asked, checking its length first', async () => {
    const { requests } = webhooksApi((request) => (request.method === 'PUT' ? json(salt) : undefined));
    const { user } = renderRoute(`/admin/webhooks/${salt.id}/edit`, { user: admin() });
    const form = await screen.findByRole('form', { name: 'Edit webhook' });
    await user.click(within(form).getByRole('button', { name: 'Replace secret' }));
    const secret = within(form).getByLabelText('New secret');
    expect(secret).toHaveFocus();
    expect(secret).toHaveAttribute('type', 'password');
    await user.type(secret, 'short');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Secret: 16 to 200 characters');
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);

    await user.clear(within(form).getByLabelText('New secret'));
    await user.type(within(form).getByLabelText('New secret'), SECRET);
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Changes to salt-master saved (new secret).')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'PUT')?.json<WebhookInput>().secret).toBe(SECRET);
  });

  it('goes back to keeping the current secret', async () => {
    const { requests } = webhooksApi((request) => (request.method === 'PUT' ? json(salt) : undefined));
    const { user } = renderRoute(`/admin/webhooks/${salt.id}/edit`, { user: admin() });
    const form = await screen.findByRole('form', { name: 'Edit webhook' });
    await user.click(within(form).getByRole('button', { name: 'Replace secret' }));
    await user.type(within(form).getByLabelText('New secret'), SECRET);
    await user.click(within(form).getByRole('button', { name: 'Keep current secret' }));
    expect(within(form).queryByLabelText('New secret')).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changes to salt-master saved.');
    expect('secret' in (requests.find((r) => r.method === 'PUT')?.json<WebhookInput>() ?? {})).toBe(false);
  });

  it('says so when the endpoint is gone', async () => {
    mockFetch(() => problem(404, { title: 'Not Found', detail: "no webhook endpoint 'x'" }));
    renderRoute('/admin/webhooks/x/edit', { user: admin() });
    expect(await screen.findByRole('alert')).toHaveTextContent('This webhook does not exist');
  });
});
