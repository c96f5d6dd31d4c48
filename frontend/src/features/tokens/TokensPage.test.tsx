import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../../app/auth';
import { admin, anApiToken, approver, auditor } from '../../test/fixtures';
import { json, mockFetch, noContent, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import { formToNewToken, emptyTokenForm } from './tokenForm';

const eddie: CurrentUser = { username: 'eddie', roles: ['EDITOR', 'OPERATOR'] };
const NEW_TOKEN = 'bw_0123456789abcdef_q0Zc8m3XyT1vJkLrN2pW5sA7dF9gH4bE6uR0iO3lK8x';

const sync = anApiToken();
const lost = anApiToken({
  id: 'a1a1a1a1a1a1a1a1',
  prefix: 'bw_a1a1a1a1a1a1a1a1_',
  name: 'arming bot',
  roles: ['EDITOR', 'OPERATOR'],
  effectiveRoles: ['EDITOR'],
  lastUsedAt: null,
  lastUsedFrom: null,
});
const revoked = anApiToken({
  id: 'b2b2b2b2b2b2b2b2',
  prefix: 'bw_b2b2b2b2b2b2b2b2_',
  name: 'old script',
  status: 'REVOKED',
  effectiveRoles: [],
  revokedAt: '2025-02-01T10:00:00Z',
  revokedBy: 'eddie',
});

function tokensApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/tokens' && request.method === 'GET') {
      return json(request.query.get('all') === 'true' ? [sync, anApiToken({ id: 'c3c3c3c3c3c3c3c3', name: 'rita bot', owner: 'rita', ownerSource: 'corp-ad' })] : [sync, lost, revoked]);
    }
    return undefined;
  });
}

const tableRows = async () => within(await screen.findByRole('table', { name: 'API tokens' })).getAllByRole('row');

describe('API tokens page', () => {
  it('lists my tokens with their roles, use and status, and offers revoking only active ones', async () => {
    const { requests } = tokensApi();
    renderRoute('/tokens', { user: eddie });
    const rows = await tableRows();
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent('inventory sync');
    expect(rows[1]).toHaveTextContent('bw_3f9a61c07be24d18_…');
    expect(rows[1]).toHaveTextContent('from 192.0.2.40');
    expect(within(rows[1]).getByText('active')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('never');
    expect(rows[2]).toHaveTextContent('Not granted now (the owner no longer holds it): OPERATOR');
    expect(within(rows[3]).getByText('revoked')).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('by eddie');
    expect(within(rows[3]).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(within(rows[1]).getByRole('button', { name: 'Revoke inventory sync' })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Owner' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Show every user’s tokens' })).not.toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/tokens')?.query.get('all')).toBeNull();
  });

  it('offers only the roles I hold and checks the form before sending', async () => {
    const { requests } = tokensApi();
    const { user } = renderRoute('/tokens', { user: eddie });
    const form = await screen.findByRole('form', { name: 'New API token' });
    const roles = within(form).getByRole('group', { name: 'Roles' });
    expect(within(roles).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).value)).toEqual(['EDITOR', 'OPERATOR']);
    await user.click(within(form).getByRole('button', { name: 'Create token' }));

    const summary = await within(form).findByRole('alert');
    expect(summary).toHaveTextContent('Name: say what the token is for');
    expect(summary).toHaveTextContent('Roles: choose at least one role');
    expect(within(form).getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(roles).toHaveAccessibleDescription('choose at least one role');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('creates a token, shows it once with a copy button, and forgets it when done', async () => {
    const { requests } = tokensApi((request) =>
      request.method === 'POST' && request.path === '/api/tokens'
        ? json({ ...anApiToken({ id: '0123456789abcdef', prefix: 'bw_0123456789abcdef_', name: 'ci deploy', lastUsedAt: null }), token: NEW_TOKEN }, 201)
        : undefined,
    );
    const { user } = renderRoute('/tokens', { user: eddie });
    const form = await screen.findByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText(/^Name/), '  ci deploy ');
    await user.selectOptions(within(form).getByLabelText(/^Expires/), 'in 90 days');
    await user.click(within(form).getByRole('checkbox', { name: /EDITOR/ }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));

    const reveal = await screen.findByRole('region', { name: 'Your new token “ci deploy”' });
    expect(reveal).toHaveTextContent('Copy it now: you won’t see it again.');
    const value = within(reveal).getByLabelText('Token');
    expect(value).toHaveValue(NEW_TOKEN);
    expect(value).toHaveAttribute('readonly');
    expect(requests.find((r) => r.method === 'POST')?.json()).toEqual({ name: 'ci deploy', roles: ['EDITOR'], lifetime: 'P90D' });
    // the list is loaded again, so the new token shows up there (without its secret)
    await waitFor(() => expect(requests.filter((r) => r.method === 'GET' && r.path === '/api/tokens')).toHaveLength(2));
    // the form is empty again
    expect(within(screen.getByRole('form', { name: 'New API token' })).getByLabelText(/^Name/)).toHaveValue('');

    await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
    expect(await within(reveal).findByText('Copied to the clipboard.')).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(NEW_TOKEN);

    await user.click(within(reveal).getByRole('button', { name: 'Done: I have stored it' }));
    expect(screen.queryByRole('region', { name: /Your new token/ })).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(NEW_TOKEN)).not.toBeInTheDocument();
  });

  it('says how to copy by hand when the browser refuses the clipboard', async () => {
    tokensApi((request) => (request.method === 'POST' ? json({ ...anApiToken(), token: NEW_TOKEN }, 201) : undefined));
    const { user } = renderRoute('/tokens', { user: eddie });
    const form = await screen.findByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText(/^Name/), 'ci');
    await user.click(within(form).getByRole('checkbox', { name: /OPERATOR/ }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    const reveal = await screen.findByRole('region', { name: /Your new token/ });
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
    expect(await within(reveal).findByText(/did not allow copying: the token is selected/)).toBeInTheDocument();
    expect(within(reveal).getByLabelText('Token')).toHaveFocus();
  });

  it('sends the end of the chosen day as the expiry, and refuses a day in the past', async () => {
    const { requests } = tokensApi((request) => (request.method === 'POST' ? json({ ...anApiToken(), token: NEW_TOKEN }, 201) : undefined));
    const { user } = renderRoute('/tokens', { user: eddie });
    const form = await screen.findByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText(/^Name/), 'until the migration');
    await user.click(within(form).getByRole('checkbox', { name: /EDITOR/ }));
    await user.selectOptions(within(form).getByLabelText(/^Expires/), 'on a date…');
    const date = within(form).getByLabelText(/^Expiry date/);
    await user.type(date, '2001-01-01');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(await within(form).findByLabelText(/^Expiry date/)).toHaveAccessibleDescription(/must be in the future/);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await user.clear(date);
    await user.type(date, '2099-06-30');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    await screen.findByRole('region', { name: /Your new token/ });
    const sent = requests.find((r) => r.method === 'POST')?.json<{ expiresAt: string; lifetime?: string }>();
    expect(sent?.lifetime).toBeUndefined();
    expect(sent?.expiresAt).toBe(new Date(2099, 5, 30, 23, 59, 59).toISOString());
  });

  it("shows the server's field errors at their fields", async () => {
    tokensApi((request) =>
      request.method === 'POST'
        ? problem(400, { title: 'Invalid request', detail: 'lifetime: at most 90 days', errors: [{ field: 'lifetime', message: 'at most 90 days' }] })
        : undefined,
    );
    const { user } = renderRoute('/tokens', { user: eddie });
    const form = await screen.findByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText(/^Name/), 'yearly');
    await user.selectOptions(within(form).getByLabelText(/^Expires/), 'in 1 year');
    await user.click(within(form).getByRole('checkbox', { name: /EDITOR/ }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(await within(form).findByLabelText(/^Expires/)).toHaveAccessibleDescription(/at most 90 days/);
    expect(screen.queryByRole('region', { name: /Your new token/ })).not.toBeInTheDocument();
  });

  it('revokes a token after a confirmation, and not when cancelled', async () => {
    const { requests } = tokensApi((request) => (request.method === 'DELETE' ? noContent() : undefined));
    const { user } = renderRoute('/tokens', { user: eddie });
    await tableRows();
    await user.click(screen.getByRole('button', { name: 'Revoke inventory sync' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke the token “inventory sync”?' });
    expect(dialog).toHaveTextContent('bw_3f9a61c07be24d18_… (of eddie) is refused from now on');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Revoke inventory sync' }));
    dialog = screen.getByRole('dialog', { name: /Revoke the token/ });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    expect(await screen.findByText('Token “inventory sync” revoked: it no longer works.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe('/api/tokens/3f9a61c07be24d18');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(requests.filter((r) => r.method === 'GET' && r.path === '/api/tokens')).toHaveLength(2));
  });

  it('keeps the dialog open with the reason when revoking fails', async () => {
    tokensApi((request) => (request.method === 'DELETE' ? problem(404, { title: 'Not found', detail: "no API token '3f9a61c07be24d18' of yours" }) : undefined));
    const { user } = renderRoute('/tokens', { user: eddie });
    await tableRows();
    await user.click(screen.getByRole('button', { name: 'Revoke inventory sync' }));
    const dialog = screen.getByRole('dialog', { name: /Revoke the token/ });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent("no API token '3f9a61c07be24d18' of yours");
  });

  it("lets an admin see every user's tokens with their owners", async () => {
    const { requests } = tokensApi();
    const { user } = renderRoute('/tokens', { user: admin() });
    await tableRows();
    await user.click(screen.getByRole('checkbox', { name: 'Show every user’s tokens' }));
    expect(await screen.findByRole('heading', { name: 'Every user’s tokens' })).toBeInTheDocument();
    await waitFor(() => expect(requests.at(-1)?.query.get('all')).toBe('true'));
    expect(await screen.findByRole('columnheader', { name: 'Owner' })).toBeInTheDocument();
    const rows = await tableRows();
    await waitFor(() => expect(rows[0].closest('table')).toHaveTextContent('rita bot'));
    expect(within(screen.getByRole('table', { name: 'API tokens' })).getByText('(corp-ad)')).toBeInTheDocument();
  });

  it('is offered to every role, with only that role to give', async () => {
    for (const person of [approver(), auditor()]) {
      tokensApi();
      const { unmount } = renderRoute('/tokens', { user: person });
      const roles = within(await screen.findByRole('form', { name: 'New API token' })).getByRole('group', { name: 'Roles' });
      expect(within(roles).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).value)).toEqual(person.roles);
      expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'API tokens' })).toHaveAttribute('aria-current', 'page');
      unmount();
    }
  });
});

describe('token form', () => {
  it('sends a preset lifetime or a date, never both, and the roles in the usual order', () => {
    const values = { ...emptyTokenForm(), name: 'x', roles: ['OPERATOR', 'EDITOR'] as const };
    expect(formToNewToken({ ...values, roles: [...values.roles] })).toEqual({ input: { name: 'x', roles: ['EDITOR', 'OPERATOR'], lifetime: 'P30D' }, errors: {} });
    const dated = formToNewToken({ ...values, roles: ['EDITOR'], lifetime: 'date', expiresAt: '2030-01-31' }, new Date(2029, 0, 1));
    expect(dated.errors).toEqual({});
    expect(dated.input).toEqual({ name: 'x', roles: ['EDITOR'], expiresAt: new Date(2030, 0, 31, 23, 59, 59).toISOString() });
    expect(formToNewToken({ ...values, roles: ['EDITOR'], lifetime: 'date', expiresAt: '' }).errors).toEqual({ expiresAt: 'choose the last day the token works' });
    expect(formToNewToken({ ...values, name: 'n'.repeat(101), roles: ['EDITOR'] }).errors).toEqual({ name: 'at most 100 characters' });
  });
});
