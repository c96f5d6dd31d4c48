package org.bootwarden.system;

/** 409: the request clashes with the current state (a unique value taken, a stale version, a state that forbids it). */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that clashes, or null when the whole resource does. */
    public String field() {
        return field;
    }
}
