package org.bootwarden.batch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bootwarden.system.DbTime;
import org.bootwarden.system.Page;
import org.bootwarden.system.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The batch tables; every status change is a conditional update on the current status. */
@Repository
class BatchRepository {

    private static final String COLUMNS = "id, kind, status, description, compression, total, done_count, failed_count,"
            + " requester, created_at, started_at, finished_at, cancel_requested, error, zip_path, zip_size, zip_sha256";

    /** One host of a job, in job order. */
    record JobHost(int position, String hostId, String hostname) {
    }

    /** A host of a job whose ISO could not be built, and why. */
    record Failure(int position, String hostId, String hostname, String error) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final SqlDialect dialect;

    BatchRepository(JdbcClient jdbc, JdbcTemplate template, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.template = template;
        this.dialect = dialect;
    }

    void insert(String id, String kind, String description, String compression, String requester, Instant now,
            List<JobHost> hosts) {
        jdbc.sql("insert into batch_job (id, kind, status, description, compression, total, done_count, failed_count, requester,"
                + " created_at, cancel_requested) values (?, ?, 'QUEUED', ?, ?, ?, 0, 0, ?, ?, 0)")
                .params(id, kind, description, compression, hosts.size(), requester, DbTime.of(now)).update();
        List<Object[]> rows = new ArrayList<>(hosts.size());
        hosts.forEach(h -> rows.add(new Object[] {id, h.position(), h.hostId(), h.hostname()}));
        template.batchUpdate("insert into batch_job_host (job_id, position, host_id, hostname) values (?, ?, ?, ?)", rows);
    }

    Optional<BatchJob> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from batch_job where id = ?").param(id).query(this::row).optional();
    }

    Page<BatchJob> list(BatchStatus status, int page, int size) {
        String where = status == null ? "" : " where status = ?";
        List<Object> params = status == null ? List.of() : List.of(status.name());
        long total = jdbc.sql("select count(*) from batch_job" + where).params(params).query(Long.class).single();
        List<BatchJob> items = jdbc.sql("select " + COLUMNS + " from batch_job" + where + " order by created_at desc, id"
                + dialect.page(page * size, size)).params(params).query(this::row).list();
        return Page.of(items, page, size, total);
    }

    List<JobHost> hosts(String jobId) {
        return jdbc.sql("select position, host_id, hostname from batch_job_host where job_id = ? order by position").param(jobId)
                .query((rs, n) -> new JobHost(rs.getInt(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Records why the host at {@code position} failed (while the job runs). */
    void hostFailed(String jobId, int position, String error) {
        jdbc.sql("update batch_job_host set error = ? where job_id = ? and position = ?")
                .params(clip(error == null ? "failed" : error, 1000), jobId, position).update();
    }

    /** The failed hosts of a job, in job order. */
    Page<Failure> failures(String jobId, int page, int size) {
        long total = jdbc.sql("select count(*) from batch_job_host where job_id = ? and error is not null").param(jobId)
                .query(Long.class).single();
        List<Failure> items = jdbc.sql("select position, host_id, hostname, error from batch_job_host where job_id = ? and error is not null"
                + " order by position" + dialect.page(page * size, size)).param(jobId)
                .query((rs, n) -> new Failure(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
        return Page.of(items, page, size, total);
    }

    List<String> queued(int limit) {
        return jdbc.sql("select id from batch_job where status = 'QUEUED' order by created_at, id" + dialect.page(0, limit))
                .query(String.class).list();
    }

    /** QUEUED -> RUNNING for this runner; false when another runner (or a cancel) came first. */
    boolean claim(String id, String runner, Instant now) {
        return jdbc.sql("update batch_job set status = 'RUNNING', runner = ?, started_at = ?, heartbeat_at = ?"
                + " where id = ? and status = 'QUEUED'").params(runner, DbTime.of(now), DbTime.of(now), id).update() == 1;
    }

    void progress(String id, int done, int failed, Instant now) {
        jdbc.sql("update batch_job set done_count = ?, failed_count = ?, heartbeat_at = ? where id = ? and status = 'RUNNING'")
                .params(done, failed, DbTime.of(now), id).update();
    }

    boolean cancelRequested(String id) {
        return jdbc.sql("select cancel_requested from batch_job where id = ?").param(id).query(Integer.class).optional()
                .orElse(1) == 1;
    }

    /** RUNNING -> a final status, with the counts and (for DONE) the zip; false when the job was not RUNNING. */
    boolean finish(String id, BatchStatus status, int done, int failed, String error, String zipPath, Long zipSize,
            String zipSha256, Instant now) {
        return jdbc.sql("update batch_job set status = ?, done_count = ?, failed_count = ?, error = ?, zip_path = ?, zip_size = ?,"
                + " zip_sha256 = ?, finished_at = ?, heartbeat_at = ? where id = ? and status = 'RUNNING'")
                .params(status.name(), done, failed, error == null ? null : clip(error, 1000), zipPath, zipSize, zipSha256,
                        DbTime.of(now), DbTime.of(now), id)
                .update() == 1;
    }

    /** RUNNING -> QUEUED (this server stops): another runner starts the job again from the beginning. */
    boolean requeue(String id, String runner) {
        boolean requeued = jdbc.sql("update batch_job set status = 'QUEUED', runner = null, started_at = null, heartbeat_at = null,"
                + " done_count = 0, failed_count = 0 where id = ? and status = 'RUNNING' and runner = ?").params(id, runner)
                .update() == 1;
        if (requeued) {
            jdbc.sql("update batch_job_host set error = null where job_id = ?").param(id).update();
        }
        return requeued;
    }

    boolean cancelQueued(String id, Instant now) {
        return jdbc.sql("update batch_job set status = 'CANCELLED', cancel_requested = 1, finished_at = ?"
                + " where id = ? and status = 'QUEUED'").params(DbTime.of(now), id).update() == 1;
    }

    boolean requestCancel(String id) {
        return jdbc.sql("update batch_job set cancel_requested = 1 where id = ? and status = 'RUNNING'").param(id).update() == 1;
    }

    /** Jobs whose runner stopped sending heartbeats (its server died): FAILED. Returns their ids. */
    List<String> failStale(Instant heartbeatBefore, Instant now) {
        List<String> ids = jdbc.sql("select id from batch_job where status = 'RUNNING' and heartbeat_at < ?")
                .param(DbTime.of(heartbeatBefore)).query(String.class).list();
        List<String> failed = new ArrayList<>();
        for (String id : ids) {
            if (jdbc.sql("update batch_job set status = 'FAILED', error = ?, finished_at = ? where id = ? and status = 'RUNNING'"
                    + " and heartbeat_at < ?").params("the server running this job stopped; create the job again", DbTime.of(now), id,
                            DbTime.of(heartbeatBefore)).update() == 1) {
                failed.add(id);
            }
        }
        return failed;
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max - 3) + "..." : s;
    }

    private BatchJob row(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        String zipPath = rs.getString("zip_path");
        long size = rs.getLong("zip_size");
        BatchJob.Zip zip = zipPath == null ? null
                : new BatchJob.Zip(BatchJob.zipFileName(id), size, rs.getString("zip_sha256"), "/api/batches/" + id + "/zip");
        return new BatchJob(id, rs.getString("kind"), BatchStatus.valueOf(rs.getString("status")), rs.getString("description"),
                rs.getString("compression"), rs.getInt("total"), rs.getInt("done_count"), rs.getInt("failed_count"),
                rs.getString("requester"), DbTime.read(rs, "created_at"), DbTime.read(rs, "started_at"),
                DbTime.read(rs, "finished_at"), rs.getInt("cancel_requested") == 1, rs.getString("error"), zip, zipPath);
    }
}
