import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, operator, someSettings } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';
import { directorySources, formatDuration } from './api';

describe('settings', () => {
  it('shows every group with its values and where each is set, secrets only as set or not', async () => {
    mockFetch((request) => (request.path === '/api/settings' ? json(someSettings()) : undefined));
    renderRoute('/admin/settings', { user: admin() });

    const toc = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(toc).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
      '#settings-server',
      '#settings-tickets',
      '#settings-login-source-0',
      '#settings-login-source-1',
      '#settings-build',
    ]);
    const server = screen.getByRole('table', { name: 'Server' });
    const urls = within(server).getByRole('row', { name: /Public URLs/ });
    expect(within(urls).getAllByRole('listitem').slice(0, 2).map((item) => item.textContent)).toEqual([
      'http://192.0.2.10:8080',
      'http://boot.example:8080',
    ]);
    expect(urls).toHaveTextContent('environment variable BOOTWARDEN_PUBLIC_URL');
    expect(urls).toHaveTextContent('env BOOTWARDEN_PUBLIC_URL');
    expect(urls).toHaveTextContent('property bootwarden.public-urls');

    const secret = within(server).getByRole('row', { name: /Boot-token secret/ });
    expect(secret).toHaveTextContent('secret set (not shown)');

    const install = within(screen.getByRole('table', { name: 'Ticket timeouts' })).getByRole('row', { name: /Install must call back/ });
    expect(install).toHaveTextContent('2 h (PT2H)');
    expect(install).toHaveTextContent("default default in Bootwarden's application.yml");

    const version = within(screen.getByRole('table', { name: 'Version' })).getAllByRole('row')[1];
    expect(version).toHaveTextContent('0.1.0-SNAPSHOT');
    expect(version).toHaveTextContent('detected');
  });

  it('shows a failed load with a retry', async () => {
    let calls = 0;
    mockFetch((request) => {
      if (request.path !== '/api/settings') return undefined;
      calls += 1;
      return calls === 1 ? problem(500, { detail: 'database down' }) : json(someSettings());
    });
    const { user } = renderRoute('/admin/settings', { user: admin() });
    expect(await screen.findByText('Could not load the settings')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Server' })).toBeInTheDocument();
  });

  it('is for admins only', async () => {
    const { requests } = mockFetch(() => json(someSettings()));
    renderRoute('/admin/settings', { user: operator() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/settings')).toBe(false);
  });

  it('finds the directory login sources', () => {
    expect(directorySources(someSettings())).toEqual(['corp-ad']);
  });

  it('writes durations as people read them', () => {
    expect(['PT2H', 'PT24H', 'PT168H', 'PT15M', 'PT1M30S', 'PT0.5S', 'PT0S', 'P7D', '15s', 'http://x'].map(formatDuration)).toEqual([
      '2 h',
      '1 d',
      '7 d',
      '15 min',
      '1 min 30 s',
      '500 ms',
      '0 s',
      '7 d',
      '15s',
      'http://x',
    ]);
  });
});
