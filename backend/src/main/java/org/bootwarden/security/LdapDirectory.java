package org.bootwarden.security;

import java.util.List;

import javax.naming.NamingException;
import javax.naming.directory.DirContext;

import org.bootwarden.security.DirectoryContexts.Entry;
import org.bootwarden.system.BootwardenProperties.Source;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;

/**
 * A generic LDAP directory (OpenLDAP, 389 DS, ...): Spring Security's {@link BindAuthenticator}
 * binds as the user, either at a DN built from {@code userDnPatterns} or at the entry that
 * {@code userSearchFilter} finds (searched as {@code bindDn} or anonymously); groups are the
 * entries that {@code groupSearchFilter} finds (default {@code (member={0})}, {0} = user DN).
 */
final class LdapDirectory implements DirectorySource {

    private final Source source;
    private final LdapContextSource contexts;
    private final BindAuthenticator authenticator;

    LdapDirectory(Source source) {
        this.source = source;
        this.contexts = DirectoryContexts.contextSource(source);
        this.authenticator = new BindAuthenticator(contexts);
        if (!source.userDnPatterns().isEmpty()) {
            authenticator.setUserDnPatterns(source.userDnPatterns().toArray(String[]::new));
        }
        if (source.userSearchFilter() != null && !source.userSearchFilter().isBlank()) {
            FilterBasedLdapUserSearch search = new FilterBasedLdapUserSearch(base(source.userSearchBase()), source.userSearchFilter(),
                    contexts);
            search.setSearchTimeLimit((int) source.readTimeout().toMillis());
            authenticator.setUserSearch(search);
        }
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public DirectoryIdentity authenticate(String username, String password) {
        DirContextOperations user;
        try {
            user = authenticator.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        } catch (BadCredentialsException | UsernameNotFoundException e) {
            throw new BadCredentialsException(source.name() + ": " + e.getMessage());
        } catch (org.springframework.ldap.NamingException | IllegalStateException e) {
            throw new DirectoryUnavailableException(source.name() + ": " + e.getMessage(), e);
        }
        String dn = user.getNameInNamespace();
        String uid = user.getStringAttribute("uid");
        String display = user.getStringAttribute("displayName") != null ? user.getStringAttribute("displayName")
                : user.getStringAttribute("cn");
        String filter = source.groupSearchFilter() == null || source.groupSearchFilter().isBlank() ? "(member={0})"
                : source.groupSearchFilter();
        DirContext ctx = null;
        try {
            ctx = contexts.getReadOnlyContext();
            List<Entry> groups = DirectoryContexts.search(ctx, base(source.groupSearchBase()), filter, new Object[] {dn, username},
                    source.groupNameAttribute());
            return new DirectoryIdentity(source.name(), uid != null ? uid : username, dn, display != null ? display : username,
                    groups.stream().map(g -> new DirectoryIdentity.DirectoryGroup(g.dn(), g.first(source.groupNameAttribute()))).toList());
        } catch (NamingException | org.springframework.ldap.NamingException e) {
            throw new DirectoryUnavailableException(source.name() + ": group search failed: " + e.getMessage(), e);
        } finally {
            close(ctx);
        }
    }

    private String base(String configured) {
        return configured == null || configured.isBlank() ? source.baseDn() : configured;
    }

    static void close(DirContext ctx) {
        if (ctx != null) {
            try {
                ctx.close();
            } catch (NamingException ignored) {
                // closing a connection that is gone already
            }
        }
    }
}
