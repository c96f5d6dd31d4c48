-- Why a host of a batch job failed (docs/batches.md): written by the runner as soon as the host
-- fails, so the console lists failed hosts while the job runs and after it ended (FAILED jobs
-- keep no zip, and with it no manifest). Null for hosts that were built or not reached yet.
alter table batch_job_host add error varchar(1000);
