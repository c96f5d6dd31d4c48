import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aHost, aProfile, auditor, editor, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem, text } from '../../test/http';
import { renderRoute } from '../../test/render';

function profileApi(preview: (file: string | null, host: string | null) => Response) {
  return mockFetch((request) => {
    if (request.path === '/api/profiles/debian-12') return json(aProfile());
    if (request.path === '/api/hosts') return json(pageOf([aHost({ id: 7 }), aHost({ id: 8, hostname: 'web-02' })]));
    if (request.path === '/api/profiles/debian-12/preview') return preview(request.query.get('file'), request.query.get('host'));
    return undefined;
  });
}

describe('ProfileDetailPage', () => {
  it('renders the preview for the chosen host and file in a pre block', async () => {
    const { requests } = profileApi((file, host) => text(`#!ipxe\n# ${file} for host ${host}\nkernel http://mirror/debian/linux`));
    const { user } = renderRoute('/profiles/debian-12', { user: auditor() });

    const preview = await screen.findByRole('region', { name: 'Preview for a host' });
    const hostSelect = within(preview).getByLabelText('Host');
    await within(preview).findByRole('option', { name: 'web-02' });
    await user.selectOptions(hostSelect, 'web-02');
    await user.click(within(preview).getByLabelText('Answer file'));
    await user.click(within(preview).getByRole('button', { name: 'Render preview' }));

    const output = await within(preview).findByLabelText('Answer file for web-02');
    expect(output.tagName).toBe('PRE');
    expect(output.textContent).toBe('#!ipxe\n# answer for host 8\nkernel http://mirror/debian/linux');
    expect(requests.find((r) => r.path === '/api/hosts')?.query.get('profile')).toBe('debian-12');
  });

  it('shows why a preview could not be rendered', async () => {
    profileApi(() => problem(422, { title: 'Template error', detail: 'Unknown variable "rootpw" at line 4' }));
    const { user } = renderRoute('/profiles/debian-12', { user: auditor() });

    await screen.findByRole('option', { name: 'web-01' });
    await user.click(screen.getByRole('button', { name: 'Render preview' }));

    expect(await screen.findByText('The preview could not be rendered')).toBeInTheDocument();
    expect(screen.getByText('Unknown variable "rootpw" at line 4')).toBeInTheDocument();
  });

  it('shows the templates and, for an auditor, no edit controls', async () => {
    profileApi(() => text(''));
    renderRoute('/profiles/debian-12', { user: auditor() });

    expect(await screen.findByLabelText('Answer file template')).toHaveTextContent('d-i netcfg/get_hostname string {{hostname}}');
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('lets an editor edit and delete', async () => {
    profileApi(() => text(''));
    renderRoute('/profiles/debian-12', { user: editor() });

    expect(await screen.findByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/profiles/debian-12/edit');
    expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
  });
});
