package org.bootwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where things are, and small shared helpers (free ports, polling).
 *
 * <p>Paths come from system properties set by failsafe ({@code bootwarden.repoRoot},
 * {@code bootwarden.e2e.workDir}); from an IDE they fall back to walking up from the working
 * directory to the repository root.
 */
final class E2E {

    /** QEMU user networking: the guest sees the host's 127.0.0.1 as 10.0.2.2. */
    static final String HOST_FROM_GUEST = "10.0.2.2";

    private E2E() {
    }

    static Path repoRoot() {
        String configured = System.getProperty("bootwarden.repoRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("backend")) && Files.isDirectory(p.resolve("infra"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + dir
                + " (set -Dbootwarden.repoRoot)");
    }

    /** Scratch and log directory: {@code infra/e2e/target/e2e}. */
    static Path workDir() {
        String configured = System.getProperty("bootwarden.e2e.workDir");
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : repoRoot().resolve("infra/e2e/target/e2e");
        return createDirectories(dir.toAbsolutePath().normalize());
    }

    static Path workDir(String sub) {
        return createDirectories(workDir().resolve(sub));
    }

    private static final java.util.Set<String> FRESH = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * {@code target/e2e/SUB}, emptied of an earlier run's files the first time this JVM asks
     * (guest logs, downloaded ISOs, server logs and data directories of earlier runs).
     */
    static synchronized Path freshWorkDir(String sub) {
        Path dir = workDir(sub);
        if (FRESH.add(sub)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot empty " + dir, e);
            }
        }
        return dir;
    }

    /** Trixie's iPXE binaries: {@code $BOOTWARDEN_IPXE_DIR}, default {@code <repo>/.cache/ipxe}. */
    static Path ipxeDir() {
        String env = System.getenv("BOOTWARDEN_IPXE_DIR");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
                : repoRoot().resolve(".cache/ipxe");
    }

    static Path ipxeFile(String name) {
        Path file = ipxeDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("iPXE binary " + file + " is missing: run "
                    + "infra/ipxe/fetch-ipxe.sh " + ipxeDir() + " (or set BOOTWARDEN_IPXE_DIR)");
        }
        return file;
    }

    static Path backendJar() {
        return repoRoot().resolve("backend/target/bootwarden.jar");
    }

    /** True when a missing backend jar must fail the run instead of skipping (CI). */
    static boolean serverRequired() {
        return Boolean.getBoolean("bootwarden.e2e.requireServer");
    }

    /** A port nothing listens on right now (bound and released at once on 127.0.0.1). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls {@code probe} every 250 ms until it yields a value or {@code timeout} passes.
     *
     * @throws AssertionError naming {@code what} and the last state seen
     */
    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe,
            Supplier<String> lastState) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + "; last seen: " + lastState.get());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last {@code lines} lines of a text file (lenient decoding), for failure messages. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no file " + file + ")";
            }
            String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
            return tail(text, lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
