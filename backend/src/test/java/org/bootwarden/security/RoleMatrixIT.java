package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * Every endpoint the application maps, called as every role (a user holding only that role),
 * as an ISO-worker service account, anonymously, and with an API token that has fewer roles than
 * its owner (a user holding EDITOR and OPERATOR, a token given EDITOR only, which must be treated
 * exactly like an EDITOR): the security layer must allow exactly the
 * roles docs/openapi.yaml promises ({@code x-roles}) and refuse the rest. The list of endpoints
 * comes from the running application's handler mappings, so a new endpoint without a promise
 * fails here. Requests use ids that do not exist and empty bodies, so an allowed call ends in a
 * 4xx of the handler (404, 400) and changes nothing; a refusal by the security layer is a 403
 * "your roles do not allow ..." (a 403 of a business rule, e.g. the four-eyes rule, says otherwise).
 */
class RoleMatrixIT extends IntegrationTest {

    private static final String PASSWORD = "role-matrix-password";
    /** The one role the API token of the matrix is given, out of its owner's EDITOR and OPERATOR. */
    private static final String TOKEN_ROLE = "EDITOR";
    private static final List<String> SUBJECTS = List.of("REQUESTER", "APPROVER", "EDITOR", "OPERATOR", "AUDITOR", "ADMIN", "WORKER");
    private static final Map<String, String> DUMMY = Map.of("{id}", "00000000-0000-0000-0000-000000000000", "{name}", "no-such-profile",
            "{username}", "no-such-user", "{hostId}", "00000000-0000-0000-0000-000000000000", "{token}", "x".repeat(32),
            "{file}", "user-data", "{deliveryId}", "00000000-0000-0000-0000-000000000000");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void shouldAllowExactlyTheRolesTheApiDescriptionPromises() throws IOException {
        Map<String, Map<String, Object>> promises = promises();
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().startsWith("org.bootwarden")) {
                continue;
            }
            for (String path : e.getKey().getPatternValues()) {
                e.getKey().getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + path));
            }
        }
        assertThat(mapped).as("mapped endpoints").hasSizeGreaterThan(30);

        String suffix = "-" + next();
        SUBJECTS.forEach(role -> createUser(role.toLowerCase() + suffix, PASSWORD, role));
        createUser("editor-operator" + suffix, PASSWORD, "EDITOR,OPERATOR");
        String editorToken = as("editor-operator" + suffix, PASSWORD)
                .post("/api/tokens", Map.of("name", "role matrix", "roles", List.of(TOKEN_ROLE))).expect(201).json().path("token").asText();
        Http withToken = anonymous().withHeader("Authorization", "Bearer " + editorToken);
        List<String> violations = new ArrayList<>();
        for (String endpoint : mapped) {
            String[] verbPath = endpoint.split(" ", 2);
            Map<String, Object> promise = promises.get(verbPath[0].toLowerCase() + " " + verbPath[1]);
            if (promise == null) {
                violations.add(endpoint + ": no promise in docs/openapi.yaml");
                continue;
            }
            String access = String.valueOf(promise.get("x-access"));
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) promise.getOrDefault("x-roles", List.of());
            String url = url(verbPath[1]);
            for (String subject : SUBJECTS) {
                boolean expected = access.equals("public") || access.equals("authenticated") || roles.contains(subject);
                Http.Response r = call(as(subject.toLowerCase() + suffix, PASSWORD), verbPath[0], url);
                if (refusedBySecurity(r) == expected) {
                    violations.add(endpoint + " as " + subject + ": expected " + (expected ? "allowed" : "refused") + ", got " + r.status()
                            + " " + r.body().lines().findFirst().orElse(""));
                }
            }
            boolean tokenExpected = access.equals("public") || access.equals("authenticated") || roles.contains(TOKEN_ROLE);
            Http.Response byToken = call(withToken, verbPath[0], url);
            if (refusedBySecurity(byToken) == tokenExpected) {
                violations.add(endpoint + " with an API token (" + TOKEN_ROLE + " only) of an EDITOR+OPERATOR: expected "
                        + (tokenExpected ? "allowed" : "refused") + ", got " + byToken.status() + " "
                        + byToken.body().lines().findFirst().orElse(""));
            }
            Http.Response anon = call(anonymous(), verbPath[0], url);
            boolean anonAllowed = access.equals("public");
            // without a session or credentials: 401, or 403 from the CSRF check for a state-changing call
            boolean anonRefused = anon.status() == 401 || anon.status() == 403 && anon.body().contains("CSRF");
            if (anonRefused == anonAllowed) {
                violations.add(endpoint + " anonymously: expected " + (anonAllowed ? "allowed" : "refused") + ", got "
                        + anon.status());
            }
        }
        assertThat(violations).isEmpty();
    }

    private static boolean refusedBySecurity(Http.Response r) {
        return r.status() == 401 || r.status() == 403 && r.body().contains("your roles do not allow");
    }

    private static String url(String pattern) {
        String url = pattern;
        for (Map.Entry<String, String> d : DUMMY.entrySet()) {
            url = url.replace(d.getKey(), d.getValue());
        }
        return url.contains("/preview") ? url + "?host=00000000-0000-0000-0000-000000000000" : url;
    }

    private static Http.Response call(Http http, String verb, String url) {
        return switch (verb) {
            // the live event stream does not end by itself: its status is what counts
            case "GET" -> url.equals("/api/events") ? http.openStream(url) : http.get(url);
            case "DELETE" -> http.delete(url);
            case "POST" -> http.post(url, Map.of());
            case "PUT" -> http.put(url, Map.of());
            default -> http.send(verb, url, HttpRequest.BodyPublishers.noBody(), null);
        };
    }

    /** {@code "get /api/hosts"} -> the operation's {@code x-access} and {@code x-roles}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> promises() throws IOException {
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(Path.of("..", "docs", "openapi.yaml"))) {
            doc = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> result = new java.util.HashMap<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, ops) -> ops.forEach((verb, op) -> {
            if (op instanceof Map<?, ?> m && m.containsKey("x-access")) {
                result.put(verb + " " + path, (Map<String, Object>) m);
            }
        }));
        return result;
    }
}
