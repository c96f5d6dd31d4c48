package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bootwarden.boot.RenderFixtures.db02OnVlan;
import static org.bootwarden.boot.RenderFixtures.renderer;
import static org.bootwarden.boot.RenderFixtures.seeded;
import static org.bootwarden.boot.RenderFixtures.urls;
import static org.bootwarden.boot.RenderFixtures.web01;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.bootwarden.hosts.Host;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered Debian preseed, checked by Debian's own parser ({@code debconf-set-selections --checkonly}). */
class DebianPreseedCheckTest {

    private static final Path CHECKER = Path.of("/usr/bin/debconf-set-selections");

    @TempDir
    Path dir;

    @BeforeAll
    static void checkerInstalled() {
        assumeThat(Files.isExecutable(CHECKER)).as("%s (Debian package debconf) is installed", CHECKER).isTrue();
    }

    @Test
    void shouldRenderPreseedThatDebconfAccepts() throws Exception {
        Host host = web01();
        String preseed = renderer().answerFile(host, seeded("debian-12"), urls(host), RenderFixtures.SECRETS);

        assertThat(check(preseed)).as("debconf-set-selections output").isEqualTo(new Result(0, ""));
    }

    @Test
    void shouldRenderPreseedWithVlanThatDebconfAccepts() throws Exception {
        Host host = db02OnVlan();
        String preseed = renderer().answerFile(host, seeded("debian-12"), urls(host), RenderFixtures.SECRETS);

        assertThat(check(preseed)).isEqualTo(new Result(0, ""));
    }

    @Test
    void shouldDetectABrokenPreseedSoThatTheCheckMeansSomething() throws Exception {
        Result r = check("d-i netcfg/get_ipaddress\n");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("parse error on line 1");
    }

    record Result(int exitCode, String output) {
    }

    private Result check(String preseed) throws IOException, InterruptedException {
        Path file = dir.resolve("preseed.cfg");
        Files.writeString(file, preseed, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(CHECKER.toString(), "--checkonly", file.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("debconf-set-selections did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
