package org.bootwarden.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code Authorization: Bearer bw_...} on {@code /api/**} and {@code /actuator/prometheus}: the
 * request acts as the token's owner with the token's effective roles ({@link ApiTokens}). The
 * authentication is held for this request only: never saved in a session, and no session is
 * created. A token that is not accepted ends the request with a {@code 401} problem that says why
 * (it does not fall back to anonymous access). Part of the main security chain only, so
 * {@code /engine-rest} never accepts tokens. Not a bean: a servlet filter bean would run outside
 * the security chain too.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    private static final RequestAttributeSecurityContextRepository REQUEST_CONTEXT = new RequestAttributeSecurityContextRepository();

    private final ApiTokens tokens;
    private final ObjectMapper json;

    ApiTokenFilter(ApiTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.equals("/actuator/prometheus"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiTokens.Outcome outcome = tokens.authenticate(request.getHeader("Authorization").substring(7), request.getRemoteAddr());
        if (outcome instanceof ApiTokens.Refused refused) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, refused.message());
            p.setTitle("Invalid API token");
            p.setProperty("reason", refused.reason().name());
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            // RFC 6750: the scheme, and that the token itself is the problem
            response.setHeader("WWW-Authenticate", "Bearer realm=\"Bootwarden\", error=\"invalid_token\"");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), p);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(((ApiTokens.Accepted) outcome).authentication());
        SecurityContextHolder.setContext(context);
        // kept with the request (never in a session) so that the async dispatch of a streamed response
        // (a download, an event stream) still acts as the token's owner: this filter does not run again then
        REQUEST_CONTEXT.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
