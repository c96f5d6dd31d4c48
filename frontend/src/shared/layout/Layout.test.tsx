import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, approver, aTask, auditor, editor, operator, pageOf, aHost, requester } from '../../test/fixtures';
import { json, mockFetch, noContent } from '../../test/http';
import { renderRoute } from '../../test/render';

function apiWithHosts(openTasks = 0) {
  return mockFetch((request) => {
    if (request.path === '/api/hosts') return json(pageOf([aHost()]));
    if (request.path === '/api/tasks') return json(pageOf(openTasks ? [aTask()] : [], { size: 1, totalItems: openTasks }));
    if (request.path === '/api/profiles') return json([]);
    if (request.path === '/api/auth/logout') return noContent();
    return undefined;
  });
}

function navLinks() {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('Layout navigation', () => {
  it('shows every section to an ADMIN', async () => {
    apiWithHosts();
    renderRoute('/hosts', { user: admin() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual([
      'Dashboard',
      'Hosts',
      'Tickets',
      'Tasks',
      'Profiles',
      'ISO builder',
      'Audit log',
      'Users',
      'Role mappings',
      'Webhooks',
      'Settings',
      'API tokens',
      'New ticket',
    ]);
    expect(screen.getByRole('link', { name: 'Role mappings' })).toHaveAttribute('href', '/admin/role-mappings');
    expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/admin/settings');
    expect(screen.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('href', '/admin/webhooks');
  });

  it('gives a REQUESTER tickets and the new-ticket form but no task list', async () => {
    const { requests } = apiWithHosts();
    renderRoute('/hosts', { user: requester() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual(['Dashboard', 'Hosts', 'Tickets', 'API tokens', 'New ticket']);
    expect(screen.getByRole('link', { name: 'New ticket' })).toHaveAttribute('href', '/tickets/new');
    expect(requests.some((r) => r.path === '/api/tasks')).toBe(false);
  });

  it('gives an APPROVER the task list with the count of open group tasks, but no new ticket', async () => {
    const { requests } = apiWithHosts(3);
    renderRoute('/hosts', { user: approver() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    const tasks = await screen.findByRole('link', { name: /^Tasks/ });
    await within(tasks).findByText('3');
    expect(tasks).toHaveAttribute('href', '/tasks');
    expect(tasks).toHaveAccessibleName('Tasks (3 open)');
    expect(navLinks()).toEqual(['Dashboard', 'Hosts', 'Tickets', 'Tasks3 (3 open)', 'API tokens']);
    const count = requests.find((r) => r.path === '/api/tasks');
    expect(count?.query.get('scope')).toBe('group');
    expect(count?.query.get('size')).toBe('1');
  });

  it('marks only the most specific section as current', async () => {
    mockFetch((request) => {
      if (request.path === '/api/hosts') return json(pageOf([aHost()]));
      if (request.path === '/api/profiles') return json([]);
      return undefined;
    });
    renderRoute('/tickets/new', { user: requester() });
    await screen.findByRole('heading', { name: 'Request reinstall', level: 1 });
    expect(screen.getByRole('link', { name: 'New ticket' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Tickets' })).not.toHaveAttribute('aria-current');
  });

  it('shows the audit log to an AUDITOR but no edit controls', async () => {
    apiWithHosts();
    renderRoute('/hosts', { user: auditor() });
    await screen.findByRole('link', { name: 'web-01' });
    expect(navLinks()).toEqual(['Dashboard', 'Hosts', 'Tickets', 'Profiles', 'ISO builder', 'Audit log', 'API tokens']);
    expect(screen.queryByRole('link', { name: 'New host' })).not.toBeInTheDocument();
  });

  it('hides the audit log from EDITOR and OPERATOR', async () => {
    apiWithHosts();
    const { unmount } = renderRoute('/hosts', { user: editor() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual(['Dashboard', 'Hosts', 'Tickets', 'Profiles', 'ISO builder', 'API tokens']);
    expect(screen.getByRole('link', { name: 'New host' })).toBeInTheDocument();
    unmount();

    renderRoute('/hosts', { user: operator() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual(['Dashboard', 'Hosts', 'Tickets', 'Tasks', 'Profiles', 'ISO builder', 'API tokens']);
    expect(screen.getByRole('link', { name: 'ISO builder' })).toHaveAttribute('href', '/iso-builder');
    expect(screen.queryByRole('link', { name: 'New host' })).not.toBeInTheDocument();
  });

  it('keeps the ISO builder, role mappings and settings from those whose roles do not reach them', async () => {
    apiWithHosts();
    const { unmount } = renderRoute('/hosts', { user: requester() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).not.toContain('ISO builder');
    unmount();

    renderRoute('/admin/settings', { user: operator() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(navLinks()).not.toContain('Settings');
    expect(navLinks()).not.toContain('Role mappings');
  });

  it('refuses a page the roles do not allow, even by URL', async () => {
    apiWithHosts();
    renderRoute('/hosts/new', { user: auditor() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(screen.queryByLabelText(/Hostname/)).not.toBeInTheDocument();
  });

  it('shows the current user and logs out', async () => {
    apiWithHosts();
    const { user, logout } = renderRoute('/hosts', { user: editor() });
    expect(screen.getByText('eddie')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(logout).toHaveBeenCalled();
  });
});
