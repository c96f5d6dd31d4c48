package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Who may do what: roles from local users, anonymous machines, the console's session login with CSRF. */
class SecurityIT extends IntegrationTest {

    private Http user(String role) {
        String name = role.toLowerCase() + "-" + next();
        createUser(name, "pw", role);
        return as(name, "pw");
    }

    @Test
    void shouldAskAnonymousApiCallersToAuthenticate() {
        Http.Response r = anonymous().get("/api/hosts").expect(401);

        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).contains("Basic realm=\"Bootwarden\"");
        assertThat(anonymous().withHeader("X-Requested-With", "XMLHttpRequest").get("/api/hosts").expect(401)
                .header("WWW-Authenticate")).as("no browser login dialog for the console").isEmpty();
        anonymous().get("/api/audit").expect(401);
        anonymous().get("/api/profiles").expect(401);
        // without credentials a POST fails the CSRF check first: refused all the same, and it says why
        Map<String, Object> h = newHost();
        assertThat(anonymous().post("/api/hosts", h).expect(403).json().path("detail").asText()).contains("CSRF token");
        assertThat(admin().get("/api/hosts?q=" + h.get("hostname")).expect(200).json().path("totalItems").asLong()).isZero();
    }

    @Test
    void shouldLetMachinesAndProbesInWithoutLogin() {
        anonymous().get("/boot/" + UUID.randomUUID() + "/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/script").expect(200);
        JsonNode health = anonymous().get("/actuator/health").expect(200).json();

        assertThat(health.path("status").asText()).isEqualTo("UP");
        anonymous().get("/actuator/health/liveness").expect(200);
    }

    @Test
    void shouldRefuseWrongPasswordsAndDisabledUsers() {
        as("admin", "wrong").get("/api/hosts").expect(401);
        String disabled = "disabled-" + next();
        createUser(disabled, "pw", "ADMIN");
        jdbc.sql("update app_user set enabled = 0 where username = ?").param(disabled).update();

        as(disabled, "pw").get("/api/hosts").expect(401);
    }

    @Test
    void shouldLetAnAuditorReadButNotChangeOrDownloadTokens() {
        Http auditor = user("AUDITOR");
        String id = createHost(newHost());

        auditor.get("/api/hosts").expect(200);
        auditor.get("/api/hosts/" + id).expect(200);
        auditor.get("/api/profiles").expect(200);
        auditor.get("/api/audit?targetId=" + id).expect(200);
        Http.Response post = auditor.post("/api/hosts", newHost()).expect(403);
        assertThat(post.contentType()).startsWith("application/problem+json");
        assertThat(post.json().path("title").asText()).isEqualTo("Forbidden");
        assertThat(post.json().path("detail").asText()).isEqualTo("your roles do not allow POST /api/hosts");
        auditor.get("/api/hosts/" + id + "/iso").expect(403);
        auditor.get("/api/hosts/" + id + "/usb").expect(403);
        auditor.get("/api/hosts/" + id + "/floppy").expect(403);
        auditor.get("/api/hosts/" + id + "/script").expect(403);
        auditor.delete("/api/hosts/" + id).expect(403);
        auditor.post("/api/hosts/" + id + "/arm", Map.of("reason", "x")).expect(403);
        auditor.post("/api/hosts/" + id + "/disarm", Map.of("reason", "x")).expect(403);
        auditor.post("/api/hosts/" + id + "/rotate-token", Map.of("reason", "x")).expect(403);
        auditor.get("/api/profiles/custom-ipxe/preview?host=" + id + "&file=script").expect(200);
        auditor.put("/api/profiles/custom-ipxe", Map.of("description", "x", "kind", "ipxe-script")).expect(403);
        auditor.delete("/api/profiles/custom-ipxe").expect(403);
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(host(id).path("version").asInt()).as("nothing changed").isEqualTo(1);
    }

    @Test
    void shouldLetAnEditorChangeHostsButNotArmThemOrReadTheAudit() {
        Http editor = user("EDITOR");
        String profile = createArmableProfile(3);

        String id = editor.post("/api/hosts", newHost(profile)).expect(201).json().path("id").asText();
        editor.post("/api/hosts/" + id + "/arm", Map.of("reason", "x")).expect(403);
        editor.post("/api/hosts/" + id + "/rotate-token", Map.of("reason", "x")).expect(403);
        editor.get("/api/hosts/" + id + "/iso").expect(403);
        editor.get("/api/audit").expect(403);

        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(auditOf(id).get(0).path("actor").asText()).startsWith("editor-");
    }

    @Test
    void shouldLetAnOperatorArmButNotEditHosts() {
        Http operator = user("OPERATOR");
        String id = createHost(newHost(createArmableProfile(3)));

        operator.post("/api/hosts/" + id + "/arm", Map.of("reason", "operator arms")).expect(200);
        operator.get("/api/hosts/" + id + "/script").expect(200);
        operator.post("/api/hosts/" + id + "/disarm", Map.of("reason", "operator disarms")).expect(200);
        operator.post("/api/hosts/" + id + "/rotate-token", Map.of("reason", "operator rotates")).expect(200);
        operator.post("/api/hosts", newHost()).expect(403);
        operator.post("/api/profiles", armableProfile("it-op-" + next(), 3)).expect(403);
    }

    @Test
    void shouldLetRequestersReadHostsButNotPreviewProfilesOrDownloadImages() {
        Http requester = user("REQUESTER");
        String id = createHost(newHost());

        requester.get("/api/hosts/" + id).expect(200);
        requester.get("/api/profiles/custom-ipxe/preview?host=" + id + "&file=script").expect(403);
        requester.get("/api/hosts/" + id + "/iso").expect(403);
        requester.post("/api/hosts/" + id + "/arm", Map.of("reason", "x")).expect(403);
        requester.get("/api/audit").expect(403);
    }

    @Test
    void shouldDenyUnmappedApiAndActuatorPathsToEveryone() {
        admin().get("/api/anything-unmapped").expect(403);
        admin().post("/api/anything-unmapped", Map.of()).expect(403);
        admin().get("/api/nothing-here/users").expect(403);
        admin().get("/actuator/env").expect(403);
        anonymous().get("/api/anything-unmapped").expect(401);
    }

    @Test
    void shouldTellWhoIsLoggedIn() {
        String name = "both-" + next();
        createUser(name, "pw", "AUDITOR, EDITOR");

        JsonNode me = as(name, "pw").get("/api/me").expect(200).json();

        assertThat(me.path("username").asText()).isEqualTo(name);
        assertThat(me.path("roles")).extracting(JsonNode::asText).containsExactly("AUDITOR", "EDITOR");
    }

    @Test
    void shouldLogInToTheConsoleWithTheCsrfTokenAndRefuseWithoutIt() {
        String name = "console-" + next();
        createUser(name, "s3cret", "OPERATOR");
        String form = "username=" + name + "&password=" + URLEncoder.encode("s3cret", StandardCharsets.UTF_8);

        Http.Response csrf = anonymous().get("/api/auth/csrf").expect(200);
        String token = csrf.json().path("token").asText();
        assertThat(csrf.json().path("headerName").asText()).isEqualTo("X-XSRF-TOKEN");
        assertThat(cookies(csrf)).containsEntry("XSRF-TOKEN", token);

        Http.Response refused = anonymous().postForm("/api/auth/login", form).expect(403);
        assertThat(refused.json().path("detail").asText()).contains("CSRF token");
        assertThat(refused.header("Set-Cookie")).doesNotContain("JSESSIONID");
        anonymous().withHeader("X-XSRF-TOKEN", "forged").withHeader("Cookie", "XSRF-TOKEN=" + token)
                .postForm("/api/auth/login", form).expect(403);

        Http.Response wrongPassword = anonymous().withHeader("X-XSRF-TOKEN", token).withHeader("Cookie", "XSRF-TOKEN=" + token)
                .postForm("/api/auth/login", "username=" + name + "&password=nope").expect(401);
        assertThat(wrongPassword.json().path("title").asText()).isEqualTo("Login failed");

        Http.Response login = anonymous().withHeader("X-XSRF-TOKEN", token).withHeader("Cookie", "XSRF-TOKEN=" + token)
                .postForm("/api/auth/login", form).expect(200);
        assertThat(login.json().path("username").asText()).isEqualTo(name);
        assertThat(login.json().path("roles")).extracting(JsonNode::asText).containsExactly("OPERATOR");
        String session = cookies(login).get("JSESSIONID");
        assertThat(session).isNotBlank();

        Http console = anonymous().withHeader("Cookie", "JSESSIONID=" + session);
        assertThat(console.get("/api/me").expect(200).json().path("username").asText()).isEqualTo(name);

        // a state-changing call from the console needs the (new) CSRF token too
        String hostId = createHost(newHost(createArmableProfile(3)));
        console.post("/api/hosts/" + hostId + "/arm", Map.of("reason", "from the console")).expect(403);
        Http.Response fresh = console.get("/api/auth/csrf").expect(200);
        String sessionToken = fresh.json().path("token").asText();
        anonymous().withHeader("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + sessionToken)
                .withHeader("X-XSRF-TOKEN", sessionToken)
                .post("/api/hosts/" + hostId + "/arm", Map.of("reason", "from the console")).expect(200);
        assertThat(auditOf(name)).extracting(e -> e.path("action").asText()).contains("user.login");
    }

    /** The cookies a response sets, by name. */
    private static Map<String, String> cookies(Http.Response r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : r.allHeaders("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }
}
