import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, auditor, editor, operator, pageOf, aHost } from '../../test/fixtures';
import { json, mockFetch, noContent } from '../../test/http';
import { renderRoute } from '../../test/render';

function apiWithHosts() {
  return mockFetch((request) => {
    if (request.path === '/api/hosts') return json(pageOf([aHost()]));
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
    expect(navLinks()).toEqual(['Hosts', 'Profiles', 'Audit log']);
  });

  it('shows the audit log to an AUDITOR but no edit controls', async () => {
    apiWithHosts();
    renderRoute('/hosts', { user: auditor() });
    await screen.findByRole('link', { name: 'web-01' });
    expect(navLinks()).toEqual(['Hosts', 'Profiles', 'Audit log']);
    expect(screen.queryByRole('link', { name: 'New host' })).not.toBeInTheDocument();
  });

  it('hides the audit log from EDITOR and OPERATOR', async () => {
    apiWithHosts();
    const { unmount } = renderRoute('/hosts', { user: editor() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual(['Hosts', 'Profiles']);
    expect(screen.getByRole('link', { name: 'New host' })).toBeInTheDocument();
    unmount();

    renderRoute('/hosts', { user: operator() });
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    expect(navLinks()).toEqual(['Hosts', 'Profiles']);
    expect(screen.queryByRole('link', { name: 'New host' })).not.toBeInTheDocument();
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
