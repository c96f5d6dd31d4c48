package org.bootwarden.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.BootwardenProperties.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every password check (console login, HTTP Basic on the API and on {@code /engine-rest}) goes
 * through here: the throttle first, then the login sources in their configured order.
 * <ul>
 * <li>{@code local}: a user name that exists in {@code app_user} is decided here, right or wrong
 *     (a directory account of the same name never takes over a local one);</li>
 * <li>a directory: unknown user or wrong password -> the next source; the account may not log
 *     in (disabled, locked, expired...) -> refused with that reason; unreachable -> logged, the
 *     next source; the user's groups must map to at least one role, else refused.</li>
 * </ul>
 * Failures are audited ({@code user.login-failed}, with the reason and the directory's detail)
 * and counted by the throttle when they are wrong passwords or unknown names.
 */
@Component
class LoginSources implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(LoginSources.class);
    static final String LOCAL = "local";

    private final List<Object> sources = new ArrayList<>();
    private final LocalUsers localUsers;
    private final PasswordEncoder encoder;
    private final RoleMappings mappings;
    private final LoginThrottle throttle;
    private final AuditService audit;
    private final ApiTokens apiTokens;
    private final java.util.Map<LoginRefusal, Counter> failedLogins = new java.util.EnumMap<>(LoginRefusal.class);
    private final String dummyHash;

    LoginSources(BootwardenProperties props, LocalUsers localUsers, PasswordEncoder encoder, RoleMappings mappings, LoginThrottle throttle,
            AuditService audit, ApiTokens apiTokens, MeterRegistry metrics) {
        this.localUsers = localUsers;
        this.encoder = encoder;
        this.mappings = mappings;
        this.throttle = throttle;
        this.audit = audit;
        this.apiTokens = apiTokens;
        for (LoginRefusal reason : LoginRefusal.values()) {
            failedLogins.put(reason, Counter.builder("bootwarden.logins.failed").description("Failed logins by reason")
                    .tag("reason", reason.name()).register(metrics));
        }
        this.dummyHash = encoder.encode("no user has this password");
        for (Source s : props.auth().sources()) {
            sources.add(switch (s.type()) {
                case LOCAL -> LOCAL;
                case LDAP -> new LdapDirectory(s);
                case AD -> new ActiveDirectory(s);
            });
        }
        log.info("Login sources, in order: {}", props.auth().sources().stream().map(s -> s.name() + " (" + s.type() + ")").toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        String username = request.getName() == null ? "" : request.getName().strip();
        String password = request.getCredentials() == null ? "" : request.getCredentials().toString();
        String address = request.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress()
                : AuditService.currentSourceAddress();
        String actor = username.isEmpty() ? "unknown" : username.length() > 64 ? username.substring(0, 64) : username;
        if (username.isEmpty() || username.length() > 256 || password.isEmpty() || password.length() > 1024) {
            // an empty password would be an anonymous bind in LDAP: never passed on
            throw refused(actor, address, new LoginRefusedException(LoginRefusal.BAD_CREDENTIALS, null, "empty or oversized credentials"));
        }
        boolean hadFailures;
        try {
            hadFailures = throttle.check(username, address);
        } catch (LoginThrottledException e) {
            failedLogins.get(LoginRefusal.THROTTLED).increment();
            throw e;
        }
        try {
            UsernamePasswordAuthenticationToken result = check(username, password);
            result.setDetails(request.getDetails());
            if (hadFailures) {
                throttle.succeeded(username);
            }
            return result;
        } catch (LoginRefusedException e) {
            if (e.reason() == LoginRefusal.BAD_CREDENTIALS || e.reason() == LoginRefusal.DIRECTORY_UNAVAILABLE) {
                // a wrong password somewhere (with a directory down, a guess against the others must count too)
                throttle.failed(username, address);
            }
            throw refused(actor, address, e);
        }
    }

    private LoginRefusedException refused(String actor, String address, LoginRefusedException e) {
        failedLogins.get(e.reason()).increment();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("reason", e.reason().name());
        after.put("source", e.source());
        after.put("detail", e.detail());
        audit.recordAs(actor, address, "user.login-failed", "user", actor, "login refused" + (e.source() == null ? "" : " by " + e.source())
                + ": " + e.reason().message() + (e.detail() == null ? "" : " [" + e.detail() + "]"), null, after);
        return e;
    }

    private UsernamePasswordAuthenticationToken check(String username, String password) {
        List<String> tried = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (Object source : sources) {
            if (source == LOCAL) {
                UserDetails user;
                try {
                    user = localUsers.loadUserByUsername(username);
                } catch (UsernameNotFoundException e) {
                    encoder.matches(password, dummyHash); // the same time whether or not the name exists
                    tried.add("local: no such user");
                    continue;
                }
                if (!encoder.matches(password, user.getPassword())) {
                    throw new LoginRefusedException(LoginRefusal.BAD_CREDENTIALS, LOCAL, "wrong password of local user");
                }
                if (!user.isEnabled()) {
                    throw new LoginRefusedException(LoginRefusal.ACCOUNT_DISABLED, LOCAL, "local user disabled");
                }
                return token(new LoginPrincipal(user.getUsername(), LOCAL, user.getUsername()), user.getAuthorities());
            }
            DirectorySource directory = (DirectorySource) source;
            DirectoryIdentity identity;
            try {
                identity = directory.authenticate(username, password);
            } catch (BadCredentialsException e) {
                tried.add(e.getMessage());
                continue;
            } catch (DirectorySource.DirectoryUnavailableException e) {
                log.warn("Login source {} is unavailable, trying the next one: {}", directory.name(), e.getMessage());
                unavailable.add(directory.name());
                tried.add(e.getMessage());
                continue;
            }
            Set<Role> roles = mappings.rolesFor(identity);
            // the directory vouched for the user just now: their API tokens are capped by these roles from now on
            apiTokens.directoryLogin(identity.username(), directory.name(), roles);
            if (roles.isEmpty()) {
                throw new LoginRefusedException(LoginRefusal.NO_MAPPED_GROUP, directory.name(), identity.dn() + " is in groups "
                        + identity.groups().stream().map(g -> g.name() != null ? g.name() : g.dn()).toList() + ", none mapped to a role");
            }
            return token(new LoginPrincipal(identity.username(), directory.name(), identity.displayName()),
                    roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        }
        if (!unavailable.isEmpty()) {
            throw new LoginRefusedException(LoginRefusal.DIRECTORY_UNAVAILABLE, null, String.join("; ", tried));
        }
        throw new LoginRefusedException(LoginRefusal.BAD_CREDENTIALS, null, String.join("; ", tried));
    }

    private static UsernamePasswordAuthenticationToken token(LoginPrincipal principal, java.util.Collection<? extends GrantedAuthority> roles) {
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, roles);
    }
}
