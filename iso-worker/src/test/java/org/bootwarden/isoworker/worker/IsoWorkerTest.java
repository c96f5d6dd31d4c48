package org.bootwarden.isoworker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bootwarden.isoworker.DirectoryArtifactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The worker's traffic with the engine: what it asks for, with which credentials, and that it stops promptly. */
class IsoWorkerTest {

    @TempDir
    Path dir;

    private HttpServer engine;
    private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop(0);
        }
    }

    @Test
    void shouldLongPollTheTopicWithBasicAuthAndStopPromptlyWhileAPollIsPending() throws Exception {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        engine.createContext("/engine-rest/external-task/fetchAndLock", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            try {
                Thread.sleep(30_000); // a long poll with no task: the worker must not wait for it when stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("[]".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        engine.start();
        URI base = URI.create("http://127.0.0.1:" + engine.getAddress().getPort());
        IsoWorkerProperties props = new IsoWorkerProperties(base.resolve("/engine-rest"), base, "iso-worker", "secret",
                "worker-under-test", dir.resolve("iso"), dir.resolve("ipxe"), dir.resolve("work"),
                new IsoWorkerProperties.Tasks(Duration.ofMinutes(5), 2, Duration.ofSeconds(25), 3, List.of(Duration.ofSeconds(1))));

        IsoWorker worker = IsoWorker.start(props, (spec, output) -> { }, new DirectoryArtifactStore(dir.resolve("iso")));
        String request = requests.poll(20, TimeUnit.SECONDS);

        assertThat(request).as("a fetchAndLock request").isNotNull();
        assertThat(request).startsWith("Basic aXNvLXdvcmtlcjpzZWNyZXQ= ")
                .contains("\"workerId\":\"worker-under-test\"").contains("\"maxTasks\":2")
                .contains("\"asyncResponseTimeout\":25000").contains("\"topicName\":\"bootwarden-iso-build\"")
                .contains("\"lockDuration\":300000").contains("\"hostId\"").contains("\"ticketId\"");
        long started = System.nanoTime();
        worker.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(worker.isActive()).isFalse();
    }
}
