package org.bootwarden.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.concurrent.atomic.AtomicInteger;

import org.bootwarden.audit.AuditService;
import org.bootwarden.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.bootwarden.system.BootwardenProperties;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embedded ISO worker ({@code bootwarden.worker.embedded=true}) in a context of its own (own
 * data directory): it picks up {@code bootwarden-iso-build} tasks over HTTP from this server's
 * /engine-rest, builds the ISO where {@code /api/hosts/{id}/iso} finds it, and moves the process on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedIsoWorkerIT {

    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final String WORKER_PASSWORD = "it-separate-worker-password";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Path OWN_DATA_DIR;
    private static final Duration PICK_UP = Duration.ofSeconds(60);

    static {
        try {
            OWN_DATA_DIR = Files.createTempDirectory("bootwarden-worker-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void embeddedWorker(DynamicPropertyRegistry registry) {
        registry.add("bootwarden.data-dir", OWN_DATA_DIR::toString);
        registry.add("bootwarden.admin-password", () -> ADMIN_PASSWORD);
        registry.add("bootwarden.token-secret", () -> org.bootwarden.support.IntegrationTest.TOKEN_SECRET);
        registry.add("bootwarden.secrets.key", () -> org.bootwarden.support.IntegrationTest.SECRETS_KEY);
        registry.add("bootwarden.ipxe-dir", () -> Path.of("..", ".cache", "ipxe").toAbsolutePath().normalize().toString());
        registry.add("bootwarden.public-urls", () -> "http://10.0.2.2:8080");
        registry.add("bootwarden.worker.embedded", () -> "true");
        registry.add("bootwarden.worker.password", () -> WORKER_PASSWORD);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private AuditService audit;
    @Autowired
    private RepositoryService repository;
    @Autowired
    private RuntimeService runtime;
    @Autowired
    private TaskService tasks;
    @Autowired
    private org.camunda.bpm.engine.ExternalTaskService externalTasks;
    @Autowired
    private EmbeddedIsoWorker embedded;
    @Autowired
    private BootwardenProperties props;

    private static boolean deployed;

    @BeforeAll
    static void reset() {
        deployed = false;
    }

    private void deployTestModel() {
        if (!deployed) {
            repository.createDeployment().name("iso-build-test").addClasspathResource("worker/iso-build-test.bpmn").deploy();
            deployed = true;
        }
    }

    @Test
    void shouldBuildTheIsoWhereTheDownloadFindsItAndMoveTheProcessOn() throws IOException {
        deployTestModel();
        String hostId = createHost();
        String ticketId = "T-" + next();

        String instance = runtime.startProcessInstanceByKey("isoBuildTest", ticketId,
                Map.of("ticketId", ticketId, "hostId", hostId)).getId();

        Task after = awaitTask(instance);
        assertThat(after.getTaskDefinitionKey()).isEqualTo("UserTask_AfterBuild");
        String hash = (String) runtime.getVariable(instance, "isoScriptHash");
        String artifact = (String) runtime.getVariable(instance, "isoArtifact");
        JsonNode spec = admin().get("/api/hosts/" + hostId + "/media-spec").expect(200).json();
        assertThat(hash).isEqualTo(spec.path("hash").asText());
        assertThat(artifact).isEqualTo(hostId + "-cd-" + hash + ".iso");
        Path iso = OWN_DATA_DIR.resolve("iso").resolve(artifact);
        assertThat(iso).isRegularFile();
        assertThat(Files.size(iso)).isGreaterThan(1_000_000);

        FileTime built = Files.getLastModifiedTime(iso);
        Object fileKey = Files.readAttributes(iso, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        byte[] downloaded = admin().get("/api/hosts/" + hostId + "/iso").expect(200).bytes();
        assertThat(downloaded).isEqualTo(Files.readAllBytes(iso));
        assertThat(Files.getLastModifiedTime(iso)).as("served as built by the worker, not rebuilt").isEqualTo(built);
        assertThat(Files.readAttributes(iso, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(fileKey);
    }

    @Test
    void shouldRaiseIsoBuildFailedForAnUnknownHost() {
        deployTestModel();
        String ticketId = "T-" + next();

        String instance = runtime.startProcessInstanceByKey("isoBuildTest", ticketId,
                Map.of("ticketId", ticketId, "hostId", "00000000-0000-0000-0000-00000000dead")).getId();

        Task fix = awaitTask(instance);
        assertThat(fix.getTaskDefinitionKey()).isEqualTo("UserTask_FixIsoBuild");
        assertThat((String) runtime.getVariable(instance, "isoBuildError")).contains("404")
                .contains("00000000-0000-0000-0000-00000000dead");
        assertThat(runtime.getVariable(instance, "isoArtifact")).isNull();
    }

    @Test
    void shouldRunAsItsOwnWorkerOnlyServiceAccountAndCreateTheSeparateWorkersAccount() {
        assertThat(embedded.isActive()).isTrue();
        assertThat(props.dataDir()).as("this context's own data directory").isEqualTo(OWN_DATA_DIR);
        for (String user : List.of(WorkerCredentials.EMBEDDED_USER, WorkerCredentials.SEPARATE_USER)) {
            assertThat(jdbc.sql("select roles from app_user where username = ?").param(user).query(String.class).single())
                    .as(user).isEqualTo("WORKER");
            assertThat(auditActionsOf(user)).as(user).contains("user.created");
        }
        JsonNode me = as(WorkerCredentials.SEPARATE_USER, WORKER_PASSWORD).get("/api/me").expect(200).json();
        assertThat(me.path("roles").toString()).isEqualTo("[\"WORKER\"]");
        as(WorkerCredentials.SEPARATE_USER, WORKER_PASSWORD).post("/engine-rest/external-task/fetchAndLock",
                Map.of("workerId", "it", "maxTasks", 1,
                        "topics", List.of(Map.of("topicName", "it-nothing", "lockDuration", 1000)))).expect(200);
        assertThat(as(WorkerCredentials.EMBEDDED_USER, "guess").get("/api/me").status()).isEqualTo(401);
    }

    private Http admin() {
        return as("admin", ADMIN_PASSWORD);
    }

    private Http as(String user, String password) {
        return Http.basic("http://127.0.0.1:" + port, user, password);
    }

    private static int next() {
        return SEQUENCE.incrementAndGet();
    }

    /** A host on the seeded debian-12 profile with a unique name, address and MAC. */
    private String createHost() {
        int n = next();
        Map<String, Object> h = Map.of("hostname", "worker-" + n + ".it.example", "macs", List.of(String.format("52:54:00:77:00:%02x", n)),
                "ip", "10.77." + n + ".10", "prefixLength", 24, "gateway", "10.77." + n + ".1", "dns", List.of("10.0.2.3"),
                "firmware", "auto", "nicDriver", "full", "profile", "debian-12");
        return admin().post("/api/hosts", h).expect(201).json().path("id").asText();
    }

    private List<String> auditActionsOf(String targetId) {
        audit.flush();
        List<String> actions = new java.util.ArrayList<>();
        admin().get("/api/audit?size=500&targetId=" + targetId).expect(200).json().path("items")
                .forEach(e -> actions.add(e.path("action").asText()));
        return actions;
    }

    @AfterAll
    static void deleteDataDir() {
        // the context is closed at JVM exit; what it keeps open there is under the temporary directory
        OWN_DATA_DIR.toFile().deleteOnExit();
    }

    private Task awaitTask(String instance) {
        try {
            return await("a user task after the ISO build step of " + instance).atMost(PICK_UP)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> tasks.createTaskQuery().processInstanceId(instance).singleResult(), t -> t != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; external tasks: " + externalTasks.createExternalTaskQuery()
                    .processInstanceId(instance).list().stream()
                    .map(t -> "[worker " + t.getWorkerId() + ", locked until " + t.getLockExpirationTime() + ", retries "
                            + t.getRetries() + ", error " + t.getErrorMessage() + "]").toList(), e);
        }
    }
}
