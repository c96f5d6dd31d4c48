package org.bootwarden.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** The user name or the source address is locked after too many failed logins: 429 with Retry-After. */
public class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super(LoginRefusal.THROTTLED.message() + " (" + Math.max(1, retryAfter.toSeconds()) + " s)");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        long s = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
