package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;

/** The machine-facing endpoints, driven over HTTP as a booting machine and its installer would. */
class BootEndpointIT extends IntegrationTest {

    private static final String SOME_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void shouldTellAnUnknownHostWhyAndBootItsLocalDisk() {
        String unknown = UUID.randomUUID().toString();

        Http.Response r = boot(unknown, SOME_TOKEN).expect(200);

        assertLocalScript(r, "not known to Bootwarden");
        assertThat(auditActionsOf(unknown)).containsExactly("boot.unknown-host");
    }

    @Test
    void shouldRefuseAWrongTokenWithALocalBootThatSaysWhy() {
        String id = armedHost(3);
        String wrong = token(id).substring(0, 31) + (token(id).endsWith("A") ? "B" : "A");

        assertLocalScript(boot(id, wrong).expect(200), "boot token in this ISO is not valid");
        assertLocalScript(boot(id, "short").expect(200), "boot token in this ISO is not valid");

        assertThat(host(id).path("bootState").asText()).as("a bad token does not start the install").isEqualTo("ARMED");
        assertThat(auditActionsOf(id)).contains("boot.bad-token");
    }

    @Test
    void shouldStopAcceptingTheOldTokenOnceTheOperatorRotatesIt() {
        Map<String, Object> h = newHost(createArmableProfile(3));
        String id = createHost(h);
        String old = token(id);
        byte[] oldIso = admin().get("/api/hosts/" + id + "/iso").expect(200).bytes();

        JsonNode rotated = admin().post("/api/hosts/" + id + "/rotate-token", Map.of("reason", "ISO left on a shared drive"))
                .expect(200).json();

        String fresh = token(id);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(rotated.path("version").asInt()).isEqualTo(2);
        assertLocalScript(boot(id, old).expect(200), "boot token in this ISO is not valid");
        assertLocalScript(boot(id, fresh).expect(200), "boot state LOCAL");
        assertThat(admin().get("/api/hosts/" + id + "/iso").expect(200).bytes()).as("a new ISO carries the new token")
                .isNotEqualTo(oldIso);
        JsonNode event = auditOf(id).stream().filter(e -> e.path("action").asText().equals("host.token-rotated")).findFirst()
                .orElseThrow();
        assertThat(event.path("before").path("tokenVersion").asInt()).isEqualTo(1);
        assertThat(event.path("after").path("tokenVersion").asInt()).isEqualTo(2);
        assertThat(event.path("summary").asText()).contains("ISO left on a shared drive").doesNotContain(old).doesNotContain(fresh);

        arm(id).expect(200);
        boot(id, fresh).expect(200);
        assertThat(admin().post("/api/hosts/" + id + "/rotate-token", Map.of("reason", "now")).expect(409).errorFields())
                .as("the running installer uses the token").containsExactly("bootState");
        anonymous().get("/boot/" + id + "/" + old + "/answer").expect(403);
        anonymous().get("/boot/" + id + "/" + fresh + "/answer").expect(200);
        assertThat(admin().post("/api/hosts/" + id + "/rotate-token", Map.of()).expect(400).errorFields()).containsExactly("reason");
    }

    @Test
    void shouldNotAcceptTheTokenOfAnotherHost() {
        String a = createHost(newHost());
        String b = armedHost(3);

        assertLocalScript(boot(b, token(a)).expect(200), "boot token in this ISO is not valid");
        assertThat(host(b).path("bootState").asText()).isEqualTo("ARMED");
    }

    @Test
    void shouldBootALocalHostFromItsDisk() {
        String id = createHost(newHost());

        Http.Response r = boot(id, token(id)).expect(200);

        assertLocalScript(r, "boot state LOCAL");
        assertThat(r.body()).contains(host(id).path("hostname").asText());
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(auditActionsOf(id)).contains("boot.local");
    }

    @Test
    void shouldServeTheInstallerToTheNextBootOfAnArmedHostAndMarkItInstalling() {
        String id = armedHost(3);
        String token = token(id);

        Http.Response r = boot(id, token).expect(200);

        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).startsWith("#!ipxe\n").contains("kernel --name kernel http://mirror.example/debian/linux")
                .contains("url=" + FIRST_PUBLIC_URL + "/boot/" + id + "/" + token + "/answer")
                .contains("install boot 1 of at most 3");
        JsonNode host = host(id);
        assertThat(host.path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(host.path("installBoots").asInt()).isEqualTo(1);
        assertThat(host.path("lastInstallAt").isNull()).isFalse();
        assertThat(jdbc.sql("select boot_state from host where id = ?").param(id).query(String.class).single()).isEqualTo("INSTALLING");
    }

    @Test
    void shouldAnswerUnderTheServerBaseTheMachineUsedWhenItIsOneOfOurs() {
        String id = armedHost(3);
        String token = token(id);

        Http.Response r = anonymous().withHeader("X-Forwarded-Host", "boot.example:8080").withHeader("X-Forwarded-Proto", "http")
                .get("/boot/" + id + "/" + token + "/script?mac=52:54:00:00:00:01").expect(200);

        assertThat(r.body()).contains("url=" + SECOND_PUBLIC_URL + "/boot/" + id + "/" + token + "/answer")
                .doesNotContain(FIRST_PUBLIC_URL);
    }

    @Test
    void shouldAcceptTheMacUrlEncodedAndPlainAndRecordItNormalised() {
        String id = createHost(newHost());
        String token = token(id);

        boot(id, token, "mac=52%3A54%3A00%3AAB%3ACD%3AEF&platform=efi&arch=x86_64").expect(200);
        boot(id, token, "mac=52:54:00:ab:cd:01&platform=pcbios&arch=i386").expect(200);
        boot(id, token, "mac=5254.00ab.cd02").expect(200);
        boot(id, token, "mac=not-a-mac%0Aforged-line").expect(200);

        List<String> summaries = auditOf(id).stream().filter(e -> e.path("action").asText().equals("boot.local"))
                .map(e -> e.path("summary").asText()).toList();
        assertThat(summaries).hasSize(4);
        assertThat(summaries.get(0)).contains("mac 52:54:00:ab:cd:ef, platform efi/x86_64");
        assertThat(summaries.get(1)).contains("mac 52:54:00:ab:cd:01, platform pcbios/i386");
        assertThat(summaries.get(2)).contains("mac 52:54:00:ab:cd:02");
        assertThat(summaries.get(3)).contains("mac invalid").doesNotContain("forged");
    }

    @Test
    void shouldStartTheInstallWhenTheUrlEncodedMacBoots() {
        String id = armedHost(3);

        Http.Response r = boot(id, token(id), "mac=52%3A54%3A00%3A12%3A34%3A56&platform=efi&arch=x86_64").expect(200);

        assertThat(r.body()).contains("kernel --name kernel");
        assertThat(auditOf(id).stream().filter(e -> e.path("action").asText().equals("boot.install")).findFirst().orElseThrow()
                .path("summary").asText()).contains("mac 52:54:00:12:34:56, platform efi/x86_64");
    }

    @Test
    void shouldServeTheAnswerFileOnlyWithTheHostsTokenAndOnlyWhileInstalling() {
        Map<String, Object> h = newHost(createArmableProfile(3));
        String id = createHost(h);
        String token = token(id);
        String other = createHost(newHost());

        // LOCAL: the right token, but nothing is being installed
        Http.Response notInstalling = anonymous().get("/boot/" + id + "/" + token + "/answer").expect(409);
        assertThat(notInstalling.json().path("detail").asText()).contains("LOCAL").contains("only while it is INSTALLING");

        arm(id).expect(200);
        assertThat(anonymous().get("/boot/" + id + "/" + token + "/answer").expect(409).body()).contains("ARMED");
        boot(id, token).expect(200);

        for (String badToken : List.of(token(other), SOME_TOKEN, "x")) {
            Http.Response refused = anonymous().get("/boot/" + id + "/" + badToken + "/answer").expect(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).isEqualTo("unknown host or wrong token");
            assertThat(refused.body()).doesNotContain("d-i").doesNotContain((String) h.get("hostname"))
                    .doesNotContain((String) h.get("ip")).doesNotContain(PASSWORD_HASH);
        }
        anonymous().get("/boot/" + UUID.randomUUID() + "/" + token + "/answer").expect(403);

        Http.Response answer = anonymous().get("/boot/" + id + "/" + token + "/answer").expect(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(answer.body()).contains("d-i netcfg/get_ipaddress string " + h.get("ip"))
                .contains("d-i passwd/user-password-crypted password " + PASSWORD_HASH)
                .contains("wget -q -O /dev/null " + FIRST_PUBLIC_URL + "/boot/" + id + "/" + token + "/installed");
        assertThat(auditActionsOf(id)).contains("answer.refused", "answer.served");
    }

    @Test
    void shouldServeTheNocloudSeedOfAnAutoinstallProfile() {
        Map<String, Object> ubuntu = Map.of("name", "it-ubuntu-" + next(), "description", "ubuntu for the nocloud test",
                "kind", "ubuntu-autoinstall", "kernelUrl", "http://mirror.example/ubuntu/linux",
                "kernelArgs", "autoinstall ds=nocloud-net;s={{nocloudUrl}}",
                "answerTemplate", "#cloud-config\nautoinstall:\n  version: 1\n  identity:\n    hostname: \"{{shortHostname}}\"\n"
                        + "    password: \"{{vars.hash}}\"\n",
                "variables", Map.of("hash", PASSWORD_HASH));
        admin().post("/api/profiles", ubuntu).expect(201);
        Map<String, Object> h = newHost((String) ubuntu.get("name"));
        String id = createHost(h);
        String token = token(id);
        arm(id).expect(200);
        String installer = boot(id, token).expect(200).body();
        String prefix = "/boot/" + id + "/" + token + "/nocloud/";
        assertThat(installer).contains("ds=nocloud-net;s=" + FIRST_PUBLIC_URL + prefix);

        Map<String, Object> userData = new Yaml().load(anonymous().get(prefix + "user-data").expect(200).body());
        Map<String, Object> metaData = new Yaml().load(anonymous().get(prefix + "meta-data").expect(200).body());
        String vendorData = anonymous().get(prefix + "vendor-data").expect(200).body();

        String shortName = ((String) h.get("hostname")).substring(0, ((String) h.get("hostname")).indexOf('.'));
        assertThat(userData).containsKey("autoinstall");
        assertThat(userData.toString()).contains("hostname=" + shortName).contains(PASSWORD_HASH);
        assertThat(metaData).containsEntry("instance-id", "bootwarden-" + id).containsEntry("local-hostname", shortName);
        assertThat(vendorData).isEmpty();
        anonymous().get(prefix + "network-config").expect(404);
        anonymous().get("/boot/" + id + "/" + SOME_TOKEN + "/nocloud/user-data").expect(403);
    }

    @Test
    void shouldGoBackToLocalOnTheInstalledCallbackAndTreatARepeatAsHarmless() {
        String id = armedHost(3);
        String token = token(id);
        boot(id, token).expect(200);

        Http.Response done = anonymous().get("/boot/" + id + "/" + token + "/installed").expect(200);
        assertThat(done.body()).contains("is now LOCAL");
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(host(id).path("installBoots").asInt()).isZero();

        Http.Response again = anonymous().send("POST", "/boot/" + id + "/" + token + "/installed",
                java.net.http.HttpRequest.BodyPublishers.noBody(), null).expect(200);
        assertThat(again.body()).contains("already LOCAL");
        assertLocalScript(boot(id, token).expect(200), "boot state LOCAL");
        assertThat(auditActionsOf(id).stream().filter("install.completed"::equals)).hasSize(1);
    }

    @Test
    void shouldAcceptTheInstalledCallbackByPost() {
        String id = armedHost(3);
        String token = token(id);
        boot(id, token).expect(200);

        anonymous().send("POST", "/boot/" + id + "/" + token + "/installed", java.net.http.HttpRequest.BodyPublishers.ofString("ok"),
                "text/plain").expect(200);

        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
    }

    @Test
    void shouldRefuseCallbacksWithAWrongTokenOrOutsideAnInstall() {
        String id = armedHost(3);
        String token = token(id);

        anonymous().get("/boot/" + id + "/" + token + "/installed").expect(409);
        anonymous().get("/boot/" + id + "/" + token + "/failed?reason=x").expect(409);
        boot(id, token).expect(200);
        anonymous().get("/boot/" + id + "/" + SOME_TOKEN + "/installed").expect(403);
        anonymous().get("/boot/" + id + "/" + SOME_TOKEN + "/failed").expect(403);

        assertThat(host(id).path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(auditActionsOf(id)).contains("callback.refused");
    }

    @Test
    void shouldHoldTheHostWithTheReasonOnTheFailedCallback() {
        String id = armedHost(3);
        String token = token(id);
        boot(id, token).expect(200);

        Http.Response r = anonymous().get("/boot/" + id + "/" + token + "/failed?reason=kickstart-error%3B%20disk%20%24full").expect(200);

        assertThat(r.body()).contains("is now HELD");
        JsonNode host = host(id);
        assertThat(host.path("bootState").asText()).isEqualTo("HELD");
        assertThat(host.path("stateReason").asText()).isEqualTo("installer reported failure: kickstart-error_ disk _full");
        Http.Response next = boot(id, token).expect(200);
        assertLocalScript(next, "HELD (installer reported failure: kickstart-error_ disk _full)");
        assertThat(auditActionsOf(id)).contains("install.failed", "boot.hold");
    }

    @Test
    void shouldAnswerADuplicateBootInsideTheWindowWithALocalBoot() {
        String id = armedHost(3);
        String token = token(id);
        boot(id, token).expect(200);

        Http.Response duplicate = boot(id, token).expect(200);

        assertLocalScript(duplicate, "duplicate boot request");
        JsonNode host = host(id);
        assertThat(host.path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(host.path("installBoots").asInt()).isEqualTo(1);
        assertThat(auditActionsOf(id)).containsSubsequence("boot.install", "boot.duplicate");
    }

    @Test
    void shouldServeTheInstallerAgainOnARebootAndHoldTheHostPastTheInstallBootLimit() {
        String id = armedHost(2);
        String token = token(id);

        assertThat(boot(id, token).expect(200).body()).contains("install boot 1 of at most 2");
        rewindLastInstall(id, Duration.ofMinutes(5));
        assertThat(boot(id, token).expect(200).body()).contains("install boot 2 of at most 2");
        assertThat(host(id).path("installBoots").asInt()).isEqualTo(2);
        rewindLastInstall(id, Duration.ofMinutes(5));

        Http.Response third = boot(id, token).expect(200);

        assertLocalScript(third, "HELD (install boot limit of 2 reached without an install-complete callback)");
        JsonNode host = host(id);
        assertThat(host.path("bootState").asText()).isEqualTo("HELD");
        assertThat(host.path("stateReason").asText()).isEqualTo("install boot limit of 2 reached without an install-complete callback");
        assertLocalScript(boot(id, token).expect(200), "HELD");
        assertThat(auditActionsOf(id)).containsSubsequence("boot.install", "boot.install", "host.held", "boot.hold");
    }

    @Test
    void shouldLetTheInstallContinueFromDiskWhenTheProfileDoesNotReinstallOnReboot() {
        Map<String, Object> p = armableProfile("it-once-" + next(), 3);
        p.put("reinstallOnReboot", false);
        admin().post("/api/profiles", p).expect(201);
        String id = createHost(newHost((String) p.get("name")));
        String token = token(id);
        arm(id).expect(200);
        boot(id, token).expect(200);
        rewindLastInstall(id, Duration.ofMinutes(5));

        assertLocalScript(boot(id, token).expect(200), "install in progress, booting the local disk to continue setup");
        assertThat(host(id).path("bootState").asText()).isEqualTo("INSTALLING");
    }

    @Test
    void shouldRefuseToArmWhenTheProfileHasVariablesWithoutAValue() {
        String id = createHost(newHost("debian-12"));

        Http.Response r = arm(id).expect(409);

        assertThat(r.errorFields()).containsExactly("profile");
        assertThat(r.json().path("detail").asText()).contains("adminPasswordHash");
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
    }

    @Test
    void shouldRefuseToArmAnArmedOrInstallingHost() {
        String id = armedHost(3);

        Http.Response armed = arm(id).expect(409);
        assertThat(armed.errorFields()).containsExactly("hostId");
        assertThat(armed.json().path("detail").asText()).contains("already has open ticket " + host(id).path("openTicketId").asText());

        boot(id, token(id)).expect(200);
        assertThat(arm(id).expect(409).json().path("detail").asText()).contains("already has open ticket");
    }

    @Test
    void shouldRequireAReasonToArmOrDisarm() {
        String id = createHost(newHost(createArmableProfile(3)));

        assertThat(admin().post("/api/hosts/" + id + "/arm", Map.of()).expect(400).errorFields()).containsExactly("reason");
        assertThat(admin().post("/api/hosts/" + id + "/arm", null).expect(400).errorFields()).containsExactly("reason");
        assertThat(admin().post("/api/hosts/" + id + "/disarm", Map.of("reason", " ")).expect(400).errorFields())
                .containsExactly("reason");
    }

    @Test
    void shouldDisarmAnArmedInstallingOrHeldHostBackToLocal() {
        String id = armedHost(3);
        String token = token(id);

        JsonNode disarmed = admin().post("/api/hosts/" + id + "/disarm", Map.of("reason", "changed my mind")).expect(200).json();

        assertThat(disarmed.path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(disarmed.path("stateReason").asText()).isEqualTo("released: cancelled by admin: changed my mind");
        assertLocalScript(boot(id, token).expect(200), "boot state LOCAL");
        assertThat(admin().post("/api/hosts/" + id + "/disarm", Map.of("reason", "again")).expect(409).errorFields())
                .containsExactly("bootState");

        arm(id).expect(200);
        boot(id, token).expect(200);
        assertThat(host(id).path("bootState").asText()).isEqualTo("INSTALLING");
        admin().post("/api/hosts/" + id + "/disarm", Map.of("reason", "installer will never call back")).expect(200);
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
        assertLocalScript(boot(id, token).expect(200), "boot state LOCAL");

        arm(id).expect(200);
        boot(id, token).expect(200);
        anonymous().get("/boot/" + id + "/" + token + "/failed?reason=test").expect(200);
        admin().post("/api/hosts/" + id + "/disarm", Map.of("reason", "fixed the disk")).expect(200);
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
    }

    @Test
    void shouldRefuseToDeleteAnArmedHost() {
        String id = armedHost(3);

        assertThat(admin().delete("/api/hosts/" + id).expect(409).errorFields()).containsExactly("bootState");
    }

    @Test
    void shouldRefuseToArmWhenAProfileValueIsUnsafeForAnIpxeScript() {
        String profile = createArmableProfile(3);
        setVariable(profile, "extra", "a || reboot");
        String id = createHost(newHost(profile));

        Http.Response r = arm(id).expect(409);

        assertThat(r.errorFields()).containsExactly("profile");
        assertThat(r.json().path("detail").asText()).contains("kernelArgs");
        assertThat(host(id).path("bootState").asText()).isEqualTo("LOCAL");
    }

    @Test
    void shouldHoldInsteadOfServingAnInstallerThatBecameUnsafeAfterArming() {
        String profile = createArmableProfile(3);
        String id = createHost(newHost(profile));
        String token = token(id);
        arm(id).expect(200);
        setVariable(profile, "extra", "a || reboot ${net0/ip} #x");

        Http.Response r = boot(id, token).expect(200);

        assertThat(r.body()).startsWith("#!ipxe\n").doesNotContain("kernel --name").doesNotContain("||").doesNotContain("${")
                .doesNotContain("#x").endsWith("exit 0\n");
        assertThat(r.body()).contains("HELD (the installer could not be rendered: profile " + profile + " kernelArgs");
        JsonNode host = host(id);
        assertThat(host.path("bootState").asText()).isEqualTo("HELD");
        assertThat(host.path("stateReason").asText()).contains("kernelArgs");
    }

    private void setVariable(String profile, String name, String value) {
        JsonNode current = admin().get("/api/profiles/" + profile).expect(200).json();
        Map<String, Object> change = armableProfile(profile, current.path("maxInstallBoots").asInt());
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) change.get("variables");
        vars.put(name, value);
        change.put("version", current.path("version").asInt());
        admin().put("/api/profiles/" + profile, change).expect(200);
    }

    /** A script that boots the local disk: says why, runs nothing else, exits 0. */
    static void assertLocalScript(Http.Response r, String reason) {
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).startsWith("#!ipxe\necho Bootwarden: ").contains(reason).endsWith("\nexit 0\n");
        assertThat(r.body().lines()).hasSize(3);
    }
}
