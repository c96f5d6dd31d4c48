package org.bootwarden.worker;

import org.bootwarden.boot.BootTokens;
import org.springframework.stereotype.Component;

/**
 * The two ISO-worker service accounts (role WORKER only): {@code iso-worker} for separate workers
 * ({@code BOOTWARDEN_WORKER_PASSWORD}), and {@code iso-worker-embedded} for the worker this
 * server runs itself, whose password is derived from the token secret: every replica sharing the
 * database and the secret derives the same one, and it is stored nowhere but as a hash.
 */
@Component
public class WorkerCredentials {

    public static final String SEPARATE_USER = "iso-worker";
    public static final String EMBEDDED_USER = "iso-worker-embedded";

    private final BootTokens tokens;

    WorkerCredentials(BootTokens tokens) {
        this.tokens = tokens;
    }

    public String embeddedPassword() {
        return tokens.derivedSecret("service-account:" + EMBEDDED_USER);
    }
}
