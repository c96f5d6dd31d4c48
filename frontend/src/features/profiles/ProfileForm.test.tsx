import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aProfile, editor } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';

describe('profile form', () => {
  it('creates a profile and shows a 409 on the name field', async () => {
    const { requests } = mockFetch((request) =>
      request.method === 'POST' && request.path === '/api/profiles'
        ? problem(409, { title: 'Conflict', detail: 'A profile named debian-12 already exists', field: 'name' })
        : undefined,
    );
    const { user } = renderRoute('/profiles/new', { user: editor() });

    await user.type(await screen.findByLabelText(/^Name/), 'debian-12');
    await user.selectOptions(screen.getByLabelText(/^Kind/), 'ubuntu-autoinstall');
    await user.type(screen.getByLabelText('Initrd URLs'), 'http://m/initrd-a{enter}http://m/initrd-b');
    await user.click(screen.getByLabelText('Reinstall on every reboot while armed'));
    await user.click(screen.getByRole('button', { name: 'Create profile' }));

    expect(await screen.findByLabelText(/^Name/)).toHaveAccessibleDescription(
      expect.stringContaining('A profile named debian-12 already exists'),
    );
    expect(requests.find((r) => r.method === 'POST')?.json()).toMatchObject({
      name: 'debian-12',
      kind: 'ubuntu-autoinstall',
      initrdUrls: ['http://m/initrd-a', 'http://m/initrd-b'],
      reinstallOnReboot: true,
      maxInstallBoots: 3,
    });
  });

  it('saves an edit with the loaded version, keeping template whitespace', async () => {
    const profile = aProfile({ version: 5 });
    const { requests } = mockFetch((request) => {
      if (request.method === 'GET' && request.path === '/api/profiles/debian-12') return json(profile);
      if (request.method === 'PUT') return json({ ...profile, version: 6 });
      return undefined;
    });
    const { user } = renderRoute('/profiles/debian-12/edit', { user: editor() });

    expect(await screen.findByLabelText(/^Name/)).toHaveAttribute('readonly');
    const script = screen.getByLabelText('iPXE script template');
    await user.type(script, '#!ipxe{enter}  chain {{{{bootUrl}}');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changes saved.')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/api/profiles/debian-12');
    expect(put.json()).toMatchObject({ name: 'debian-12', version: 5, ipxeScript: '#!ipxe\n  chain {{bootUrl}}' });
  });
});
