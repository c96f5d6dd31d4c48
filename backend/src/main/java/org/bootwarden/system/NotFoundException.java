package org.bootwarden.system;

/** 404 with a message naming what was not found. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
