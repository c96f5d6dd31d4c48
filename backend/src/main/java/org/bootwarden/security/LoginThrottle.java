package org.bootwarden.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.DbTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed-login limits per user name and per source address, kept in table {@code login_throttle}
 * so that every replica sees the same counts: {@code userFailures} (or {@code addressFailures})
 * failed logins within {@code window} lock the name (or address) for {@code lockout}; while
 * locked, every login with that name or from that address is refused before any password is
 * checked (429 with Retry-After). The lock is audited once, as {@code user.login-throttled}.
 * Counting uses single-row conditional updates, so concurrent failures on several replicas are
 * all counted.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final String USER = "user";
    static final String ADDRESS = "address";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditService audit;
    private final BootwardenProperties.Throttle settings;

    LoginThrottle(JdbcClient jdbc, Clock clock, AuditService audit, BootwardenProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.settings = props.auth().throttle();
    }

    /** The key a user name is counted under: lower case, without {@code DOMAIN\} or {@code @realm}. */
    static String userKey(String username) {
        String u = username.strip().toLowerCase(Locale.ROOT);
        int backslash = u.lastIndexOf('\\');
        if (backslash >= 0) {
            u = u.substring(backslash + 1);
        }
        int at = u.indexOf('@');
        if (at > 0) {
            u = u.substring(0, at);
        }
        return u.length() > 200 ? u.substring(0, 200) : u;
    }

    /**
     * Refuses the attempt while the user name or the address is locked.
     *
     * @return whether the user name has failures on record (a success then clears them)
     */
    boolean check(String username, String address) {
        long now = DbTime.of(Instant.now(clock));
        long lockedUntil = 0;
        boolean userRow = false;
        for (var row : jdbc.sql("select subject_kind, locked_until from login_throttle where (subject_kind = ? and subject = ?)"
                + " or (subject_kind = ? and subject = ?)").params(USER, userKey(username), ADDRESS, addressKey(address))
                .query((rs, n) -> new Object[] {rs.getString(1), DbTime.read(rs, 2)}).list()) {
            userRow |= USER.equals(row[0]);
            if (row[1] != null) {
                lockedUntil = Math.max(lockedUntil, DbTime.of((Instant) row[1]));
            }
        }
        if (lockedUntil > now) {
            throw new LoginThrottledException(Duration.ofNanos((lockedUntil - now) * 1000));
        }
        return userRow;
    }

    /** Counts a failed login (wrong password or unknown user) against the name and the address. */
    void failed(String username, String address) {
        count(USER, userKey(username), settings.userFailures(), username, address);
        count(ADDRESS, addressKey(address), settings.addressFailures(), username, address);
    }

    /** A successful login clears the user name's failures (not the address's). */
    void succeeded(String username) {
        jdbc.sql("delete from login_throttle where subject_kind = ? and subject = ? and (locked_until is null or locked_until <= ?)")
                .params(USER, userKey(username), DbTime.of(Instant.now(clock))).update();
    }

    private void count(String kind, String subject, int limit, String username, String address) {
        Instant nowInstant = Instant.now(clock);
        long now = DbTime.of(nowInstant);
        long windowStart = now - settings.window().toNanos() / 1000;
        // a failure after the window (and after any lock) starts a new count
        int n = jdbc.sql("update login_throttle set window_start = ?, failures = 1, locked_until = null where subject_kind = ?"
                + " and subject = ? and window_start < ? and (locked_until is null or locked_until <= ?)")
                .params(now, kind, subject, windowStart, now).update();
        if (n == 0) {
            n = jdbc.sql("update login_throttle set failures = failures + 1 where subject_kind = ? and subject = ?")
                    .params(kind, subject).update();
        }
        if (n == 0) {
            try {
                jdbc.sql("insert into login_throttle (subject_kind, subject, window_start, failures, locked_until) values (?, ?, ?, 1, null)")
                        .params(kind, subject, now).update();
            } catch (DuplicateKeyException raced) {
                jdbc.sql("update login_throttle set failures = failures + 1 where subject_kind = ? and subject = ?")
                        .params(kind, subject).update();
            }
        }
        Instant until = nowInstant.plus(settings.lockout());
        int locked = jdbc.sql("update login_throttle set locked_until = ? where subject_kind = ? and subject = ? and failures >= ?"
                + " and (locked_until is null or locked_until <= ?)")
                .params(DbTime.of(until), kind, subject, limit, now).update();
        if (locked == 1) {
            String what = USER.equals(kind) ? "user name " + subject : "source address " + subject;
            log.warn("Login throttled: {} locked until {} after {} failed logins within {}", what, until, limit, settings.window());
            audit.recordAs(username.length() > 64 ? username.substring(0, 64) : username, address, "user.login-throttled",
                    USER.equals(kind) ? "user" : "address", subject, limit + " failed logins of " + what + " within "
                            + settings.window() + ": logins refused until " + until,
                    null, Map.of("subject", subject, "kind", kind, "lockedUntil", until.toString(), "failures", limit));
        }
    }

    private static String addressKey(String address) {
        String a = address == null || address.isBlank() ? "unknown" : address.strip();
        return a.length() > 200 ? a.substring(0, 200) : a;
    }
}
