import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isAbortError, toApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ConfirmDialog } from '../../shared/ui/Dialog';
import { Detail } from '../../shared/ui/Details';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { usePolling } from '../../shared/utils/usePolling';
import { batchZipUrl, cancelBatch, getBatch, isActive, listBatchFailures, type BatchJob } from './api';
import { BatchProgress, BatchStatusBadge } from './BatchProgress';
import { ISO_BUILDER } from './paths';

/** While the job is queued or running, it is read again this often. */
export const JOB_POLL_MS = 1000;
const FAILURES_PAGE = 50;
const back = { to: ISO_BUILDER, label: 'ISO builder' };

const KIND: Record<string, string> = {
  CSV_IMPORT: 'CSV import (the rows were new hosts)',
  CSV: 'CSV of existing hosts',
  SELECTION: 'Selection from the database',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** One batch job: live progress while it runs, cancel, the zip when done, and the hosts that failed. */
export function BatchJobPage() {
  const { id = '' } = useParams();
  const { user, can } = useAuth();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const load = useCallback((signal: AbortSignal) => getBatch(id, signal), [id]);
  const job = useAsync(load);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | undefined>();
  useDocumentTitle('Batch job');
  const { setData } = job;

  usePolling(
    async (signal) => {
      try {
        setData(await load(signal));
      } catch (error) {
        if (!isAbortError(error)) throw error;
      }
    },
    JOB_POLL_MS,
    Boolean(job.data && isActive(job.data)),
    false,
  );

  if (job.error && !job.data) {
    return (
      <>
        <PageHeader title="Batch job" back={back} />
        <ErrorMessage
          error={job.error}
          title={job.error.isNotFound ? 'This batch job does not exist' : 'Could not load the batch job'}
          onRetry={job.error.isNotFound ? undefined : job.reload}
        />
      </>
    );
  }
  if (!job.data) return <Loading label="Loading the batch job…" />;
  const current = job.data;
  const active = isActive(current);
  // operators and admins cancel any job, an editor the jobs they created (the server checks the same)
  const mayCancel = can('hosts:iso') || (can('batches:read') && user?.username === current.requester);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      const updated = await cancelBatch(current.id);
      setData(updated);
      setConfirming(false);
      setNotice(updated.status === 'CANCELLED' ? 'The job was cancelled before it started.' : 'Cancelling: the job stops before its next host.');
    } catch (error) {
      const apiError = toApiError(error);
      setCancelError(apiError.problem.detail ?? apiError.message);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <>
            Batch job <BatchStatusBadge job={current} />
          </>
        }
        back={back}
        actions={
          active &&
          mayCancel &&
          !current.cancelRequested && (
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
              Cancel job
            </button>
          )
        }
      >
        <p className="muted">{current.description}</p>
      </PageHeader>
      {flash && !notice && <Notice kind="success">{flash}</Notice>}
      {notice && <Notice>{notice}</Notice>}
      {confirming && (
        <ConfirmDialog
          title="Cancel this batch job?"
          description={
            current.status === 'QUEUED'
              ? 'It has not started: it ends at once and builds nothing.'
              : 'It stops before its next host; the ISOs built so far are discarded (no zip).'
          }
          confirmLabel="Cancel job"
          danger
          busy={cancelling}
          error={cancelError}
          onConfirm={cancel}
          onCancel={() => setConfirming(false)}
        />
      )}

      <section className="page-section" aria-labelledby="job-progress-heading">
        <h2 id="job-progress-heading">Progress</h2>
        <BatchProgress job={current} label="Batch job progress" />
        {active && (
          <p className="muted small">
            {current.status === 'QUEUED' ? 'Waiting for a runner (each server runs two jobs at a time).' : 'Building the ISOs.'} This page
            follows the job every {JOB_POLL_MS / 1000} s.
            {current.cancelRequested && ' Cancelling: the job stops before its next host.'}
          </p>
        )}
        {current.error && (
          <div className={current.status === 'DONE' ? 'alert alert--warning' : 'alert alert--error'} role="status">
            <p>{current.error}</p>
          </div>
        )}
        <ZipDownload job={current} mayDownload={can('hosts:iso')} />
      </section>

      <section className="page-section" aria-labelledby="job-details-heading">
        <h2 id="job-details-heading">Details</h2>
        <dl className="details">
          <Detail term="Kind">{KIND[current.kind] ?? current.kind}</Detail>
          <Detail term="Requested by">{current.requester}</Detail>
          <Detail term="Created">
            <time dateTime={current.createdAt}>{formatDateTime(current.createdAt)}</time>
          </Detail>
          <Detail term="Started">{formatDateTime(current.startedAt)}</Detail>
          <Detail term="Finished">{formatDateTime(current.finishedAt)}</Detail>
          <Detail term="Zip compression">{current.compression === 'none' ? 'stored (no compression)' : 'deflated'}</Detail>
          <Detail term="Job id">
            <span className="mono">{current.id}</span>
          </Detail>
          {can('audit:read') && (
            <Detail term="Audit">
              <Link to={`/audit?targetId=${encodeURIComponent(current.id)}`}>Audit entries of this job</Link>
            </Detail>
          )}
        </dl>
      </section>

      <FailedHosts job={current} />
    </>
  );
}

function ZipDownload({ job, mayDownload }: { job: BatchJob; mayDownload: boolean }) {
  if (job.status !== 'DONE' || !job.zip) return null;
  if (!mayDownload) {
    return <p className="muted">The zip is ready. Only operators and admins download it: its ISOs carry every host's boot token.</p>;
  }
  return (
    <div className="zip-download">
      <a className="button button--primary" href={batchZipUrl(job.id)} download={job.zip.fileName}>
        Download zip
      </a>
      <span>
        {job.zip.fileName}, {formatBytes(job.zip.size)}
      </span>
      <span className="muted small">
        SHA-256 <span className="mono break">{job.zip.sha256}</span>
      </span>
      <span className="muted small">One ISO per host, and manifest.csv / manifest.json with each ISO's SHA-256. Downloads are audited.</span>
    </div>
  );
}

/** The hosts whose ISO could not be built (with the reason), in job order. */
function FailedHosts({ job }: { job: BatchJob }) {
  const [page, setPage] = useState(0);
  const { id, failed } = job;
  const load = useCallback(
    // read again whenever the failed count changes: the list grows while the job runs
    (signal: AbortSignal) => (failed > 0 ? listBatchFailures(id, page, FAILURES_PAGE, signal) : Promise.resolve(null)),
    [id, page, failed],
  );
  const failures = useAsync(load);
  useEffect(() => {
    if (failed === 0) setPage(0);
  }, [failed]);

  return (
    <section className="page-section" aria-labelledby="job-failures-heading">
      <h2 id="job-failures-heading">Failed hosts</h2>
      {failed === 0 && <EmptyState title={isActive(job) ? 'No host has failed so far' : 'No host failed'} />}
      {failed > 0 && failures.error && <ErrorMessage error={failures.error} title="Could not load the failed hosts" onRetry={failures.reload} />}
      {failed > 0 && !failures.data && !failures.error && <Loading label="Loading the failed hosts…" />}
      {failures.data && failures.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Hosts whose ISO could not be built</caption>
              <thead>
                <tr>
                  <th scope="col">Position in the job</th>
                  <th scope="col">Host</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {failures.data.items.map((failure) => (
                  <tr key={failure.position}>
                    <td>{failure.position + 1}</td>
                    <td className="nowrap">
                      <Link to={`/hosts/${encodeURIComponent(failure.hostId)}`}>{failure.hostname}</Link>
                    </td>
                    <td>{failure.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={failures.data.page}
            totalPages={failures.data.totalPages}
            totalItems={failures.data.totalItems}
            size={failures.data.size}
            noun={['failed host']}
            onPageChange={setPage}
          />
        </>
      )}
    </section>
  );
}
