import { pluralize } from '../../shared/utils/format';
import type { BatchJob, BatchStatus } from './api';

const STATUS_CLASS: Record<BatchStatus, string> = {
  QUEUED: 'badge--neutral',
  RUNNING: 'badge--info',
  DONE: 'badge--ok',
  FAILED: 'badge--error',
  CANCELLED: 'badge--warn',
};

const STATUS_TEXT: Record<BatchStatus, string> = {
  QUEUED: 'waiting for a runner',
  RUNNING: 'building the ISOs',
  DONE: 'the zip is ready',
  FAILED: 'no zip',
  CANCELLED: 'cancelled, no zip',
};

export function BatchStatusBadge({ job }: { job: Pick<BatchJob, 'status' | 'cancelRequested'> }) {
  const cancelling = job.cancelRequested && job.status === 'RUNNING';
  return (
    <span className={`badge ${STATUS_CLASS[job.status]}`} title={cancelling ? 'cancelling: stops before the next host' : STATUS_TEXT[job.status]}>
      {cancelling ? 'CANCELLING' : job.status}
    </span>
  );
}

/** Hosts handled so far (built or failed) of the job's total, as a progress bar with its numbers beside it. */
export function BatchProgress({ job, label, compact = false }: { job: BatchJob; label: string; compact?: boolean }) {
  const handled = job.done + job.failed;
  const total = Math.max(job.total, 1);
  const percent = Math.round((Math.min(handled, total) / total) * 100);
  return (
    <div className={compact ? 'batch-progress batch-progress--compact' : 'batch-progress'}>
      <progress className="batch-progress__bar" max={job.total} value={handled} aria-label={label}>
        {percent}%
      </progress>
      <span className="batch-progress__text">
        {handled} of {pluralize(job.total, 'host')}
        {!compact && ` (${percent}%)`}
        {job.failed > 0 && <span className="batch-progress__failed"> · {job.failed} failed</span>}
      </span>
    </div>
  );
}
