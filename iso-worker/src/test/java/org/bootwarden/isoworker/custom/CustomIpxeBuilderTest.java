package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bootwarden.isoworker.ImageKey;
import org.bootwarden.isoworker.IsoToolsConfig;
import org.bootwarden.isoworker.NicDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole custom-build pipeline on this machine, with the fake {@code make} of {@code
 * src/test/resources/custom/fake-make} first on the build's PATH (no iPXE source tree exists here).
 */
class CustomIpxeBuilderTest {

    @TempDir
    Path temp;

    private Path calls() {
        return temp.resolve("make-calls.txt");
    }

    private Map<String, String> env(String variant, String... extra) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(LocalBuildExecutor.defaultEnvironment());
        env.put("PATH", FakeIpxe.makeDir(temp, variant) + ":" + env.get("PATH"));
        env.put("FAKE_MAKE_CALLS", calls().toString());
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private CustomIpxeBuilder builder(Path tree, Map<String, String> env) {
        return new CustomIpxeBuilder(new LocalBuildExecutor(SourceTree.at(tree), env, Duration.ofSeconds(30)),
                new MakeCommand("make", 2, "aarch64-linux-gnu-"), temp.resolve("cache"), temp.resolve("work"));
    }

    private List<String> makeCalls() throws IOException {
        return Files.exists(calls()) ? Files.readAllLines(calls()) : List.of();
    }

    private static CustomBuildOptions httpsWithCa() throws IOException {
        return CustomBuildOptions.of(EnumSet.of(IpxeFeature.HTTPS, IpxeFeature.POWEROFF))
                .withEmbeddedScript(FakeIpxe.SCRIPT).withTrust(FakeIpxe.ca());
    }

    private List<Path> leftovers() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(temp.resolve("work"), temp.resolve("cache"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> !p.getFileName().toString().endsWith(".lock")).forEach(all::add);
                }
            }
        }
        return all;
    }

    @Test
    void shouldCompileWithHeadersScriptAndCaAndPublishAnIpxeDirectory() throws IOException {
        Path tree = FakeIpxe.sourceTree(temp);
        CustomIpxeBuilder builder = builder(tree, env("fake-make"));

        CustomBuild build = builder.build(httpsWithCa());

        assertThat(build.cacheHit()).isFalse();
        assertThat(build.dir()).isEqualTo(temp.resolve("cache").resolve(build.key()));
        assertThat(build.key()).matches("[0-9a-f]{16}");
        try (Stream<Path> files = Files.list(build.dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ipxe.lkrn", "ipxe.efi", "snponly.efi", "VERSION", "options.txt", "build.log");
        }
        String efi = Files.readString(build.dir().resolve("ipxe.efi"));
        assertThat(efi).startsWith("FAKE-IPXE bin-x86_64-efi/ipxe.efi\n")
                .contains("arg=-j2\n", "arg=EMBED=../inputs/embed.ipxe\n",
                        "arg=TRUST=../inputs/ca-1.crt\n", "arg=CERT=../inputs/ca-1.crt\n", "arg=bin/ipxe.lkrn\n")
                .contains("#define DOWNLOAD_PROTO_HTTPS\t/* HTTPS: on */", "#define POWEROFF_CMD\t",
                        "#undef PING_CMD\t/* PING: off */", "#undef CONSOLE_SERIAL\t")
                .contains("== EMBED ../inputs/embed.ipxe\n" + FakeIpxe.SCRIPT)
                .contains("== TRUST ../inputs/ca-1.crt\n" + FakeIpxe.ca().get(0).pem())
                .doesNotContain("shipped empty");
        assertThat(efi.lines().filter(l -> l.startsWith("env=")).map(l -> l.substring(4, l.indexOf('=', 4))))
                .as("make gets a clean environment: nothing of the worker's own (its secrets) reaches it")
                .containsExactly("FAKE_MAKE_CALLS", "HOME", "LANG", "PATH", "PWD");
        assertThat(makeCalls()).hasSize(1);
        assertThat(Files.readString(build.dir().resolve("VERSION"))).isEqualTo("bootwarden-custom-" + build.key() + "\n");
        assertThat(Files.readString(build.dir().resolve("options.txt"))).contains("features=HTTPS,POWEROFF\n", "source=tree:");
        assertThat(Files.readString(tree.resolve("src/config/local/general.h"))).as("configured tree untouched")
                .isEqualTo("/* shipped empty */\n");
        assertThat(leftovers()).containsExactly(build.dir());
    }

    @Test
    void shouldServeTheSameOptionsFromTheCacheAndRebuildOnlyForOtherOptions() throws IOException {
        Path tree = FakeIpxe.sourceTree(temp);
        CustomIpxeBuilder builder = builder(tree, env("fake-make"));
        CustomBuild first = builder.build(httpsWithCa());

        CustomBuild again = builder(tree, env("fake-make")).build(httpsWithCa());
        CustomBuild other = builder.build(httpsWithCa().withEmbeddedScript("#!ipxe\nshell\n"));

        assertThat(again.cacheHit()).isTrue();
        assertThat(again.dir()).isEqualTo(first.dir());
        assertThat(other.key()).isNotEqualTo(first.key());
        assertThat(builder.cached(httpsWithCa())).contains(again);
        assertThat(makeCalls()).hasSize(2);
    }

    @Test
    void shouldChangeTheKeyWhenTheSourceTreeChanges() throws IOException {
        Path tree = FakeIpxe.sourceTree(temp);
        String before = builder(tree, env("fake-make")).key(httpsWithCa());
        Files.writeString(tree.resolve("src/config/general.h"), "/* patched */\n");

        assertThat(builder(tree, env("fake-make")).key(httpsWithCa())).isNotEqualTo(before);
    }

    @Test
    void shouldBuildOnceForConcurrentRequestsOfTheSameOptions() throws Exception {
        CustomIpxeBuilder builder = builder(FakeIpxe.sourceTree(temp), env("fake-make", "FAKE_MAKE_SLEEP", "1"));
        CustomBuildOptions options = httpsWithCa();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CustomBuild>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> builder.build(options)));
            }
            List<CustomBuild> builds = new ArrayList<>();
            for (Future<CustomBuild> f : futures) {
                builds.add(f.get());
            }

            assertThat(builds).extracting(CustomBuild::dir).containsOnly(builds.get(0).dir());
            assertThat(builds).filteredOn(b -> !b.cacheHit()).hasSize(1);
            assertThat(makeCalls()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLeaveNothingBehindWhenMakeFailsAndTryAgainNextTime() throws IOException {
        Path tree = FakeIpxe.sourceTree(temp);

        assertThatThrownBy(() -> builder(tree, env("fake-make-failing")).build(httpsWithCa()))
                .isInstanceOf(CustomBuildException.class)
                .hasMessageContaining("failed with exit code 2")
                .hasMessageContaining("fake compile error");
        assertThat(leftovers()).isEmpty();

        CustomBuild later = builder(tree, env("fake-make")).build(httpsWithCa());
        assertThat(later.cacheHit()).isFalse();
        assertThat(makeCalls()).hasSize(2);
    }

    @Test
    void shouldFailWhenMakeDoesNotProduceATarget() throws IOException {
        CustomIpxeBuilder builder = builder(FakeIpxe.sourceTree(temp),
                env("fake-make", "FAKE_MAKE_SKIP", "bin-x86_64-efi/snponly.efi"));

        assertThatThrownBy(() -> builder.build(httpsWithCa()))
                .hasMessageContaining("did not produce bin-x86_64-efi/snponly.efi");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void shouldRefuseADirectoryWithoutIpxeSourcesAndAMissingMake() throws IOException {
        assertThatThrownBy(() -> SourceTree.at(temp)).hasMessageContaining("No iPXE source tree at");

        Map<String, String> noMake = new LinkedHashMap<>(LocalBuildExecutor.defaultEnvironment());
        noMake.put("PATH", temp.resolve("empty").toString());
        CustomIpxeBuilder builder = builder(FakeIpxe.sourceTree(temp), noMake);
        assertThatThrownBy(() -> builder.build(httpsWithCa())).hasMessageContaining("command 'make' not found");
    }

    @Test
    void shouldGivePerHostIsosTheCustomBinariesAndTheirOwnImageHash() throws IOException {
        CustomBuild build = builder(FakeIpxe.sourceTree(temp), env("fake-make")).build(httpsWithCa());
        IsoToolsConfig debian = IsoToolsConfig.debianDefaults(temp.resolve("stock-ipxe"), temp.resolve("iso-work"));

        IsoToolsConfig custom = build.applyTo(debian);

        assertThat(custom.ipxeDir()).isEqualTo(build.dir());
        assertThat(custom.workDir()).isEqualTo(debian.workDir());
        assertThat(ImageKey.ipxeVersion(custom.ipxeDir())).isEqualTo("bootwarden-custom-" + build.key());
        assertThat(ImageKey.hash("#!ipxe\n", NicDriver.FULL, ImageKey.ipxeVersion(custom.ipxeDir())))
                .isNotEqualTo(ImageKey.hash("#!ipxe\n", NicDriver.FULL, ImageKey.ipxeVersion(debian.ipxeDir())));
    }
}
