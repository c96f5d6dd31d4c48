package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Admins keep local users; the new users can log in with exactly their roles. */
class UserApiIT extends IntegrationTest {

    @Test
    void shouldCreateAUserWhoLogsInWithTheirRoles() {
        String name = "approver-" + next();
        JsonNode created = admin().post("/api/users", user(name, "correct horse battery", List.of("approver"))).expect(201).json();
        assertThat(created.path("roles")).extracting(JsonNode::asText).containsExactly("APPROVER");
        assertThat(created.has("password")).isFalse();
        assertThat(created.has("passwordHash")).isFalse();

        JsonNode me = as(name, "correct horse battery").get("/api/me").expect(200).json();
        assertThat(me.path("roles")).extracting(JsonNode::asText).containsExactly("APPROVER");
        as(name, "correct horse battery").get("/api/users").expect(403);
        assertThat(admin().get("/api/users").expect(200).json().findValuesAsText("username")).contains(name, "admin");
        assertThat(auditActionsOf(name)).contains("user.created");
    }

    @Test
    void shouldValidateEveryFieldAndRefuseDuplicates() {
        var bad = admin().post("/api/users", user("Bad Name!", "short", List.of("KING"))).expect(400);
        assertThat(bad.errorFields()).containsExactlyInAnyOrder("username", "password", "roles");
        assertThat(admin().post("/api/users", user("w-" + next(), "long enough password", List.of("WORKER", "ADMIN"))).expect(400)
                .json().path("detail").asText()).contains("WORKER");
        String name = "dup-" + next();
        admin().post("/api/users", user(name, "long enough password", List.of("REQUESTER"))).expect(201);
        assertThat(admin().post("/api/users", user(name, "long enough password", List.of("REQUESTER"))).expect(409).errorFields())
                .containsExactly("username");
    }

    @Test
    void shouldChangeRolesDisableAndResetPasswords() {
        String name = "ops-" + next();
        admin().post("/api/users", user(name, "first password 1", List.of("OPERATOR"))).expect(201);

        admin().put("/api/users/" + name, Map.of("roles", List.of("OPERATOR", "AUDITOR"), "enabled", true)).expect(200);
        assertThat(as(name, "first password 1").get("/api/me").expect(200).json().path("roles")).extracting(JsonNode::asText)
                .containsExactly("AUDITOR", "OPERATOR");

        admin().post("/api/users/" + name + "/password", Map.of("password", "second password 2")).expect(204);
        as(name, "first password 1").get("/api/me").expect(401);
        as(name, "second password 2").get("/api/me").expect(200);
        assertThat(admin().post("/api/users/" + name + "/password", Map.of("password", "x")).expect(400).errorFields())
                .containsExactly("password");

        admin().put("/api/users/" + name, Map.of("roles", List.of("OPERATOR"), "enabled", false)).expect(200);
        as(name, "second password 2").get("/api/me").expect(401);
        assertThat(auditActionsOf(name)).containsSubsequence("user.created", "user.updated", "user.password-reset", "user.updated");
        admin().put("/api/users/nobody-" + next(), Map.of("roles", List.of("OPERATOR"))).expect(404);
    }

    @Test
    void shouldNotLetAnAdminLockThemselfOut() {
        assertThat(admin().put("/api/users/admin", Map.of("roles", List.of("AUDITOR"))).expect(409).errorFields())
                .containsExactly("roles");
        assertThat(admin().put("/api/users/admin", Map.of("roles", List.of("ADMIN"), "enabled", false)).expect(409).errorFields())
                .containsExactly("enabled");
        admin().get("/api/me").expect(200);
    }

    private static Map<String, Object> user(String name, String password, List<String> roles) {
        Map<String, Object> u = new HashMap<>();
        u.put("username", name);
        u.put("displayName", "IT " + name);
        u.put("password", password);
        u.put("roles", roles);
        return u;
    }
}
