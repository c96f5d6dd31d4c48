package org.bootwarden.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.DbTime;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.ForbiddenException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * API tokens for automation (table {@code api_token}; docs/security.md "API tokens").
 * <ul>
 * <li>A token is {@code bw_<id>_<secret>}: a 16-hex-digit id and 256 random bits (43 letters and
 *     digits, base62: the whole token is one "word" to select and copy). Only
 *     the SHA-256 of the whole token is stored; a request's token is found by its id and checked
 *     with one constant-time hash compare (no password hashing per request).</li>
 * <li>Its roles are a subset of its creator's current roles (never WORKER). At use, it grants
 *     those of its roles its owner still holds: a local owner's row in {@code app_user} (disabled:
 *     nothing), a directory owner's roles as of their last login (the directory cannot be asked
 *     without their password; each login refreshes the cap, a login refused for want of a mapped
 *     group empties it).</li>
 * <li>It expires (by default after {@code bootwarden.api-tokens.default-lifetime}, at most
 *     {@code max-lifetime} after creation), can be revoked by its owner or an admin, records when
 *     and from where it was last used (written at most once a minute per token, not per request),
 *     and never creates a session. A token cannot create tokens.</li>
 * </ul>
 * Creation and revocation are audited ({@code token.created}, {@code token.revoked}); refused uses
 * are logged and counted ({@code bootwarden.api.tokens.refused}).
 */
@Service
class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    static final String PREFIX = "bw_";
    /** How often a token's last use is written at most. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final Pattern FORMAT = Pattern.compile("bw_([0-9a-f]{16})_([A-Za-z0-9]{43})");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 43 base-62 digits: 43 x log2(62) = 256.03 bits. */
    private static final int SECRET_LENGTH = 43;
    private static final int MAX_NAME = 100;
    private static final int MAX_LISTED = 1000;
    private static final String COLUMNS = "select t.id, t.owner, t.owner_source, t.name, t.roles, t.owner_roles, t.secret_hash,"
            + " t.created_at, t.expires_at, t.last_used_at, t.last_used_from, t.revoked_at, t.revoked_by,"
            + " u.roles, u.enabled, u.display_name from api_token t"
            + " left join app_user u on u.username = t.owner and t.owner_source = '" + LoginSources.LOCAL + "'";

    /** Body of create: a name, the roles, and either an expiry time or a lifetime (neither: the default lifetime). */
    record TokenRequest(String name, List<String> roles, Instant expiresAt, Duration lifetime) {
    }

    /** The answer to a creation: the token's fields and, this once, the token itself. */
    record CreatedToken(@JsonUnwrapped ApiToken apiToken, String token) {
    }

    /** Why a token was refused; the message says it in words. */
    enum Refusal { MALFORMED, UNKNOWN, REVOKED, EXPIRED, OWNER_DISABLED, NO_ROLES }

    /** What {@link #authenticate} decided. */
    sealed interface Outcome permits Accepted, Refused {
    }

    record Accepted(ApiTokenAuthentication authentication) implements Outcome {
    }

    record Refused(Refusal reason, String tokenId, String message) implements Outcome {
    }

    /** One row with the owner's current local account (null columns for directory owners or a missing user). */
    private record Row(String id, String owner, String ownerSource, String name, List<Role> roles, List<Role> ownerRoles,
            String secretHash, Instant createdAt, Instant expiresAt, Instant lastUsedAt, String lastUsedFrom, Instant revokedAt,
            String revokedBy, List<Role> localRoles, Boolean localEnabled, String displayName) {

        boolean local() {
            return LoginSources.LOCAL.equals(ownerSource);
        }

        /** Whether the owner may still use anything: a local owner exists and is enabled; a directory owner always. */
        boolean ownerActive() {
            return !local() || Boolean.TRUE.equals(localEnabled);
        }

        /** The owner's roles that cap the token now. */
        Set<Role> cap() {
            Set<Role> cap = EnumSet.noneOf(Role.class);
            if (ownerActive()) {
                cap.addAll(local() ? localRoles : ownerRoles);
            }
            cap.remove(Role.WORKER);
            return cap;
        }
    }

    private final JdbcClient jdbc;
    private final AuditService audit;
    private final Clock clock;
    private final SqlDialect dialect;
    private final BootwardenProperties.ApiTokens settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<Refusal, Counter> refused = new LinkedHashMap<>();

    ApiTokens(JdbcClient jdbc, AuditService audit, Clock clock, SqlDialect dialect, BootwardenProperties props, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.dialect = dialect;
        this.settings = props.apiTokens();
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder("bootwarden.api.tokens.refused").description("Requests refused for their API token")
                    .tag("reason", r.name().toLowerCase().replace('_', '-')).register(metrics));
        }
    }

    // ---- creation, listing, revocation (the API) ------------------------------------------------

    @Transactional
    CreatedToken create(TokenRequest r) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof ApiTokenAuthentication) {
            throw new ForbiddenException("an API token cannot create API tokens: log in (console or HTTP Basic) to create one");
        }
        if (caller == null || !(caller.getPrincipal() instanceof LoginPrincipal owner)) {
            throw new ForbiddenException("only a logged-in user can create API tokens");
        }
        Set<Role> held = heldRoles(caller, owner);
        Instant now = Instant.now(clock);
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(r == null ? null : r.name(), problems);
        List<Role> roles = roles(r == null ? null : r.roles(), held, problems);
        Instant expiresAt = expiry(r, now, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String id;
        String token;
        for (int attempt = 1;; attempt++) {
            id = HexFormat.of().formatHex(randomBytes(8));
            token = PREFIX + id + "_" + secret();
            try {
                jdbc.sql("insert into api_token (id, owner, owner_source, name, roles, owner_roles, secret_hash, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(id, owner.username(), owner.source(), name, csv(roles), csv(held), sha256(token), DbTime.of(now),
                                DbTime.of(expiresAt))
                        .update();
                break;
            } catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        ApiToken created = view(find(id));
        audit.record("token.created", "api-token", id, "API token " + created.prefix() + " \"" + name + "\" of " + owner.username()
                + " created with roles " + roles + ", expires " + expiresAt, null, created);
        return new CreatedToken(created, token);
    }

    /** The caller's tokens, newest first; with {@code all}, every user's (ADMIN only). */
    List<ApiToken> list(boolean all) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (all) {
            if (!hasRole(caller, Role.ADMIN)) {
                throw new ForbiddenException("only admins may list every user's API tokens (all=true)");
            }
            return jdbc.sql(COLUMNS + " order by t.created_at desc, t.id" + dialect.page(0, MAX_LISTED)).query(ApiTokens::row).list()
                    .stream().map(this::view).toList();
        }
        LoginPrincipal me = principal(caller);
        return jdbc.sql(COLUMNS + " where t.owner = ? and t.owner_source = ? order by t.created_at desc, t.id" + dialect.page(0, MAX_LISTED))
                .params(me.username(), me.source()).query(ApiTokens::row).list().stream().map(this::view).toList();
    }

    /** Revokes a token of the caller's, or anyone's for an admin; revoking a revoked token changes nothing. */
    @Transactional
    void revoke(String id) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        LoginPrincipal me = principal(caller);
        Row row = find(id);
        boolean mine = row != null && row.owner().equals(me.username()) && row.ownerSource().equals(me.source());
        if (row == null || !mine && !hasRole(caller, Role.ADMIN)) {
            throw new NotFoundException("no API token '" + id + "' of yours");
        }
        if (row.revokedAt() != null) {
            return;
        }
        ApiToken before = view(row);
        jdbc.sql("update api_token set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(DbTime.of(Instant.now(clock)), me.username(), id).update();
        ApiToken after = view(find(id));
        audit.record("token.revoked", "api-token", id, "API token " + before.prefix() + " \"" + before.name() + "\" of " + row.owner()
                + " revoked" + (mine ? "" : " by " + me.username()), before, after);
    }

    // ---- use ------------------------------------------------------------------------------------

    /**
     * Checks a presented token and, if it is good, the authentication a request acts with; notes
     * its use (at most once a minute). Refusals are logged and counted here.
     */
    Outcome authenticate(String presented, String address) {
        Outcome outcome = check(presented, address);
        if (outcome instanceof Refused r) {
            refused.get(r.reason()).increment();
            log.warn("API token refused ({}) from {}: {}", r.reason(), address, r.message());
        }
        return outcome;
    }

    private Outcome check(String presented, String address) {
        Matcher m = FORMAT.matcher(presented == null ? "" : presented.strip());
        if (!m.matches()) {
            return new Refused(Refusal.MALFORMED, null, "not a Bootwarden API token: send 'Authorization: Bearer bw_<id>_<secret>'");
        }
        String id = m.group(1);
        Row row = find(id);
        byte[] expected = row == null ? new byte[32] : HexFormat.of().parseHex(row.secretHash());
        if (!MessageDigest.isEqual(expected, sha256Bytes(m.group()))) {
            return new Refused(Refusal.UNKNOWN, id, "unknown API token " + PREFIX + id + "_…: it was never issued or is mistyped");
        }
        Instant now = Instant.now(clock);
        if (row.revokedAt() != null) {
            return new Refused(Refusal.REVOKED, id, "API token " + PREFIX + id + "_… was revoked at " + row.revokedAt());
        }
        if (!now.isBefore(row.expiresAt())) {
            return new Refused(Refusal.EXPIRED, id, "API token " + PREFIX + id + "_… expired at " + row.expiresAt()
                    + "; create a new one");
        }
        if (!row.ownerActive()) {
            return new Refused(Refusal.OWNER_DISABLED, id, "the owner of API token " + PREFIX + id + "_… (" + row.owner()
                    + ") is disabled or no longer exists");
        }
        List<Role> effective = effective(row);
        if (effective.isEmpty()) {
            return new Refused(Refusal.NO_ROLES, id, "the owner of API token " + PREFIX + id + "_… (" + row.owner()
                    + ") no longer holds any of its roles " + row.roles());
        }
        if (row.lastUsedAt() == null || !row.lastUsedAt().isAfter(now.minus(LAST_USED_RESOLUTION))) {
            // one write a minute per token at most; the condition keeps replicas from writing it twice
            jdbc.sql("update api_token set last_used_at = ?, last_used_from = ? where id = ? and (last_used_at is null or last_used_at <= ?)")
                    .params(DbTime.of(now), address == null || address.length() <= 64 ? address : address.substring(0, 64), id,
                            DbTime.of(now.minus(LAST_USED_RESOLUTION)))
                    .update();
        }
        List<GrantedAuthority> authorities = effective.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        String displayName = row.displayName() == null ? row.owner() : row.displayName();
        return new Accepted(new ApiTokenAuthentication(new LoginPrincipal(row.owner(), row.ownerSource(), displayName), id, authorities));
    }

    /**
     * A directory user logged in with these roles (none: refused for want of a mapped group): their
     * tokens are capped by them from now on.
     */
    void directoryLogin(String username, String source, Set<Role> roles) {
        String cap = csv(roles);
        int changed = jdbc.sql("update api_token set owner_roles = ? where owner = ? and owner_source = ? and revoked_at is null"
                + " and owner_roles <> ?").params(cap, username, source, cap).update();
        if (changed > 0) {
            log.info("API tokens of directory user {} ({}): {} now capped by roles {}", username, source, changed, roles);
        }
    }

    // ---- validation -----------------------------------------------------------------------------

    /** The roles the caller holds now: a session's or Basic login's roles, for a local user also still in app_user. */
    private Set<Role> heldRoles(Authentication caller, LoginPrincipal owner) {
        Set<Role> held = rolesOf(caller.getAuthorities());
        if (LoginSources.LOCAL.equals(owner.source())) {
            List<Role> current = jdbc.sql("select roles, enabled from app_user where username = ?").param(owner.username())
                    .query((rs, n) -> rs.getInt(2) == 1 ? parseRoles(rs.getString(1)) : List.<Role>of()).optional().orElse(List.of());
            held.retainAll(current);
        }
        held.remove(Role.WORKER);
        return held;
    }

    private static String name(String value, List<FieldProblem> problems) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("name", "a name that says what the token is for, e.g. \"nightly inventory sync\""));
        } else if (name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "at most " + MAX_NAME + " characters"));
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(new FieldProblem("name", "no control characters"));
        }
        return name;
    }

    private static List<Role> roles(List<String> values, Set<Role> held, List<FieldProblem> problems) {
        if (values == null || values.isEmpty()) {
            problems.add(new FieldProblem("roles", "at least one of your roles " + sorted(held)));
            return List.of();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String v : values) {
            String s = v == null ? "" : v.strip().toUpperCase();
            Role role = Arrays.stream(Role.values()).filter(x -> x.name().equals(s)).findFirst().orElse(null);
            if (role == null) {
                problems.add(new FieldProblem("roles", "unknown role '" + v + "'; one of " + Role.PEOPLE));
                return List.of();
            }
            if (role == Role.WORKER) {
                problems.add(new FieldProblem("roles", "WORKER cannot be given to an API token: ISO workers log in with their service account"));
                return List.of();
            }
            if (!held.contains(role)) {
                problems.add(new FieldProblem("roles", "you do not hold the role " + role + "; your roles: " + sorted(held)));
                return List.of();
            }
            roles.add(role);
        }
        return List.copyOf(roles);
    }

    private Instant expiry(TokenRequest r, Instant now, List<FieldProblem> problems) {
        Duration max = settings.maxLifetime();
        if (r != null && r.expiresAt() != null && r.lifetime() != null) {
            problems.add(new FieldProblem("expiresAt", "give either expiresAt or lifetime, not both"));
            return null;
        }
        if (r != null && r.lifetime() != null) {
            if (r.lifetime().isNegative() || r.lifetime().isZero()) {
                problems.add(new FieldProblem("lifetime", "must be positive, e.g. P30D"));
            } else if (r.lifetime().compareTo(max) > 0) {
                problems.add(new FieldProblem("lifetime", "at most " + words(max)));
            }
            return now.plus(r.lifetime());
        }
        if (r != null && r.expiresAt() != null) {
            if (!r.expiresAt().isAfter(now)) {
                problems.add(new FieldProblem("expiresAt", "must be in the future (it is " + now + " now)"));
            } else if (r.expiresAt().isAfter(now.plus(max))) {
                problems.add(new FieldProblem("expiresAt", "at most " + words(max) + " from now (no later than " + now.plus(max) + ")"));
            }
            return r.expiresAt();
        }
        return now.plus(settings.defaultLifetime());
    }

    /** {@code 365 days}, {@code 12 hours}, {@code 90 minutes}. */
    static String words(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }

    // ---- rows -----------------------------------------------------------------------------------

    private Row find(String id) {
        return jdbc.sql(COLUMNS + " where t.id = ?").param(id).query(ApiTokens::row).optional().orElse(null);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        String localRoles = rs.getString(14);
        int enabled = rs.getInt(15);
        Boolean localEnabled = rs.wasNull() ? null : enabled == 1;
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), parseRoles(rs.getString(5)),
                parseRoles(rs.getString(6)), rs.getString(7), DbTime.read(rs, 8), DbTime.read(rs, 9), DbTime.read(rs, 10),
                rs.getString(11), DbTime.read(rs, 12), rs.getString(13), localRoles == null ? List.of() : parseRoles(localRoles),
                localEnabled, rs.getString(16));
    }

    private ApiToken view(Row row) {
        Instant now = Instant.now(clock);
        ApiToken.Status status = row.revokedAt() != null ? ApiToken.Status.REVOKED
                : now.isBefore(row.expiresAt()) ? ApiToken.Status.ACTIVE : ApiToken.Status.EXPIRED;
        return new ApiToken(row.id(), PREFIX + row.id() + "_", row.name(), row.owner(), row.ownerSource(), row.roles(),
                status == ApiToken.Status.ACTIVE ? effective(row) : List.of(), row.createdAt(), row.expiresAt(), row.lastUsedAt(),
                row.lastUsedFrom(), row.revokedAt(), row.revokedBy(), status);
    }

    private static List<Role> effective(Row row) {
        Set<Role> cap = row.cap();
        return row.roles().stream().filter(cap::contains).toList();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static LoginPrincipal principal(Authentication caller) {
        if (caller != null && caller.getPrincipal() instanceof LoginPrincipal p) {
            return p;
        }
        throw new ForbiddenException("only a logged-in user has API tokens");
    }

    private static boolean hasRole(Authentication caller, Role role) {
        return caller != null && caller.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role.name()).equals(a.getAuthority()));
    }

    private static Set<Role> rolesOf(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : authorities) {
            String s = a.getAuthority();
            if (s != null && s.startsWith("ROLE_")) {
                Arrays.stream(Role.values()).filter(r -> r.name().equals(s.substring(5))).forEach(roles::add);
            }
        }
        return roles;
    }

    private static List<Role> parseRoles(String csv) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String s : csv == null ? new String[0] : csv.split(",")) {
            Arrays.stream(Role.values()).filter(r -> r.name().equals(s.strip())).forEach(roles::add);
        }
        return List.copyOf(roles);
    }

    private static List<Role> sorted(Set<Role> roles) {
        return roles.stream().sorted().toList();
    }

    /** Roles in their declared order, comma-separated (so equal sets give equal strings). */
    private static String csv(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    /** Uniformly random base-62 digits (SecureRandom.nextInt has no modulo bias). */
    private String secret() {
        StringBuilder s = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            s.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return s.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String sha256(String token) {
        return HexFormat.of().formatHex(sha256Bytes(token));
    }

    private static byte[] sha256Bytes(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
