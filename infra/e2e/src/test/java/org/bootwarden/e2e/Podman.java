package org.bootwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * podman (CLI, rootful) with the project's own configuration and storage, kept between runs in
 * the image cache ({@code $BOOTWARDEN_IMAGE_CACHE}, default {@code ~/.cache/bootwarden/images}) so
 * a rerun reuses the base image and the build's layers. The machine's own podman storage is left
 * alone. Configuration as in shared/recipes/podman: runc with cgroupfs, file events, ulimits this
 * sandbox allows.
 */
final class Podman {

    private static final String CONTAINERS_CONF = """
            [containers]
            default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            """;

    private final Path cache;
    private final Path containersConf;
    private final Path storageConf;

    private Podman(Path cache) {
        this.cache = cache;
        this.containersConf = cache.resolve("podman/containers.conf");
        this.storageConf = cache.resolve("podman/storage.conf");
    }

    /** Why images cannot be built and run here (a missing tool, named with its package), or null. */
    static String unavailableReason() {
        for (String[] tool : new String[][] {{"podman", "podman"}, {"runc", "runc"}, {"debootstrap", "debootstrap"}}) {
            try {
                Exec.requireTool(tool[0], tool[1]);
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    static Path imageCache() {
        String env = System.getenv("BOOTWARDEN_IMAGE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bootwarden/images");
    }

    static Podman create() {
        Podman podman = new Podman(E2E.createDirectories(imageCache()));
        try {
            Files.createDirectories(podman.containersConf.getParent());
            Files.writeString(podman.containersConf, CONTAINERS_CONF);
            Path store = podman.containersConf.getParent();
            Files.writeString(podman.storageConf, "[storage]\ndriver = \"overlay\"\ngraphroot = \"" + store.resolve("root")
                    + "\"\nrunroot = \"" + store.resolve("run") + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return podman;
    }

    Path cache() {
        return cache;
    }

    /** The environment that points podman (and the image scripts) at this configuration and storage. */
    Map<String, String> env() {
        return Map.of("CONTAINERS_CONF", containersConf.toString(), "CONTAINERS_STORAGE_CONF", storageConf.toString(),
                "BOOTWARDEN_IMAGE_CACHE", cache.toString());
    }

    record Result(int exitCode, String output) {
        Result expectSuccess(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException("exit " + exitCode + ": " + String.join(" ", command) + "\n" + E2E.tail(output, 60));
            }
            return this;
        }
    }

    /** {@code podman ARGS...}; output (stdout+stderr) returned, also appended to {@code log} when given. */
    Result podman(Duration timeout, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(command, timeout, log);
    }

    /** Like {@link #podman} but fails on a non-zero exit. */
    String podmanOk(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(command, timeout, null).expectSuccess(command).output();
    }

    /** Any command with this podman's environment (the image build scripts). */
    Result run(List<String> command, Duration timeout, Path log) {
        try {
            Path out = Files.createTempFile(E2E.workDir("images"), "podman-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env());
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            if (log != null) {
                Files.writeString(log, "$ " + String.join(" ", command) + "\n" + output + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            if (!done) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\n" + E2E.tail(output, 40));
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
