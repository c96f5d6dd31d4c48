package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server as an operator runs it with {@code BOOTWARDEN_LOG_FORMAT=json}: every log
 * line is a JSON object, and the line of a boot request carries that request's id; the health
 * probes answer. No QEMU guest is needed.
 */
class ObservabilityE2EIT {

    private static PackagedServer server;
    private static Api api;

    @BeforeAll
    static void startServer() {
        if (!PackagedServer.packaged()) {
            return;
        }
        server = PackagedServer.create("observability")
                .env("BOOTWARDEN_LOG_FORMAT", "json")
                .env("LOGGING_LEVEL_ORG_BOOTWARDEN_BOOT", "debug")
                .start();
        api = server.api();
        api.createProfile(Fixtures.standinProfile());
    }

    @BeforeEach
    void requirePackagedServer() {
        PackagedServer.assumePackaged();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jsonLogLinesCarryTheRequestIdOfABoot() {
        String hostname = Fixtures.hostname("e2e-json-log");
        String hostId = api.createHost(Fixtures.host(hostname, QemuGuest.Firmware.BIOS)).path("id").asText();
        try {
            String requestId = "e2e-" + UUID.randomUUID();
            HttpResponse<String> boot = api.getAnonymous("/boot/" + hostId + "/" + api.bootToken(hostId)
                    + "/script?platform=pcbios&mac=52:54:00:12:34:56", "X-Request-Id", requestId);
            assertThat(boot.statusCode()).isEqualTo(200);
            assertThat(boot.headers().firstValue("X-Request-Id")).contains(requestId);

            JsonNode line = E2E.await("the JSON log line of the boot of " + hostId, Duration.ofSeconds(20),
                    () -> jsonLines().stream().filter(l -> l.path("message").asText().contains("boot of host " + hostId)).findFirst(),
                    () -> E2E.tail(server.log(), 20));
            assertThat(line.path("requestId").asText()).isEqualTo(requestId);
            assertThat(line.path("log").path("level").asText()).isEqualTo("DEBUG");
            assertThat(line.path("@timestamp").asText()).isNotBlank();
            assertThat(line.path("message").asText()).contains("answered LOCAL");

            List<String> textLines = lines().stream().filter(l -> l.matches("^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                    .toList();
            assertThat(textLines).as("no plain-text log lines from the server").isEmpty();
            assertThat(jsonLines()).as("the server logged JSON lines").hasSizeGreaterThan(10);
        } finally {
            api.removeHost(hostId);
        }
    }

    @Test
    void readinessAndLivenessProbesAnswer() {
        JsonNode ready = parse(api.getAnonymous("/actuator/health/readiness"));
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("components").has("engine")).isTrue();
        assertThat(ready.path("components").has("artifactStore")).isTrue();
        assertThat(parse(api.getAnonymous("/actuator/health/liveness")).path("status").asText()).isEqualTo("UP");
    }

    private static JsonNode parse(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return Api.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(server.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of the server's output that is a JSON object (each one must parse). */
    private static List<JsonNode> jsonLines() {
        List<JsonNode> json = new ArrayList<>();
        for (String l : lines()) {
            if (l.startsWith("{")) {
                try {
                    json.add(Api.JSON.readTree(l));
                } catch (IOException e) {
                    throw new AssertionError("a log line that starts like JSON does not parse: " + l, e);
                }
            }
        }
        return json;
    }
}
