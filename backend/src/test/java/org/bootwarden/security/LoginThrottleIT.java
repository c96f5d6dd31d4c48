package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Failed logins are limited per user name (5 in 15 minutes) and per source address (20): then
 * every login of that name, or from that address, is answered 429 with Retry-After, even with
 * the right password, until the lock ends. The state lives in the database. Addresses are set
 * with X-Forwarded-For (the server trusts forwarded headers), so each test has its own.
 */
class LoginThrottleIT extends IntegrationTest {

    private Http from(String user, String password, String address) {
        return as(user, password).withHeader("X-Forwarded-For", address);
    }

    private static String address() {
        return "203.0.113." + (next() % 250 + 1);
    }

    @Test
    void shouldLockAUserNameAfterFiveFailuresEvenForTheRightPassword() {
        String name = "victim-" + next();
        createUser(name, "right-password", "AUDITOR");
        String address = address();
        for (int i = 0; i < 5; i++) {
            from(name, "wrong-" + i, address).get("/api/me").expect(401);
        }

        Http.Response locked = from(name, "right-password", address).get("/api/me").expect(429);
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(locked.json().path("reason").asText()).isEqualTo("THROTTLED");
        // from another address too: the name is locked
        from(name, "right-password", address()).get("/api/me").expect(429);
        // another user from the same address is not affected
        String other = "bystander-" + next();
        createUser(other, "pw", "AUDITOR");
        from(other, "pw", address).get("/api/me").expect(200);

        List<String> actions = auditActionsOf(name);
        assertThat(actions).filteredOn("user.login-failed"::equals).hasSize(5);
        assertThat(actions).filteredOn("user.login-throttled"::equals).hasSize(1);
        // in the database, for every replica
        Long until = jdbc.sql("select locked_until from login_throttle where subject_kind = 'user' and subject = ?").param(name)
                .query(Long.class).single();
        assertThat(until).isGreaterThan(org.bootwarden.system.DbTime.of(java.time.Instant.now()));

        // when the lock ends (moved into the past, as another replica or time would), the right password works again
        jdbc.sql("update login_throttle set locked_until = ?, window_start = ? where subject_kind = 'user' and subject = ?")
                .params(org.bootwarden.system.DbTime.of(java.time.Instant.now().minusSeconds(1)),
                        org.bootwarden.system.DbTime.of(java.time.Instant.now().minusSeconds(3600)), name).update();
        from(name, "right-password", address).get("/api/me").expect(200);
        assertThat(jdbc.sql("select count(*) from login_throttle where subject_kind = 'user' and subject = ?").param(name)
                .query(Long.class).single()).as("a success clears the name's failures").isZero();
    }

    @Test
    void shouldAnswerTheConsoleLoginWith429Too() {
        String name = "console-victim-" + next();
        createUser(name, "right-password", "OPERATOR");
        String address = address();
        Http.Response csrf = anonymous().get("/api/auth/csrf").expect(200);
        String token = csrf.json().path("token").asText();
        Http console = anonymous().withHeader("X-XSRF-TOKEN", token).withHeader("Cookie", "XSRF-TOKEN=" + token)
                .withHeader("X-Forwarded-For", address);
        for (int i = 0; i < 5; i++) {
            assertThat(console.postForm("/api/auth/login", form(name, "nope-" + i)).expect(401).json().path("reason").asText())
                    .isEqualTo("BAD_CREDENTIALS");
        }

        Http.Response locked = console.postForm("/api/auth/login", form(name, "right-password")).expect(429);
        assertThat(locked.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(locked.json().path("title").asText()).isEqualTo("Too many failed logins");
    }

    @Test
    void shouldLockAnAddressAfterTwentyFailuresForEveryName() {
        String address = address();
        for (int i = 0; i < 20; i++) {
            from("guess-" + next(), "guess", address).get("/api/me").expect(401);
        }
        String name = "innocent-" + next();
        createUser(name, "pw", "AUDITOR");

        from(name, "pw", address).get("/api/me").expect(429);
        from(name, "pw", address()).get("/api/me").expect(200);
        JsonNode event = auditOf(address).stream().filter(e -> e.path("action").asText().equals("user.login-throttled")).findFirst()
                .orElseThrow();
        assertThat(event.path("sourceAddress").asText()).isEqualTo(address);
    }

    @Test
    void shouldSendSecureCookiesAndHstsOnlyOverHttps() {
        String name = "cookie-" + next();
        createUser(name, "pw", "AUDITOR");
        Http.Response csrf = anonymous().get("/api/auth/csrf").expect(200);
        String token = csrf.json().path("token").asText();
        Http console = anonymous().withHeader("X-XSRF-TOKEN", token).withHeader("Cookie", "XSRF-TOKEN=" + token);

        Http.Response plain = console.postForm("/api/auth/login", form(name, "pw")).expect(200);
        String plainCookie = session(plain);
        assertThat(plainCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        assertThat(plain.header("Strict-Transport-Security")).isEmpty();

        Http.Response https = console.withHeader("X-Forwarded-Proto", "https").postForm("/api/auth/login", form(name, "pw")).expect(200);
        assertThat(session(https)).contains("HttpOnly").contains("Secure").containsIgnoringCase("SameSite=Lax");
        assertThat(https.header("Strict-Transport-Security")).contains("max-age=");
    }

    private static String session(Http.Response r) {
        return r.allHeaders("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElse("");
    }

    private static String form(String user, String password) {
        return "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }
}
