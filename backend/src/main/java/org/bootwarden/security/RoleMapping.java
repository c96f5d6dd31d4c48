package org.bootwarden.security;

import java.time.Instant;
import java.util.List;

/**
 * A directory group that gives roles. {@code group} is a DN or a group name; {@code source} the
 * directory source it applies to ({@code *}: every directory source). {@code origin} is
 * {@code configuration} (read-only here, change the settings) or {@code api} (kept by admins).
 */
record RoleMapping(String id, String group, List<Role> roles, String source, String origin, Instant createdAt, Instant updatedAt) {
}
