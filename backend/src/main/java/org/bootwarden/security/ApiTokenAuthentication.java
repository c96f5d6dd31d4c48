package org.bootwarden.security;

import org.bootwarden.audit.AuditedCredential;
import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by an API token: it acts as the token's owner (the audit, the four-eyes
 * rule and "mine" filters see the owner's name) with the token's effective roles only. It lives for
 * one request and is never stored in a session.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken implements AuditedCredential {

    private final LoginPrincipal owner;
    private final String tokenId;

    ApiTokenAuthentication(LoginPrincipal owner, String tokenId, Collection<? extends GrantedAuthority> roles) {
        super(roles);
        this.owner = owner;
        this.tokenId = tokenId;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public LoginPrincipal getPrincipal() {
        return owner;
    }

    String tokenId() {
        return tokenId;
    }

    @Override
    public String auditCredential() {
        return "token:" + tokenId;
    }
}
