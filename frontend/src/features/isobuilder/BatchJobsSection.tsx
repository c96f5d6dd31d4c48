import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { isAbortError } from '../../app/api';
import { PagedResults } from '../../shared/ui/PagedResults';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { usePolling } from '../../shared/utils/usePolling';
import { BATCH_STATUSES, isActive, listBatches } from './api';
import { BatchProgress, BatchStatusBadge } from './BatchProgress';
import { batchPath } from './paths';

/** While a job on the page is queued or running, the list is read again this often. */
export const LIST_POLL_MS = 2000;

const KIND: Record<string, string> = { CSV_IMPORT: 'CSV import', CSV: 'CSV', SELECTION: 'Selection' };

/** Every batch job, newest first, with live progress while any of them runs. */
export function BatchJobsSection() {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(25);
  const load = useCallback((signal: AbortSignal) => listBatches({ status, page, size }, signal), [status, page, size]);
  const jobs = useAsync(load);
  const live = Boolean(jobs.data?.items.some(isActive));
  const { setData } = jobs;

  usePolling(
    async (signal) => {
      try {
        setData(await load(signal));
      } catch (error) {
        if (!isAbortError(error)) throw error;
      }
    },
    LIST_POLL_MS,
    live,
    false,
  );

  return (
    <section className="page-section" aria-labelledby="batch-jobs-heading">
      <div className="page-header__row">
        <h2 id="batch-jobs-heading">Batch jobs</h2>
        <label className="inline-label">
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              setPage(0);
            }}
          >
            <option value="">Any status</option>
            {BATCH_STATUSES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </div>
      {live && (
        <p className="muted small" aria-live="off">
          Live: the list is refreshed every {LIST_POLL_MS / 1000} s while a job is queued or running.
        </p>
      )}
      <PagedResults
        state={jobs}
        noun={['batch job']}
        errorTitle="Could not load the batch jobs"
        emptyTitles={['No batch jobs yet', 'No batch jobs with this status']}
        filtered={Boolean(status)}
        onClearFilters={() => setStatus('')}
        onPageChange={setPage}
        onSizeChange={(next) => {
          setSize(next);
          setPage(0);
        }}
      >
        {(items, busy) => (
          <div className="table-wrap" aria-busy={busy}>
            <table className="table">
              <caption className="visually-hidden">Batch jobs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Link to={batchPath(job.id)} className="strong-link">
                        {job.description}
                      </Link>
                    </td>
                    <td className="nowrap">{KIND[job.kind] ?? job.kind}</td>
                    <td>
                      <BatchStatusBadge job={job} />
                    </td>
                    <td>
                      <BatchProgress job={job} label={`Progress of ${job.description}`} compact />
                    </td>
                    <td>{job.requester}</td>
                    <td className="nowrap">
                      <time dateTime={job.createdAt}>{formatDateTime(job.createdAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedResults>
    </section>
  );
}
