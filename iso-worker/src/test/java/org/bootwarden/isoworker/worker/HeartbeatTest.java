package org.bootwarden.isoworker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bootwarden.isoworker.DirectoryArtifactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The heartbeat file that the worker image's health check reads: written after successful fetches only. */
class HeartbeatTest {

    @TempDir
    Path dir;

    private HttpServer engine;
    private IsoWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        if (engine != null) {
            engine.stop(0);
        }
    }

    @Test
    void shouldWriteTheHeartbeatOnlyAfterTheEngineAcceptsAFetch() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/engine-rest/external-task/fetchAndLock", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = refuse.get() ? "{\"type\":\"AuthenticationException\"}".getBytes(StandardCharsets.UTF_8)
                    : "[]".getBytes(StandardCharsets.UTF_8);
            if (refuse.get()) {
                refused.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(refuse.get() ? 401 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        URI base = URI.create("http://127.0.0.1:" + engine.getAddress().getPort());
        IsoWorkerProperties props = new IsoWorkerProperties(base.resolve("/engine-rest"), base, "iso-worker", "wrong",
                "heartbeat-test", dir.resolve("iso"), dir.resolve("ipxe"), dir.resolve("work"),
                new IsoWorkerProperties.Tasks(Duration.ofMinutes(5), 1, Duration.ofSeconds(25), 3, List.of(Duration.ofSeconds(1))));
        Heartbeat heartbeat = Heartbeat.inWorkDir(props);
        Path file = dir.resolve("work").resolve("heartbeat");
        assertThat(heartbeat.file()).isEqualTo(file);
        assertThat(heartbeat.maxAgeSeconds()).as("long poll + lock duration + 1 min").isEqualTo(25 + 300 + 60);

        worker = IsoWorker.start(props, (spec, output) -> { }, new DirectoryArtifactStore(dir.resolve("iso")), heartbeat);
        await(() -> refused.get() >= 2, "two refused fetches");

        assertThat(file).as("no heartbeat while the engine refuses the worker").doesNotExist();

        refuse.set(false);
        await(() -> Files.exists(file), "the heartbeat after a successful fetch");

        assertThat(Files.readString(file)).isEqualTo("385\n");
        worker.close(); // the fake engine answers at once, so the worker beats in a tight loop until stopped
        worker = null;
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left").containsOnly("heartbeat");
        }
    }

    @Test
    void shouldWriteNothingForTheEmbeddedWorker() {
        Heartbeat none = Heartbeat.none();
        none.reconfigure(List.of(), null);
        assertThat(none.file()).isNull();
        assertThat(none.calculateBackoffTime()).isZero();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
