import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../app/auth';
import { aBatchJob, aDoneBatchJob, auditor, editor, operator, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import type { BatchJob } from './api';
import { formatBytes } from './BatchJobPage';

function jobApi(jobs: BatchJob[], extra?: (request: RecordedRequest) => Response | undefined) {
  let reads = 0;
  return mockFetch((request) => {
    const more = extra?.(request);
    if (more) return more;
    if (request.path === '/api/batches/job-1') {
      const job = jobs[Math.min(reads, jobs.length - 1)];
      reads += 1;
      return json(job);
    }
    if (request.path === '/api/batches/job-1/failures') {
      return json(
        pageOf([{ position: 4, hostId: 'h-5', hostname: 'web-05.lab.example', error: 'host was deleted after the batch job was created' }]),
      );
    }
    return undefined;
  });
}

const open = (user: CurrentUser = operator()) => renderRoute('/iso-builder/batches/job-1', { user });

describe('batch job page', () => {
  it('follows a running job to the end and then offers the zip', async () => {
    jobApi([aBatchJob(), aBatchJob({ done: 7 }), aDoneBatchJob()]);
    open();

    const progress = await screen.findByRole('progressbar', { name: 'Batch job progress' });
    expect(progress).toHaveAttribute('max', '10');
    expect(screen.getByText(/This page follows the job every 1 s/)).toBeInTheDocument();
    const zip = await screen.findByRole('link', { name: 'Download zip' }, { timeout: 5000 });
    expect(zip).toHaveAttribute('href', '/api/batches/job-1/zip');
    expect(zip).toHaveAttribute('download', 'bootwarden-batch-job-1.zip');
    expect(screen.getByRole('progressbar', { name: 'Batch job progress' })).toHaveAttribute('value', '10');
    expect(screen.getByText('bootwarden-batch-job-1.zip, 3.1 MiB')).toBeInTheDocument();
    expect(screen.getByText('DONE')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).not.toBeInTheDocument();
    expect(screen.getByText('No host failed')).toBeInTheDocument();
  });

  it('lists the hosts that failed, with the reason', async () => {
    const { requests } = jobApi([aDoneBatchJob({ done: 9, failed: 1, error: '1 hosts failed (see the manifest)' })]);
    open();
    const table = await screen.findByRole('table', { name: 'Hosts whose ISO could not be built' });
    const cells = within(within(table).getAllByRole('row')[1]).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual(['5', 'web-05.lab.example', 'host was deleted after the batch job was created']);
    expect(within(cells[1]).getByRole('link')).toHaveAttribute('href', '/hosts/h-5');
    expect(screen.getByText('1 hosts failed (see the manifest)')).toBeInTheDocument();
    expect(requests.find((r) => r.path.endsWith('/failures'))?.query.get('size')).toBe('50');
  });

  it('cancels a running job after asking', async () => {
    const { requests } = jobApi([aBatchJob()], (request) =>
      request.method === 'POST' && request.path === '/api/batches/job-1/cancel'
        ? json(aBatchJob({ cancelRequested: true }))
        : undefined,
    );
    const { user } = open();
    await user.click(await screen.findByRole('button', { name: 'Cancel job' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this batch job?' });
    expect(dialog).toHaveAccessibleDescription(/stops before its next host/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel job' }));

    expect(await screen.findByText('Cancelling: the job stops before its next host.')).toBeInTheDocument();
    expect(screen.getByText('CANCELLING')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).not.toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('keeps the dialog open with the server’s reason when the cancel is refused', async () => {
    jobApi([aBatchJob({ status: 'QUEUED', done: 0, startedAt: null })], (request) =>
      request.method === 'POST' ? problem(409, { detail: 'batch job is DONE: only QUEUED or RUNNING jobs can be cancelled' }) : undefined,
    );
    const { user } = open();
    await user.click(await screen.findByRole('button', { name: 'Cancel job' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveAccessibleDescription(/It has not started/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('only QUEUED or RUNNING jobs can be cancelled');
  });

  it('lets an editor cancel their own job but not someone else’s', async () => {
    jobApi([aBatchJob({ requester: 'eddie', kind: 'CSV_IMPORT' })]);
    const { unmount } = open(editor());
    expect(await screen.findByRole('button', { name: 'Cancel job' })).toBeInTheDocument();
    unmount();

    jobApi([aBatchJob({ requester: 'otto' })]);
    open(editor());
    await screen.findByRole('progressbar', { name: 'Batch job progress' });
    expect(screen.queryByRole('button', { name: 'Cancel job' })).not.toBeInTheDocument();
  });

  it('tells an auditor who downloads the zip instead of offering it', async () => {
    jobApi([aDoneBatchJob()]);
    open(auditor());
    expect(await screen.findByText(/Only operators and admins download it/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download zip' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit entries of this job' })).toHaveAttribute('href', '/audit?targetId=job-1');
  });

  it('shows why a job failed', async () => {
    jobApi([aBatchJob({ status: 'FAILED', done: 0, failed: 0, error: 'no ISO could be built (see the server log)' })]);
    open();
    expect(await screen.findByText('no ISO could be built (see the server log)')).toBeInTheDocument();
    expect(screen.getByText('FAILED')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download zip' })).not.toBeInTheDocument();
  });

  it('says when the job does not exist', async () => {
    mockFetch((request) => (request.path === '/api/batches/job-1' ? problem(404, { detail: "no batch job with id 'job-1'" }) : undefined));
    open();
    expect(await screen.findByText('This batch job does not exist')).toBeInTheDocument();
  });

  it('writes sizes as people read them', () => {
    expect([512, 2048, 3_250_000, 5 * 1024 ** 3].map(formatBytes)).toEqual(['512 B', '2.0 KiB', '3.1 MiB', '5.0 GiB']);
  });
});
