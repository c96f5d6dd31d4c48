package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.bootwarden.isoworker.container.ContainerException;
import org.bootwarden.isoworker.container.ContainerRunner;
import org.bootwarden.isoworker.container.ContainerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container mode end to end through docker-java against podman's Docker-compatible API: a private
 * podman service is started for this class, a tiny builder image is made locally (static busybox,
 * the fake make, a fake iPXE tree; no registry), and custom builds run inside it. Skipped, with the
 * reason, when podman or busybox is not installed or the service does not come up.
 */
class ContainerBuildIT {

    private static final String IMAGE = "localhost/bootwarden-fake-builder:test";
    private static TestPodman podman;

    @TempDir
    Path temp;

    @BeforeAll
    static void startPodman() throws Exception {
        String reason = TestPodman.unavailableReason();
        assumeTrue(reason == null, () -> "container mode test skipped: " + reason);
        podman = TestPodman.start();
        assumeTrue(podman != null, "container mode test skipped: the podman API service did not answer within 15 s");
        podman.importFakeBuilderImage(IMAGE);
    }

    @AfterAll
    static void stopPodman() {
        if (podman != null) {
            podman.close();
        }
    }

    private static ContainerSettings settings(Duration timeout) {
        return new ContainerSettings(podman.host, 256L * 1024 * 1024, 1.0, 256, timeout);
    }

    private CustomIpxeBuilder builder(ContainerRunner runner, String sourceDir) {
        return new CustomIpxeBuilder(new ContainerBuildExecutor(runner, IMAGE, sourceDir),
                new MakeCommand("make", 2, "aarch64-linux-gnu-"), temp.resolve("cache"), temp.resolve("work"));
    }

    @Test
    void shouldBuildInsideTheBuilderImageWithoutNetworkAndRemoveTheContainers() throws IOException {
        try (ContainerRunner runner = new ContainerRunner(settings(Duration.ofMinutes(2)))) {
            CustomBuildOptions options = CustomBuildOptions.of(EnumSet.of(IpxeFeature.HTTPS, IpxeFeature.SERIAL_CONSOLE))
                    .withTargets(EnumSet.of(IpxeTarget.X86_64_LKRN, IpxeTarget.X86_64_EFI, IpxeTarget.ARM64_EFI))
                    .withEmbeddedScript(FakeIpxe.SCRIPT).withTrust(FakeIpxe.ca());

            CustomBuild build = builder(runner, ContainerBuildExecutor.DEFAULT_SOURCE).build(options);

            assertThat(build.cacheHit()).isFalse();
            String lkrn = Files.readString(build.dir().resolve("ipxe.lkrn"));
            assertThat(lkrn).startsWith("FAKE-IPXE bin/ipxe.lkrn\ncwd=/build/src\n")
                    .contains("net=lo \n")
                    .contains("#define CONSOLE_SERIAL\t/* SERIAL_CONSOLE: on */", "#define DOWNLOAD_PROTO_HTTPS\t")
                    .contains("== EMBED ../inputs/embed.ipxe\n" + FakeIpxe.SCRIPT)
                    .contains("== TRUST ../inputs/ca-1.crt\n" + FakeIpxe.ca().get(0).pem())
                    .doesNotContain("shipped empty", "BOOTWARDEN_WORKER");
            assertThat(Files.readString(build.dir().resolve("ipxe-arm64.efi")))
                    .startsWith("FAKE-IPXE bin-arm64-efi/ipxe.efi\n").contains("arg=CROSS=aarch64-linux-gnu-\n");
            assertThat(Files.readString(build.dir().resolve("options.txt"))).contains("source=image:");
            assertThat(Files.readString(build.dir().resolve("build.log"))).contains("[FAKE] bin-x86_64-efi/ipxe.efi");
            assertThat(runner.leftovers()).isEmpty();

            assertThat(builder(runner, ContainerBuildExecutor.DEFAULT_SOURCE).build(options).cacheHit()).isTrue();
        }
    }

    @Test
    void shouldReportAFailedContainerBuildAndLeaveNothingBehind() throws IOException {
        try (ContainerRunner runner = new ContainerRunner(settings(Duration.ofMinutes(2)))) {
            CustomIpxeBuilder builder = builder(runner, "/opt/no-such-tree");

            assertThatThrownBy(() -> builder.build(CustomBuildOptions.of(EnumSet.noneOf(IpxeFeature.class))))
                    .isInstanceOf(CustomBuildException.class)
                    .hasMessageContaining("failed in a container from " + IMAGE)
                    .hasMessageContaining("/opt/no-such-tree");
            assertThat(runner.leftovers()).isEmpty();
            try (var s = Files.list(temp.resolve("cache"))) {
                assertThat(s.filter(p -> !p.toString().endsWith(".lock"))).isEmpty();
            }
        }
    }

    @Test
    void shouldStopAndRemoveAContainerThatExceedsItsTimeLimit() throws IOException {
        try (ContainerRunner runner = new ContainerRunner(settings(Duration.ofSeconds(2)))) {
            Path in = Files.createDirectories(temp.resolve("in"));

            assertThatThrownBy(() -> runner.run(new ContainerRunner.Run(IMAGE, List.of("sleep", "60"), Map.of(), in,
                    "/build", Map.of())))
                    .isInstanceOf(ContainerException.class).hasMessageContaining("did not finish within PT2S");
            assertThat(runner.leftovers()).isEmpty();
        }
    }

    @Test
    void shouldNameAMissingImageInsteadOfPullingIt() {
        try (ContainerRunner runner = new ContainerRunner(settings(Duration.ofMinutes(1)))) {
            assertThatThrownBy(() -> runner.imageId("localhost/bootwarden-no-such-image:1"))
                    .isInstanceOf(ContainerException.class).hasMessageContaining("is not present");
        }
    }
}
