package org.bootwarden.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * The key of the profile secrets, as an operator meets it: a server started with another key than
 * the one the secrets were written with stops with a message naming both keys, instead of serving
 * garbage; with the new key and the old one as a previous key it starts, and the secrets are
 * re-encrypted with the new one. Servers of their own on an H2 file database.
 */
class ProfileSecretsKeyIT {

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static StandaloneApp start(Path dataDir, String... settings) {
        return StandaloneApp.start(dataDir, "jdbc:h2:file:" + dataDir.resolve("db/bootwarden") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "",
                settings);
    }

    @Test
    void shouldRefuseToStartWithAnotherKeyAndReencryptAfterARotation() throws Exception {
        Path dataDir = Files.createTempDirectory("bootwarden-secrets-key-");
        String oldKey = newKey();
        String newKey = newKey();
        String oldId = SecretCipher.idOf(Base64.getDecoder().decode(oldKey));
        String newId = SecretCipher.idOf(Base64.getDecoder().decode(newKey));
        try {
            try (StandaloneApp app = start(dataDir, "--bootwarden.secrets.key=" + oldKey)) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", "keyed");
                p.put("description", "a profile with a secret");
                p.put("kind", "debian-preseed");
                p.put("kernelUrl", "http://mirror.example/linux");
                p.put("answerTemplate", "d-i passwd/root-password-crypted password {{secrets.rootPasswordHash}}\n");
                p.put("secrets", Map.of("rootPasswordHash", "$6$keyed$value"));
                app.admin().post("/api/profiles", p).expect(201);
                assertThat(storedKeyIds(app)).containsExactly(oldId);
            }

            assertThatThrownBy(() -> start(dataDir, "--bootwarden.secrets.key=" + newKey).close())
                    .rootCause().hasMessageContaining("kept with key " + oldId)
                    .hasMessageContaining("this server's BOOTWARDEN_SECRETS_KEY is key " + newId)
                    .hasMessageContaining("BOOTWARDEN_SECRETS_PREVIOUS_KEYS");

            try (StandaloneApp app = start(dataDir, "--bootwarden.secrets.key=" + newKey,
                    "--bootwarden.secrets.previous-keys=" + oldKey)) {
                assertThat(storedKeyIds(app)).containsExactly(newId);
                ProfileService profiles = app.context().getBean(ProfileService.class);
                assertThat(profiles.secretValues(profiles.get("keyed"))).containsEntry("rootPasswordHash", "$6$keyed$value");
                assertThat(app.admin().get("/api/audit?targetId=keyed&size=50").expect(200).body())
                        .contains("profile.secrets-reencrypted").doesNotContain("$6$keyed$value");
            }

            // the rotation is done: the new key alone is enough now
            try (StandaloneApp app = start(dataDir, "--bootwarden.secrets.key=" + newKey)) {
                assertThat(storedKeyIds(app)).containsExactly(newId);
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static List<String> storedKeyIds(StandaloneApp app) {
        JdbcClient jdbc = app.context().getBean(JdbcClient.class);
        String column = jdbc.sql("select secrets from os_profile where name = 'keyed'").query(String.class).single();
        assertThat(column).doesNotContain("$6$keyed$value");
        return java.util.regex.Pattern.compile("v1:([0-9a-f]{12}):").matcher(column).results().map(m -> m.group(1)).toList();
    }
}
