package org.bootwarden.isoworker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.bootwarden.isoworker.DirectoryArtifactStore;
import org.bootwarden.isoworker.ImageKey;
import org.bootwarden.isoworker.IsoBuildException;
import org.bootwarden.isoworker.NicDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** The handler's decisions, against a real HTTP backend stub and a fake engine service. */
class BuildIsoHandlerTest {

    private static final String HOST = "0b5f6a0e-1c1e-4c53-9d7e-0123456789ab";
    private static final String SCRIPT = "#!ipxe\necho node-1\n";
    private static final String IPXE_VERSION = "1.21.1+git20250101";
    private static final IsoWorkerProperties.Tasks TASKS = new IsoWorkerProperties.Tasks(Duration.ofMinutes(5), 1,
            Duration.ofSeconds(20), 3, List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5)));

    @TempDir
    Path store;

    private HttpServer backend;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicReference<RuntimeException> buildFails = new AtomicReference<>();

    @BeforeEach
    void startBackend() throws IOException {
        body.set(mediaSpec(hash()));
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/api/hosts/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    status.get() == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    @Test
    void shouldBuildIntoTheStoreUnderTheCacheNameAndComplete() throws IOException {
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        String name = HOST + "-cd-" + hash() + ".iso";
        assertThat(service.only().kind()).isEqualTo("complete");
        assertThat(service.only().variables()).containsEntry("isoScriptHash", hash()).containsEntry("isoArtifact", name);
        assertThat(Files.readString(store.resolve(name))).isEqualTo("ISO of " + SCRIPT);
        assertThat(authorization.get()).isEqualTo("Basic aXNvLXdvcmtlcjpzZWNyZXQ="); // iso-worker:secret
    }

    @Test
    void shouldNotRebuildAnImageThatIsStoredAndShouldRemoveOlderOnesOfTheHost() throws IOException {
        String name = HOST + "-cd-" + hash() + ".iso";
        Files.writeString(store.resolve(name), "built before");
        Files.writeString(store.resolve(HOST + "-cd-00000000000000aa.iso"), "stale");
        Files.writeString(store.resolve(HOST + "-usb-00000000000000aa.img"), "other medium");
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("complete");
        assertThat(builds).hasValue(0);
        try (var files = Files.list(store)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(name, HOST + "-usb-00000000000000aa.img");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 409, 422})
    void shouldRaiseIsoBuildFailedWhenTheBackendRejectsTheHost(int answer) {
        status.set(answer);
        body.set("{\"title\":\"Not Found\",\"status\":" + answer + ",\"detail\":\"no host " + HOST + "\"}");
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("bpmnError");
        assertThat(service.only().errorCode()).isEqualTo("ISO_BUILD_FAILED");
        assertThat(service.only().message()).contains("(" + answer + ")").contains("no host " + HOST);
        assertThat(builds).hasValue(0);
    }

    @Test
    void shouldRaiseIsoBuildFailedWhenTheBuilderFails() {
        buildFails.set(new IsoBuildException("'xorriso -as mkisofs' failed with exit code 5"));
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("bpmnError");
        assertThat(service.only().errorCode()).isEqualTo("ISO_BUILD_FAILED");
        assertThat(service.only().message()).contains("node-1.example").contains("exit code 5");
    }

    @Test
    void shouldRaiseIsoBuildFailedForAMalformedHostIdWithoutAskingTheBackend() {
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(new FakeExternalTask("T-1", "../../actuator", null), service);

        assertThat(service.only().kind()).isEqualTo("bpmnError");
        assertThat(authorization.get()).isNull();
    }

    @Test
    void shouldReportAFailureWithTheFirstDelayWhenTheBackendIsUnreachable() {
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(URI.create("http://127.0.0.1:" + closedPort())).execute(task(null), service);

        FakeExternalTaskService.Call call = service.only();
        assertThat(call.kind()).isEqualTo("failure");
        assertThat(call.message()).contains("backend unreachable");
        assertThat(call.retries()).isEqualTo(3);
        assertThat(call.retryTimeout()).isEqualTo(Duration.ofSeconds(10).toMillis());
        assertThat(call.details()).contains("BuildFailure$Technical");
    }

    @Test
    void shouldCountRetriesDownWithTheConfiguredDelaysUntilAnIncident() {
        status.set(503);
        body.set("{\"detail\":\"database down\"}");
        int[] retriesBefore = {3, 2, 1};
        long[] delays = {Duration.ofMinutes(1).toMillis(), Duration.ofMinutes(5).toMillis(), Duration.ofMinutes(5).toMillis()};
        for (int i = 0; i < retriesBefore.length; i++) {
            FakeExternalTaskService service = new FakeExternalTaskService();

            handler(backendUrl()).execute(task(retriesBefore[i]), service);

            assertThat(service.only().kind()).isEqualTo("failure");
            assertThat(service.only().message()).contains("503").contains("database down");
            assertThat(service.only().retries()).isEqualTo(retriesBefore[i] - 1);
            assertThat(service.only().retryTimeout()).isEqualTo(delays[i]);
        }
    }

    @Test
    void shouldTreatRefusedCredentialsAsATechnicalFailure() {
        status.set(401);
        body.set("{\"detail\":\"log in\"}");
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("failure");
        assertThat(service.only().message()).contains("credentials");
    }

    @Test
    void shouldFailTechnicallyWhenWorkerAndBackendUseDifferentIpxeBinaries() {
        body.set(mediaSpec(ImageKey.hash(SCRIPT, NicDriver.FULL, "some-other-version")));
        FakeExternalTaskService service = new FakeExternalTaskService();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("failure");
        assertThat(service.only().message()).contains("same iPXE binaries");
        assertThat(builds).hasValue(0);
    }

    @Test
    void shouldIgnoreA404OnCompleteBecauseTheTicketWasCancelled() {
        FakeExternalTaskService service = new FakeExternalTaskService().taskGone();

        handler(backendUrl()).execute(task(null), service);

        assertThat(service.only().kind()).isEqualTo("complete");
    }

    @Test
    void shouldIgnoreA404OnBpmnErrorAndOnFailure() {
        status.set(404);
        body.set("{\"detail\":\"gone\"}");
        FakeExternalTaskService service = new FakeExternalTaskService().taskGone();
        handler(backendUrl()).execute(task(null), service);
        assertThat(service.only().kind()).isEqualTo("bpmnError");

        status.set(500);
        FakeExternalTaskService again = new FakeExternalTaskService().taskGone();
        handler(backendUrl()).execute(task(null), again);
        assertThat(again.only().kind()).isEqualTo("failure");
    }

    // ---- fixtures -----------------------------------------------------------------------------

    private BuildIsoHandler handler(URI backendUrl) {
        MediaSpecClient client = new MediaSpecClient(backendUrl, "iso-worker", "secret", Duration.ofSeconds(5),
                new ObjectMapper());
        return new BuildIsoHandler(client, (spec, output) -> {
            if (buildFails.get() != null) {
                throw buildFails.get();
            }
            builds.incrementAndGet();
            try {
                Files.writeString(output, "ISO of " + spec.script());
            } catch (IOException e) {
                throw new IsoBuildException("cannot write", e);
            }
        }, new DirectoryArtifactStore(store), IPXE_VERSION, TASKS);
    }

    private static FakeExternalTask task(Integer retries) {
        return new FakeExternalTask("T-42", HOST, retries);
    }

    private static String hash() {
        return ImageKey.hash(SCRIPT, NicDriver.FULL, IPXE_VERSION);
    }

    private static String mediaSpec(String hash) {
        return """
                {"hostId":"%s","hostname":"node-1.example","volumeId":"BW_NODE_1","script":"%s",
                 "nicDriver":"FULL","firmware":"AUTO","architecture":"X86_64","hash":"%s","artifact":"%s"}
                """.formatted(HOST, SCRIPT.replace("\n", "\\n"), hash, HOST + "-cd-" + hash + ".iso");
    }

    private URI backendUrl() {
        return URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
