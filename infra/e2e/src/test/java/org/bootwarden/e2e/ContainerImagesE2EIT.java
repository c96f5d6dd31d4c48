package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.bootwarden.e2e.QemuGuest.Firmware;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container images as an operator builds and runs them: {@code infra/images/build-images.sh}
 * (debootstrap base, both Dockerfiles, podman), the backend container started on H2 with its
 * port published, probed on the paths the Kubernetes manifest uses, checked with {@code --check}
 * inside the image; a BIOS QEMU guest boots the per-host ISO the container generated and gets the
 * LOCAL answer; the ISO worker container, beside it on the shared image volume, builds a ticket's
 * ISO, from which a guest installs. Podman storage and the base file system are cached
 * ({@link Podman#imageCache()}), so a rerun only rebuilds the jar layers.
 */
class ContainerImagesE2EIT {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(15);
    private static final String BACKEND_IMAGE = "localhost/bootwarden-backend:latest";
    private static final String WORKER_IMAGE = "localhost/bootwarden-iso-worker:latest";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Podman podman;
    private static Path logs;
    private static String run;
    private static int port;
    private static String adminPassword;
    private static String workerPassword;
    private static Api api;
    private static boolean started;
    private static Duration buildTime;

    private String hostId;

    @BeforeAll
    static void buildAndStart() throws Exception {
        PackagedServer.assumePackaged();
        boolean workerJar = DeploymentManifestsTest.workerJar().isPresent();
        String unavailable = Podman.unavailableReason();
        if (E2E.serverRequired()) {
            if (unavailable != null) {
                throw new IllegalStateException("container images cannot be built here: " + unavailable);
            }
            if (!workerJar) {
                throw new IllegalStateException("no iso-worker/target/*-exec.jar: run mvn -pl iso-worker,backend -am package first");
            }
        }
        assumeTrue(unavailable == null, () -> "container images cannot be built here: " + unavailable);
        assumeTrue(workerJar, "no iso-worker/target/*-exec.jar: run mvn -pl iso-worker,backend -am package first");

        podman = Podman.create();
        logs = E2E.freshWorkDir("images");
        long t0 = System.nanoTime();
        podman.run(List.of("bash", E2E.repoRoot().resolve("infra/images/build-images.sh").toString()), BUILD_TIMEOUT,
                logs.resolve("build.log")).expectSuccess(List.of("infra/images/build-images.sh"));
        buildTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("images built in " + buildTime.toSeconds() + " s (cache " + podman.cache() + ")");
        // the private storage keeps only what the next run reuses: no earlier images' layers, no old volumes
        podman.podman(Duration.ofMinutes(2), logs.resolve("build.log"), "image", "prune", "-f");
        podman.podman(Duration.ofMinutes(2), logs.resolve("build.log"), "volume", "prune", "-f");

        run = "bw-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        port = E2E.freePort();
        adminPassword = "e2e-" + UUID.randomUUID();
        workerPassword = "e2e-worker-" + UUID.randomUUID();
        podman.podmanOk(Duration.ofSeconds(30), "volume", "create", run + "-images");
        started = true;
        podman.podmanOk(Duration.ofSeconds(60), "run", "-d", "--name", run + "-backend",
                "--health-interval=disable",
                "-p", "127.0.0.1:" + port + ":8080",
                "-v", run + "-images:/var/lib/bootwarden/iso",
                "-e", "BOOTWARDEN_PUBLIC_URL=" + guestUrl(),
                "-e", "BOOTWARDEN_ADMIN_PASSWORD=" + adminPassword,
                "-e", "BOOTWARDEN_WORKER_EMBEDDED=false",
                "-e", "BOOTWARDEN_WORKER_PASSWORD=" + workerPassword,
                BACKEND_IMAGE);
        awaitHttp(baseUrl() + "/actuator/health/readiness", START_TIMEOUT, "backend");
        api = new Api(baseUrl(), "admin", adminPassword, () -> containerLog("backend"));
        api.createProfile(Fixtures.standinProfile());

        // the worker shares the backend container's network namespace (as a pod's containers
        // would) and its image volume
        podman.podmanOk(Duration.ofSeconds(60), "run", "-d", "--name", run + "-worker",
                "--health-interval=disable",
                "--network", "container:" + run + "-backend",
                "-v", run + "-images:/var/lib/bootwarden/iso",
                "-e", "BOOTWARDEN_WORKER_ENGINE_URL=http://127.0.0.1:8080/engine-rest",
                "-e", "BOOTWARDEN_WORKER_BACKEND_URL=http://127.0.0.1:8080",
                "-e", "BOOTWARDEN_WORKER_PASSWORD=" + workerPassword,
                "-e", "BOOTWARDEN_WORKER_TASKS_ASYNC_RESPONSE_TIMEOUT=5s",
                WORKER_IMAGE);
    }

    @AfterAll
    static void removeContainers() {
        if (!started) {
            return;
        }
        for (String c : List.of("worker", "backend")) {
            containerLog(c);
            podman.podman(Duration.ofSeconds(60), logs.resolve("cleanup.log"), "rm", "-f", "-v", "-t", "10", run + "-" + c);
        }
        podman.podman(Duration.ofSeconds(60), logs.resolve("cleanup.log"), "volume", "rm", "-f", run + "-images");
    }

    @AfterEach
    void deleteHost() {
        if (hostId != null) {
            String id = hostId;
            hostId = null;
            api.removeHost(id);
        }
    }

    @Test
    void backendContainerRunsAsItsUserAndAnswersTheProbesOfTheKubernetesManifest() throws Exception {
        Container manifest = backendContainerOfManifest();
        List<String> paths = Stream.of(manifest.getStartupProbe(), manifest.getReadinessProbe(), manifest.getLivenessProbe())
                .filter(Objects::nonNull).map(Probe::getHttpGet).map(g -> g.getPath()).distinct().toList();
        assertThat(paths).contains("/actuator/health/readiness", "/actuator/health/liveness");

        for (String path : paths) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).as(path).contains("\"status\":\"UP\"");
        }
        Podman.Result health = podman.podman(Duration.ofSeconds(60), logs.resolve("health.log"), "healthcheck", "run", run + "-backend");
        assertThat(health.exitCode()).as("the image's HEALTHCHECK: " + health.output()).isZero();
        assertThat(podman.podmanOk(Duration.ofSeconds(30), "exec", run + "-backend", "id", "-u").strip()).isEqualTo("10001");
        String labels = podman.podmanOk(Duration.ofSeconds(30), "image", "inspect", "--format",
                "{{index .Labels \"org.opencontainers.image.title\"}} {{index .Labels \"org.opencontainers.image.version\"}}",
                BACKEND_IMAGE);
        assertThat(labels.strip()).startsWith("bootwarden-backend ").doesNotEndWith(" dev");
    }

    @Test
    void checkModeInsideTheImageFindsTheIpxeBinariesAndIsoTools() {
        Podman.Result check = podman.podman(Duration.ofMinutes(3), logs.resolve("check.log"), "run", "--rm",
                "-e", "BOOTWARDEN_PUBLIC_URL=http://10.0.2.2:8080", "-e", "BOOTWARDEN_ADMIN_PASSWORD=check",
                BACKEND_IMAGE, "--check");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("[ OK ] database", "[ OK ] data directory: /var/lib/bootwarden",
                "[ OK ] boot images: iPXE binaries in /opt/bootwarden/ipxe", "Configuration check passed");
    }

    @Test
    void biosGuestBootsTheIsoTheContainerMadeAndIsToldToBootLocally() {
        hostId = api.createHost(Fixtures.host(Fixtures.hostname("e2e-image-local"), Firmware.BIOS)).path("id").asText();
        Path iso = api.downloadIso(hostId, Fixtures.isoPath("image-local"));

        GuestRun boot = QemuGuest.bios("image-local").cdrom(iso).localDisk(Fixtures.markerDisk(Firmware.BIOS)).run();

        assertThat(boot.serial()).as(boot.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(boot.poweredOff()).as(boot.describe()).isTrue();
        JsonNode local = api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(local.path("summary").asText()).as("the guest's own request")
                .contains("mac " + QemuGuest.DEFAULT_MAC, "platform pcbios");
        assertThat(api.auditActions(hostId)).doesNotContain("boot.install");
        assertThat(api.bootState(hostId)).isEqualTo("LOCAL");
    }

    @Test
    void workerContainerBuildsATicketsIsoFromWhichTheGuestInstalls() {
        awaitWorkerHealthy();
        api.createUser("img-requester", workerPassword, "REQUESTER");
        api.createUser("img-approver", workerPassword, "APPROVER");
        String hostname = Fixtures.hostname("e2e-image-ticket");
        hostId = api.createHost(Fixtures.host(hostname, Firmware.BIOS)).path("id").asText();

        String ticket = api.as("img-requester", workerPassword).submitTicket(hostId, "install through the container images")
                .path("id").asText();
        Api approver = api.as("img-approver", workerPassword);
        approver.completeTask(approver.task(ticket, "UserTask_Approve").path("id").asText(), "approve", "ok");
        JsonNode armed = api.awaitTicketStatus(ticket, "ARMED", Duration.ofSeconds(120));

        assertThat(armed.path("timeline").findValuesAsText("action")).contains("ticket.iso-built");
        assertThat(containerLog("worker")).contains("Ticket " + ticket + ": ISO for host " + hostId + " ready as ");
        Path iso = api.downloadIso(hostId, Fixtures.isoPath("image-ticket"));
        GuestRun install = QemuGuest.bios("image-install").cdrom(iso).localDisk(Fixtures.markerDisk(Firmware.BIOS)).run();

        assertThat(install.serial()).as(install.describe()).contains(Fixtures.STANDIN_BANNER + hostname)
                .doesNotContain(Fixtures.STANDIN_FAILED);
        api.awaitAudit(hostId, "install.completed", AUDIT_WAIT);
        api.awaitBootState(hostId, "LOCAL", Duration.ofSeconds(30));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String guestUrl() {
        return "http://" + E2E.HOST_FROM_GUEST + ":" + port;
    }

    private static Container backendContainerOfManifest() {
        return DeployFiles.kubernetesObjects(DeployFiles.infra("k8s/backend-deployment.yaml")).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static void awaitHttp(String url, Duration timeout, String container) {
        E2E.await(url + " to answer 200", timeout, () -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? Optional.of(true) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, () -> E2E.tail(containerLog(container), 40));
    }

    private static void awaitWorkerHealthy() {
        E2E.await("the worker container's HEALTHCHECK to pass", Duration.ofSeconds(90), () -> {
            Podman.Result r = podman.podman(Duration.ofSeconds(30), null, "healthcheck", "run", run + "-worker");
            return r.exitCode() == 0 ? Optional.of(true) : Optional.empty();
        }, () -> E2E.tail(containerLog("worker"), 30));
    }

    /** The container's output so far, also saved under {@code target/e2e/images/NAME.log}. */
    private static String containerLog(String name) {
        Podman.Result r = podman.podman(Duration.ofSeconds(30), null, "logs", run + "-" + name);
        try {
            Files.writeString(logs.resolve(name + ".log"), r.output());
        } catch (IOException e) {
            // the output is returned anyway
        }
        return r.output();
    }
}
