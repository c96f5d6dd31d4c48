package org.bootwarden.security;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.bootwarden.security.DirectoryContexts.Entry;
import org.bootwarden.system.BootwardenProperties.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Active Directory: binds as {@code user@domain} (UPN; {@code DOMAIN\\user} and a bare name are
 * accepted too), reads the bind failure's sub-code ({@code data 533} ...) into a
 * {@link LoginRefusal}, then, bound as the user, finds the user's entry and every group the user
 * is in, nested ones included, with the matching rule in chain
 * ({@code member:1.2.840.113556.1.4.1941:}). Referrals in search results are skipped (or followed
 * with {@code referral: follow}).
 *
 * <p>Spring Security's {@code ActiveDirectoryLdapAuthenticationProvider} is not used: it reports
 * 530, 531 and 773 as bad credentials, reads only direct groups (memberOf) and has no per-source
 * trust store.
 */
final class ActiveDirectory implements DirectorySource {

    private static final Logger log = LoggerFactory.getLogger(ActiveDirectory.class);
    private static final Pattern SUB_CODE = Pattern.compile("data ([0-9a-fA-F]+)");

    private final Source source;
    private final String domain;
    private final LdapContextSource contexts;

    ActiveDirectory(Source source) {
        this.source = source;
        this.domain = source.domain() != null && !source.domain().isBlank() ? source.domain().toLowerCase(Locale.ROOT)
                : domainOf(source.baseDn());
        this.contexts = DirectoryContexts.contextSource(source);
    }

    @Override
    public String name() {
        return source.name();
    }

    /** {@code DC=corp,DC=example,DC=test} -> {@code corp.example.test}. */
    static String domainOf(String baseDn) {
        try {
            List<Rdn> rdns = new LdapName(baseDn).getRdns();
            StringBuilder d = new StringBuilder();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("dc")) {
                    d.append(d.isEmpty() ? "" : ".").append(rdns.get(i).getValue());
                }
            }
            return d.toString().toLowerCase(Locale.ROOT);
        } catch (NamingException e) {
            throw new IllegalArgumentException("base DN '" + baseDn + "' is not a DN: " + e.getMessage(), e);
        }
    }

    /** The user principal name to bind as. */
    String upn(String username) {
        String u = username;
        int backslash = u.indexOf('\\');
        if (backslash >= 0) {
            u = u.substring(backslash + 1);
        }
        return u.contains("@") ? u : u + "@" + domain;
    }

    @Override
    public DirectoryIdentity authenticate(String username, String password) {
        String upn = upn(username);
        DirContext ctx;
        try {
            ctx = contexts.getContext(upn, password);
        } catch (org.springframework.ldap.AuthenticationException e) {
            String code = subCode(e);
            LoginRefusal reason = LoginRefusal.fromActiveDirectory(code);
            if (reason == LoginRefusal.BAD_CREDENTIALS) {
                throw new BadCredentialsException(source.name() + ": bind refused (data " + code + ")");
            }
            throw new LoginRefusedException(reason, source.name(), "Active Directory bind sub-code " + code);
        } catch (org.springframework.ldap.AuthenticationNotSupportedException e) {
            throw new DirectoryUnavailableException(source.name() + ": the directory refuses simple binds on this connection"
                    + " (Active Directory requires TLS: use ldaps:// or start-tls): " + e.getMessage(), e);
        } catch (org.springframework.ldap.NamingException e) {
            throw new DirectoryUnavailableException(source.name() + ": " + e.getMessage(), e);
        }
        try {
            String sam = upn.substring(0, upn.indexOf('@'));
            String userFilter = blank(source.userSearchFilter()) ? "(&(objectClass=user)(userPrincipalName={0}))" : source.userSearchFilter();
            List<Entry> users = DirectoryContexts.search(ctx, base(source.userSearchBase()), userFilter, new Object[] {upn, sam},
                    "sAMAccountName", "displayName", "userPrincipalName");
            if (users.size() != 1) {
                log.warn("{}: {} bound, but the user search {} under {} found {} entries", source.name(), upn, userFilter,
                        base(source.userSearchBase()), users.size());
                throw new BadCredentialsException(source.name() + ": " + upn + " bound but not found by the user search");
            }
            Entry user = users.get(0);
            String groupFilter = blank(source.groupSearchFilter())
                    ? "(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={0}))" : source.groupSearchFilter();
            List<Entry> groups = DirectoryContexts.search(ctx, base(source.groupSearchBase()), groupFilter,
                    new Object[] {user.dn(), sam}, source.groupNameAttribute());
            String account = user.first("sAMAccountName") != null ? user.first("sAMAccountName") : sam;
            String display = user.first("displayName") != null ? user.first("displayName") : account;
            return new DirectoryIdentity(source.name(), account, user.dn(), display,
                    groups.stream().map(g -> new DirectoryIdentity.DirectoryGroup(g.dn(), g.first(source.groupNameAttribute()))).toList());
        } catch (NamingException | org.springframework.ldap.NamingException e) {
            throw new DirectoryUnavailableException(source.name() + ": search failed: " + e.getMessage(), e);
        } finally {
            LdapDirectory.close(ctx);
        }
    }

    /** The hex sub-code in an AD bind failure ("... AcceptSecurityContext error, data 52e, v4563"), or null. */
    static String subCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = SUB_CODE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private String base(String configured) {
        return blank(configured) ? source.baseDn() : configured;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
