package org.bootwarden.security;

import org.bootwarden.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Local users (table {@code app_user}): bcrypt password hashes and a role list. */
@Component
class LocalUsers implements UserDetailsService {

    private final JdbcClient jdbc;
    private final Clock clock;

    LocalUsers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash, roles, enabled from app_user where username = ?").param(username)
                .query((rs, n) -> User.withUsername(rs.getString(1)).password(rs.getString(2))
                        .authorities(Arrays.stream(rs.getString(3).split(",")).filter(s -> !s.isBlank())
                                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.trim())).toList())
                        .disabled(rs.getInt(4) != 1).build())
                .optional().orElseThrow(() -> new UsernameNotFoundException("no local user " + username));
    }

    Optional<String> passwordHash(String username) {
        return jdbc.sql("select password_hash from app_user where username = ?").param(username).query(String.class).optional();
    }

    void create(String username, String passwordHash, String displayName, List<Role> roles) {
        Long now = DbTime.of(Instant.now(clock));
        jdbc.sql("insert into app_user (username, password_hash, display_name, roles, enabled, created_at, updated_at)"
                + " values (?, ?, ?, ?, 1, ?, ?)")
                .params(username, passwordHash, displayName, String.join(",", roles.stream().map(Role::name).toList()), now, now)
                .update();
    }

    private static final String USER_COLUMNS = "select username, display_name, roles, enabled, created_at, updated_at from app_user";

    List<LocalUser> list() {
        return jdbc.sql(USER_COLUMNS + " order by username").query(LocalUsers::user).list();
    }

    /** One user by primary key (not a scan of every user). */
    Optional<LocalUser> find(String username) {
        return jdbc.sql(USER_COLUMNS + " where username = ?").param(username).query(LocalUsers::user).optional();
    }

    private static LocalUser user(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new LocalUser(rs.getString(1), rs.getString(2), parseRoles(rs.getString(3)), rs.getInt(4) == 1,
                DbTime.read(rs, 5), DbTime.read(rs, 6));
    }

    void update(String username, String displayName, List<Role> roles, boolean enabled) {
        jdbc.sql("update app_user set display_name = ?, roles = ?, enabled = ?, updated_at = ? where username = ?")
                .params(displayName, String.join(",", roles.stream().map(Role::name).toList()), enabled ? 1 : 0,
                        DbTime.of(Instant.now(clock)), username)
                .update();
    }

    private static List<Role> parseRoles(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isBlank())
                .filter(s -> Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(s))).map(Role::valueOf).toList();
    }

    /** The user's roles as stored (empty if the user does not exist). */
    List<String> roles(String username) {
        return jdbc.sql("select roles from app_user where username = ?").param(username).query(String.class).optional()
                .map(r -> Arrays.stream(r.split(",")).map(String::trim).filter(s -> !s.isBlank()).toList()).orElse(List.of());
    }

    void setRoles(String username, List<Role> roles) {
        jdbc.sql("update app_user set roles = ?, updated_at = ? where username = ?")
                .params(String.join(",", roles.stream().map(Role::name).toList()), DbTime.of(Instant.now(clock)), username)
                .update();
    }

    /** Whether the user exists and may log in. */
    boolean enabled(String username) {
        return jdbc.sql("select enabled from app_user where username = ?").param(username).query(Integer.class).optional()
                .map(e -> e == 1).orElse(false);
    }

    void setEnabled(String username, boolean enabled) {
        jdbc.sql("update app_user set enabled = ?, updated_at = ? where username = ?")
                .params(enabled ? 1 : 0, DbTime.of(Instant.now(clock)), username).update();
    }

    void setPassword(String username, String passwordHash) {
        jdbc.sql("update app_user set password_hash = ?, updated_at = ? where username = ?")
                .params(passwordHash, DbTime.of(Instant.now(clock)), username).update();
    }
}
