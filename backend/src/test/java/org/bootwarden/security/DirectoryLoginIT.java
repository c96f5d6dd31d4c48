package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Logins against the shared context's sources: local, a directory that is down, and the
 * in-memory generic LDAP directory {@code corp-ldap} (search, then bind). Groups map to roles by
 * DN (Editors), by name (Operators) and for one source only (Approvers); Auditors is unmapped.
 */
class DirectoryLoginIT extends IntegrationTest {

    @Test
    void shouldGiveDirectoryUsersTheRolesOfTheirMappedGroups() {
        JsonNode alice = as("ldap-alice", "Alice-Passw0rd!").get("/api/me").expect(200).json();
        assertThat(alice.path("username").asText()).isEqualTo("ldap-alice");
        assertThat(alice.path("source").asText()).isEqualTo("corp-ldap");
        assertThat(alice.path("displayName").asText()).isEqualTo("Alice Editor");
        // Editors by DN (written with other case and spaces), Operators by name
        assertThat(alice.path("roles")).extracting(JsonNode::asText).containsExactly("EDITOR", "OPERATOR", "REQUESTER");
        assertThat(as("ldap-carol", "Carol-Passw0rd!").get("/api/me").expect(200).json().path("roles")).extracting(JsonNode::asText)
                .containsExactly("APPROVER");
        // the roles work: an operator may arm, nobody else from the directory may read users
        as("ldap-bob", "Bob-Passw0rd!").get("/api/users").expect(403);
        String id = createHost(newHost(createArmableProfile(3)));
        as("ldap-bob", "Bob-Passw0rd!").post("/api/hosts/" + id + "/arm", Map.of("reason", "directory operator")).expect(200);
        assertThat(admin().get("/api/audit?actor=ldap-bob").expect(200).json().path("totalItems").asLong())
                .as("bob's emergency ticket is audited under his directory name").isPositive();
    }

    @Test
    void shouldRefuseADirectoryUserInNoMappedGroupAndSayWhy() {
        Http.Response r = as("ldap-erin", "Erin-Passw0rd!").get("/api/me").expect(401);
        assertThat(r.json().path("reason").asText()).isEqualTo("NO_MAPPED_GROUP");
        assertThat(r.json().path("detail").asText()).contains("no directory group that gives a Bootwarden role");

        JsonNode failed = auditOf("ldap-erin").stream().filter(e -> e.path("action").asText().equals("user.login-failed")).findFirst()
                .orElseThrow();
        assertThat(failed.path("summary").asText()).contains("corp-ldap").contains("no directory group");
        assertThat(failed.path("after").path("reason").asText()).isEqualTo("NO_MAPPED_GROUP");
    }

    @Test
    void shouldNotTellAWrongPasswordFromAnUnknownUser() {
        Http.Response wrong = as("ldap-alice", "not-her-password").get("/api/me").expect(401);
        Http.Response unknown = as("nobody-" + next(), "whatever-password").get("/api/me").expect(401);

        assertThat(wrong.json().path("reason").asText()).isEqualTo(unknown.json().path("reason").asText()).isIn("BAD_CREDENTIALS",
                "DIRECTORY_UNAVAILABLE");
        assertThat(wrong.json().path("detail").asText()).isEqualTo(unknown.json().path("detail").asText());
    }

    @Test
    void shouldGiveRolesFromAMappingAnAdminAddsAndTakeThemAway() {
        as("ldap-dave", "Dave-Passw0rd!").get("/api/me").expect(401);

        String id = admin().post("/api/role-mappings", Map.of("group", "Provisioning-Auditors", "roles", List.of("AUDITOR"),
                "source", "corp-ldap")).expect(201).json().path("id").asText();
        assertThat(as("ldap-dave", "Dave-Passw0rd!").get("/api/me").expect(200).json().path("roles")).extracting(JsonNode::asText)
                .containsExactly("AUDITOR");
        as("ldap-dave", "Dave-Passw0rd!").get("/api/audit").expect(200);

        admin().delete("/api/role-mappings/" + id).expect(204);
        assertThat(as("ldap-dave", "Dave-Passw0rd!").get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("NO_MAPPED_GROUP");
    }

    @Test
    void shouldLetLocalUsersInWhileADirectoryIsDown() {
        // down-ldap (nothing listens on its port) comes before corp-ldap: local and directory logins both go on
        String name = "local-" + next();
        createUser(name, "pw", "AUDITOR");
        assertThat(as(name, "pw").get("/api/me").expect(200).json().path("source").asText()).isEqualTo("local");
        as("ldap-alice", "Alice-Passw0rd!").get("/api/me").expect(200);
    }

    @Test
    void shouldNeverPassAnEmptyPasswordToADirectory() {
        // an LDAP simple bind with an empty password is an anonymous bind, which "succeeds"
        assertThat(as("ldap-alice", "").get("/api/me").expect(401).json().path("reason").asText()).isEqualTo("BAD_CREDENTIALS");
    }
}
