package org.bootwarden.inventory;

import java.time.Instant;
import java.util.Optional;

import org.bootwarden.system.DbTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code inventory_feed} table: when each feed runs next, who runs it now (a lease taken with a
 * conditional update, so that one replica at a time runs a feed), and how its last run ended.
 * Every method is one statement outside any caller's transaction.
 */
@Repository
class FeedStore {

    /** How a run ended. */
    enum Outcome { OK, REJECTED, FAILED }

    /** A feed's row. */
    record State(String name, Instant nextRunAt, String leaseOwner, Instant leaseUntil, Instant leaseSince, String leaseTrigger,
            Instant lastStartedAt,
            Instant lastFinishedAt, String lastTrigger, Outcome lastOutcome, ImportResult.Summary lastSummary, String lastError,
            String lastRowErrors) {
    }

    private final JdbcClient jdbc;

    FeedStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the feed's row when it has none (a new feed is due at once); another replica may add it first. */
    void ensure(String name, Instant now) {
        if (find(name).isPresent()) {
            return;
        }
        try {
            jdbc.sql("insert into inventory_feed (name, next_run_at) values (?, ?)").params(name, DbTime.of(now)).update();
        } catch (DuplicateKeyException addedByAnotherReplica) {
            // the row exists: that is all this method promises
        }
    }

    Optional<State> find(String name) {
        return jdbc.sql("select name, next_run_at, lease_owner, lease_until, lease_since, lease_trigger, last_started_at,"
                + " last_finished_at, last_trigger, last_outcome, last_created, last_updated, last_unchanged, last_skipped, last_errors,"
                + " last_error, last_row_errors from inventory_feed where name = ?").param(name)
                .query((rs, n) -> new State(rs.getString(1), DbTime.read(rs, 2), rs.getString(3), DbTime.read(rs, 4),
                        DbTime.read(rs, 5), rs.getString(6), DbTime.read(rs, 7), DbTime.read(rs, 8), rs.getString(9),
                        rs.getString(10) == null ? null : Outcome.valueOf(rs.getString(10)),
                        rs.getObject(11) == null ? null : new ImportResult.Summary(rs.getInt(11), rs.getInt(12), rs.getInt(13),
                                rs.getInt(14), rs.getInt(15)),
                        rs.getString(16), rs.getString(17)))
                .optional();
    }

    /**
     * Takes the feed's lease until {@code until} when nobody holds it (or the holder's lease ran
     * out) and, unless {@code evenIfNotDue}, the feed is due; false when another run has it or it
     * is not due. The one conditional update decides between replicas.
     */
    boolean claim(String name, String owner, String trigger, Instant now, Instant until, boolean evenIfNotDue) {
        return jdbc.sql("update inventory_feed set lease_owner = ?, lease_until = ?, lease_since = ?, lease_trigger = ?"
                + " where name = ? and (lease_until is null or lease_until < ?)" + (evenIfNotDue ? "" : " and next_run_at <= ?"))
                .params(evenIfNotDue ? new Object[] {owner, DbTime.of(until), DbTime.of(now), trigger, name, DbTime.of(now)}
                        : new Object[] {owner, DbTime.of(until), DbTime.of(now), trigger, name, DbTime.of(now), DbTime.of(now)})
                .update() == 1;
    }

    /** Records the run's end and gives the lease back; false when this owner no longer held it (it ran out). */
    boolean finish(String name, String owner, Instant now, Instant nextRunAt, Outcome outcome, ImportResult.Summary summary,
            String error, String rowErrors) {
        // the last_* columns first: MySQL evaluates the assignments left to right, with the values already assigned
        return jdbc.sql("update inventory_feed set last_started_at = lease_since, last_trigger = lease_trigger, last_finished_at = ?,"
                + " next_run_at = ?, last_outcome = ?, last_created = ?, last_updated = ?, last_unchanged = ?, last_skipped = ?, last_errors = ?,"
                + " last_error = ?, last_row_errors = ?, lease_owner = null, lease_until = null, lease_since = null, lease_trigger = null"
                + " where name = ? and lease_owner = ?")
                .params(DbTime.of(now), DbTime.of(nextRunAt), outcome.name(),
                        summary == null ? null : summary.create(), summary == null ? null : summary.update(),
                        summary == null ? null : summary.unchanged(), summary == null ? null : summary.skipped(),
                        summary == null ? null : summary.error(), error == null || error.length() <= 2000 ? error : error.substring(0, 1997) + "...",
                        rowErrors, name, owner)
                .update() == 1;
    }

    /** Gives the lease back without recording a run (the run never started). */
    void release(String name, String owner) {
        jdbc.sql("update inventory_feed set lease_owner = null, lease_until = null, lease_since = null, lease_trigger = null"
                + " where name = ? and lease_owner = ?").params(name, owner).update();
    }
}
