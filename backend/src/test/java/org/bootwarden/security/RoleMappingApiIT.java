package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Admins keep directory group -> role mappings; every change is audited with before and after. */
class RoleMappingApiIT extends IntegrationTest {

    @Test
    void shouldCreateReadChangeAndDeleteAMappingWithAnAuditTrail() {
        String group = "CN=Ops-" + next() + ",OU=Groups,DC=corp,DC=example,DC=test";
        JsonNode created = admin().post("/api/role-mappings", mapping(group, List.of("operator", "REQUESTER"), null)).expect(201).json();
        String id = created.path("id").asText();
        assertThat(created.path("roles")).extracting(JsonNode::asText).containsExactly("OPERATOR", "REQUESTER");
        assertThat(created.path("source").asText()).isEqualTo("*");
        assertThat(created.path("origin").asText()).isEqualTo("api");
        assertThat(admin().get("/api/role-mappings/" + id).expect(200).json().path("group").asText()).isEqualTo(group);
        assertThat(admin().get("/api/role-mappings").expect(200).json().findValuesAsText("id")).contains(id, "config-1");

        JsonNode changed = admin().put("/api/role-mappings/" + id, mapping(group, List.of("APPROVER"), "corp-ldap")).expect(200).json();
        assertThat(changed.path("roles")).extracting(JsonNode::asText).containsExactly("APPROVER");
        assertThat(changed.path("source").asText()).isEqualTo("corp-ldap");
        admin().delete("/api/role-mappings/" + id).expect(204);
        admin().get("/api/role-mappings/" + id).expect(404);

        List<JsonNode> audit = auditOf(id);
        assertThat(audit).extracting(e -> e.path("action").asText())
                .containsExactly("role-mapping.created", "role-mapping.updated", "role-mapping.deleted");
        JsonNode update = audit.get(1);
        assertThat(update.path("actor").asText()).isEqualTo("admin");
        assertThat(update.path("before").path("roles")).extracting(JsonNode::asText).containsExactly("OPERATOR", "REQUESTER");
        assertThat(update.path("after").path("roles")).extracting(JsonNode::asText).containsExactly("APPROVER");
        assertThat(audit.get(2).path("before").path("group").asText()).isEqualTo(group);
    }

    @Test
    void shouldValidateEveryField() {
        assertThat(admin().post("/api/role-mappings", mapping("", List.of(), "no-such-source")).expect(400).errorFields())
                .containsExactlyInAnyOrder("group", "roles", "source");
        assertThat(admin().post("/api/role-mappings", mapping("CN=Ops,,=x", List.of("OPERATOR"), null)).expect(400).errorFields())
                .containsExactly("group");
        assertThat(admin().post("/api/role-mappings", mapping("Ops-" + next(), List.of("WORKER"), null)).expect(400).json()
                .path("detail").asText()).contains("WORKER");
        assertThat(admin().post("/api/role-mappings", mapping("Ops-" + next(), List.of("KING"), null)).expect(400).errorFields())
                .containsExactly("roles");
        // the local source has no groups
        assertThat(admin().post("/api/role-mappings", mapping("Ops-" + next(), List.of("OPERATOR"), "local")).expect(400).errorFields())
                .containsExactly("source");
        admin().post("/api/role-mappings", "{\"group\": ").expect(400);
    }

    @Test
    void shouldRefuseTheSameGroupTwiceForTheSameSource() {
        String name = "Team-" + next();
        admin().post("/api/role-mappings", mapping(name, List.of("EDITOR"), "corp-ldap")).expect(201);

        assertThat(admin().post("/api/role-mappings", mapping(name.toUpperCase(), List.of("AUDITOR"), "corp-ldap")).expect(409)
                .errorFields()).containsExactly("group");
        // another source (every directory) is another mapping
        admin().post("/api/role-mappings", mapping(name, List.of("AUDITOR"), "*")).expect(201);
        String dn = "cn=" + name + ",ou=groups,dc=corp,dc=example,dc=test";
        admin().post("/api/role-mappings", mapping(dn, List.of("EDITOR"), null)).expect(201);
        admin().post("/api/role-mappings", mapping("CN=" + name + ", OU=Groups, DC=corp, DC=example, DC=test", List.of("EDITOR"), null))
                .expect(409);
    }

    @Test
    void shouldKeepConfiguredMappingsReadOnly() {
        JsonNode configured = admin().get("/api/role-mappings/config-2").expect(200).json();
        assertThat(configured.path("origin").asText()).isEqualTo("configuration");
        assertThat(configured.path("group").asText()).isEqualTo("provisioning-operators");

        assertThat(admin().put("/api/role-mappings/config-2", mapping("x", List.of("ADMIN"), null)).expect(409).json().path("detail")
                .asText()).contains("settings");
        admin().delete("/api/role-mappings/config-2").expect(409);
    }

    @Test
    void shouldBeForAdminsOnly() {
        String name = "auditor-" + next();
        createUser(name, "pw", "AUDITOR,EDITOR,OPERATOR,APPROVER,REQUESTER");
        as(name, "pw").get("/api/role-mappings").expect(403);
        as(name, "pw").post("/api/role-mappings", mapping("x", List.of("ADMIN"), null)).expect(403);
        anonymous().get("/api/role-mappings").expect(401);
    }

    private static Map<String, Object> mapping(String group, List<String> roles, String source) {
        Map<String, Object> m = new HashMap<>();
        m.put("group", group);
        m.put("roles", roles);
        m.put("source", source);
        return m;
    }
}
