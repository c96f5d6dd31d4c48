package org.bootwarden.tickets;

import java.util.Set;
import java.util.stream.Collectors;

import org.bootwarden.audit.AuditService;
import org.bootwarden.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The person calling the API: user name and roles, as the ticket rules need them. */
record Caller(String name, Set<Role> roles, String source) {

    static Caller current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        Set<Role> roles = a == null ? Set.of() : a.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(r -> r.startsWith("ROLE_")).map(r -> r.substring(5))
                .filter(r -> Role.PEOPLE.stream().anyMatch(p -> p.name().equals(r)))
                .map(Role::valueOf).collect(Collectors.toUnmodifiableSet());
        return new Caller(AuditService.currentActor(), roles, AuditService.currentSourceAddress());
    }

    boolean has(Role role) {
        return roles.contains(role);
    }
}
