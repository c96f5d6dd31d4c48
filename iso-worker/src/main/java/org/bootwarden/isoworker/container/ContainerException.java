package org.bootwarden.isoworker.container;

import org.bootwarden.isoworker.IsoBuildException;

/** The container engine failed, a container exceeded its time limit, or an expected output is missing. */
public class ContainerException extends IsoBuildException {

    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
