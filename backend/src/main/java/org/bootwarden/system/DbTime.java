package org.bootwarden.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Bootwarden's own tables store instants as {@code bigint} microseconds since the epoch (UTC):
 * the same type, precision and ordering on H2, MySQL/MariaDB (whatever the driver believes about
 * fractional seconds), PostgreSQL and SQL Server (whose {@code timestamp} is not a time at all),
 * and no time-zone conversion anywhere.
 */
public final class DbTime {

    private DbTime() {
    }

    /** The column value for an instant; null stays null. */
    public static Long of(Instant instant) {
        return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** The instant in a column; SQL NULL gives null. */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : toInstant(v);
    }

    public static Instant read(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : toInstant(v);
    }

    public static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
