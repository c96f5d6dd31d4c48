import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aProfile, editor } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';

const withSecrets = () =>
  aProfile({ version: 4, secrets: { adminPasswordHash: { set: true }, joinPassword: { set: true }, rootPasswordHash: { set: false } } });

function profileApi(put?: () => Response) {
  return mockFetch((request) => {
    if (request.method === 'GET' && request.path === '/api/profiles/debian-12') return json(withSecrets());
    if (request.method === 'PUT') return put ? put() : json({ ...withSecrets(), version: 5 });
    return undefined;
  });
}

describe('profile secrets in the editor', () => {
  it('shows which secrets are set, never a value, and sends only what changed', async () => {
    const { requests } = profileApi();
    const { user } = renderRoute('/profiles/debian-12/edit', { user: editor() });

    const admin = await screen.findByRole('listitem', { name: 'Secret adminPasswordHash' });
    expect(within(admin).getByText('set')).toHaveClass('badge');
    const root = screen.getByRole('listitem', { name: 'Secret rootPasswordHash' });
    expect(within(root).getByText('not set')).toBeInTheDocument();
    // nothing of a stored value is on the page: no field holds one
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);

    await user.click(within(admin).getByRole('button', { name: 'Replace adminPasswordHash' }));
    const newValue = within(admin).getByLabelText('Secret adminPasswordHash new value');
    expect(newValue).toHaveAttribute('type', 'password');
    expect(newValue).toHaveValue('');
    await user.type(newValue, '$6$new$hash');
    await user.click(within(screen.getByRole('listitem', { name: 'Secret joinPassword' })).getByRole('button', { name: 'Remove joinPassword' }));
    await user.click(within(root).getByRole('button', { name: 'Set rootPasswordHash' }));
    await user.type(within(root).getByLabelText('Secret rootPasswordHash new value'), '$6$root$hash');
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    const added = screen.getByRole('listitem', { name: 'New secret 4' });
    await user.type(within(added).getByLabelText('New secret 4 name'), 'domainJoinUser');
    await user.type(within(added).getByLabelText('New secret 4 value'), 'svc-join');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changes saved.')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.json()).toMatchObject({
      version: 4,
      secrets: { adminPasswordHash: '$6$new$hash', rootPasswordHash: '$6$root$hash', domainJoinUser: 'svc-join' },
    });
    expect(Object.keys((put.json() as { secrets: object }).secrets)).not.toContain('joinPassword');
  });

  it('keeps untouched secrets with null and clears one with an empty string', async () => {
    const { requests } = profileApi();
    const { user } = renderRoute('/profiles/debian-12/edit', { user: editor() });

    const join = await screen.findByRole('listitem', { name: 'Secret joinPassword' });
    await user.click(within(join).getByRole('button', { name: 'Clear joinPassword' }));
    expect(within(join).getByText('will be cleared')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Changes saved.');
    expect(requests.find((r) => r.method === 'PUT')!.json()).toMatchObject({
      secrets: { adminPasswordHash: null, joinPassword: '', rootPasswordHash: null },
    });
  });

  it('asks for the new value before replacing, and undoes a change', async () => {
    const { requests } = profileApi();
    const { user } = renderRoute('/profiles/debian-12/edit', { user: editor() });

    const admin = await screen.findByRole('listitem', { name: 'Secret adminPasswordHash' });
    await user.click(within(admin).getByRole('button', { name: 'Replace adminPasswordHash' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Enter the new value of secret adminPasswordHash/, { selector: '.field__error' })).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);

    await user.click(within(admin).getByRole('button', { name: 'Keep adminPasswordHash as it is' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changes saved.');
    expect(requests.find((r) => r.method === 'PUT')!.json()).toMatchObject({ secrets: { adminPasswordHash: null } });
  });

  it("shows the server's refusal of a value at the secrets", async () => {
    profileApi(() =>
      problem(400, {
        title: 'Invalid request',
        detail: 'invalid',
        errors: [{ field: 'secrets.joinPassword', message: "secret joinPassword contains a line break, a control character, '\"' or '\\'" }],
      }),
    );
    const { user } = renderRoute('/profiles/debian-12/edit', { user: editor() });

    const join = await screen.findByRole('listitem', { name: 'Secret joinPassword' });
    await user.click(within(join).getByRole('button', { name: 'Replace joinPassword' }));
    await user.type(within(join).getByLabelText('Secret joinPassword new value'), 'say "hi"');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText(/secret joinPassword contains a line break/, { selector: '.field__error' })).toBeInTheDocument();
  });
});

describe('profile secrets on the profile page', () => {
  it('lists the secrets with whether each is set', async () => {
    mockFetch((request) => {
      if (request.path === '/api/profiles/debian-12') return json(withSecrets());
      if (request.path === '/api/hosts') return json({ items: [], page: 0, size: 50, total: 0 });
      return undefined;
    });
    renderRoute('/profiles/debian-12', { user: editor() });

    const term = await screen.findByText('Secrets', { selector: 'dt' });
    const details = term.nextElementSibling as HTMLElement;
    expect(within(details).getByText('adminPasswordHash')).toBeInTheDocument();
    expect(within(details).getAllByText('set')).toHaveLength(2);
    expect(within(details).getByText('not set (hosts cannot be armed)')).toBeInTheDocument();
  });
});
