package org.bootwarden.worker;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.bootwarden.security.LoginThrottledException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Who may use the Camunda REST API at {@code /engine-rest}: ISO workers (role WORKER) only the
 * external-task calls a worker makes (fetch and lock, complete, failure, BPMN error, extend lock,
 * unlock); ADMIN everything (cockpit-like tooling, deployments). HTTP Basic on every request, no
 * session, no CSRF (no cookies are accepted here, so no request can be forged with them). Checked
 * before the main chain, which never sees {@code /engine-rest}.
 */
@Configuration(proxyBeanMethods = false)
class EngineRestSecurity {

    /** The calls an external-task client makes on a locked task. */
    static final List<String> TASK_CALLS = List.of("complete", "failure", "bpmnError", "extendLock", "unlock");

    @Bean
    @Order(1)
    SecurityFilterChain engineRest(HttpSecurity http, ObjectMapper json, AuthenticationManager logins) throws Exception {
        // Jersey serves /engine-rest as a servlet of its own: match the whole request path, not Spring MVC's view of it
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher[] workerCalls = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(paths.matcher(HttpMethod.POST, "/engine-rest/external-task/fetchAndLock")),
                TASK_CALLS.stream().map(call -> paths.matcher(HttpMethod.POST, "/engine-rest/external-task/*/" + call)))
                .toArray(RequestMatcher[]::new);
        http
            // the same password checks, throttling and audit as the API (security/LoginSources)
            .authenticationManager(logins)
            .securityMatcher(paths.matcher("/engine-rest/**"))
            .authorizeHttpRequests(a -> a
                .requestMatchers(workerCalls).hasAnyRole("WORKER", "ADMIN")
                .anyRequest().hasRole("ADMIN"))
            .httpBasic(b -> b.authenticationEntryPoint((req, res, e) -> {
                if (e instanceof LoginThrottledException t) {
                    // too many failed logins of this name or from this address: the same 429 as the API's
                    res.setHeader("Retry-After", String.valueOf(t.retryAfterSeconds()));
                    problem(res, json, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins", e.getMessage(), false);
                    return;
                }
                problem(res, json, HttpStatus.UNAUTHORIZED, "Unauthorized", "send HTTP Basic credentials of a WORKER or ADMIN user", true);
            }))
            .exceptionHandling(x -> x
                .authenticationEntryPoint((req, res, e) -> problem(res, json, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "send HTTP Basic credentials of a WORKER or ADMIN user", true))
                .accessDeniedHandler((req, res, e) -> problem(res, json, HttpStatus.FORBIDDEN, "Forbidden",
                        "your roles do not allow " + req.getMethod() + " " + req.getRequestURI()
                                + " (ISO workers may only fetch, lock, complete and fail external tasks)", false)))
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(c -> c.disable())
            .requestCache(c -> c.disable())
            .securityContext(c -> c.requireExplicitSave(true))
            .formLogin(f -> f.disable())
            .logout(l -> l.disable());
        return http.build();
    }

    private static void problem(HttpServletResponse res, ObjectMapper json, HttpStatus status, String title, String detail,
            boolean challenge) throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        res.setStatus(status.value());
        if (challenge) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"Bootwarden engine\"");
        }
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(res.getOutputStream(), p);
    }
}
