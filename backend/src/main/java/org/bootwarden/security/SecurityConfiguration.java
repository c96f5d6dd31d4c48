package org.bootwarden.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.bootwarden.audit.AuditService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Who may do what. Machines reach {@code /boot/**} and {@code /media/**} without a login (the
 * per-host token guards what matters). People use the console (session cookie + CSRF token) or
 * the API with HTTP Basic or an API token ({@code Authorization: Bearer}, {@link ApiTokenFilter}). Every {@code /api} path needs an explicit rule: anything not listed
 * is denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] READERS = {"ADMIN", "EDITOR", "OPERATOR", "AUDITOR", "REQUESTER", "APPROVER"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The one way passwords are checked, for this chain and the {@code /engine-rest} chain:
     * throttle, then the login sources in order ({@link LoginSources}).
     */
    @Bean
    AuthenticationManager authenticationManager(LoginSources sources) {
        return new ProviderManager(sources);
    }

    /**
     * The machine endpoints carry their own credential (the per-host token in the path) and no
     * session: they skip the filter chain entirely, which keeps the LOCAL answer fast in a boot storm.
     */
    @Bean
    WebSecurityCustomizer machineEndpoints() {
        return web -> web.ignoring().requestMatchers("/boot/**");
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, AuditService audit, AuthenticationManager logins, ApiTokens tokens)
            throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName(null);
        http
            .authenticationManager(logins)
            // Authorization: Bearer bw_... (API tokens): one request at a time, never a session
            .addFilterBefore(new ApiTokenFilter(tokens, json), BasicAuthenticationFilter.class)
            .authorizeHttpRequests(a -> a
                // the second dispatch of a streamed response (SSE, downloads): the request was authorised when it came in
                .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                .requestMatchers("/media/**").permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                .requestMatchers("/api/auth/login", "/api/auth/csrf", "/api/auth/logout").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/me").authenticated()
                // live events (docs/integrations.md): every person; what each sees depends on the roles
                .requestMatchers(HttpMethod.GET, "/api/events").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.GET, "/api/hosts/*/iso", "/api/hosts/*/usb", "/api/hosts/*/floppy").hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/hosts/*/script").hasAnyRole("OPERATOR", "ADMIN", "WORKER")
                .requestMatchers(HttpMethod.GET, "/api/hosts/*/media-spec").hasAnyRole("WORKER", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/hosts/*/arm", "/api/hosts/*/disarm", "/api/hosts/*/rotate-token")
                    .hasAnyRole("OPERATOR", "ADMIN")
                // inventory import / export (docs/inventory.md)
                .requestMatchers(HttpMethod.GET, "/api/hosts/export", "/api/hosts/import/template.csv").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.POST, "/api/hosts/import").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/hosts/import/feeds").hasAnyRole("EDITOR", "AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/hosts/import/feeds/*/run").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/hosts", "/api/hosts/*").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.POST, "/api/hosts").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.PUT, "/api/hosts/*").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.DELETE, "/api/hosts/*").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/profiles/*/preview").hasAnyRole("EDITOR", "OPERATOR", "AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/profiles", "/api/profiles/*").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.POST, "/api/profiles").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.PUT, "/api/profiles/*").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.DELETE, "/api/profiles/*").hasAnyRole("EDITOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/tickets").hasAnyRole("REQUESTER", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/tickets/*/cancel").hasAnyRole("REQUESTER", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/tickets", "/api/tickets/*", "/api/tickets/*/diagram").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.GET, "/api/tasks", "/api/tasks/*").hasAnyRole("APPROVER", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/tasks/*/claim", "/api/tasks/*/unclaim", "/api/tasks/*/complete")
                    .hasAnyRole("APPROVER", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/batches/*/zip").hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/batches", "/api/batches/*", "/api/batches/*/failures")
                    .hasAnyRole("EDITOR", "OPERATOR", "AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/batches", "/api/batches/*/cancel").hasAnyRole("EDITOR", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/audit", "/api/audit/verify", "/api/audit/export").hasAnyRole("AUDITOR", "ADMIN")
                .requestMatchers("/api/users", "/api/users/**").hasRole("ADMIN")
                .requestMatchers("/api/role-mappings", "/api/role-mappings/*").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/tokens").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.POST, "/api/tokens").hasAnyRole(READERS)
                .requestMatchers(HttpMethod.DELETE, "/api/tokens/*").hasAnyRole(READERS)
                .requestMatchers("/api/webhooks", "/api/webhooks/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/settings").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole("ADMIN", "AUDITOR")
                .requestMatchers("/api/**", "/actuator/**").denyAll()
                .anyRequest().permitAll())
            .csrf(c -> c
                .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                .csrfTokenRequestHandler(csrfHandler)
                // Basic- and token-authenticated API clients send no cookies, so they cannot be led into a forged request
                .ignoringRequestMatchers(r -> r.getHeader("Authorization") != null))
            .httpBasic(b -> b.authenticationEntryPoint((req, res, e) -> loginFailure(res, json, e,
                    "Unauthorized", "log in, or send HTTP Basic credentials", basicChallenge(req))))
            .formLogin(f -> f
                .loginPage("/login")
                .loginProcessingUrl("/api/auth/login")
                .successHandler((req, res, auth) -> {
                    audit.recordAs(auth.getName(), req.getRemoteAddr(), "user.login", "user", auth.getName(), "console login"
                            + (auth.getPrincipal() instanceof LoginPrincipal p ? " (" + p.source() + ")" : ""), null, null);
                    res.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    json.writeValue(res.getOutputStream(), me(auth));
                })
                // the refusal was audited and counted where the password was checked (LoginSources)
                .failureHandler((req, res, e) -> loginFailure(res, json, e, "Login failed", "wrong user name or password", false)))
            .logout(l -> l.logoutUrl("/api/auth/logout")
                .logoutSuccessHandler((req, res, auth) -> res.setStatus(HttpStatus.NO_CONTENT.value())))
            .exceptionHandling(x -> x
                .authenticationEntryPoint((req, res, e) -> loginFailure(res, json, e, "Unauthorized",
                        "log in, or send HTTP Basic credentials", basicChallenge(req)))
                .accessDeniedHandler((req, res, e) -> problem(res, json, HttpStatus.FORBIDDEN, "Forbidden",
                        e instanceof CsrfException
                                ? "missing or invalid CSRF token: send the X-XSRF-TOKEN header with the XSRF-TOKEN cookie's value"
                                : "your roles do not allow " + req.getMethod() + " " + req.getRequestURI(), false)))
            .headers(h -> h
                .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    static Map<String, Object> me(Authentication auth) {
        List<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList();
        Map<String, Object> me = new java.util.LinkedHashMap<>();
        me.put("username", auth.getName());
        me.put("roles", roles);
        if (auth.getPrincipal() instanceof LoginPrincipal p) {
            me.put("source", p.source());
            me.put("displayName", p.displayName());
        }
        if (auth instanceof ApiTokenAuthentication t) {
            me.put("apiToken", t.tokenId());
        }
        return me;
    }

    /**
     * A failed login (console form or HTTP Basic): 429 with Retry-After while the user name or
     * address is throttled; 401 with the refusal's reason otherwise ({@code reason} in the problem).
     */
    static void loginFailure(HttpServletResponse res, ObjectMapper json, Exception e, String title, String fallback,
            boolean challenge) throws IOException {
        if (e instanceof LoginThrottledException t) {
            res.setHeader("Retry-After", String.valueOf(t.retryAfterSeconds()));
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, t.getMessage());
            p.setTitle("Too many failed logins");
            p.setProperty("reason", LoginRefusal.THROTTLED.name());
            p.setProperty("retryAfterSeconds", t.retryAfterSeconds());
            write(res, json, HttpStatus.TOO_MANY_REQUESTS, p);
            return;
        }
        if (e instanceof LoginRefusedException r) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, r.reason().message());
            p.setTitle(title);
            p.setProperty("reason", r.reason().name());
            if (challenge) {
                res.setHeader("WWW-Authenticate", "Basic realm=\"Bootwarden\"");
            }
            write(res, json, HttpStatus.UNAUTHORIZED, p);
            return;
        }
        problem(res, json, HttpStatus.UNAUTHORIZED, title, fallback, challenge);
    }

    private static void write(HttpServletResponse res, ObjectMapper json, HttpStatus status, ProblemDetail p) throws IOException {
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(res.getOutputStream(), p);
    }

    /** A browser's fetch must not get a Basic challenge (it would pop up a dialog); API clients do. */
    private static boolean basicChallenge(HttpServletRequest req) {
        return !"XMLHttpRequest".equals(req.getHeader("X-Requested-With"));
    }

    private static void problem(HttpServletResponse res, ObjectMapper json, HttpStatus status, String title, String detail,
            boolean challenge) throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        res.setStatus(status.value());
        if (challenge) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"Bootwarden\"");
        }
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(res.getOutputStream(), p);
    }
}
