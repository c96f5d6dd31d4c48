package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code java -jar bootwarden.jar --check}: what an operator runs before starting the service. */
class ConfigurationCheckE2EIT {

    record Outcome(int exitCode, String output) {
    }

    @Test
    void shouldPassAUsableConfigurationAndExitZero() throws Exception {
        PackagedServer.assumePackaged();
        Outcome o = check(Map.of("BOOTWARDEN_IPXE_DIR", E2E.ipxeDir().toString(),
                "BOOTWARDEN_PUBLIC_URL", "http://10.0.2.2:8080"));

        assertThat(o.exitCode()).as(o.output()).isZero();
        assertThat(o.output()).contains("[ OK ] database", "[ OK ] data directory", "[ OK ] boot images",
                "[ OK ] public URL: http://10.0.2.2:8080", "Configuration check passed");
    }

    @Test
    void shouldFailWithTheReasonWhenTheIpxeBinariesAreMissing() throws Exception {
        PackagedServer.assumePackaged();
        Path empty = Files.createDirectories(E2E.freshWorkDir("check").resolve("no-ipxe"));
        Outcome o = check(Map.of("BOOTWARDEN_IPXE_DIR", empty.toString(), "BOOTWARDEN_PUBLIC_URL", "http://localhost:8080"));

        assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
        assertThat(o.output()).contains("[FAIL] boot images", "ipxe.lkrn", "infra/ipxe/fetch-ipxe.sh",
                "[WARN] public URL: http://localhost:8080 points at this machine's loopback", "Configuration check FAILED");
    }

    @Test
    void shouldFailNamingTheDatabaseWhenItCannotBeReached() throws Exception {
        PackagedServer.assumePackaged();
        String url = "jdbc:postgresql://127.0.0.1:" + E2E.freePort() + "/bootwarden";
        Outcome o = check(Map.of("BOOTWARDEN_IPXE_DIR", E2E.ipxeDir().toString(), "BOOTWARDEN_PUBLIC_URL", "http://10.0.2.2:8080",
                "BOOTWARDEN_DB_URL", url, "BOOTWARDEN_DB_USER", "nobody", "BOOTWARDEN_DB_PASSWORD", "secret-not-shown"));

        assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
        assertThat(o.output()).contains("[FAIL] database: " + url + " not usable: ", "Configuration check FAILED")
                .doesNotContain("secret-not-shown");
    }

    @Test
    void shouldFailNamingAPublicUrlThatIsNotABootServerUrl() throws Exception {
        PackagedServer.assumePackaged();
        Outcome o = check(Map.of("BOOTWARDEN_IPXE_DIR", E2E.ipxeDir().toString(), "BOOTWARDEN_PUBLIC_URL", "ftp://10.0.2.2/boot"));

        assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
        assertThat(o.output()).contains("[FAIL] settings: BOOTWARDEN_PUBLIC_URL: 'ftp://10.0.2.2/boot' is not usable",
                "Configuration check FAILED");
    }

    private static Outcome check(Map<String, String> env) throws IOException, InterruptedException {
        Path dir = E2E.freshWorkDir("check");
        Path data = Files.createTempDirectory(dir, "data-");
        Path out = dir.resolve("check-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-jar", E2E.backendJar().toString(), "--check"))
                .directory(data.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("BOOTWARDEN_DATA_DIR", data.toString());
        pb.environment().put("SERVER_PORT", String.valueOf(E2E.freePort()));
        pb.environment().put("BOOTWARDEN_ADMIN_PASSWORD", "check-pw");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("--check did not finish within 120 s:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
