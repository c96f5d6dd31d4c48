package org.bootwarden.isoworker.custom;

import org.bootwarden.isoworker.IsoBuildException;

/** A custom iPXE build failed: the source tree is unusable, {@code make} failed or timed out, or file I/O failed. */
public class CustomBuildException extends IsoBuildException {

    public CustomBuildException(String message) {
        super(message);
    }

    public CustomBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
