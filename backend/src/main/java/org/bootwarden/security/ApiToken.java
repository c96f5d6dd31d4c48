package org.bootwarden.security;

import java.time.Instant;
import java.util.List;

/**
 * An API token as the API shows it: never its secret or hash (the secret is shown once, in the
 * answer to its creation: {@link ApiTokens.CreatedToken}).
 *
 * @param id             the public part of the token ({@code bw_<id>_<secret>})
 * @param prefix         how the token starts ({@code bw_<id>_}), to recognise it
 * @param roles          the roles it was given
 * @param effectiveRoles what it grants now: {@code roles} that its owner still holds (empty once revoked or expired)
 * @param ownerSource    {@code local} or the directory login source of the owner
 */
record ApiToken(String id, String prefix, String name, String owner, String ownerSource, List<Role> roles, List<Role> effectiveRoles,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt, String lastUsedFrom, Instant revokedAt, String revokedBy,
        Status status) {

    /** ACTIVE: usable (if its owner still holds one of its roles); EXPIRED and REVOKED: refused for good. */
    enum Status { ACTIVE, EXPIRED, REVOKED }
}
