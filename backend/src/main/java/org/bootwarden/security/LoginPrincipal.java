package org.bootwarden.security;

import java.io.Serializable;

import org.springframework.security.core.AuthenticatedPrincipal;

/** Who logged in, and through which source ({@code local} or a directory's name). */
record LoginPrincipal(String username, String source, String displayName) implements AuthenticatedPrincipal, Serializable {

    @Override
    public String getName() {
        return username;
    }

    @Override
    public String toString() {
        return username;
    }
}
