package org.bootwarden.isoworker.custom;

import java.io.File;
import java.io.IOException;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a custom build's {@code make} on this machine, in a private copy of a configured iPXE source
 * tree. The copy keeps modification times, so objects already built in the tree ({@code bin*}) are
 * reused and only what the options change is rebuilt.
 *
 * <p>make runs from an argv list (no shell) with a clean environment: only the variables given
 * here (by default {@code PATH}, {@code HOME} and {@code LANG=C}), so the worker's own secrets
 * never reach the build. The command is looked up on that environment's {@code PATH}.
 */
public final class LocalBuildExecutor implements BuildExecutor {

    private static final Logger log = LoggerFactory.getLogger(LocalBuildExecutor.class);

    private final SourceTree tree;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param environment the complete environment of make (include {@code PATH})
     * @param timeout time limit of each make call
     */
    public LocalBuildExecutor(SourceTree tree, Map<String, String> environment, Duration timeout) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.environment = Map.copyOf(environment);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code PATH} of this process, {@code HOME=/tmp}, {@code LANG=C}. */
    public static Map<String, String> defaultEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("LANG", "C");
        return env;
    }

    @Override
    public String identity() {
        return tree.identity();
    }

    @Override
    public void build(Path workDir, List<List<String>> argvs, Collection<IpxeTarget> targets, Path logFile) {
        Path src = workDir.resolve("src");
        try {
            copyTree(tree.src(), src);
            Path local = Files.createDirectories(src.resolve("config/local"));
            try (Stream<Path> headers = Files.list(workDir.resolve("local"))) {
                for (Path h : (Iterable<Path>) headers::iterator) {
                    Path dest = local.resolve(h.getFileName().toString());
                    Files.deleteIfExists(dest); // never write through a link into the configured tree
                    Files.copy(h, dest);
                }
            }
            for (List<String> argv : argvs) {
                run(argv, src, logFile);
            }
            Path out = Files.createDirectories(workDir.resolve("out"));
            for (IpxeTarget t : targets) {
                Path built = src.resolve(t.makeTarget());
                if (!Files.isRegularFile(built, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CustomBuildException("make finished but did not produce " + t.makeTarget() + "; output: "
                            + tail(logFile));
                }
                Files.copy(built, out.resolve(t.outputName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CustomBuildException("Custom iPXE build in " + workDir + " failed: " + e, e);
        }
    }

    private void run(List<String> argv, Path dir, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(argv);
        command.set(0, resolve(argv.get(0)));
        String commandLine = String.join(" ", argv);
        log.info("Running {} in {}", commandLine, dir);
        Files.writeString(logFile, "$ " + commandLine + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new CustomBuildException("Cannot start '" + commandLine + "': " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CustomBuildException("'" + commandLine + "' timed out after " + timeout + "; output: "
                        + tail(logFile));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CustomBuildException("Interrupted while running '" + commandLine + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new CustomBuildException("'" + commandLine + "' failed with exit code " + process.exitValue()
                    + "; output: " + tail(logFile));
        }
    }

    /** {@code command} looked up on make's {@code PATH} (not this process's), or as given if it has a slash. */
    String resolve(String command) {
        if (command.contains("/")) {
            return command;
        }
        for (String dir : Objects.requireNonNullElse(environment.get("PATH"), "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        throw new CustomBuildException("command '" + command + "' not found on the build PATH "
                + environment.get("PATH") + " (install Debian package build-essential, or use container mode)");
    }

    /** Copies {@code from} to {@code to} with modification times; symbolic links are copied as links. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.setLastModifiedTime(to.resolve(from.relativize(dir).toString()), Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The last 2 KiB of the log, trimmed. */
    static String tail(Path logFile) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int start = Math.max(0, all.length - 2048);
            String text = new String(all, start, all.length - start, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text;
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
