package org.bootwarden.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.TestDirectory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/settings} over HTTP against the shared test server, which has an admin
 * password, a token secret and a directory bind password configured: none of them may appear.
 */
class SettingsApiIT extends IntegrationTest {

    private JsonNode item(JsonNode settings, String id) {
        for (JsonNode group : settings.path("groups")) {
            for (JsonNode item : group.path("items")) {
                if (item.path("id").asText().equals(id)) {
                    return item;
                }
            }
        }
        throw new AssertionError("no settings item " + id + " in " + settings);
    }

    /** Every value in the answer, lists flattened. */
    private static List<String> values(JsonNode settings) {
        List<String> values = new ArrayList<>();
        settings.path("groups").forEach(g -> g.path("items").forEach(i -> {
            if (i.path("value").isArray()) {
                i.path("value").forEach(v -> values.add(v.asText()));
            } else {
                values.add(i.path("value").asText());
            }
        }));
        return values;
    }

    @Test
    void shouldShowTheEffectiveSettingsAndWhereTheyAreSetButNoSecret() {
        var response = admin().get("/api/settings").expect(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        String body = response.body();
        JsonNode settings = response.json();

        assertThat(body).doesNotContain(ADMIN_PASSWORD).doesNotContain(TOKEN_SECRET);
        assertThat(values(settings)).noneMatch(v -> v.contains(TestDirectory.ADMIN_PASSWORD));
        assertThat(item(settings, "bootwarden.admin-password").path("value").asText()).isEqualTo("set (not shown)");
        assertThat(item(settings, "bootwarden.token-secret").path("secret").asBoolean()).isTrue();
        assertThat(item(settings, "bootwarden.auth.sources[2].bind-password").path("value").asText()).isEqualTo("set (not shown)");

        JsonNode urls = item(settings, "bootwarden.public-urls");
        assertThat(urls.path("value")).extracting(JsonNode::asText).containsExactly(FIRST_PUBLIC_URL, SECOND_PUBLIC_URL);
        assertThat(urls.path("env").asText()).isEqualTo("BOOTWARDEN_PUBLIC_URL");
        // the tests set it through Spring's test properties, not the environment
        assertThat(urls.path("source").asText()).isEqualTo("configuration");
        assertThat(item(settings, "bootwarden.data-dir").path("value").asText()).isEqualTo(dataDir().toAbsolutePath().normalize().toString());

        JsonNode directory = item(settings, "bootwarden.auth.sources[2].urls");
        assertThat(directory.path("value")).extracting(JsonNode::asText).containsExactly(DIRECTORY.url());
        assertThat(directory.path("env").asText()).isEqualTo("BOOTWARDEN_AUTH_SOURCES_2_URLS");
        assertThat(item(settings, "bootwarden.auth.sources[2].base-dn").path("value").asText()).isEqualTo(TestDirectory.BASE);
        assertThat(settings.path("groups").findValuesAsText("title")).contains("Login source 1: local", "Login source 2: down-ldap",
                "Login source 3: corp-ldap");
        assertThat(item(settings, "bootwarden.auth.role-mappings").path("value").asText()).isEqualTo("3");

        String product = item(settings, "detected.database-product").path("value").asText();
        assertThat(product).matches("(H2|MariaDB|MySQL|PostgreSQL) .+");
        assertThat(item(settings, "spring.datasource.url").path("value").asText()).startsWith("jdbc:").doesNotContain("password=");
        assertThat(item(settings, "bootwarden.tickets.install-timeout").path("value").asText()).isEqualTo("PT2H");
        assertThat(item(settings, "server.servlet.session.timeout").path("value").asText()).isEqualTo("PT30M");
        assertThat(item(settings, "server.port").path("value").asText()).isEqualTo(String.valueOf(port));
        assertThat(item(settings, "detected.ipxe-binary.ipxe.lkrn").path("value").asText()).startsWith("present, ");
        assertThat(item(settings, "detected.version").path("value").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(item(settings, "detected.camunda").path("value").asText()).startsWith("7.");
    }

    @Test
    void shouldBeForAdminsOnly() {
        String name = "settings-op-" + next();
        createUser(name, "settings-password-1", "OPERATOR");
        as(name, "settings-password-1").get("/api/settings").expect(403);
        anonymous().get("/api/settings").expect(401);
    }
}
