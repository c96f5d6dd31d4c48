package org.bootwarden.isoworker;

/** Building a boot ISO failed: tools missing, a command failed or timed out, or file I/O failed. */
public class IsoBuildException extends RuntimeException {

    public IsoBuildException(String message) {
        super(message);
    }

    public IsoBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
