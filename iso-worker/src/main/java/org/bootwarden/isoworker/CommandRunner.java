package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command from an argv list (no shell) with a time limit; output goes to a log file. */
final class CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    private static final int TAIL_BYTES = 2048;

    private final Duration timeout;

    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs {@code argv}, writing its stdout and stderr to {@code logFile}.
     *
     * @throws IsoBuildException if it cannot start, exits non-zero or exceeds the time limit
     */
    void run(List<String> argv, Path logFile) {
        run(argv, logFile, Map.of());
    }

    /**
     * Runs {@code argv} with {@code environment} added to this process's environment, writing its
     * stdout and stderr to {@code logFile}.
     *
     * @throws IsoBuildException if it cannot start, exits non-zero or exceeds the time limit
     */
    void run(List<String> argv, Path logFile, Map<String, String> environment) {
        String commandLine = String.join(" ", argv);
        log.debug("Running {}", commandLine);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close(); // nothing on stdin: a prompting tool fails instead of hanging
        } catch (IOException e) {
            throw new IsoBuildException("Cannot start '" + commandLine + "': " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IsoBuildException("'" + commandLine + "' timed out after " + timeout.toMillis()
                        + " ms; output: " + tail(logFile));
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IsoBuildException("Interrupted while running '" + commandLine + "'", e);
        }
        int exitCode = process.exitValue();
        if (exitCode != 0) {
            throw new IsoBuildException(
                    "'" + commandLine + "' failed with exit code " + exitCode + "; output: " + tail(logFile));
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@value #TAIL_BYTES} bytes of the log, trimmed. */
    static String tail(Path logFile) {
        try (FileChannel channel = FileChannel.open(logFile)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.read(buffer, start);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text;
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
