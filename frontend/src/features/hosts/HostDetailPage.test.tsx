import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, aHost, anAuditEntry, auditor, editor, operator, pageOf, requester } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { auditFrame, installMockEventSource } from '../../test/eventSource';
import { renderRoute } from '../../test/render';
import type { Host } from './api';

function api(host: Host, extra?: Parameters<typeof mockFetch>[0]) {
  return mockFetch((request) => {
    const handled = extra?.(request);
    if (handled) return handled;
    if (request.path === `/api/hosts/${host.id}`) return json(host);
    if (request.path === '/api/audit') return json(pageOf([anAuditEntry()], { size: 20 }));
    return undefined;
  });
}

describe('HostDetailPage', () => {
  it('shows all host fields and the boot state with reason and time', async () => {
    api(aHost({ bootState: 'HELD', stateReason: 'install boot limit reached', installBoots: 3 }));
    renderRoute('/hosts/7', { user: auditor() });

    const state = await screen.findByRole('region', { name: 'Boot state' });
    expect(within(state).getByText('HELD')).toBeInTheDocument();
    expect(within(state).getByText('install boot limit reached')).toBeInTheDocument();
    expect(within(state).getByText('3')).toBeInTheDocument();

    const config = screen.getByRole('region', { name: 'Configuration' });
    expect(within(config).getByText('52:54:00:12:34:56')).toBeInTheDocument();
    expect(within(config).getByText('10.0.0.21/24')).toBeInTheDocument();
    expect(within(config).getByRole('link', { name: 'debian-12' })).toHaveAttribute('href', '/profiles/debian-12');
  });

  it('gives an AUDITOR no edit, arm, disarm or ISO controls but shows the timeline', async () => {
    const { requests } = api(aHost());
    renderRoute('/hosts/7', { user: auditor() });

    await screen.findByRole('region', { name: 'Boot state' });
    for (const name of ['Edit', 'Delete', 'Emergency arm', 'Disarm', 'Request reinstall']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
      expect(screen.queryByRole('link', { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole('link', { name: 'Download ISO' })).not.toBeInTheDocument();

    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('HOST_ARMED')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/audit')?.query.get('targetId')).toBe('7');
  });

  it('gives an OPERATOR emergency arm/disarm and the ISO download, but not edit or request', async () => {
    api(aHost({ bootState: 'LOCAL' }));
    renderRoute('/hosts/7', { user: operator() });

    expect(await screen.findByRole('button', { name: 'Emergency arm' })).toBeEnabled();
    expect(screen.queryByRole('link', { name: 'Request reinstall' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Disarm' })).toBeDisabled();
    const iso = screen.getByRole('link', { name: 'Download ISO' });
    expect(iso).toHaveAttribute('href', '/api/hosts/7/iso');
    expect(iso).toHaveAttribute('download');
    expect(screen.getByRole('link', { name: 'Download USB image' })).toHaveAttribute('href', '/api/hosts/7/usb');
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Timeline' })).not.toBeInTheDocument();
  });

  it('offers the floppy image only for hosts that can boot it under BIOS with iPXE drivers', async () => {
    api(aHost({ firmware: 'bios', nicDriver: 'full' }));
    renderRoute('/hosts/7', { user: operator() });

    const floppy = await screen.findByRole('link', { name: 'Download floppy image' });
    expect(floppy).toHaveAttribute('href', '/api/hosts/7/floppy');
    expect(floppy).toHaveAttribute('download', 'web-01-floppy.img');
  });

  it('hides the floppy image for a UEFI host with the firmware NIC driver', async () => {
    api(aHost({ firmware: 'uefi', nicDriver: 'snponly' }));
    renderRoute('/hosts/7', { user: operator() });

    expect(await screen.findByRole('link', { name: 'Download USB image' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download floppy image' })).not.toBeInTheDocument();
  });

  it('gives an EDITOR edit and delete, but not arm', async () => {
    api(aHost());
    renderRoute('/hosts/7', { user: editor() });

    expect(await screen.findByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/hosts/7/edit');
    expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Emergency arm' })).not.toBeInTheDocument();
  });

  it('links a REQUESTER to the new-ticket form for this host', async () => {
    api(aHost());
    renderRoute('/hosts/7', { user: requester() });

    expect(await screen.findByRole('link', { name: 'Request reinstall' })).toHaveAttribute('href', '/tickets/new?hostId=7');
    expect(within(screen.getByRole('region', { name: 'Boot state' })).getByText('—', { selector: '.muted' })).toBeInTheDocument();
  });

  it('shows the open ticket and refuses a second request with the reason', async () => {
    api(aHost({ openTicketId: 'T-OPEN1234' }));
    renderRoute('/hosts/7', { user: requester() });

    const state = await screen.findByRole('region', { name: 'Boot state' });
    expect(within(state).getByRole('link', { name: 'T-OPEN1234' })).toHaveAttribute('href', '/tickets/T-OPEN1234');
    expect(within(state).getByText(/one open ticket at a time/)).toBeInTheDocument();
    const request = screen.getByRole('button', { name: 'Request reinstall' });
    expect(request).toBeDisabled();
    expect(request).toHaveAttribute('title', expect.stringContaining('already has open ticket T-OPEN1234'));
  });

  it('refuses an emergency arm while the host has an open ticket, but offers disarm', async () => {
    api(aHost({ bootState: 'LOCAL', openTicketId: 'T-OPEN1234' }));
    renderRoute('/hosts/7', { user: operator() });

    const arm = await screen.findByRole('button', { name: 'Emergency arm' });
    expect(arm).toBeDisabled();
    expect(arm).toHaveAttribute('title', expect.stringContaining('open ticket T-OPEN1234'));
    expect(screen.getByRole('button', { name: 'Disarm' })).toBeEnabled();
  });

  it('explains that disarm cancels or aborts the open ticket', async () => {
    const host = aHost({ bootState: 'ARMED', openTicketId: 'T-OPEN1234' });
    const { requests } = api(host, (request) =>
      request.path === '/api/hosts/7/disarm' ? json({ ...host, bootState: 'LOCAL', openTicketId: null }) : undefined,
    );
    const { user } = renderRoute('/hosts/7', { user: operator() });

    await user.click(await screen.findByRole('button', { name: 'Disarm' }));
    const dialog = screen.getByRole('dialog', { name: 'Disarm web-01' });
    expect(dialog).toHaveAccessibleDescription(/open ticket T-OPEN1234 is cancelled while that is still possible, otherwise .* ABORTED/);
    await user.type(within(dialog).getByLabelText('Reason'), 'wrong host');
    await user.click(within(dialog).getByRole('button', { name: 'Disarm host' }));

    expect(await screen.findByText('web-01 is now LOCAL.')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/hosts/7/disarm')?.json()).toEqual({ reason: 'wrong host' });
  });

  it('emergency-arms a host with a reason, says it skips approval, and shows the emergency ticket', async () => {
    const host = aHost({ bootState: 'LOCAL' });
    const { requests } = api(host, (request) =>
      request.method === 'POST' && request.path === '/api/hosts/7/arm'
        ? json({
            ...host,
            bootState: 'ARMED',
            openTicketId: 'T-EMERG234',
            stateReason: request.json<{ reason: string }>().reason,
            version: 4,
          })
        : undefined,
    );
    const { user } = renderRoute('/hosts/7', { user: admin() });

    await user.click(await screen.findByRole('button', { name: 'Emergency arm' }));
    const dialog = screen.getByRole('dialog', { name: 'Emergency arm web-01' });
    expect(dialog).toHaveAccessibleDescription(/skips the approval.*EMERGENCY ticket.*audited/);
    await user.click(within(dialog).getByRole('button', { name: 'Arm now, without approval' }));
    expect(within(dialog).getByText(/Please give a reason/)).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Reason'), 'reinstall after disk swap');
    await user.click(within(dialog).getByRole('button', { name: 'Arm now, without approval' }));

    expect(await screen.findByText('web-01 is now ARMED (emergency ticket T-EMERG234).')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Boot state' })).getByRole('link', { name: 'T-EMERG234' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Boot state' })).getByText('reinstall after disk swap')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/hosts/7/arm')?.json()).toEqual({ reason: 'reinstall after disk swap' });
  });

  it('issues a new boot token with a reason and says the image must be replaced', async () => {
    const host = aHost({ bootState: 'LOCAL' });
    const { requests } = api(host, (request) =>
      request.method === 'POST' && request.path === '/api/hosts/7/rotate-token' ? json({ ...host, version: 4 }) : undefined,
    );
    const { user } = renderRoute('/hosts/7', { user: operator() });

    await user.click(await screen.findByRole('button', { name: 'New boot token' }));
    const dialog = screen.getByRole('dialog', { name: 'New boot token for web-01' });
    await user.type(within(dialog).getByLabelText('Reason'), 'ISO left on a share');
    await user.click(within(dialog).getByRole('button', { name: 'Issue new token' }));

    expect(await screen.findByText('web-01 has a new boot token: download its new image and attach it.')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/hosts/7/rotate-token')?.json()).toEqual({ reason: 'ISO left on a share' });
  });

  it('does not offer a new boot token while the host is installing', async () => {
    api(aHost({ bootState: 'INSTALLING' }));
    renderRoute('/hosts/7', { user: operator() });

    expect(await screen.findByRole('button', { name: 'New boot token' })).toBeDisabled();
  });

  it('keeps the dialog open and shows the server error when arming is refused', async () => {
    api(aHost({ bootState: 'HELD' }), (request) =>
      request.path === '/api/hosts/7/arm' ? problem(409, { title: 'Conflict', detail: 'Host has no profile' }) : undefined,
    );
    const { user } = renderRoute('/hosts/7', { user: operator() });

    await user.click(await screen.findByRole('button', { name: 'Emergency arm' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'retry');
    await user.click(within(dialog).getByRole('button', { name: 'Arm now, without approval' }));

    expect(await within(dialog).findByText('Host has no profile')).toBeInTheDocument();
  });

  it('says so when the host does not exist', async () => {
    mockFetch(() => problem(404, { title: 'Not Found', detail: 'No host 99' }));
    renderRoute('/hosts/99', { user: admin() });
    expect(await screen.findByText('This host does not exist')).toBeInTheDocument();
  });
});

describe('HostDetailPage with live events', () => {
  it('follows the host when it boots into its installer, timeline included', async () => {
    const streams = installMockEventSource();
    let host = aHost({ bootState: 'ARMED' });
    let timeline = [anAuditEntry({ id: 1, action: 'host.armed', summary: 'armed by otto' })];
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/hosts/7') return json(host);
      if (request.path === '/api/audit') return json(pageOf(timeline, { size: 20 }));
      return undefined;
    });
    renderRoute('/hosts/7', { user: auditor() });
    const state = await screen.findByRole('region', { name: 'Boot state' });
    expect(within(state).getByText('ARMED')).toBeInTheDocument();
    expect(await screen.findByText(/armed by otto/)).toBeInTheDocument();
    streams.latest().open();

    host = aHost({ bootState: 'INSTALLING', installBoots: 1 });
    timeline = [anAuditEntry({ id: 2, action: 'boot.install', actor: 'host:web-01', summary: 'installer served' }), ...timeline];
    streams.latest().emit('audit', auditFrame({ action: 'boot.install', targetType: 'host', targetId: '7' }));
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Boot state' })).getByText('INSTALLING')).toBeInTheDocument());
    expect(await screen.findByText(/installer served/)).toBeInTheDocument();
    expect(requests.filter((r) => r.path === '/api/hosts/7')).toHaveLength(2);
  });
});
