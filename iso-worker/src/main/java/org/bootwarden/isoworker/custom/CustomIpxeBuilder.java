package org.bootwarden.isoworker.custom;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ROM-o-Matic style custom iPXE builds, cached per option set.
 *
 * <p>{@link #build} returns the cached build for the options' key ({@link #key}: a hash of {@link
 * CustomBuildOptions#canonical()} and the executor's source identity) or makes it: writes the
 * {@code config/local/*.h} headers ({@link IpxeConfigHeaders}), the embedded script and the CA
 * certificates into a fresh work directory, lets the {@link BuildExecutor} run make ({@link
 * MakeCommand}), and publishes the results as {@code <cache dir>/<key>/} by one atomic directory
 * rename, so a build directory is either complete or absent. Failed builds leave nothing behind.
 *
 * <p>Concurrent calls for the same options share one build: in this process through a map of
 * builds in progress, across processes sharing the cache directory through a file lock per key.
 * Thread-safe.
 */
public final class CustomIpxeBuilder {

    private static final Logger log = LoggerFactory.getLogger(CustomIpxeBuilder.class);
    static final String OPTIONS_FILE = "options.txt";
    static final String LOG_FILE = "build.log";
    static final String VERSION_FILE = "VERSION";

    private final BuildExecutor executor;
    private final MakeCommand make;
    private final Path cacheDir;
    private final Path workDir;
    /** Builds in progress in this JVM by build directory (a JVM cannot take the same file lock twice). */
    private static final Map<Path, CompletableFuture<CustomBuild>> IN_PROGRESS = new ConcurrentHashMap<>();
    private volatile String identity;

    /**
     * @param cacheDir where finished builds are kept (shared by workers is fine)
     * @param workDir scratch space; each build gets a fresh directory below it, always removed
     */
    public CustomIpxeBuilder(BuildExecutor executor, MakeCommand make, Path cacheDir, Path workDir) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.make = Objects.requireNonNull(make, "make");
        this.cacheDir = cacheDir.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
    }

    /** The cache key of {@code options}: 16 hex digits of SHA-256 over them and the source identity. */
    public String key(CustomBuildOptions options) {
        String text = options.canonical() + "source=" + sourceIdentity() + "\n";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The source identity, computed once per builder (a changed tree needs a new builder, e.g. a worker restart). */
    private String sourceIdentity() {
        String id = identity;
        if (id == null) {
            id = executor.identity();
            identity = id;
        }
        return id;
    }

    /** The finished build for {@code options}, if the cache has it. */
    public Optional<CustomBuild> cached(CustomBuildOptions options) {
        String key = key(options);
        Path dir = cacheDir.resolve(key);
        return complete(dir) ? Optional.of(new CustomBuild(key, dir, true)) : Optional.empty();
    }

    /**
     * The build for {@code options}, from the cache or made now.
     *
     * @throws CustomBuildException if the build fails (the cache is left as it was)
     */
    public CustomBuild build(CustomBuildOptions options) {
        Objects.requireNonNull(options, "options");
        String key = key(options);
        Path dir = cacheDir.resolve(key);
        if (complete(dir)) {
            return new CustomBuild(key, dir, true);
        }
        CompletableFuture<CustomBuild> mine = new CompletableFuture<>();
        CompletableFuture<CustomBuild> running = IN_PROGRESS.putIfAbsent(dir, mine);
        if (running != null) {
            try {
                CustomBuild other = running.get();
                return new CustomBuild(other.key(), other.dir(), true);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new CustomBuildException("Custom build " + key + " failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CustomBuildException("Interrupted while waiting for custom build " + key, e);
            }
        }
        try {
            CustomBuild result = buildLocked(options, key, dir);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            IN_PROGRESS.remove(dir, mine);
        }
    }

    private CustomBuild buildLocked(CustomBuildOptions options, String key, Path dir) {
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel lockFile = FileChannel.open(cacheDir.resolve("." + key + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (complete(dir)) {
                    return new CustomBuild(key, dir, true); // another process built it meanwhile
                }
                make(options, key, dir);
                return new CustomBuild(key, dir, false);
            }
        } catch (IOException e) {
            throw new CustomBuildException("Custom build " + key + " failed: " + e, e);
        }
    }

    private void make(CustomBuildOptions options, String key, Path dir) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(workDir);
        Path work = Files.createTempDirectory(workDir, "ipxe-" + key + "-");
        Path staging = null;
        try {
            Path local = Files.createDirectory(work.resolve("local"));
            for (Map.Entry<String, String> h : IpxeConfigHeaders.render(options.features()).entrySet()) {
                Files.writeString(local.resolve(h.getKey()), h.getValue(), StandardCharsets.US_ASCII);
            }
            Path inputs = Files.createDirectory(work.resolve("inputs"));
            if (options.embeddedScript().isPresent()) {
                Files.writeString(inputs.resolve(MakeCommand.EMBED_FILE), options.embeddedScript().get(),
                        StandardCharsets.UTF_8);
            }
            for (int i = 0; i < options.trust().size(); i++) {
                Files.writeString(inputs.resolve(MakeCommand.trustFile(i + 1)), options.trust().get(i).pem(),
                        StandardCharsets.US_ASCII);
            }
            Path logFile = work.resolve(LOG_FILE);
            Files.createFile(logFile);
            List<List<String>> argvs = make.argvs(options);
            log.info("Custom iPXE build {} starting: {}", key, options.canonical().replace('\n', ' ').strip());
            executor.build(work, argvs, options.targets(), logFile);

            // publish: complete directory beside the final name, then one atomic rename
            staging = Files.createTempDirectory(cacheDir, "." + key + "-");
            for (IpxeTarget t : options.targets()) {
                Files.copy(work.resolve("out").resolve(t.outputName()), staging.resolve(t.outputName()));
            }
            Files.copy(logFile, staging.resolve(LOG_FILE));
            Files.writeString(staging.resolve(OPTIONS_FILE), options.canonical() + "source=" + sourceIdentity() + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(VERSION_FILE), CustomBuild.version(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                log.info("Custom iPXE build {} was published by someone else meanwhile; keeping theirs", key);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CustomBuildException("The cache directory " + cacheDir + " does not support atomic renames", e);
            }
            log.info("Custom iPXE build {} published in {} ({} ms)", key, dir, (System.nanoTime() - started) / 1_000_000);
        } finally {
            deleteQuietly(staging);
            deleteQuietly(work);
        }
    }

    /** A published build: its directory exists and has its {@code VERSION} file (written last before the rename). */
    private static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve(VERSION_FILE), LinkOption.NOFOLLOW_LINKS);
    }

    static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Cannot clean up {}: {}", path, e.toString());
        }
    }
}
