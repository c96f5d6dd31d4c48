package org.bootwarden.templates;

/** A value cannot be placed safely into a rendered script or answer file. */
public class UnsafeValueException extends RuntimeException {

    public UnsafeValueException(String message) {
        super(message);
    }
}
