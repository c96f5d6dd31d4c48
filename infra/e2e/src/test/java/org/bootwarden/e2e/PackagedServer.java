package org.bootwarden.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged backend started the way a user starts it: {@code java -jar backend/target/bootwarden.jar}
 * with configuration from the environment. One instance per test class (start-up takes 10-15 s).
 *
 * <p>Fixed for the instance's life, so ISOs downloaded before a {@link #restart()} stay valid:
 * the port ({@code SERVER_PORT}, bound to 127.0.0.1), the data directory
 * ({@code BOOTWARDEN_DATA_DIR}), the admin password and the public URL(s) written into ISOs
 * ({@code BOOTWARDEN_PUBLIC_URL}, comma-separated). Output goes to {@code target/e2e/servers/NAME.log}.
 */
final class PackagedServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> command;
    private final int port;
    private String adminPassword = "e2e-" + UUID.randomUUID();
    private Path dataDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String publicUrl;
    private final Map<String, String> extraEnv = new java.util.LinkedHashMap<>();
    private Process process;

    private PackagedServer(String name, List<String> command) {
        this.name = name;
        this.command = List.copyOf(command);
        this.port = E2E.freePort();
        Path dir = E2E.freshWorkDir("servers");
        try {
            this.dataDir = Files.createTempDirectory(dir, name + "-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = dir.resolve(name + ".log");
        this.publicUrl = guestUrl();
    }

    /**
     * Whether {@code backend/target/bootwarden.jar} exists. When it does not: false, or, with
     * {@code -Dbootwarden.e2e.requireServer=true} (CI), a failure that says to package first.
     */
    static boolean packaged() {
        if (Files.isRegularFile(E2E.backendJar())) {
            return true;
        }
        if (E2E.serverRequired()) {
            throw new IllegalStateException(missingJarMessage());
        }
        return false;
    }

    /** JUnit assumption for each product test: skipped (with the reason) when not packaged. */
    static void assumePackaged() {
        assumeTrue(packaged(), PackagedServer::missingJarMessage);
    }

    private static String missingJarMessage() {
        return "packaged server " + E2E.backendJar() + " does not exist: run mvn package first "
                + "(e.g. mvn -pl backend -am package -DskipTests from the repository root)";
    }

    /** A server for the packaged jar on a free port with a fresh data directory, not started yet. */
    static PackagedServer create(String name) {
        Path jar = E2E.backendJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(missingJarMessage());
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new PackagedServer(name, List.of(java.toString(), "-jar", jar.toString()));
    }

    /** A server started with another command line (the harness's own self-test uses a fake). */
    static PackagedServer launching(String name, List<String> command) {
        return new PackagedServer(name, command);
    }

    /** The URL(s) the server writes into ISOs; default {@link #guestUrl()}. Set before start. */
    PackagedServer publicUrl(String urls) {
        this.publicUrl = urls;
        return this;
    }

    /** An extra environment variable for the server (e.g. {@code BOOTWARDEN_WORKER_EMBEDDED}). Set before start. */
    PackagedServer env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /**
     * Runs as another replica of {@code first}: the same data directory (the shared artifact
     * store), admin password and public URL. The database and token secret come from env().
     */
    PackagedServer replicaOf(PackagedServer first) {
        this.dataDir = first.dataDir;
        this.adminPassword = first.adminPassword;
        return this;
    }

    /** Kills the server at once (SIGKILL), as a crash or a pulled power cord would. */
    synchronized void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    int port() {
        return port;
    }

    /** As the tests (on the host) reach it. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** As a QEMU guest in user networking reaches it. */
    String guestUrl() {
        return "http://" + E2E.HOST_FROM_GUEST + ":" + port;
    }

    String adminPassword() {
        return adminPassword;
    }

    Path log() {
        return log;
    }

    Path dataDir() {
        return dataDir;
    }

    Api api() {
        return new Api(baseUrl(), "admin", adminPassword, this::logTail);
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the jar and waits until {@code /actuator/health} answers 200 with status UP. */
    synchronized PackagedServer start() {
        if (isRunning()) {
            return this;
        }
        try {
            Files.writeString(log, "\n===== " + Instant.now() + " starting " + name + ": "
                    + String.join(" ", command) + "\n      SERVER_PORT=" + port + " BOOTWARDEN_DATA_DIR=" + dataDir
                    + " BOOTWARDEN_PUBLIC_URL=" + publicUrl + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("SERVER_ADDRESS", "127.0.0.1");
            env.put("BOOTWARDEN_DATA_DIR", dataDir.toString());
            env.put("BOOTWARDEN_PUBLIC_URL", publicUrl);
            env.put("BOOTWARDEN_ADMIN_PASSWORD", adminPassword);
            env.put("BOOTWARDEN_IPXE_DIR", E2E.ipxeDir().toString());
            env.putAll(extraEnv);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> destroyTree(started, Duration.ZERO)));
        awaitHealthy();
        return this;
    }

    /** Stops and starts again with the same port, data directory, password and public URL. */
    synchronized void restart() {
        stop();
        start();
    }

    /** Starts the server if a test stopped it. */
    synchronized void ensureRunning() {
        if (!isRunning()) {
            start();
        }
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 20 s) of the process and its children. */
    synchronized void stop() {
        if (process != null) {
            destroyTree(process, STOP_TIMEOUT);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the packaged server exited with code " + process.exitValue()
                        + " during start-up; log " + log + " (tail):\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && "UP".equals(status(response.body()))) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            E2E.sleep(Duration.ofMillis(300));
        }
        stop();
        throw new AssertionError("the packaged server was not healthy within " + START_TIMEOUT.toSeconds()
                + " s (last /actuator/health: " + last + "); log " + log + " (tail):\n" + logTail());
    }

    private static String status(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body).get("status")).map(JsonNode::asText).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    String logTail() {
        return E2E.tail(log, 80);
    }

    private static void destroyTree(Process process, Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
