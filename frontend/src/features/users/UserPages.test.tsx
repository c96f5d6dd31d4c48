import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../app/auth';
import { admin, aLocalUser, operator } from '../../test/fixtures';
import { json, mockFetch, noContent, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';

const ada = aLocalUser({ username: 'ada', displayName: 'Ada Admin', roles: ['ADMIN'] });
const bob = aLocalUser();
const worker = aLocalUser({ username: 'iso-worker', displayName: 'ISO worker', roles: ['WORKER'] });

function usersApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/users' && request.method === 'GET') return json([ada, bob, worker]);
    if (request.path === '/api/users/ada') return json(ada);
    if (request.path === '/api/users/bob') return json(bob);
    return undefined;
  });
}

const asAdmin = (path: string, user: CurrentUser = admin()) => renderRoute(path, { user: { ...user, username: 'ada' } });

describe('users admin', () => {
  it('lists the local users with their roles and links to each', async () => {
    usersApi();
    asAdmin('/admin/users');
    const rows = within(await screen.findByRole('table', { name: 'Local users' })).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[2]).getByRole('link', { name: 'bob' })).toHaveAttribute('href', '/admin/users/bob');
    expect(rows[3]).toHaveTextContent('WORKER');
    expect(screen.getByRole('link', { name: 'New user' })).toHaveAttribute('href', '/admin/users/new');
  });

  it('is not offered to anyone but an admin', async () => {
    const { requests } = usersApi();
    renderRoute('/admin/users', { user: operator() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/users')).toBe(false);
  });

  it('checks the form before sending: user name, password length, at least one role', async () => {
    const { requests } = usersApi();
    const { user } = asAdmin('/admin/users/new');
    await user.type(await screen.findByLabelText(/User name/), 'Bad Name');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create user' }));

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent("User name: 1-64 characters: lower-case letters, digits, '.', '_', '-'");
    expect(summary).toHaveTextContent('Password: at least 12 characters');
    expect(summary).toHaveTextContent('Roles: choose at least one role');
    expect(screen.getByLabelText(/User name/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('group', { name: 'Roles' })).toHaveAccessibleDescription('choose at least one role');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('creates a person with the checked roles, in a fixed order', async () => {
    const { requests } = usersApi((request) =>
      request.method === 'POST' && request.path === '/api/users' ? json({ ...bob, username: 'carla', roles: ['APPROVER', 'AUDITOR'] }, 201) : undefined,
    );
    const { user } = asAdmin('/admin/users/new');
    await user.type(await screen.findByLabelText(/User name/), 'carla');
    await user.type(screen.getByLabelText('Display name'), 'Carla C');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    const roles = screen.getByRole('group', { name: 'Roles' });
    expect(within(roles).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).value)).toEqual([
      'REQUESTER',
      'APPROVER',
      'EDITOR',
      'OPERATOR',
      'AUDITOR',
      'ADMIN',
    ]);
    expect(within(roles).queryByRole('checkbox', { name: /WORKER/ })).not.toBeInTheDocument();
    await user.click(within(roles).getByRole('checkbox', { name: /AUDITOR/ }));
    await user.click(within(roles).getByRole('checkbox', { name: /APPROVER/ }));
    await user.click(screen.getByRole('button', { name: 'Create user' }));

    expect(await screen.findByText('User carla created with roles APPROVER, AUDITOR.')).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.json()).toEqual({ username: 'carla', displayName: 'Carla C', password: 'correct horse battery', roles: ['APPROVER', 'AUDITOR'] });
  });

  it('offers WORKER only alone, for a service account', async () => {
    const { requests } = usersApi((request) => (request.method === 'POST' ? json(worker, 201) : undefined));
    const { user } = asAdmin('/admin/users/new');
    await user.type(await screen.findByLabelText(/User name/), 'iso-worker');
    await user.type(screen.getByLabelText(/^Password/), 'worker-secret-123');
    await user.click(screen.getByRole('checkbox', { name: /OPERATOR/ }));
    await user.click(screen.getByRole('radio', { name: 'ISO-worker service account' }));
    const roles = screen.getByRole('group', { name: 'Roles' });
    expect(within(roles).queryAllByRole('checkbox')).toHaveLength(0);
    expect(roles).toHaveTextContent('WORKER only');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    await screen.findByText(/User iso-worker created/);
    expect(requests.find((r) => r.method === 'POST')?.json<{ roles: string[] }>().roles).toEqual(['WORKER']);
  });

  it("shows the server's field errors at their fields", async () => {
    usersApi((request) =>
      request.method === 'POST'
        ? problem(409, { title: 'Conflict', detail: 'user bob exists already', errors: [{ field: 'username', message: 'user bob exists already' }] })
        : undefined,
    );
    const { user } = asAdmin('/admin/users/new');
    await user.type(await screen.findByLabelText(/User name/), 'bob');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('checkbox', { name: /APPROVER/ }));
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByLabelText(/User name/)).toHaveAccessibleDescription(/user bob exists already/);
  });

  it('edits roles and status, and shows the refusal when an admin would lock themself out', async () => {
    const { requests } = usersApi((request) =>
      request.method === 'PUT'
        ? problem(409, {
            title: 'Conflict',
            detail: 'you cannot disable yourself or remove your own ADMIN role; ask another admin',
            errors: [{ field: 'enabled', message: 'you cannot disable yourself or remove your own ADMIN role; ask another admin' }],
          })
        : undefined,
    );
    const { user } = asAdmin('/admin/users/ada');
    const enabled = await screen.findByRole('checkbox', { name: 'Account enabled' });
    expect(enabled).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /ADMIN/ })).toBeChecked();
    expect(screen.getByLabelText(/User name/)).toHaveAttribute('readonly');
    expect(screen.getByText(/This is you/)).toBeInTheDocument();
    await user.click(enabled);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('checkbox', { name: 'Account enabled' })).toHaveAccessibleDescription(
      /you cannot disable yourself or remove your own ADMIN role; ask another admin/,
    );
    expect(requests.find((r) => r.method === 'PUT')?.json()).toEqual({ displayName: 'Ada Admin', roles: ['ADMIN'], enabled: false });
  });

  it("saves another user's roles and sets a password", async () => {
    const { requests } = usersApi((request) => {
      if (request.method === 'PUT') return json({ ...bob, roles: ['APPROVER', 'OPERATOR'], updatedAt: '2025-02-01T00:00:00Z' });
      if (request.method === 'POST' && request.path === '/api/users/bob/password') return noContent();
      return undefined;
    });
    const { user } = asAdmin('/admin/users/bob');
    await user.click(await screen.findByRole('checkbox', { name: /OPERATOR/ }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Changes to bob saved: roles APPROVER, OPERATOR.')).toBeInTheDocument();

    const passwordForm = screen.getByRole('form', { name: 'Set password' });
    await user.type(within(passwordForm).getByLabelText(/New password/), 'too short');
    await user.click(within(passwordForm).getByRole('button', { name: 'Set password' }));
    expect(within(passwordForm).getByLabelText(/New password/)).toHaveAccessibleDescription(/at least 12 characters/);
    await user.type(within(passwordForm).getByLabelText(/New password/), ' but now long');
    await user.click(within(passwordForm).getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('New password set for bob.')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/users/bob/password')?.json()).toEqual({ password: 'too short but now long' });
  });
});
