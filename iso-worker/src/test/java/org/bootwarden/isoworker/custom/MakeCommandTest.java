package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.bootwarden.support.Golden;
import org.junit.jupiter.api.Test;

class MakeCommandTest {

    private final MakeCommand make = new MakeCommand("make", 2, "aarch64-linux-gnu-");

    /** One make call per line, arguments separated by a space (none contains one). */
    private static String lines(List<List<String>> argvs) {
        StringBuilder b = new StringBuilder();
        argvs.forEach(argv -> b.append(String.join(" ", argv)).append('\n'));
        return b.toString();
    }

    @Test
    void shouldBuildTheThreeX86BinariesInOneCall() {
        CustomBuildOptions options = CustomBuildOptions.of(EnumSet.noneOf(IpxeFeature.class));

        Golden.assertMatches("custom/make-x86_64.txt", lines(make.argvs(options)));
    }

    @Test
    void shouldPassScriptAndCertificatesAsBuilderNamedFiles() throws IOException {
        List<TrustedCertificate> trust = new ArrayList<>(FakeIpxe.ca());
        trust.addAll(TrustedCertificate.parsePem(FakeIpxe.pem("ca2.pem")));
        CustomBuildOptions options = CustomBuildOptions.of(EnumSet.of(IpxeFeature.HTTPS))
                .withEmbeddedScript(FakeIpxe.SCRIPT).withTrust(trust);

        List<List<String>> argvs = make.argvs(options);

        Golden.assertMatches("custom/make-x86_64-embed-trust.txt", lines(argvs));
        assertThat(String.join(" ", argvs.get(0))).doesNotContain("Bootwarden custom build");
    }

    @Test
    void shouldCrossCompileArm64InItsOwnCall() {
        CustomBuildOptions options = CustomBuildOptions.of(EnumSet.noneOf(IpxeFeature.class))
                .withTargets(EnumSet.allOf(IpxeTarget.class)).withEmbeddedScript("#!ipxe\nshell\n");

        Golden.assertMatches("custom/make-all-targets.txt", lines(make.argvs(options)));
    }

    @Test
    void shouldLeaveOutCrossOnArm64BuildHosts() {
        CustomBuildOptions options = CustomBuildOptions.of(EnumSet.noneOf(IpxeFeature.class))
                .withTargets(EnumSet.of(IpxeTarget.ARM64_EFI));

        assertThat(new MakeCommand("make", 4, "").argvs(options))
                .containsExactly(List.of("make", "-j4", "NO_WERROR=1", "bin-arm64-efi/ipxe.efi"));
    }

    @Test
    void shouldRefuseOddCrossPrefixesAndJobs() {
        assertThatThrownBy(() -> new MakeCommand("make", 2, "x; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MakeCommand("make", 0, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
