package org.bootwarden.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Profile secrets through the API and at the boot endpoint: stored encrypted (the raw column holds
 * no plaintext), never returned, never audited, placeholders in previews, and rendered only into
 * the answer file of an INSTALLING host asked for with its token.
 */
class ProfileSecretsIT extends IntegrationTest {

    private static final String JOIN_PASSWORD = "Join-Pa55word-of-the-domain";

    private static Map<String, Object> profileWithSecrets(String name) {
        Map<String, Object> p = armableProfile(name, 3);
        p.put("answerTemplate", """
                # preseed for {{hostname}}
                d-i passwd/user-password-crypted password {{secrets.adminPasswordHash}}
                d-i preseed/late_command string echo {{secrets.joinPassword}} > /target/root/join
                """);
        p.put("variables", new LinkedHashMap<>(Map.of("extra", "none")));
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("adminPasswordHash", PASSWORD_HASH);
        secrets.put("joinPassword", JOIN_PASSWORD);
        p.put("secrets", secrets);
        return p;
    }

    private Map<String, String> rawSecrets(String profile) throws Exception {
        String column = jdbc.sql("select secrets from os_profile where name = ?").param(profile).query(String.class).single();
        assertThat(column).doesNotContain(JOIN_PASSWORD).doesNotContain("bwtestsalt").doesNotContain("ACK7lleA");
        Map<String, String> out = new HashMap<>();
        new ObjectMapper().readTree(column).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asText()));
        return out;
    }

    @Test
    void shouldStoreSecretsEncryptedAndNeverGiveThemBack() throws Exception {
        String name = "it-secrets-" + next();
        Http.Response created = admin().post("/api/profiles", profileWithSecrets(name)).expect(201);

        assertThat(created.body()).doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH);
        assertThat(created.json().path("secrets").path("joinPassword").path("set").asBoolean()).isTrue();
        assertThat(created.json().path("secrets").path("adminPasswordHash").path("set").asBoolean()).isTrue();
        assertThat(admin().get("/api/profiles/" + name).expect(200).body()).doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH);
        // (other tests' profiles keep the same hash in a plain variable: only this profile's entry counts)
        for (JsonNode listed : admin().get("/api/profiles").expect(200).json()) {
            if (listed.path("name").asText().equals(name)) {
                assertThat(listed.toString()).doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH);
            }
        }

        Map<String, String> raw = rawSecrets(name);
        assertThat(raw).containsOnlyKeys("adminPasswordHash", "joinPassword");
        assertThat(raw.values()).allSatisfy(v -> assertThat(v).matches("v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+"));

        String audit = admin().get("/api/audit?targetId=" + name + "&size=50").expect(200).body();
        assertThat(audit).doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH).doesNotContain(raw.get("joinPassword"))
                .contains("secrets set: adminPasswordHash, joinPassword");
        assertThat(admin().get("/api/audit/export?format=json&targetId=" + name).expect(200).body()).doesNotContain(JOIN_PASSWORD);

        // a preview shows where the secrets go, not what they are
        String hostId = createHost(newHost(name));
        String preview = admin().get("/api/profiles/" + name + "/preview?host=" + hostId + "&file=answer").expect(200).body();
        assertThat(preview).contains("password (secret adminPasswordHash)").contains("echo (secret joinPassword) >")
                .doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH);
    }

    @Test
    void shouldRenderSecretsOnlyIntoTheAnswerFileOfAnInstallingHostWithItsToken() throws Exception {
        String name = "it-secrets-" + next();
        admin().post("/api/profiles", profileWithSecrets(name)).expect(201);
        String hostId = createHost(newHost(name));
        String token = token(hostId);

        assertThat(anonymous().get("/boot/" + hostId + "/" + token + "/answer").expect(409).body()).doesNotContain(JOIN_PASSWORD);
        arm(hostId).expect(200);
        String installer = boot(hostId, token).expect(200).body();
        assertThat(installer).contains("kernel --name kernel").doesNotContain(JOIN_PASSWORD).doesNotContain(PASSWORD_HASH);

        String wrongToken = token.substring(0, 31) + (token.charAt(31) == 'A' ? 'B' : 'A');
        assertThat(anonymous().get("/boot/" + hostId + "/" + wrongToken + "/answer").expect(403).body()).doesNotContain(JOIN_PASSWORD);
        String answer = anonymous().get("/boot/" + hostId + "/" + token + "/answer").expect(200).body();
        assertThat(answer).contains("d-i passwd/user-password-crypted password " + PASSWORD_HASH + "\n")
                .contains("echo " + JOIN_PASSWORD + " > /target/root/join");
        assertThat(auditOf(hostId).stream().map(JsonNode::toString)).noneMatch(e -> e.contains(JOIN_PASSWORD));
    }

    @Test
    void shouldSetReplaceKeepClearAndRemoveSecretsByName() throws Exception {
        String name = "it-secrets-" + next();
        admin().post("/api/profiles", profileWithSecrets(name)).expect(201);
        Map<String, String> first = rawSecrets(name);

        // what a GET returned goes back unchanged: everything kept; one replaced
        Map<String, Object> change = profileWithSecrets(name);
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("adminPasswordHash", Map.of("set", true));
        secrets.put("joinPassword", "a-new-join-password");
        change.put("secrets", secrets);
        change.put("version", 1);
        JsonNode updated = admin().put("/api/profiles/" + name, change).expect(200).json();
        Map<String, String> second = rawSecrets(name);
        assertThat(second.get("adminPasswordHash")).isEqualTo(first.get("adminPasswordHash"));
        assertThat(second.get("joinPassword")).isNotEqualTo(first.get("joinPassword"));
        assertThat(admin().get("/api/audit?targetId=" + name + "&size=50").expect(200).body()).contains("secrets set: joinPassword")
                .doesNotContain("a-new-join-password");

        // no "secrets" at all: as they were
        change.remove("secrets");
        change.put("version", updated.path("version").asInt());
        updated = admin().put("/api/profiles/" + name, change).expect(200).json();
        assertThat(rawSecrets(name)).isEqualTo(second);

        // null keeps, a left-out name is removed
        secrets = new LinkedHashMap<>();
        secrets.put("adminPasswordHash", null);
        change.put("secrets", secrets);
        change.put("answerTemplate", "d-i passwd/user-password-crypted password {{secrets.adminPasswordHash}}\n");
        change.put("version", updated.path("version").asInt());
        updated = admin().put("/api/profiles/" + name, change).expect(200).json();
        assertThat(updated.path("secrets").size()).isOne();
        assertThat(rawSecrets(name)).containsOnlyKeys("adminPasswordHash").containsEntry("adminPasswordHash", first.get("adminPasswordHash"));

        // "" keeps the name without a value: hosts cannot be armed with the profile then
        change.put("secrets", Map.of("adminPasswordHash", ""));
        change.put("version", updated.path("version").asInt());
        updated = admin().put("/api/profiles/" + name, change).expect(200).json();
        assertThat(updated.path("secrets").path("adminPasswordHash").path("set").asBoolean(true)).isFalse();
        assertThat(rawSecrets(name)).containsEntry("adminPasswordHash", null);
        String hostId = createHost(newHost(name));
        assertThat(arm(hostId).expect(409).json().path("detail").asText()).contains("secrets without a value: adminPasswordHash");
    }

    @Test
    void shouldRefuseSecretsThatCannotGoIntoAnAnswerFileWithoutRepeatingThem() {
        String name = "it-secrets-" + next();
        Map<String, Object> p = profileWithSecrets(name);
        p.put("secrets", Map.of("joinPassword", "line one\nd-i preseed/late_command string reboot", "bad name", "x",
                "quoted", "say \"hi\""));

        Http.Response r = admin().post("/api/profiles", p).expect(400);

        assertThat(r.errorFields()).containsExactlyInAnyOrder("secrets.joinPassword", "secrets", "secrets.quoted");
        assertThat(r.body()).doesNotContain("line one").doesNotContain("late_command").doesNotContain("say");
        p.put("secrets", Map.of("joinPassword", 42));
        assertThat(admin().post("/api/profiles", p).expect(400).errorFields()).containsExactly("secrets.joinPassword");
        admin().get("/api/profiles/" + name).expect(404);
    }
}
