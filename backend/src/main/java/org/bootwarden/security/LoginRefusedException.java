package org.bootwarden.security;

import org.springframework.security.core.AuthenticationException;

/** A refused login with its reason; {@code detail} (directory code and message) goes to the audit log only. */
class LoginRefusedException extends AuthenticationException {

    private final LoginRefusal reason;
    private final String source;
    private final String detail;

    LoginRefusedException(LoginRefusal reason, String source, String detail) {
        super(reason.message());
        this.reason = reason;
        this.source = source;
        this.detail = detail;
    }

    LoginRefusal reason() {
        return reason;
    }

    String source() {
        return source;
    }

    String detail() {
        return detail;
    }
}
