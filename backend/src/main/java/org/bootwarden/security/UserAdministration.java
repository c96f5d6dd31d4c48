package org.bootwarden.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Local users, kept by admins: create, change roles, disable, set a password. An admin can
 * neither disable themself nor take away their own ADMIN role (no lock-out by accident).
 * WORKER is for ISO-worker service accounts and is never mixed with a person's roles.
 */
@Service
class UserAdministration {

    /** Body of create and update; {@code password} only on create. */
    record UserRequest(String username, String displayName, String password, List<String> roles, Boolean enabled) {
    }

    static final int MIN_PASSWORD = 12;

    private final LocalUsers users;
    private final PasswordEncoder encoder;
    private final AuditService audit;

    UserAdministration(LocalUsers users, PasswordEncoder encoder, AuditService audit) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    List<LocalUser> list() {
        return users.list();
    }

    LocalUser get(String username) {
        return users.find(username).orElseThrow(() -> new NotFoundException("no local user '" + username + "'"));
    }

    @Transactional
    LocalUser create(UserRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        String username = r == null ? null : r.username();
        if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            problems.add(new FieldProblem("username", "1-64 characters: lower-case letters, digits, '.', '_', '-'"));
        }
        String displayName = displayName(r == null ? null : r.displayName(), username, problems);
        password(r == null ? null : r.password(), problems);
        List<Role> roles = roles(r == null ? null : r.roles(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (users.passwordHash(username).isPresent()) {
            throw new ConflictException("username", "user " + username + " exists already");
        }
        users.create(username, encoder.encode(r.password()), displayName, roles);
        LocalUser created = get(username);
        audit.record("user.created", "user", username, "local user " + username + " created with roles " + roles, null, created);
        return created;
    }

    @Transactional
    LocalUser update(String username, UserRequest r) {
        LocalUser before = get(username);
        List<FieldProblem> problems = new ArrayList<>();
        String displayName = displayName(r == null ? null : r.displayName(), username, problems);
        List<Role> roles = roles(r == null ? null : r.roles(), problems);
        boolean enabled = r == null || r.enabled() == null || r.enabled();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (username.equals(AuditService.currentActor()) && (!enabled || !roles.contains(Role.ADMIN))) {
            throw new ConflictException(enabled ? "roles" : "enabled", "you cannot disable yourself or remove your own ADMIN role;"
                    + " ask another admin");
        }
        users.update(username, displayName, roles, enabled);
        LocalUser after = get(username);
        audit.record("user.updated", "user", username, "local user " + username + " changed: roles " + roles
                + (enabled ? "" : ", disabled"), before, after);
        return after;
    }

    @Transactional
    void setPassword(String username, String password) {
        get(username);
        List<FieldProblem> problems = new ArrayList<>();
        password(password, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        users.setPassword(username, encoder.encode(password));
        audit.record("user.password-reset", "user", username, "password of local user " + username + " set by an admin", null,
                Map.of("username", username));
    }

    private static String displayName(String value, String fallback, List<FieldProblem> problems) {
        String d = value == null || value.isBlank() ? fallback : value.strip();
        if (d != null && d.length() > 200) {
            problems.add(new FieldProblem("displayName", "at most 200 characters"));
        }
        return d;
    }

    private static void password(String value, List<FieldProblem> problems) {
        if (value == null || value.length() < MIN_PASSWORD) {
            problems.add(new FieldProblem("password", "at least " + MIN_PASSWORD + " characters"));
        } else if (value.length() > 200) {
            problems.add(new FieldProblem("password", "at most 200 characters"));
        }
    }

    private static List<Role> roles(List<String> values, List<FieldProblem> problems) {
        if (values == null || values.isEmpty()) {
            problems.add(new FieldProblem("roles", "at least one role"));
            return List.of();
        }
        LinkedHashSet<Role> roles = new LinkedHashSet<>();
        for (String v : values) {
            try {
                roles.add(Role.valueOf(v == null ? "" : v.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("roles", "unknown role '" + v + "'; one of " + List.of(Role.values())));
                return List.of();
            }
        }
        if (roles.contains(Role.WORKER) && roles.size() > 1) {
            problems.add(new FieldProblem("roles", "WORKER is for ISO-worker service accounts and cannot be combined with other roles"));
        }
        return List.copyOf(roles);
    }
}
