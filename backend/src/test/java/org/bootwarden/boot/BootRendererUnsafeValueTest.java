package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootwarden.boot.RenderFixtures.SERVER;
import static org.bootwarden.boot.RenderFixtures.TOKEN;
import static org.bootwarden.boot.RenderFixtures.profile;
import static org.bootwarden.boot.RenderFixtures.renderer;
import static org.bootwarden.boot.RenderFixtures.seeded;
import static org.bootwarden.boot.RenderFixtures.urls;
import static org.bootwarden.boot.RenderFixtures.web01;
import static org.bootwarden.boot.RenderFixtures.withHostname;
import static org.bootwarden.boot.RenderFixtures.withLabel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.hosts.Host;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileKind;
import org.bootwarden.templates.TemplateEngine.RenderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A value that would change the meaning of a script or answer file is refused: rendering throws a
 * {@link RenderException} that names the template field, and no text is produced at all.
 */
class BootRendererUnsafeValueTest {

    private final BootRenderer renderer = renderer();

    @ParameterizedTest
    @ValueSource(strings = {"a || reboot", "a && reboot", "${net0/ip}", "$", "#x", "a ; reboot", "line\nbreak", "q\"uote",
            "back\\slash", "non-ascii é"})
    void shouldRefuseUnsafeLabelValueInKernelArgs(String value) {
        Host host = withLabel(web01(), "rack", value);
        Profile p = profile(ProfileKind.DEBIAN_PRESEED, "auto=true rack={{labels.rack}}", null, "", Map.of());

        assertThatThrownBy(() -> renderer.installScript(host, p, urls(host), 1)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("profile hostile kernelArgs: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a || reboot", "${root-path}", "cost $5", "#x", "a ; reboot", "two\nlines", "say \"hi\""})
    void shouldRefuseUnsafeProfileVariableInIpxeScript(String value) {
        Profile p = profile(ProfileKind.IPXE_SCRIPT, null, "#!ipxe\necho {{vars.note}}\nexit 0\n", "", Map.of("note", value));

        assertThatThrownBy(() -> renderer.installScript(web01(), p, urls(web01()), 1)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("profile hostile ipxeScript: ");
    }

    @Test
    void shouldRefuseUnsafeProfileVariableInKernelUrlAndInitrdUrls() {
        Profile kernel = new Profile("hostile", "d", ProfileKind.KICKSTART, "{{vars.repo}}/vmlinuz", List.of(), null, null, null,
                "", Map.of("repo", "http://x || reboot"), true, 3, 1, RenderFixtures.T0, RenderFixtures.T0);
        Profile initrd = new Profile("hostile", "d", ProfileKind.KICKSTART, "http://x/vmlinuz", List.of("{{vars.repo}}/initrd.img"),
                null, null, null, "", Map.of("repo", "http://x#y"), true, 3, 1, RenderFixtures.T0, RenderFixtures.T0);

        assertThatThrownBy(() -> renderer.installScript(web01(), kernel, urls(web01()), 1))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile hostile kernelUrl: ");
        assertThatThrownBy(() -> renderer.installScript(web01(), initrd, urls(web01()), 1))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile hostile initrdUrls: ");
    }

    @Test
    void shouldRefuseTripleMustacheAsAWayAroundTheValueRules() {
        Profile triple = profile(ProfileKind.DEBIAN_PRESEED, "x={{{vars.x}}}", null, "", Map.of("x", "a || reboot"));
        Profile ampersand = profile(ProfileKind.DEBIAN_PRESEED, "x={{&vars.x}}", null, "", Map.of("x", "a || reboot"));
        Profile answer = profile(ProfileKind.DEBIAN_PRESEED, "", null, "d-i x string {{{vars.x}}}\n", Map.of("x", "a\nd-i y string z"));

        assertThatThrownBy(() -> renderer.installScript(web01(), triple, urls(web01()), 1))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile hostile kernelArgs: ");
        assertThatThrownBy(() -> renderer.installScript(web01(), ampersand, urls(web01()), 1))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile hostile kernelArgs: ");
        assertThatThrownBy(() -> renderer.answerFile(web01(), answer, urls(web01()), RenderFixtures.SECRETS))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile hostile answerTemplate: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pw\nd-i preseed/late_command string reboot", "pw\rx", "pw\u2028x", "pw\u0000"})
    void shouldRefuseLineBreakingVariableInPreseed(String value) {
        Profile debian = withVariable(seeded("debian-12"), "adminUser", value);

        assertThatThrownBy(() -> renderer.answerFile(web01(), debian, urls(web01()), RenderFixtures.SECRETS))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("profile debian-12 answerTemplate: ").hasMessageContaining("control character");
    }

    @Test
    void shouldRefuseLineBreakingLabelInKickstart() {
        Profile p = profile(ProfileKind.KICKSTART, null, null, "network --hostname={{labels.rack}}\n", Map.of());
        Host host = withLabel(web01(), "rack", "r1\n%post\nreboot\n%end");

        assertThatThrownBy(() -> renderer.answerFile(host, p, urls(host), RenderFixtures.SECRETS)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("profile hostile answerTemplate: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob\", \"root", "bob\\n", "bob\nroot"})
    void shouldRefuseQuoteBackslashOrNewlineInUbuntuUserData(String value) {
        Profile ubuntu = withVariable(seeded("ubuntu-24.04"), "adminUser", value);

        assertThatThrownBy(() -> renderer.answerFile(web01(), ubuntu, urls(web01()), RenderFixtures.SECRETS)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("profile ubuntu-24.04 answerTemplate: ");
    }

    @Test
    void shouldAcceptShellAndDollarCharactersWhereTheSyntaxAllowsThem() {
        // a crypt hash is full of '$': fine in a preseed line and inside a YAML double-quoted scalar
        assertThat(renderer.answerFile(web01(), seeded("debian-12"), urls(web01()), Map.of("adminPasswordHash", "$6$a$b#c|d")))
                .contains("d-i passwd/user-password-crypted password $6$a$b#c|d\n");
    }

    @Test
    void shouldRefuseUnsafeHostnameInClientScriptNamingTheTemplate() {
        Host host = withHostname(web01(), "web01 || reboot");

        assertThatThrownBy(() -> renderer.clientScript(host, TOKEN, List.of(SERVER), 15_000)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("ipxe/client.ipxe: ").hasMessageContaining("'|'");
    }

    @Test
    void shouldRefuseUnsafeServerUrlInClientScript() {
        assertThatThrownBy(() -> renderer.clientScript(web01(), TOKEN, List.of("http://x/$(reboot)"), 15_000))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("ipxe/client.ipxe: ");
    }

    private static Profile withVariable(Profile p, String name, String value) {
        Map<String, String> vars = new LinkedHashMap<>(p.variables());
        vars.put(name, value);
        return new Profile(p.name(), p.description(), p.kind(), p.kernelUrl(), p.initrdUrls(), p.kernelArgs(), p.isoUrl(),
                p.ipxeScript(), p.answerTemplate(), vars, p.reinstallOnReboot(), p.maxInstallBoots(), p.version(), p.createdAt(),
                p.updatedAt(), p.encryptedSecrets());
    }
}
