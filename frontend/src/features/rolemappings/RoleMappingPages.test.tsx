import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, aRoleMapping, operator, someSettings } from '../../test/fixtures';
import { json, mockFetch, noContent, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';

const configured = aRoleMapping({ id: 'config-2', group: 'provisioning-operators', roles: ['OPERATOR', 'REQUESTER'], origin: 'configuration', createdAt: null, updatedAt: null });
const kept = aRoleMapping();

function mappingsApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/role-mappings' && request.method === 'GET') return json([configured, kept]);
    if (request.path === `/api/role-mappings/${kept.id}` && request.method === 'GET') return json(kept);
    if (request.path === '/api/role-mappings/config-2') return json(configured);
    if (request.path === '/api/settings') return json(someSettings());
    return undefined;
  });
}

describe('role mappings admin', () => {
  it('lists the mappings from the settings as read-only and the ones kept here as editable', async () => {
    mappingsApi();
    renderRoute('/admin/role-mappings', { user: admin() });
    const rows = within(await screen.findByRole('table', { name: 'Directory groups and their roles' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('provisioning-operators');
    expect(rows[1]).toHaveTextContent('OPERATORREQUESTER');
    expect(rows[1]).toHaveTextContent('settings read-only');
    expect(rows[1]).toHaveTextContent('every directory source');
    expect(rows[2]).toHaveTextContent('Bootwarden (editable)');
    expect(within(rows[2]).getByRole('link', { name: kept.group })).toHaveAttribute('href', `/admin/role-mappings/${kept.id}`);
    expect(screen.getByRole('link', { name: 'New mapping' })).toHaveAttribute('href', '/admin/role-mappings/new');
  });

  it('explains what an empty list means', async () => {
    mappingsApi((request) => (request.path === '/api/role-mappings' ? json([]) : undefined));
    renderRoute('/admin/role-mappings', { user: admin() });
    expect(await screen.findByText('No role mappings')).toBeInTheDocument();
    expect(screen.getByText(/no directory user can sign in/)).toBeInTheDocument();
  });

  it('checks the form, then creates a mapping for one directory source', async () => {
    const created = aRoleMapping({ id: 'new-1', group: 'Approvers', roles: ['APPROVER', 'AUDITOR'], source: 'corp-ad' });
    const { requests } = mappingsApi((request) =>
      request.method === 'POST' && request.path === '/api/role-mappings' ? json(created, 201) : undefined,
    );
    const { user } = renderRoute('/admin/role-mappings/new', { user: admin() });

    await user.click(await screen.findByRole('button', { name: 'Create mapping' }));
    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('Directory group: a group');
    expect(summary).toHaveTextContent('Roles: choose at least one role');
    expect(screen.getByRole('group', { name: /Roles/ })).toHaveAccessibleDescription('choose at least one role');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText(/Directory group/), 'Approvers');
    expect(screen.getByLabelText(/Directory group/)).toHaveAccessibleDescription(/A group name/);
    const source = await screen.findByRole('combobox', { name: 'Login source' });
    expect(within(source).getAllByRole('option').map((option) => option.textContent)).toEqual(['every directory source (*)', 'corp-ad']);
    await user.selectOptions(source, 'corp-ad');
    const roles = screen.getByRole('group', { name: /Roles/ });
    expect(within(roles).queryByRole('checkbox', { name: /WORKER/ })).not.toBeInTheDocument();
    await user.click(within(roles).getByRole('checkbox', { name: /AUDITOR/ }));
    await user.click(within(roles).getByRole('checkbox', { name: /APPROVER/ }));
    await user.click(screen.getByRole('button', { name: 'Create mapping' }));

    expect(await screen.findByText('Directory group Approvers (corp-ad) now gives APPROVER, AUDITOR.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.json()).toEqual({ group: 'Approvers', roles: ['APPROVER', 'AUDITOR'], source: 'corp-ad' });
  });

  it("shows the server's refusals at their fields", async () => {
    mappingsApi((request) =>
      request.method === 'POST'
        ? problem(400, {
            errors: [
              { field: 'group', message: "'CN=Ops,,' is not a valid DN: Invalid name: CN=Ops,," },
              { field: 'source', message: "'nope' is not a directory login source; one of [corp-ad] or * (every directory source)" },
            ],
          })
        : undefined,
    );
    const { user } = renderRoute('/admin/role-mappings/new', { user: admin() });
    await user.type(await screen.findByLabelText(/Directory group/), 'CN=Ops,,');
    expect(screen.getByLabelText(/Directory group/)).toHaveAccessibleDescription(/A DN: compared as a DN/);
    await user.click(screen.getByRole('checkbox', { name: /OPERATOR/ }));
    await user.click(screen.getByRole('button', { name: 'Create mapping' }));
    expect(await screen.findByLabelText(/Directory group/)).toHaveAccessibleDescription(/is not a valid DN/);
    expect(screen.getByLabelText('Login source')).toHaveAccessibleDescription(/is not a directory login source/);
  });

  it('offers a text field for the source when the settings cannot be read', async () => {
    mappingsApi((request) => (request.path === '/api/settings' ? problem(500, { detail: 'boom' }) : undefined));
    renderRoute('/admin/role-mappings/new', { user: admin() });
    const source = await screen.findByRole('textbox', { name: 'Login source' });
    expect(source).toHaveValue('*');
  });

  it('changes and deletes a mapping kept here', async () => {
    const { requests } = mappingsApi((request) => {
      if (request.method === 'PUT') return json({ ...kept, roles: ['OPERATOR', 'AUDITOR'] });
      if (request.method === 'DELETE') return noContent();
      return undefined;
    });
    const { user } = renderRoute(`/admin/role-mappings/${kept.id}`, { user: admin() });
    expect(await screen.findByLabelText(/Directory group/)).toHaveValue(kept.group);
    expect(screen.getByRole('checkbox', { name: /OPERATOR/ })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: /AUDITOR/ }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(`Directory group ${kept.group} (every directory source) now gives OPERATOR, AUDITOR.`)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'PUT')?.json()).toEqual({ group: kept.group, roles: ['OPERATOR', 'AUDITOR'], source: '*' });

    await user.click(await screen.findByRole('link', { name: kept.group }));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete mapping' }));
    expect(await screen.findByText(`The mapping of ${kept.group} was deleted.`)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe(`/api/role-mappings/${kept.id}`);
  });

  it('shows a mapping from the settings read-only, with where to change it', async () => {
    mappingsApi();
    renderRoute('/admin/role-mappings/config-2', { user: admin() });
    expect(await screen.findByText('bootwarden.auth.role-mappings[1]')).toBeInTheDocument();
    expect(screen.getByText('provisioning-operators')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('is not offered to anyone but an admin', async () => {
    const { requests } = mappingsApi();
    renderRoute('/admin/role-mappings', { user: operator() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(requests.some((r) => r.path.startsWith('/api/role-mappings'))).toBe(false);
  });
});
