package org.bootwarden.isoworker.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a throw-away container through the Docker Engine API (Docker or podman's
 * compatible service), with docker-java.
 *
 * <p>Each {@link #run} creates a container from the image with no network, the configured memory,
 * CPU and process limits, all capabilities dropped but the few a file copy as root needs, and
 * {@code no-new-privileges}; copies a host directory in (as a tar stream, so it also works with a
 * remote engine); starts it; waits at most the time limit; collects exit code and logs; copies the
 * requested files out; and always removes the container. The command is an argv list, never parsed
 * by a shell on the host.
 */
public final class ContainerRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerRunner.class);
    /** Label on every container this runner creates, to find leftovers. */
    public static final String LABEL = "org.bootwarden.container";
    private static final int MAX_LOG_CHARS = 256 * 1024;
    private static final List<Capability> KEPT_CAPABILITIES =
            List.of(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.FSETID);

    private final DockerClient docker;
    private final ContainerSettings settings;

    public ContainerRunner(ContainerSettings settings) {
        this(client(settings), settings);
    }

    ContainerRunner(DockerClient docker, ContainerSettings settings) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    private static DockerClient client(ContainerSettings settings) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(8)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(settings.timeout().plusMinutes(1))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * What to run.
     *
     * @param image image name or id (must be present: the runner never pulls)
     * @param command argv of the container's process
     * @param environment its complete environment besides the image's own
     * @param input host directory copied into the container as {@code inputTarget} before start
     * @param inputTarget absolute directory in the container (created)
     * @param outputs container file -> host file, copied out after a zero exit code
     */
    public record Run(String image, List<String> command, Map<String, String> environment, Path input,
            String inputTarget, Map<String, Path> outputs) {
    }

    /** How it ended. */
    public record Result(int exitCode, String logs) {
    }

    /** The engine is reachable (a {@code _ping} answers). */
    public boolean ping() {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            log.debug("Container engine {} unreachable: {}", settings.host(), e.toString());
            return false;
        }
    }

    /**
     * The id of {@code image}.
     *
     * @throws ContainerException if the engine is unreachable or has no such image (it is never pulled)
     */
    public String imageId(String image) {
        try {
            return docker.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            throw new ContainerException("Image '" + image + "' is not present on " + settings.host()
                    + ": build it first (infra/builder/README.md); images are never pulled", e);
        } catch (RuntimeException e) {
            throw new ContainerException("Cannot reach the container engine " + settings.host() + ": " + e, e);
        }
    }

    /**
     * Runs {@code run} to its end (or its time limit) and removes the container.
     *
     * @return exit code and logs; outputs are copied only when the exit code is 0
     * @throws ContainerException if the engine fails, the time limit passes or an output is missing
     */
    public Result run(Run run) {
        String id = null;
        try {
            HostConfig host = HostConfig.newHostConfig()
                    .withNetworkMode("none")
                    .withMemory(settings.memoryBytes())
                    .withMemorySwap(settings.memoryBytes())
                    .withNanoCPUs((long) (settings.cpus() * 1_000_000_000L))
                    .withPidsLimit(settings.pidsLimit())
                    .withCapDrop(Capability.ALL)
                    .withCapAdd(KEPT_CAPABILITIES.toArray(Capability[]::new))
                    .withSecurityOpts(List.of("no-new-privileges"));
            List<String> env = new ArrayList<>();
            run.environment().forEach((k, v) -> env.add(k + "=" + v));
            CreateContainerResponse created = docker.createContainerCmd(run.image())
                    .withCmd(run.command())
                    .withEnv(env)
                    .withNetworkDisabled(true)
                    .withLabels(Map.of(LABEL, "build"))
                    .withHostConfig(host)
                    .exec();
            id = created.getId();
            copyIn(id, run.input(), run.inputTarget());
            docker.startContainerCmd(id).exec();
            Integer exit;
            try {
                exit = docker.waitContainerCmd(id).start()
                        .awaitStatusCode(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                String logs = logs(id);
                throw new ContainerException("Container " + shortId(id) + " (" + run.image() + ") did not finish within "
                        + settings.timeout() + ": " + e.getMessage() + "; output: " + tail(logs), e);
            }
            String logs = logs(id);
            int code = exit == null ? -1 : exit;
            if (code == 0) {
                for (Map.Entry<String, Path> out : run.outputs().entrySet()) {
                    copyOut(id, out.getKey(), out.getValue());
                }
            }
            return new Result(code, logs);
        } catch (ContainerException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ContainerException("Container run of " + run.image() + " on " + settings.host() + " failed: " + e, e);
        } finally {
            if (id != null) {
                remove(id);
            }
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            log.warn("Cannot remove container {}: {}", shortId(id), e.toString());
        }
    }

    private void copyIn(String id, Path dir, String target) throws IOException {
        if (!target.startsWith("/") || target.contains("..")) {
            throw new IllegalArgumentException("input target must be an absolute path, was " + target);
        }
        Path tar = Files.createTempFile("bootwarden-container-", ".tar");
        try {
            try (OutputStream file = Files.newOutputStream(tar);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                String base = target.substring(1).replaceAll("/+$", "");
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                        String rel = dir.relativize(d).toString();
                        TarArchiveEntry e = new TarArchiveEntry(base + (rel.isEmpty() ? "" : "/" + rel) + "/");
                        e.setMode(0755);
                        out.putArchiveEntry(e);
                        out.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                        if (!attrs.isRegularFile()) {
                            return FileVisitResult.CONTINUE; // only plain files go in
                        }
                        TarArchiveEntry e = new TarArchiveEntry(base + "/" + dir.relativize(f));
                        e.setSize(attrs.size());
                        e.setMode(Files.isExecutable(f) ? 0755 : 0644);
                        e.setModTime(attrs.lastModifiedTime().toMillis());
                        out.putArchiveEntry(e);
                        Files.copy(f, out);
                        out.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
            try (InputStream in = Files.newInputStream(tar)) {
                docker.copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(in).exec();
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** Copies the single regular file at {@code path} in the container to {@code dest}. */
    private void copyOut(String id, String path, Path dest) throws IOException {
        try (InputStream raw = docker.copyArchiveFromContainerCmd(id, path).exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    Files.createDirectories(dest.getParent());
                    Path partial = dest.resolveSibling(dest.getFileName() + ".part");
                    Files.copy(tar, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, dest, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        } catch (NotFoundException e) {
            throw new ContainerException("The container did not produce " + path, e);
        }
        throw new ContainerException(path + " in the container is not a regular file");
    }

    private String logs(String id) {
        StringBuilder text = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            if (text.length() > MAX_LOG_CHARS) {
                                text.delete(0, text.length() - MAX_LOG_CHARS);
                            }
                        }
                    }).awaitCompletion(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            text.append("(logs unavailable: ").append(e).append(")");
        }
        return text.toString();
    }

    /** Containers this runner's label marks that still exist (for tests and diagnostics). */
    public List<String> leftovers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "build")).exec()
                .stream().map(c -> c.getId()).toList();
    }

    static String tail(String logs) {
        String t = logs.length() > 2048 ? logs.substring(logs.length() - 2048) : logs;
        t = t.strip();
        return t.isEmpty() ? "(no output)" : t;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            log.debug("Closing the docker client: {}", e.toString());
        }
    }
}
