package org.bootwarden.system;

/** The caller's roles allow the endpoint, but a business rule forbids this call (e.g. approving one's own ticket): 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
