package org.bootwarden.security;

import java.time.Instant;
import java.util.List;

/** A local user as the users API shows it (never the password hash). */
record LocalUser(String username, String displayName, List<Role> roles, boolean enabled, Instant createdAt, Instant updatedAt) {
}
