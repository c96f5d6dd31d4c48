import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aHost, aProfile, editor } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';

const profiles = () => json([aProfile(), aProfile({ name: 'rocky-9', kind: 'kickstart' })]);

describe('host form', () => {
  it('shows the field errors of a 400 problem response next to each field', async () => {
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/profiles') return profiles();
      if (request.method === 'POST' && request.path === '/api/hosts') {
        return problem(400, {
          title: 'Bad Request',
          detail: 'Invalid host',
          errors: [
            { field: 'macs[1]', message: 'is not a valid MAC address' },
            { field: 'ip', message: 'must be an IPv4 or IPv6 address' },
          ],
        });
      }
      return undefined;
    });
    const { user } = renderRoute('/hosts/new', { user: editor() });

    await user.type(await screen.findByLabelText(/Hostname/), 'web-02');
    await user.type(screen.getByLabelText(/MAC addresses/), '52:54:00:aa:bb:cc, not-a-mac');
    await user.type(screen.getByLabelText(/IP address/), '10.0.0.300');
    await user.selectOptions(screen.getByLabelText('Profile'), 'rocky-9');
    await user.type(screen.getByLabelText('Labels'), 'rack=r12{enter}role=web');
    await user.click(screen.getByRole('button', { name: 'Create host' }));

    const macs = screen.getByLabelText(/MAC addresses/);
    const ip = screen.getByLabelText(/IP address/);
    expect(await screen.findByText('Entry 2: is not a valid MAC address')).toBeInTheDocument();
    expect(macs).toHaveAttribute('aria-invalid', 'true');
    expect(macs).toHaveAccessibleDescription(expect.stringContaining('Entry 2: is not a valid MAC address'));
    expect(ip).toHaveAccessibleDescription(expect.stringContaining('must be an IPv4 or IPv6 address'));
    expect(screen.getByLabelText(/Hostname/)).not.toHaveAttribute('aria-invalid');
    // Focus moves to the summary, which links to the fields.
    expect(screen.getByText('Please correct the highlighted fields').closest('[role="alert"]')).toHaveFocus();
    expect(screen.getByRole('link', { name: /IP address: must be an IPv4/ })).toHaveAttribute('href', '#field-ip');

    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.json()).toEqual({
      hostname: 'web-02',
      macs: ['52:54:00:aa:bb:cc', 'not-a-mac'],
      ip: '10.0.0.300',
      prefixLength: 24,
      gateway: null,
      dns: [],
      vlan: null,
      firmware: 'auto',
      nicDriver: 'full',
      architecture: 'x86_64',
      profile: 'rocky-9',
      labels: { rack: 'r12', role: 'web' },
    });
  });

  it('checks its own text fields before sending anything', async () => {
    const { requests } = mockFetch((request) => (request.path === '/api/profiles' ? profiles() : undefined));
    const { user } = renderRoute('/hosts/new', { user: editor() });

    await user.type(await screen.findByLabelText('Labels'), 'rack');
    await user.type(screen.getByLabelText('VLAN'), '5000');
    await user.click(screen.getByRole('button', { name: 'Create host' }));

    expect(screen.getByLabelText(/Hostname/)).toHaveAccessibleDescription('Hostname is required.');
    expect(screen.getByLabelText(/MAC addresses/)).toHaveAccessibleDescription(expect.stringContaining('At least one MAC'));
    expect(screen.getByLabelText('VLAN')).toHaveAccessibleDescription(expect.stringContaining('between 1 and 4094'));
    expect(screen.getByLabelText('Labels')).toHaveAccessibleDescription(expect.stringContaining('expected key=value'));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('edits with the loaded version and explains a stale-version conflict', async () => {
    const host = aHost({ version: 3 });
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/profiles') return profiles();
      if (request.method === 'GET' && request.path === '/api/hosts/7') return json(host);
      if (request.method === 'PUT') return problem(409, { title: 'Conflict', detail: 'Host was modified (version 4).' });
      return undefined;
    });
    const { user } = renderRoute('/hosts/7/edit', { user: editor() });

    const hostname = await screen.findByLabelText(/Hostname/);
    expect(hostname).toHaveValue('web-01');
    expect(screen.getByLabelText('Labels')).toHaveValue('rack=r12');
    await user.clear(hostname);
    await user.type(hostname, 'web-01a');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Someone else changed this host')).toBeInTheDocument();
    expect(screen.getByText(/Host was modified \(version 4\)/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Load latest version/ })).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/api/hosts/7');
    expect(put.json()).toMatchObject({ id: 7, version: 3, hostname: 'web-01a', macs: ['52:54:00:12:34:56'] });
  });
});
