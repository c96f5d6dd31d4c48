package org.bootwarden.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.BootwardenProperties.GroupMapping;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.DbTime;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Directory groups -> roles: the ones in the settings ({@code bootwarden.auth.role-mappings},
 * read-only) and the ones admins keep in table {@code role_mapping}. A group is named by its DN
 * (compared as a DN: case and spaces around separators do not matter) or by its name (the
 * group-name attribute, case-insensitive). WORKER is never given by a directory.
 */
@Service
class RoleMappings {

    /** Body of create and update. */
    record MappingRequest(String group, List<String> roles, String source) {
    }

    static final String ANY_SOURCE = "*";

    private final JdbcClient jdbc;
    private final AuditService audit;
    private final Clock clock;
    private final List<RoleMapping> configured;
    private final Set<String> directorySources;

    RoleMappings(JdbcClient jdbc, AuditService audit, Clock clock, BootwardenProperties props) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.directorySources = props.auth().sources().stream().filter(s -> s.type() != SourceType.LOCAL)
                .map(BootwardenProperties.Source::name).collect(Collectors.toSet());
        List<RoleMapping> c = new ArrayList<>();
        int n = 0;
        for (GroupMapping m : props.auth().roleMappings()) {
            n++;
            List<FieldProblem> problems = new ArrayList<>();
            MappingRequest r = new MappingRequest(m.group(), m.roles(), m.source());
            Valid v = validate(r, problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("bootwarden.auth.role-mappings[" + (n - 1) + "]: "
                        + problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
            }
            c.add(new RoleMapping("config-" + n, v.group(), v.roles(), v.source(), "configuration", null, null));
        }
        this.configured = List.copyOf(c);
    }

    /** Every mapping: the configured ones first, then the admins' ones by group. */
    List<RoleMapping> list() {
        List<RoleMapping> all = new ArrayList<>(configured);
        all.addAll(jdbc.sql("select id, group_ref, roles, source, created_at, updated_at from role_mapping order by group_key, source")
                .query((rs, i) -> new RoleMapping(rs.getString(1), rs.getString(2), parseRoles(rs.getString(3)), rs.getString(4), "api",
                        DbTime.read(rs, 5), DbTime.read(rs, 6)))
                .list());
        return all;
    }

    RoleMapping get(String id) {
        return list().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no role mapping '" + id + "'"));
    }

    /** The roles a directory user's groups give (empty: the user may not log in). */
    Set<Role> rolesFor(DirectoryIdentity identity) {
        return rolesFor(list(), identity);
    }

    static Set<Role> rolesFor(List<RoleMapping> mappings, DirectoryIdentity identity) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (RoleMapping m : mappings) {
            if (!m.source().equals(ANY_SOURCE) && !m.source().equals(identity.source())) {
                continue;
            }
            String key = key(m.group());
            boolean dn = isDn(m.group());
            for (DirectoryIdentity.DirectoryGroup g : identity.groups()) {
                if (dn ? key.equals(key(g.dn())) : g.name() != null && key.equals(g.name().toLowerCase(Locale.ROOT))) {
                    roles.addAll(m.roles());
                }
            }
        }
        roles.remove(Role.WORKER);
        return roles;
    }

    @Transactional
    RoleMapping create(MappingRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        Valid v = validate(r, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        clash(v, null);
        String id = UUID.randomUUID().toString();
        Long now = DbTime.of(Instant.now(clock));
        try {
            jdbc.sql("insert into role_mapping (id, group_ref, group_key, source, roles, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, v.group(), key(v.group()), v.source(), csv(v.roles()), now, now).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("group", "a mapping of " + v.group() + " for source " + v.source() + " exists already");
        }
        RoleMapping created = get(id);
        audit.record("role-mapping.created", "role-mapping", id, "directory group " + v.group() + " (source " + v.source()
                + ") gives roles " + v.roles(), null, created);
        return created;
    }

    @Transactional
    RoleMapping update(String id, MappingRequest r) {
        RoleMapping before = editable(id);
        List<FieldProblem> problems = new ArrayList<>();
        Valid v = validate(r, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        clash(v, id);
        try {
            jdbc.sql("update role_mapping set group_ref = ?, group_key = ?, source = ?, roles = ?, updated_at = ? where id = ?")
                    .params(v.group(), key(v.group()), v.source(), csv(v.roles()), DbTime.of(Instant.now(clock)), id).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("group", "a mapping of " + v.group() + " for source " + v.source() + " exists already");
        }
        RoleMapping after = get(id);
        audit.record("role-mapping.updated", "role-mapping", id, "directory group " + v.group() + " (source " + v.source()
                + ") now gives roles " + v.roles(), before, after);
        return after;
    }

    @Transactional
    void delete(String id) {
        RoleMapping before = editable(id);
        jdbc.sql("delete from role_mapping where id = ?").param(id).update();
        audit.record("role-mapping.deleted", "role-mapping", id, "directory group " + before.group() + " (source " + before.source()
                + ") no longer gives roles " + before.roles(), before, null);
    }

    private RoleMapping editable(String id) {
        RoleMapping m = get(id);
        if (!"api".equals(m.origin())) {
            throw new ConflictException(null, "role mapping " + id + " comes from the settings (bootwarden.auth.role-mappings);"
                    + " change it there");
        }
        return m;
    }

    private void clash(Valid v, String exceptId) {
        boolean taken = list().stream().anyMatch(m -> !m.id().equals(exceptId) && m.source().equals(v.source())
                && isDn(m.group()) == isDn(v.group()) && key(m.group()).equals(key(v.group())));
        if (taken) {
            throw new ConflictException("group", "a mapping of " + v.group() + " for source " + v.source() + " exists already;"
                    + " change that one");
        }
    }

    private record Valid(String group, List<Role> roles, String source) {
    }

    private Valid validate(MappingRequest r, List<FieldProblem> problems) {
        String group = r == null || r.group() == null ? null : r.group().strip();
        if (group == null || group.isEmpty()) {
            problems.add(new FieldProblem("group", "a group's DN (CN=Ops,OU=Groups,DC=corp,DC=example) or its name (Ops)"));
        } else if (group.length() > 500) {
            problems.add(new FieldProblem("group", "at most 500 characters"));
        } else if (group.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            problems.add(new FieldProblem("group", "no control characters"));
        } else if (isDn(group)) {
            try {
                new LdapName(group);
            } catch (InvalidNameException e) {
                problems.add(new FieldProblem("group", "'" + group + "' is not a valid DN: " + e.getMessage()));
            }
        }
        String source = r == null || r.source() == null || r.source().isBlank() ? ANY_SOURCE : r.source().strip();
        if (!source.equals(ANY_SOURCE) && !directorySources.contains(source)) {
            problems.add(new FieldProblem("source", "'" + source + "' is not a directory login source; one of "
                    + directorySources.stream().sorted().toList() + " or * (every directory source)"));
        }
        List<Role> roles = new ArrayList<>();
        if (r == null || r.roles() == null || r.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", "at least one role"));
        } else {
            for (String s : r.roles()) {
                Role role = Arrays.stream(Role.values()).filter(x -> x.name().equalsIgnoreCase(s == null ? "" : s.strip()))
                        .findFirst().orElse(null);
                if (role == null || role == Role.WORKER) {
                    problems.add(new FieldProblem("roles", "'" + s + "' is not a role a directory group can give; one of " + Role.PEOPLE));
                    break;
                }
                if (!roles.contains(role)) {
                    roles.add(role);
                }
            }
        }
        return new Valid(group, List.copyOf(roles), source);
    }

    static boolean isDn(String group) {
        return group.contains("=");
    }

    /** Normalised form: a DN as lower-case {@code type=value} RDNs joined by commas; a name lower-cased. */
    static String key(String group) {
        if (group == null) {
            return "";
        }
        if (!isDn(group)) {
            return group.strip().toLowerCase(Locale.ROOT);
        }
        try {
            List<Rdn> rdns = new LdapName(group).getRdns();
            StringBuilder b = new StringBuilder();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                b.append(b.isEmpty() ? "" : ",").append(rdns.get(i).toString().toLowerCase(Locale.ROOT));
            }
            return b.toString();
        } catch (InvalidNameException e) {
            return group.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static String csv(List<Role> roles) {
        return roles.stream().map(Role::name).collect(Collectors.joining(","));
    }

    private static List<Role> parseRoles(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .filter(s -> Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(s))).map(Role::valueOf)
                .filter(r -> r != Role.WORKER).toList();
    }
}
