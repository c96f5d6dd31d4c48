package org.bootwarden.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ProfileApiIT extends IntegrationTest {

    @Test
    void shouldSeedTheExampleProfilesWithTheirPasswordsUnset() {
        JsonNode list = admin().get("/api/profiles").expect(200).json();

        assertThat(list).extracting(p -> p.path("name").asText()).contains("custom-ipxe", "debian-12", "rocky-9", "ubuntu-24.04");
        JsonNode debian = admin().get("/api/profiles/debian-12").expect(200).json();
        assertThat(debian.path("kind").asText()).isEqualTo("debian-preseed");
        assertThat(debian.path("variables").has("adminPasswordHash")).isFalse();
        assertThat(debian.path("secrets").path("adminPasswordHash").path("set").asBoolean(true)).isFalse();
        assertThat(debian.path("answerTemplate").asText()).contains("password {{secrets.adminPasswordHash}}");
        assertThat(debian.path("answerTemplate").asText()).contains("d-i netcfg/get_ipaddress string {{ip}}");
        assertThat(debian.path("maxInstallBoots").asInt()).isEqualTo(3);
    }

    @Test
    void shouldCreateReadUpdateAndDeleteAProfile() {
        String name = "it-crud-" + next();

        Http.Response created = admin().post("/api/profiles", armableProfile(name, 2)).expect(201);
        assertThat(created.header("Location")).contains("/api/profiles/" + name);
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(admin().get("/api/profiles/" + name).expect(200).json().path("maxInstallBoots").asInt()).isEqualTo(2);

        Map<String, Object> change = armableProfile(name, 5);
        change.put("version", 1);
        JsonNode updated = admin().put("/api/profiles/" + name, change).expect(200).json();
        assertThat(updated.path("version").asInt()).isEqualTo(2);
        assertThat(updated.path("maxInstallBoots").asInt()).isEqualTo(5);

        Http.Response stale = admin().put("/api/profiles/" + name, change).expect(409);
        assertThat(stale.json().path("detail").asText()).contains("since version 1");

        admin().delete("/api/profiles/" + name).expect(204);
        admin().get("/api/profiles/" + name).expect(404);
    }

    @Test
    void shouldRefuseATemplateSyntaxErrorNamingTheField() {
        Map<String, Object> p = armableProfile("it-syntax-" + next(), 3);
        p.put("answerTemplate", "d-i x string {{#hasVlan}}never closed\n");
        p.put("kernelArgs", "url={{answerUrl}} {{/hasVlan}}");

        Http.Response r = admin().post("/api/profiles", p).expect(400);

        assertThat(r.errorFields()).containsExactlyInAnyOrder("answerTemplate", "kernelArgs");
        assertThat(r.json().path("errors").get(0).path("message").asText()).startsWith("template error: ");
        admin().get("/api/profiles/" + p.get("name")).expect(404);
    }

    @Test
    void shouldRefuseInvalidFieldsNamingEach() {
        Map<String, Object> p = armableProfile("Bad Name", 0);
        p.put("kind", "windows");
        p.put("kernelUrl", "ftp://mirror.example/linux");
        p.put("ipxeScript", "echo no shebang");
        p.put("variables", Map.of("ok", "x", "bad", "two\nlines"));

        Http.Response r = admin().post("/api/profiles", p).expect(400);

        assertThat(r.errorFields()).contains("name", "kind", "kernelUrl", "ipxeScript", "variables.bad", "maxInstallBoots");
    }

    @Test
    void shouldRefuseADuplicateNameAndARename() {
        String name = createArmableProfile(3);

        assertThat(admin().post("/api/profiles", armableProfile(name, 3)).expect(409).errorFields()).containsExactly("name");
        Map<String, Object> rename = armableProfile(name + "-renamed", 3);
        rename.put("version", 1);
        assertThat(admin().put("/api/profiles/" + name, rename).expect(400).errorFields()).containsExactly("name");
    }

    @Test
    void shouldRefuseToDeleteAProfileInUse() {
        String name = createArmableProfile(3);
        String hostId = createHost(newHost(name));

        Http.Response r = admin().delete("/api/profiles/" + name).expect(409);

        assertThat(r.errorFields()).containsExactly("name");
        assertThat(r.json().path("detail").asText()).contains("used by 1 host(s)");
        admin().get("/api/profiles/" + name).expect(200);

        admin().delete("/api/hosts/" + hostId).expect(204);
        admin().delete("/api/profiles/" + name).expect(204);
    }

    @Test
    void shouldKeepTheVariablesWhenAnUpdateLeavesThemOut() {
        String name = createArmableProfile(3);
        Map<String, Object> change = armableProfile(name, 3);
        change.remove("variables");
        change.put("description", "changed without variables");
        change.put("version", 1);

        JsonNode updated = admin().put("/api/profiles/" + name, change).expect(200).json();

        assertThat(updated.path("variables").path("adminPasswordHash").asText()).isEqualTo(PASSWORD_HASH);
        assertThat(updated.path("description").asText()).isEqualTo("changed without variables");
    }

    @Test
    void shouldPreviewTheInstallerOfAProfileForAHost() {
        String name = createArmableProfile(3);
        Map<String, Object> h = newHost(name);
        String hostId = createHost(h);

        String script = admin().get("/api/profiles/" + name + "/preview?host=" + hostId).expect(200).body();
        String answer = admin().get("/api/profiles/" + name + "/preview?host=" + hostId + "&file=answer").expect(200).body();

        assertThat(script).startsWith("#!ipxe\n").contains("netcfg/get_ipaddress=" + h.get("ip"))
                .contains(FIRST_PUBLIC_URL + "/boot/" + hostId + "/PREVIEW-TOKEN-NOT-VALID-FOR-BOOT/answer");
        assertThat(answer).contains("d-i netcfg/get_ipaddress string " + h.get("ip"));
        assertThat(admin().get("/api/profiles/" + name + "/preview?host=" + hostId + "&file=other").expect(400).errorFields())
                .containsExactly("file");
        assertThat(List.of(script, answer)).noneMatch(s -> s.contains(token(hostId)));
    }
}
