package org.bootwarden.isoworker.custom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.bootwarden.isoworker.container.ContainerRunner;
import org.bootwarden.isoworker.container.ContainerSettings;

/**
 * A private podman Docker-API service for one test class (after shared/recipes/podman): its own
 * storage (vfs), run directory and socket under a temporary directory, started here and stopped by
 * its PID. Images are built locally with {@code podman import}; nothing is pulled.
 */
final class TestPodman implements AutoCloseable {

    private final Path base;
    private final Process service;
    final String host;

    private TestPodman(Path base, Process service) {
        this.base = base;
        this.service = service;
        this.host = "unix://" + base.resolve("podman.sock");
    }

    /** Why a podman service cannot be started here, or null when it can be tried. */
    static String unavailableReason() {
        if (!onPath("podman")) {
            return "podman is not installed (Debian packages podman runc)";
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return "/bin/busybox is missing (Debian package busybox-static): the test image is made from it";
        }
        return null;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
    }

    /** Starts the service; returns null (and cleans up) when it does not answer within 15 s. */
    static TestPodman start() throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("bw-podman-");
        Files.copy(FakeIpxe.RESOURCES.resolve("podman/containers.conf"), base.resolve("containers.conf"));
        ProcessBuilder pb = new ProcessBuilder(podman(base, "system", "service", "--time=0",
                "unix://" + base.resolve("podman.sock")))
                .redirectErrorStream(true).redirectOutput(base.resolve("service.log").toFile());
        pb.environment().put("CONTAINERS_CONF", base.resolve("containers.conf").toString());
        TestPodman podman = new TestPodman(base, pb.start());
        try (ContainerRunner probe = new ContainerRunner(ContainerSettings.defaults(podman.host))) {
            for (int i = 0; i < 150; i++) {
                if (Files.exists(base.resolve("podman.sock")) && probe.ping()) {
                    return podman;
                }
                Thread.sleep(100);
            }
        }
        podman.close();
        return null;
    }

    String log() {
        try {
            return Files.readString(base.resolve("service.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static List<String> podman(Path base, String... args) {
        List<String> argv = new ArrayList<>(List.of("podman", "--root", base.resolve("root").toString(),
                "--runroot", base.resolve("run").toString(), "--tmpdir", base.resolve("tmp").toString(),
                "--storage-driver", "vfs", "--cgroup-manager=cgroupfs", "--events-backend=file"));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Imports a tiny image {@code name}: static busybox as the shell and tools, the fake make as
     * {@code /usr/local/bin/make}, a fake iPXE tree at {@code /opt/ipxe/src}.
     */
    void importFakeBuilderImage(String name) throws IOException, InterruptedException {
        Path tar = base.resolve("rootfs.tar");
        try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            dir(out, "bin/");
            dir(out, "tmp/");
            dir(out, "usr/");
            dir(out, "usr/local/");
            dir(out, "usr/local/bin/");
            file(out, "bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755);
            for (String tool : List.of("sh", "cp", "mkdir", "cat", "env", "sort", "sed", "dirname", "tr", "ls", "rm",
                    "echo", "sleep", "true")) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + tool, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                out.putArchiveEntry(link);
                out.closeArchiveEntry();
            }
            file(out, "usr/local/bin/make", Files.readAllBytes(FakeIpxe.RESOURCES.resolve("fake-make/make")), 0755);
            for (String d : List.of("opt/", "opt/ipxe/", "opt/ipxe/src/", "opt/ipxe/src/config/", "opt/ipxe/src/config/local/")) {
                dir(out, d);
            }
            file(out, "opt/ipxe/src/Makefile", "# fake iPXE Makefile\n".getBytes(), 0644);
            file(out, "opt/ipxe/src/config/local/general.h", "/* shipped empty */\n".getBytes(), 0644);
        }
        run(Duration.ofSeconds(60), "import", "--change", "ENV=PATH=/usr/local/bin:/bin", tar.toString(), name);
    }

    private static void dir(TarArchiveOutputStream out, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0755);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream out, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(mode);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
    }

    private void run(Duration timeout, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(podman(base, args)).redirectErrorStream(true)
                .redirectOutput(base.resolve("cli.log").toFile());
        pb.environment().put("CONTAINERS_CONF", base.resolve("containers.conf").toString());
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("podman " + String.join(" ", args) + " failed: "
                    + Files.readString(base.resolve("cli.log")));
        }
    }

    /** Stops the service (its PID only) and removes the temporary directory with its storage. */
    @Override
    public void close() {
        service.destroy();
        try {
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
