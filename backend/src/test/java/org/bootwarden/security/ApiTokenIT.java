package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * API tokens over real HTTP with real rows: shown once and stored as a hash, used with
 * {@code Authorization: Bearer}, capped by the owner's roles, refused with a reason when expired,
 * revoked, unknown or malformed, last use noted at most once a minute, creation and revocation audited.
 */
class ApiTokenIT extends IntegrationTest {

    private static final String PASSWORD = "api-token-it-password";
    private static final String TOKEN_FORMAT = "bw_[0-9a-f]{16}_[A-Za-z0-9]{43}";

    @Test
    void shouldShowTheTokenOnceStoreOnlyItsHashAndActAsTheOwnerWithTheTokensRolesOnly() {
        String owner = user("EDITOR,OPERATOR");
        Http.Response created = as(owner, PASSWORD).post("/api/tokens", request("inventory sync", List.of("EDITOR"))).expect(201);
        JsonNode body = created.json();
        String token = body.path("token").asText();
        String id = body.path("id").asText();
        assertThat(token).matches(TOKEN_FORMAT).startsWith("bw_" + id + "_");
        assertThat(body.path("prefix").asText()).isEqualTo("bw_" + id + "_");
        assertThat(body.path("name").asText()).isEqualTo("inventory sync");
        assertThat(body.path("owner").asText()).isEqualTo(owner);
        assertThat(body.path("ownerSource").asText()).isEqualTo("local");
        assertThat(body.path("roles")).extracting(JsonNode::asText).containsExactly("EDITOR");
        assertThat(body.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(body.path("lastUsedAt").isNull()).isTrue();
        assertThat(created.header("Cache-Control")).contains("no-store");

        // the database holds the SHA-256 of the token and nothing from which the token could be read
        Map<String, Object> row = jdbc.sql("select * from api_token where id = ?").param(id).query().singleRow();
        String secret = token.substring(("bw_" + id + "_").length());
        assertThat(secret).hasSize(43);
        row.values().forEach(v -> assertThat(String.valueOf(v)).doesNotContain(secret).isNotEqualTo(token));
        assertThat(row.get("secret_hash")).isEqualTo(ApiTokens.sha256(token));

        // never again: not in the list
        Http.Response list = as(owner, PASSWORD).get("/api/tokens").expect(200);
        assertThat(list.body()).doesNotContain(secret);
        assertThat(list.json().findValuesAsText("id")).containsExactly(id);
        assertThat(list.json().get(0).has("token")).isFalse();

        // the token acts as its owner with EDITOR only, needs no CSRF header and gets no session
        Http.Response me = bearer(token).get("/api/me").expect(200);
        assertThat(me.json().path("username").asText()).isEqualTo(owner);
        assertThat(me.json().path("roles")).extracting(JsonNode::asText).containsExactly("EDITOR");
        assertThat(me.json().path("apiToken").asText()).isEqualTo(id);
        assertThat(me.allHeaders("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        Http.Response hostCreated = bearer(token).post("/api/hosts", newHost()).expect(201);
        assertThat(hostCreated.allHeaders("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        String hostId = hostCreated.json().path("id").asText();
        Http.Response arm = bearer(token).post("/api/hosts/" + hostId + "/arm", Map.of("reason", "tokens are not operators")).expect(403);
        assertThat(arm.body()).contains("your roles do not allow");
        assertThat(arm.allHeaders("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        // the owner's own login still has both roles
        as(owner, PASSWORD).get("/api/hosts/" + hostId + "/iso").expect(200);

        assertThat(auditOf(id)).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("token.created");
            assertThat(e.path("actor").asText()).isEqualTo(owner);
            assertThat(e.path("summary").asText()).contains("inventory sync", "[EDITOR]");
            assertThat(e.toString()).doesNotContain(secret);
            assertThat(e.path("credential").isNull()).as("created with the owner's own login").isTrue();
        });
        assertThat(auditOf(hostId)).first().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("host.created");
            assertThat(e.path("actor").asText()).as("changes made with a token are the owner's").isEqualTo(owner);
            assertThat(e.path("credential").asText()).as("... made with that token").isEqualTo("token:" + id);
        });

        // the credential is part of what the audit chain seals: changing it afterwards is detected
        admin().get("/api/audit/verify").expect(200);
        String recordId = jdbc.sql("select id from audit_event where action = 'host.created' and target_id = ?").param(hostId)
                .query(String.class).single();
        assertThat(jdbc.sql("select chain_seq from audit_event where id = ?").param(recordId).query(Long.class).single()).isNotNull();
        jdbc.sql("update audit_event set credential = null where id = ?").param(recordId).update();
        try {
            JsonNode v = admin().get("/api/audit/verify").expect(200).json();
            assertThat(v.path("intact").asBoolean()).as(v.toString()).isFalse();
            assertThat(v.path("brokenRecordId").asText()).isEqualTo(recordId);
        } finally {
            jdbc.sql("update audit_event set credential = ? where id = ?").params("token:" + id, recordId).update();
        }
        assertThat(admin().get("/api/audit/verify").expect(200).json().path("intact").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseMalformedUnknownExpiredAndRevokedTokensWithAProblemThatSaysWhy() {
        String owner = user("AUDITOR");
        JsonNode created = create(owner, "audit export", List.of("AUDITOR"));
        String token = created.path("token").asText();
        String id = created.path("id").asText();
        bearer(token).get("/api/audit?size=1").expect(200);

        Http.Response malformed = bearer("not-a-token").get("/api/me").expect(401);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.json().path("title").asText()).isEqualTo("Invalid API token");
        assertThat(malformed.json().path("reason").asText()).isEqualTo("MALFORMED");
        assertThat(malformed.json().path("detail").asText()).contains("Bearer bw_<id>_<secret>");
        assertThat(malformed.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");

        String unknownId = "bw_0123456789abcdef_" + "A".repeat(43);
        assertThat(bearer(unknownId).get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("UNKNOWN");
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        Http.Response wrong = bearer(wrongSecret).get("/api/me").expect(401);
        assertThat(wrong.json().path("reason").asText()).isEqualTo("UNKNOWN");
        assertThat(wrong.json().path("detail").asText()).contains("unknown API token");
        // a refused token is refused everywhere under /api, even where anonymous callers are welcome
        assertThat(bearer(unknownId).get("/api/auth/csrf").expect(401).json().path("reason").asText()).isEqualTo("UNKNOWN");

        jdbc.sql("update api_token set expires_at = ? where id = ?")
                .params(org.bootwarden.system.DbTime.of(Instant.now().minusSeconds(5)), id).update();
        Http.Response expired = bearer(token).get("/api/me").expect(401);
        assertThat(expired.json().path("reason").asText()).isEqualTo("EXPIRED");
        assertThat(expired.json().path("detail").asText()).contains("expired at");
        assertThat(as(owner, PASSWORD).get("/api/tokens").expect(200).json().get(0).path("status").asText()).isEqualTo("EXPIRED");

        JsonNode second = create(owner, "short-lived", List.of("AUDITOR"));
        String secondId = second.path("id").asText();
        as(owner, PASSWORD).delete("/api/tokens/" + secondId).expect(204);
        Http.Response revoked = bearer(second.path("token").asText()).get("/api/me").expect(401);
        assertThat(revoked.json().path("reason").asText()).isEqualTo("REVOKED");
        assertThat(revoked.json().path("detail").asText()).contains("revoked at");
        JsonNode listed = find(as(owner, PASSWORD).get("/api/tokens").expect(200).json(), secondId);
        assertThat(listed.path("status").asText()).isEqualTo("REVOKED");
        assertThat(listed.path("revokedBy").asText()).isEqualTo(owner);
        assertThat(listed.path("effectiveRoles")).isEmpty();
        // revoking again changes nothing and is not audited twice
        as(owner, PASSWORD).delete("/api/tokens/" + secondId).expect(204);
        assertThat(auditActionsOf(secondId)).containsExactly("token.created", "token.revoked");
        assertThat(auditOf(secondId).get(1).path("before").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(auditOf(secondId).get(1).path("after").path("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void shouldNoteTheLastUseAtMostOnceAMinute() {
        String owner = user("REQUESTER");
        JsonNode created = create(owner, "ticket bot", List.of("REQUESTER"));
        String token = created.path("token").asText();
        String id = created.path("id").asText();
        assertThat(lastUsed(id)).isNull();

        bearer(token).get("/api/me").expect(200);
        Long first = lastUsed(id);
        assertThat(first).isNotNull();
        assertThat(jdbc.sql("select last_used_from from api_token where id = ?").param(id).query(String.class).single())
                .isEqualTo("127.0.0.1");
        for (int i = 0; i < 5; i++) {
            bearer(token).get("/api/tickets").expect(200);
        }
        assertThat(lastUsed(id)).as("not written again within a minute").isEqualTo(first);

        long twoMinutesEarlier = first - Duration.ofMinutes(2).toNanos() / 1000;
        jdbc.sql("update api_token set last_used_at = ? where id = ?").params(twoMinutesEarlier, id).update();
        bearer(token).get("/api/me").expect(200);
        assertThat(lastUsed(id)).isGreaterThan(twoMinutesEarlier);
        JsonNode listed = find(as(owner, PASSWORD).get("/api/tokens").expect(200).json(), id);
        assertThat(Instant.parse(listed.path("lastUsedAt").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(listed.path("lastUsedFrom").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldGrantOnlyTheRolesALocalOwnerStillHoldsAndNothingOnceTheOwnerIsDisabled() {
        String owner = user("EDITOR,OPERATOR");
        JsonNode created = create(owner, "ci", List.of("EDITOR", "OPERATOR"));
        String token = created.path("token").asText();
        String id = created.path("id").asText();
        assertThat(roles(bearer(token).get("/api/me").expect(200))).containsExactly("EDITOR", "OPERATOR");

        admin().put("/api/users/" + owner, Map.of("roles", List.of("OPERATOR"), "enabled", true)).expect(200);
        assertThat(roles(bearer(token).get("/api/me").expect(200))).containsExactly("OPERATOR");
        bearer(token).post("/api/hosts", newHost()).expect(403);
        JsonNode listed = find(as(owner, PASSWORD).get("/api/tokens").expect(200).json(), id);
        assertThat(listed.path("roles")).extracting(JsonNode::asText).containsExactly("EDITOR", "OPERATOR");
        assertThat(listed.path("effectiveRoles")).extracting(JsonNode::asText).containsExactly("OPERATOR");

        admin().put("/api/users/" + owner, Map.of("roles", List.of("AUDITOR"), "enabled", true)).expect(200);
        Http.Response none = bearer(token).get("/api/me").expect(401);
        assertThat(none.json().path("reason").asText()).isEqualTo("NO_ROLES");
        assertThat(none.json().path("detail").asText()).contains("no longer holds any of its roles");

        admin().put("/api/users/" + owner, Map.of("roles", List.of("EDITOR", "AUDITOR"), "enabled", true)).expect(200);
        assertThat(roles(bearer(token).get("/api/me").expect(200))).containsExactly("EDITOR");

        admin().put("/api/users/" + owner, Map.of("roles", List.of("EDITOR", "AUDITOR"), "enabled", false)).expect(200);
        assertThat(bearer(token).get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("OWNER_DISABLED");
    }

    @Test
    void shouldExplainEveryInvalidFieldWithProblemDetails() {
        String owner = user("EDITOR");
        Http as = as(owner, PASSWORD);
        assertThat(as.post("/api/tokens", request(" ", List.of("EDITOR"))).expect(400).errorFields()).containsExactly("name");
        assertThat(as.post("/api/tokens", request("x".repeat(101), List.of("EDITOR"))).expect(400).errorFields()).containsExactly("name");
        assertThat(as.post("/api/tokens", request("no roles", List.of())).expect(400).errorFields()).containsExactly("roles");
        Http.Response unknown = as.post("/api/tokens", request("king", List.of("KING"))).expect(400);
        assertThat(unknown.json().path("errors").get(0).path("message").asText()).contains("unknown role 'KING'");
        Http.Response notHeld = as.post("/api/tokens", request("more than me", List.of("EDITOR", "ADMIN"))).expect(400);
        assertThat(notHeld.errorFields()).containsExactly("roles");
        assertThat(notHeld.json().path("detail").asText()).contains("you do not hold the role ADMIN", "[EDITOR]");
        assertThat(as.post("/api/tokens", request("worker", List.of("WORKER"))).expect(400).json().path("detail").asText())
                .contains("WORKER cannot be given");

        Map<String, Object> past = request("past", List.of("EDITOR"));
        past.put("expiresAt", Instant.now().minusSeconds(60).toString());
        assertThat(as.post("/api/tokens", past).expect(400).json().path("detail").asText()).contains("expiresAt: must be in the future");
        Map<String, Object> tooLate = request("too late", List.of("EDITOR"));
        tooLate.put("expiresAt", Instant.now().plus(Duration.ofDays(366)).toString());
        assertThat(as.post("/api/tokens", tooLate).expect(400).json().path("detail").asText()).contains("expiresAt: at most 365 days from now");
        Map<String, Object> tooLong = request("too long", List.of("EDITOR"));
        tooLong.put("lifetime", "P400D");
        assertThat(as.post("/api/tokens", tooLong).expect(400).errorFields()).containsExactly("lifetime");
        Map<String, Object> both = request("both", List.of("EDITOR"));
        both.put("lifetime", "P1D");
        both.put("expiresAt", Instant.now().plus(Duration.ofDays(2)).toString());
        assertThat(as.post("/api/tokens", both).expect(400).errorFields()).containsExactly("expiresAt");
        Map<String, Object> garbled = request("garbled", List.of("EDITOR"));
        garbled.put("expiresAt", "next tuesday");
        assertThat(as.post("/api/tokens", garbled).expect(400).errorFields()).containsExactly("expiresAt");
        Http.Response several = as.post("/api/tokens", request("", List.of("ADMIN"))).expect(400);
        assertThat(several.errorFields()).containsExactlyInAnyOrder("name", "roles");
        assertThat(jdbc.sql("select count(*) from api_token where owner = ?").param(owner).query(Long.class).single()).isZero();

        // no expiry named: the default lifetime (30 days); a lifetime or an expiry time as asked
        Instant defaulted = Instant.parse(create(owner, "default", List.of("EDITOR")).path("expiresAt").asText());
        assertThat(defaulted).isCloseTo(Instant.now().plus(Duration.ofDays(30)), org.assertj.core.api.Assertions.within(2, ChronoUnit.MINUTES));
        Map<String, Object> week = request("a week", List.of("editor"));
        week.put("lifetime", "P7D");
        assertThat(Instant.parse(as.post("/api/tokens", week).expect(201).json().path("expiresAt").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(7)), org.assertj.core.api.Assertions.within(2, ChronoUnit.MINUTES));
        Map<String, Object> at = request("until then", List.of("EDITOR"));
        Instant then = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
        at.put("expiresAt", then.toString());
        assertThat(Instant.parse(as.post("/api/tokens", at).expect(201).json().path("expiresAt").asText())).isEqualTo(then);
    }

    @Test
    void shouldLetOwnersAndAdminsRevokeAndNeverLetATokenCreateTokens() {
        String owner = user("EDITOR,ADMIN");
        String other = user("EDITOR");
        JsonNode created = create(owner, "admin automation", List.of("EDITOR", "ADMIN"));
        String token = created.path("token").asText();
        String id = created.path("id").asText();

        Http.Response minted = bearer(token).post("/api/tokens", request("child", List.of("EDITOR"))).expect(403);
        assertThat(minted.json().path("detail").asText()).contains("an API token cannot create API tokens");

        // someone else's token is not there for another user (not even to learn that it exists)
        as(other, PASSWORD).delete("/api/tokens/" + id).expect(404);
        assertThat(as(other, PASSWORD).get("/api/tokens").expect(200).json().findValuesAsText("id")).doesNotContain(id);
        assertThat(as(other, PASSWORD).get("/api/tokens?all=true").expect(403).json().path("detail").asText()).contains("only admins");
        as(owner, PASSWORD).delete("/api/tokens/no-such-token").expect(404);

        // an admin sees everyone's and may revoke any; the audit names the admin
        JsonNode othersToken = create(other, "editor script", List.of("EDITOR"));
        String othersId = othersToken.path("id").asText();
        List<String> all = admin().get("/api/tokens?all=true").expect(200).json().findValuesAsText("id");
        assertThat(all).contains(id, othersId);
        assertThat(admin().get("/api/tokens").expect(200).json().findValuesAsText("id")).doesNotContain(id, othersId);
        admin().delete("/api/tokens/" + othersId).expect(204);
        assertThat(bearer(othersToken.path("token").asText()).get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("REVOKED");
        JsonNode revokedEvent = auditOf(othersId).get(1);
        assertThat(revokedEvent.path("action").asText()).isEqualTo("token.revoked");
        assertThat(revokedEvent.path("actor").asText()).isEqualTo("admin");
        assertThat(revokedEvent.path("summary").asText()).contains("of " + other, "revoked by admin");

        // a token may list its owner's tokens and revoke them, itself included
        assertThat(bearer(token).get("/api/tokens").expect(200).json().findValuesAsText("id")).contains(id);
        bearer(token).delete("/api/tokens/" + id).expect(204);
        bearer(token).get("/api/me").expect(401);
    }

    @Test
    void shouldCapADirectoryOwnersTokenByTheRolesOfTheirLastLogin() {
        String mappingId = admin().post("/api/role-mappings", Map.of("group", "Provisioning-Auditors", "roles", List.of("AUDITOR")))
                .expect(201).json().path("id").asText();
        String token;
        try {
            JsonNode created = as("ldap-dave", "Dave-Passw0rd!").post("/api/tokens", request("dave's export", List.of("AUDITOR")))
                    .expect(201).json();
            assertThat(created.path("ownerSource").asText()).isEqualTo("corp-ldap");
            token = created.path("token").asText();
            assertThat(roles(bearer(token).get("/api/me").expect(200))).containsExactly("AUDITOR");
            bearer(token).get("/api/audit?size=1").expect(200);
        } finally {
            admin().delete("/api/role-mappings/" + mappingId).expect(204);
        }
        // the directory is not asked at each use: until dave logs in again, the roles of his last login cap the token
        bearer(token).get("/api/audit?size=1").expect(200);
        assertThat(as("ldap-dave", "Dave-Passw0rd!").get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("NO_MAPPED_GROUP");
        assertThat(bearer(token).get("/api/audit?size=1").expect(401).json().path("reason").asText()).isEqualTo("NO_ROLES");
    }

    @Test
    void shouldAcceptTokensForPrometheusButNeverForTheEngineRestApi() {
        String owner = user("AUDITOR");
        String token = create(owner, "scraper", List.of("AUDITOR")).path("token").asText();
        Http.Response metrics = bearer(token).get("/actuator/prometheus").expect(200);
        assertThat(metrics.body()).contains("bootwarden_api_tokens_refused_total");
        bearer(token).get("/engine-rest/engine").expect(401);
        String adminToken = create("admin", ADMIN_PASSWORD, "engine?", List.of("ADMIN")).path("token").asText();
        bearer(adminToken).get("/engine-rest/engine").expect(401);
        admin().get("/engine-rest/engine").expect(200);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String user(String rolesCsv) {
        String name = "tok-" + next();
        createUser(name, PASSWORD, rolesCsv);
        return name;
    }

    private Http bearer(String token) {
        return anonymous().withHeader("Authorization", "Bearer " + token);
    }

    private JsonNode create(String owner, String name, List<String> roles) {
        return create(owner, PASSWORD, name, roles);
    }

    private JsonNode create(String owner, String password, String name, List<String> roles) {
        return as(owner, password).post("/api/tokens", request(name, roles)).expect(201).json();
    }

    private static Map<String, Object> request(String name, List<String> roles) {
        Map<String, Object> r = new HashMap<>();
        r.put("name", name);
        r.put("roles", new ArrayList<>(roles));
        return r;
    }

    private Long lastUsed(String id) {
        return jdbc.sql("select last_used_at from api_token where id = ?").param(id).query((rs, n) -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }).list().get(0);
    }

    private static List<String> roles(Http.Response me) {
        List<String> roles = new ArrayList<>();
        me.json().path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode t : list) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("token " + id + " not in " + list);
    }
}
