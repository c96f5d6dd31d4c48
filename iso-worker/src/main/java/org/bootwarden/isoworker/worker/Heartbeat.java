package org.bootwarden.isoworker.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.camunda.bpm.client.backoff.ErrorAwareBackoffStrategy;
import org.camunda.bpm.client.backoff.ExponentialErrorBackoffStrategy;
import org.camunda.bpm.client.exception.ExternalTaskClientException;
import org.camunda.bpm.client.task.ExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-alone worker's health signal for container health checks and Kubernetes probes
 * ({@code infra/images/worker-healthy}). After every successful fetch from the engine the file
 * {@code <work dir>/heartbeat} is replaced (atomically) by one holding the longest age, in
 * seconds, it may reach before the next successful fetch is due: a long poll, plus a build that
 * may run up to the lock duration, plus a minute. A failed fetch (engine down, credentials
 * refused) leaves the file alone, so it goes stale; a worker that never reached the engine has
 * none.
 *
 * <p>It is the client's back-off strategy (the one hook the external-task client calls after
 * every fetch, with its error), delegating the back-off itself to the exponential one.
 */
final class Heartbeat implements ErrorAwareBackoffStrategy {

    static final String FILE_NAME = "heartbeat";
    static final Duration MARGIN = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ErrorAwareBackoffStrategy backoff = new ExponentialErrorBackoffStrategy();
    private final Path file;
    private final long maxAgeSeconds;
    private volatile boolean warned;

    private Heartbeat(Path file, long maxAgeSeconds) {
        this.file = file;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** No file: the embedded worker, whose health is the server's. */
    static Heartbeat none() {
        return new Heartbeat(null, 0);
    }

    /** {@code <work dir>/heartbeat} for a worker with these settings. */
    static Heartbeat inWorkDir(IsoWorkerProperties props) {
        IsoWorkerProperties.Tasks tasks = props.tasks();
        return new Heartbeat(props.workDir().resolve(FILE_NAME),
                tasks.asyncResponseTimeout().plus(tasks.lockDuration()).plus(MARGIN).toSeconds());
    }

    Path file() {
        return file;
    }

    long maxAgeSeconds() {
        return maxAgeSeconds;
    }

    @Override
    public void reconfigure(List<ExternalTask> externalTasks, ExternalTaskClientException error) {
        backoff.reconfigure(externalTasks, error);
        if (error == null && file != null) {
            beat();
        }
    }

    @Override
    public long calculateBackoffTime() {
        return backoff.calculateBackoffTime();
    }

    private void beat() {
        try {
            Files.createDirectories(file.getParent());
            Path next = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".part");
            Files.writeString(next, maxAgeSeconds + "\n", StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            warned = false;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("Cannot write the heartbeat file {} (health checks will report this worker unhealthy): {}", file,
                        e.toString());
            }
        }
    }
}
