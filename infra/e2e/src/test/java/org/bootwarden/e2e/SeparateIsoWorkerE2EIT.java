package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ISO worker as a separate process ({@code java -jar iso-worker/target/*-exec.jar}, settings
 * from the environment) beside the packaged backend with its embedded worker off: a build task
 * is fetched over /engine-rest, the ISO lands in the backend's image directory under the name
 * the backend serves, the process moves on; an unknown host ends in the ISO_BUILD_FAILED path.
 * No QEMU. The test model (start, build ISO, user task; boundary error to another user task) is
 * deployed through the REST API as admin.
 */
class SeparateIsoWorkerE2EIT {

    private static final Duration PICK_UP = Duration.ofSeconds(90);
    private static final String WORKER_PASSWORD = "e2e-worker-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PackagedServer server;
    private static Process worker;
    private static Path workerLog;

    @BeforeAll
    static void startServerAndWorker() throws Exception {
        PackagedServer.assumePackaged();
        Path jar = workerJar();
        server = PackagedServer.create("separate-worker")
                .env("BOOTWARDEN_WORKER_EMBEDDED", "false")
                .env("BOOTWARDEN_WORKER_PASSWORD", WORKER_PASSWORD)
                .start();
        Path dir = E2E.workDir("servers");
        workerLog = dir.resolve("iso-worker.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(workerLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("BOOTWARDEN_WORKER_ENGINE_URL", server.baseUrl() + "/engine-rest");
        env.put("BOOTWARDEN_WORKER_BACKEND_URL", server.baseUrl());
        env.put("BOOTWARDEN_WORKER_PASSWORD", WORKER_PASSWORD);
        env.put("BOOTWARDEN_WORKER_ID", "e2e-separate-worker");
        env.put("BOOTWARDEN_WORKER_ARTIFACT_DIR", server.dataDir().resolve("iso").toString());
        env.put("BOOTWARDEN_WORKER_IPXE_DIR", E2E.ipxeDir().toString());
        env.put("BOOTWARDEN_WORKER_WORK_DIR", Files.createTempDirectory(dir, "iso-worker-work-").toString());
        worker = builder.start();
        Process started = worker;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        E2E.await("the separate ISO worker to poll", Duration.ofSeconds(60),
                () -> {
                    if (!started.isAlive()) {
                        throw new AssertionError("the ISO worker exited with " + started.exitValue() + ":\n" + E2E.tail(workerLog, 60));
                    }
                    return E2E.tail(workerLog, 200).contains("polling " + server.baseUrl()) ? Optional.of(true) : Optional.empty();
                },
                () -> E2E.tail(workerLog, 30));
        deploy();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldBuildTheIsoInTheSeparateProcessAndMoveTheProcessOn() throws Exception {
        assertThat(server.logTail()).contains("No embedded ISO worker");
        ObjectNode host = Api.JSON.createObjectNode().put("hostname", Fixtures.hostname("e2e-worker") + ".e2e.example");
        host.putArray("macs").add("52:54:00:e2:77:01");
        host.put("ip", "10.0.2.77").put("prefixLength", 24).put("gateway", "10.0.2.2");
        host.putArray("dns").add("10.0.2.3");
        host.put("firmware", "auto").put("nicDriver", "full").put("profile", "debian-12");
        String hostId = server.api().createHost(host).path("id").asText();

        String instance = start("T-e2e-build", hostId);

        JsonNode task = awaitTask(instance);
        assertThat(task.path("taskDefinitionKey").asText()).isEqualTo("UserTask_AfterBuild");
        JsonNode vars = admin("GET", "/engine-rest/process-instance/" + instance + "/variables", null);
        String hash = vars.path("isoScriptHash").path("value").asText();
        String artifact = vars.path("isoArtifact").path("value").asText();
        assertThat(hash).matches("[0-9a-f]{16}");
        assertThat(artifact).isEqualTo(hostId + "-cd-" + hash + ".iso");
        Path iso = server.dataDir().resolve("iso").resolve(artifact);
        assertThat(iso).isRegularFile();
        assertThat(E2E.tail(workerLog, 200)).contains("Ticket T-e2e-build: ISO for host " + hostId + " ready as " + artifact);

        Path downloaded = server.api().downloadIso(hostId, E2E.workDir("iso").resolve("separate-worker.iso"));
        assertThat(Files.readAllBytes(downloaded)).as("the backend serves the worker's ISO").isEqualTo(Files.readAllBytes(iso));
    }

    @Test
    void shouldCarryARealTicketThroughTheSeparateWorker() {
        Api admin = server.api();
        admin.createUser("sw-requester", WORKER_PASSWORD, "REQUESTER");
        admin.createUser("sw-approver", WORKER_PASSWORD, "APPROVER");
        admin.createProfile(Fixtures.standinProfile());
        ObjectNode host = Api.JSON.createObjectNode().put("hostname", Fixtures.hostname("e2e-sw-ticket") + ".e2e.example");
        host.putArray("macs").add("52:54:00:e2:77:02");
        host.put("ip", "10.0.2.78").put("prefixLength", 24).put("gateway", "10.0.2.2");
        host.putArray("dns").add("10.0.2.3");
        host.put("firmware", "auto").put("nicDriver", "full").put("profile", Fixtures.STANDIN_PROFILE);
        String hostId = admin.createHost(host).path("id").asText();

        String ticketId = admin.as("sw-requester", WORKER_PASSWORD).submitTicket(hostId, "new host, ISO by the separate worker")
                .path("id").asText();
        Api approver = admin.as("sw-approver", WORKER_PASSWORD);
        approver.completeTask(approver.task(ticketId, "UserTask_Approve").path("id").asText(), "approve", "ok");

        JsonNode armed = admin.awaitTicketStatus(ticketId, "ARMED", PICK_UP);
        assertThat(armed.path("timeline").findValuesAsText("action")).contains("ticket.iso-built");
        assertThat(E2E.tail(workerLog, 300)).contains("Ticket " + ticketId + ": ISO for host " + hostId + " ready as ");
        assertThat(admin.bootState(hostId)).isEqualTo("ARMED");
    }

    @Test
    void shouldEndInTheIsoBuildFailedPathForAnUnknownHost() throws Exception {
        String unknown = "00000000-0000-0000-0000-0000000e2e00";

        String instance = start("T-e2e-unknown", unknown);

        JsonNode task = awaitTask(instance);
        assertThat(task.path("taskDefinitionKey").asText()).isEqualTo("UserTask_FixIsoBuild");
        JsonNode vars = admin("GET", "/engine-rest/process-instance/" + instance + "/variables", null);
        assertThat(vars.path("isoBuildError").path("value").asText()).contains("404").contains(unknown);
        assertThat(vars.has("isoArtifact")).isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Path workerJar() throws IOException {
        Path target = E2E.repoRoot().resolve("iso-worker/target");
        Optional<Path> jar = Optional.empty();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
            }
        }
        if (jar.isEmpty() && E2E.serverRequired()) {
            throw new IllegalStateException("no iso-worker/target/*-exec.jar: run mvn -pl iso-worker,backend -am package first");
        }
        assumeTrue(jar.isPresent(), "no iso-worker/target/*-exec.jar: run mvn -pl iso-worker,backend -am package first");
        return jar.get();
    }

    private static void deploy() throws IOException, InterruptedException {
        byte[] bpmn;
        try (InputStream in = SeparateIsoWorkerE2EIT.class.getResourceAsStream("/e2e/iso-build-test.bpmn")) {
            bpmn = in.readAllBytes();
        }
        String boundary = "----bootwarden-e2e-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\niso-build-test\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"iso-build-test.bpmn\"; filename=\"iso-build-test.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), bpmn, tail.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/engine-rest/deployment/create"))
                .header("Authorization", basic("admin", server.adminPassword()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("deployment: %s", r.body()).isEqualTo(200);
    }

    private static String start(String ticketId, String hostId) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("businessKey", ticketId, "variables", Map.of(
                "ticketId", Map.of("value", ticketId, "type", "String"),
                "hostId", Map.of("value", hostId, "type", "String")));
        return admin("POST", "/engine-rest/process-definition/key/isoBuildTest/start", body).path("id").asText();
    }

    private static JsonNode awaitTask(String instance) {
        return E2E.await("a user task after the ISO build of " + instance, PICK_UP, () -> {
            try {
                JsonNode tasks = admin("GET", "/engine-rest/task?processInstanceId=" + instance, null);
                return tasks.size() == 1 ? Optional.of(tasks.get(0)) : Optional.empty();
            } catch (IOException | InterruptedException e) {
                return Optional.empty();
            }
        }, () -> "worker log:\n" + E2E.tail(workerLog, 30) + "\nexternal tasks: " + externalTasks(instance));
    }

    private static String externalTasks(String instance) {
        try {
            return admin("GET", "/engine-rest/external-task?processInstanceId=" + instance, null).toString();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private static JsonNode admin(String method, String path, Object json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic("admin", server.adminPassword())).header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(json)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Api.JSON.readTree(r.body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
