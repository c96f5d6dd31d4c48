import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aBatchJob, aDoneBatchJob, aHost, aProfile, auditor, operator, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import type { MediaSpec } from './api';

const spec: MediaSpec = {
  hostId: '7',
  hostname: 'web-01',
  volumeId: 'BW_WEB_01',
  script: '#!ipxe\nchain http://192.0.2.10:8080/boot/7/tok/script\n',
  nicDriver: 'SNPONLY',
  firmware: 'uefi',
  architecture: 'X86_64',
  hash: '2a412b843f1b05e0',
  artifact: '7-cd-2a412b843f1b05e0.iso',
};

/** The API of the ISO builder: hosts (search, count), one host, its media spec, profiles, batch jobs. */
function builderApi(extra?: (request: RecordedRequest) => Response | undefined) {
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/hosts') return json(pageOf([aHost()], { totalItems: request.query.get('size') === '1' ? 12 : 1 }));
    if (request.path === '/api/hosts/7') return json(aHost());
    if (request.path === '/api/hosts/8') return json(aHost({ id: 8, hostname: 'bios-08', firmware: 'bios', nicDriver: 'full' }));
    if (request.path === '/api/hosts/7/media-spec' || request.path === '/api/hosts/8/media-spec') return json(spec);
    if (request.path === '/api/profiles') return json([aProfile(), aProfile({ name: 'rocky-9' })]);
    if (request.path === '/api/batches' && request.method === 'GET') return json(pageOf([]));
    if (request.path === '/api/batches/job-1') return json(aDoneBatchJob());
    if (request.path === '/api/batches/job-1/failures') return json(pageOf([]));
    return undefined;
  });
}

describe('ISO builder: single host', () => {
  it('finds a host, shows what goes onto its ISO and offers its images', async () => {
    const { requests } = builderApi();
    const { user } = renderRoute('/iso-builder', { user: operator() });

    expect(await screen.findByRole('tab', { name: 'Single host' })).toHaveAttribute('aria-selected', 'true');
    await user.type(screen.getByLabelText('Host'), 'web');
    await user.click(screen.getByRole('button', { name: 'Find host' }));
    await user.click(await screen.findByRole('button', { name: 'Choose web-01' }));

    expect(await screen.findByRole('link', { name: 'Download ISO' })).toHaveAttribute('href', '/api/hosts/7/iso');
    expect(screen.getByRole('link', { name: 'Download USB image' })).toHaveAttribute('href', '/api/hosts/7/usb');
    // a UEFI host with the firmware's NIC driver cannot boot a floppy: the button says why
    const floppy = screen.getByRole('button', { name: 'Download floppy image' });
    expect(floppy).toBeDisabled();
    expect(floppy).toHaveAccessibleDescription(/not for this host \(firmware uefi, NIC driver snponly/);
    expect(await screen.findByText('BW_WEB_01')).toBeInTheDocument();
    expect(screen.getByText('7-cd-2a412b843f1b05e0.iso')).toBeInTheDocument();
    expect(screen.getByText(/snponly\.efi/)).toBeInTheDocument();
    expect(screen.getByText('Client script (carries the boot token; reading it is audited)')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/hosts' && r.query.get('q') === 'web')).toBeDefined();
  });

  it('offers the floppy image of a BIOS host chosen by link', async () => {
    builderApi();
    renderRoute('/iso-builder?host=8', { user: operator() });
    expect(await screen.findByRole('link', { name: 'Download floppy image' })).toHaveAttribute('href', '/api/hosts/8/floppy');
  });

  it('moves between the tabs with the arrow keys', async () => {
    builderApi();
    const { user } = renderRoute('/iso-builder', { user: operator() });
    const single = await screen.findByRole('tab', { name: 'Single host' });
    single.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'CSV batch' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'CSV batch' })).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'CSV batch' })).toBeInTheDocument();
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Database selection' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Single host' })).toHaveAttribute('aria-selected', 'true');
  });
});

describe('ISO builder: CSV batch', () => {
  const csv = () => new File(['hostname\nweb-01\nweb-02\n'], 'hosts.csv', { type: 'text/csv' });

  it('uploads the file as it is and follows the new job', async () => {
    const { requests } = builderApi((request) =>
      request.method === 'POST' && request.path === '/api/batches' ? json(aBatchJob({ total: 2, kind: 'CSV' }), 202) : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=csv', { user: operator() });

    expect(await screen.findByRole('link', { name: 'Download the CSV template' })).toHaveAttribute('href', '/api/batches/template.csv');
    await user.upload(screen.getByLabelText(/CSV file/), csv());
    await user.click(screen.getByRole('radio', { name: /Stored/ }));
    await user.click(screen.getByRole('button', { name: 'Build ISOs from this file' }));

    expect(await screen.findByText('Batch job created from hosts.csv: 2 hosts.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Batch job/, level: 1 })).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.query.get('compression')).toBe('none');
    expect(post?.query.get('import')).toBeNull();
    // the bytes as they are (the server checks the encoding), not text read and re-encoded by the browser
    const sent = post?.form?.get('file') as File;
    expect(sent).toBeInstanceOf(File);
    expect(sent.name).toBe('hosts.csv');
    expect(sent.size).toBe(csv().size);
  });

  it('lists every problem of a refused file by row and column, and builds nothing', async () => {
    builderApi((request) =>
      request.method === 'POST'
        ? problem(400, {
            title: 'Invalid request',
            detail: '3 fields are invalid',
            errors: [
              { field: 'row 3: ip', message: "'10.20.0.300' is not a dotted IPv4 address" },
              { field: 'row 4: hostname', message: 'no host named web-99.lab.example' },
              { field: 'row 5', message: 'has 3 fields, the header has 2' },
            ],
          })
        : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=csv', { user: operator() });
    await user.upload(await screen.findByLabelText(/CSV file/), csv());
    await user.click(screen.getByRole('button', { name: 'Build ISOs from this file' }));

    const alert = await screen.findByRole('alert', { name: /The file was not accepted: 3 problems/ });
    expect(alert).toHaveFocus();
    const rows = within(within(alert).getByRole('table', { name: 'Problems in the file' })).getAllByRole('row');
    expect(rows.map((row) => within(row).queryAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      [],
      ['3', 'ip', "'10.20.0.300' is not a dotted IPv4 address"],
      ['4', 'hostname', 'no host named web-99.lab.example'],
      ['5', '—', 'has 3 fields, the header has 2'],
    ]);
  });

  it('shows problems of the file itself at the file field', async () => {
    builderApi((request) =>
      request.method === 'POST'
        ? problem(400, { errors: [{ field: 'file', message: 'the file is UTF-16; save it as CSV UTF-8' }] })
        : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=csv', { user: operator() });
    await user.upload(await screen.findByLabelText(/CSV file/), csv());
    await user.click(screen.getByRole('button', { name: 'Build ISOs from this file' }));
    await waitFor(() => expect(screen.getByLabelText(/CSV file/)).toHaveAccessibleDescription('the file is UTF-16; save it as CSV UTF-8'));
    expect(screen.getByLabelText(/CSV file/)).toHaveFocus();
  });

  it('asks for a file before sending anything', async () => {
    const { requests } = builderApi();
    const { user } = renderRoute('/iso-builder?mode=csv', { user: operator() });
    await user.click(await screen.findByRole('button', { name: 'Build ISOs from this file' }));
    expect(screen.getByLabelText(/CSV file/)).toHaveAccessibleDescription('choose a CSV file');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });
});

describe('ISO builder: database selection', () => {
  it('counts the matching hosts as the filters change and builds a job of them', async () => {
    const { requests } = builderApi((request) =>
      request.method === 'POST' && request.path === '/api/batches' ? json(aBatchJob({ total: 12 }), 202) : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=selection', { user: operator() });

    expect(await screen.findByText(/Give at least one filter/)).toBeInTheDocument();
    await user.selectOptions(await screen.findByLabelText('Boot state'), 'LOCAL');
    await user.type(screen.getByLabelText('Subnet'), '10.0.0.0/24');
    await user.type(screen.getByLabelText('Label'), 'rack=r1');
    expect(await screen.findByText('12 hosts match these filters now.')).toBeInTheDocument();
    const count = requests.filter((r) => r.path === '/api/hosts').at(-1)!;
    expect(Object.fromEntries(count.query)).toEqual({ state: 'LOCAL', subnet: '10.0.0.0/24', label: 'rack=r1', size: '1' });

    await user.click(screen.getByRole('button', { name: 'Build ISOs of the matching hosts' }));
    expect(await screen.findByText('Batch job created: 12 hosts selected.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.json()).toEqual({
      state: 'LOCAL',
      label: 'rack=r1',
      subnet: '10.0.0.0/24',
      compression: 'deflate',
    });
  });

  it('checks the filters first and shows the server’s refusals at their fields', async () => {
    const { requests } = builderApi((request) =>
      request.method === 'POST'
        ? problem(400, { errors: [{ field: 'labels[0]', message: 'must be key=value or key' }] })
        : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=selection', { user: operator() });

    await user.click(await screen.findByRole('button', { name: 'Build ISOs of the matching hosts' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Selection: give at least one filter, or choose every host');

    await user.type(screen.getByLabelText('Subnet'), '10.0.0.0/33');
    expect(await screen.findByText('Correct the filters to see how many hosts match.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Build ISOs of the matching hosts' }));
    expect(screen.getByLabelText('Subnet')).toHaveAccessibleDescription(/use CIDR notation, e.g. 10.20.0.0\/16/);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await user.clear(screen.getByLabelText('Subnet'));
    await user.type(screen.getByLabelText('Label'), 'rack');
    await user.click(screen.getByRole('button', { name: 'Build ISOs of the matching hosts' }));
    await waitFor(() => expect(screen.getByLabelText('Label')).toHaveAccessibleDescription(/must be key=value or key/));
  });

  it('selects every host when asked to, and then ignores the filters', async () => {
    const { requests } = builderApi((request) =>
      request.method === 'POST' && request.path === '/api/batches' ? json(aBatchJob({ total: 12 }), 202) : undefined,
    );
    const { user } = renderRoute('/iso-builder?mode=selection', { user: operator() });
    await user.type(await screen.findByLabelText('Search'), 'web');
    await user.click(screen.getByLabelText('Every host (ignore the filters)'));
    expect(screen.getByLabelText('Search')).toBeDisabled();
    expect(await screen.findByText('12 hosts match these filters now.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Build ISOs of the matching hosts' }));
    await screen.findByText('Batch job created: 12 hosts selected.');
    expect(requests.find((r) => r.method === 'POST')?.json()).toEqual({ all: true, compression: 'deflate' });
  });
});

describe('ISO builder: batch jobs', () => {
  it('lists the jobs with their progress and follows a running one until it is done', async () => {
    let reads = 0;
    builderApi((request) => {
      if (request.path !== '/api/batches' || request.method !== 'GET') return undefined;
      reads += 1;
      return json(pageOf([reads < 2 ? aBatchJob() : aDoneBatchJob()]));
    });
    renderRoute('/iso-builder', { user: operator() });

    const table = await screen.findByRole('table', { name: 'Batch jobs, newest first' });
    const progress = within(table).getByRole('progressbar', { name: 'Progress of selection subnet=10.0.0.0/24: 10 hosts' });
    expect(progress).toHaveAttribute('value', '3');
    expect(progress).toHaveAttribute('max', '10');
    expect(within(table).getByText('RUNNING')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'selection subnet=10.0.0.0/24: 10 hosts' })).toHaveAttribute(
      'href',
      '/iso-builder/batches/job-1',
    );
    expect(await within(table).findByText('DONE', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(within(table).getByRole('progressbar')).toHaveAttribute('value', '10');
  });

  it('shows an auditor the jobs but nothing to build', async () => {
    const { requests } = builderApi((request) =>
      request.path === '/api/batches' ? json(pageOf([aDoneBatchJob({ requester: 'otto' })])) : undefined,
    );
    renderRoute('/iso-builder', { user: auditor() });
    expect(await screen.findByText(/Building and downloading boot images is for operators and admins/)).toBeInTheDocument();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Batch jobs, newest first' })).toBeInTheDocument();
    expect(requests.some((r) => r.path.includes('media-spec'))).toBe(false);
  });

  it('shows an empty state and a failed load', async () => {
    builderApi((request) =>
      request.path === '/api/batches' ? problem(500, { title: 'Internal error', detail: 'database down' }) : undefined,
    );
    renderRoute('/iso-builder', { user: operator() });
    expect(await screen.findByText('Could not load the batch jobs')).toBeInTheDocument();
    expect(screen.getByText('database down')).toBeInTheDocument();
  });
});
