package org.bootwarden.security;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who am I, and the CSRF token for the console. */
@RestController
class AuthController {

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication auth) {
        return SecurityConfiguration.me(auth);
    }

    /** Touching the token makes the cookie repository send the {@code XSRF-TOKEN} cookie. */
    @GetMapping("/api/auth/csrf")
    Map<String, String> csrf(CsrfToken token) {
        return Map.of("token", token.getToken(), "headerName", token.getHeaderName());
    }
}
