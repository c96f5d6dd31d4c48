import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AuthContext, authValue, type CurrentUser } from '../../app/auth';
import { AppRoutes } from '../../app/router';
import { admin, approver, aTask, auditor, editor, operator, pageOf, aHost, requester } from '../../test/fixtures';
import { json, mockFetch, noContent } from '../../test/http';
import { changeFrame, installMockEventSource } from '../../test/eventSource';
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

describe('Layout with live events', () => {
  it('shows the stream state in the header and closes the stream on logout', async () => {
    const streams = installMockEventSource();
    apiWithHosts();
    // an auth whose logout really signs out, as AuthProvider's does
    function SignedIn() {
      const [current, setCurrent] = useState<CurrentUser | null>(editor());
      const value = authValue(current, { login: async () => editor(), logout: async () => setCurrent(null) });
      return (
        <AuthContext.Provider value={value}>
          <AppRoutes />
        </AuthContext.Provider>
      );
    }
    render(
      <MemoryRouter initialEntries={['/hosts']}>
        <SignedIn />
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(streams.instances).toHaveLength(1);
    expect(screen.getByRole('status', { name: 'Live updates: connecting' })).toHaveTextContent('Connecting…');
    streams.latest().open();
    expect(screen.getByRole('status', { name: 'Live updates: on' })).toHaveTextContent('Live');
    streams.latest().fail();
    expect(screen.getByRole('status', { name: /Live updates: reconnecting/ })).toHaveTextContent('Reconnecting…');

    // moving between pages keeps the one stream
    await user.click(screen.getByRole('link', { name: 'Tickets' }));
    expect(streams.instances).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('button', { name: /Sign in/i })).toBeInTheDocument();
    expect(streams.latest().closed).toBe(true);
    expect(streams.instances).toHaveLength(1);
  });

  it('refreshes the open-task count when a ticket changes elsewhere', async () => {
    const streams = installMockEventSource();
    let openTasks = 3;
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/hosts') return json(pageOf([aHost()]));
      if (request.path === '/api/tasks') return json(pageOf([aTask()], { size: 1, totalItems: openTasks }));
      if (request.path === '/api/profiles') return json([]);
      return undefined;
    });
    renderRoute('/hosts', { user: approver() });
    const tasks = await screen.findByRole('link', { name: /^Tasks/ });
    await within(tasks).findByText('3');
    streams.latest().open();
    const before = requests.filter((r) => r.path === '/api/tasks').length;

    openTasks = 4;
    streams.latest().emit('change', changeFrame({ action: 'ticket.submitted', targetId: 'T-NEW00001' }));
    await waitFor(() => expect(tasks).toHaveAccessibleName('Tasks (4 open)'), { timeout: 3000 });
    expect(requests.filter((r) => r.path === '/api/tasks')).toHaveLength(before + 1);
  });

  it('opens no stream for an account without console roles', async () => {
    const streams = installMockEventSource();
    apiWithHosts();
    renderRoute('/', { user: { username: 'worker', roles: ['WORKER'] } });
    await screen.findByRole('heading', { name: 'Welcome' });
    expect(streams.instances).toHaveLength(0);
    expect(screen.getByRole('status', { name: /Live updates: off/ })).toBeInTheDocument();
  });
});
