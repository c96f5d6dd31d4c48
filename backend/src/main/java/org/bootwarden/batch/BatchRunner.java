package org.bootwarden.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootRenderer;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.isobuild.IsoService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ReplicaNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs batch jobs on a bounded executor ({@value #MAX_JOBS} at a time per server). Every server
 * polls for QUEUED jobs and claims one with a conditional update, so each job runs on exactly one
 * replica. A job builds each host's ISO through {@link IsoService} (the per-host image cache), streams
 * it into the zip, writes its progress every {@value #PROGRESS_EVERY} hosts (and at least every
 * second), and checks for a cancel request before every host. A cancelled or failed job leaves no
 * partial zip; a server that stops puts its running jobs back in the queue.
 */
@Component
class BatchRunner {

    static final int MAX_JOBS = 2;
    static final int PROGRESS_EVERY = 10;
    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    static final String HOST_DELETED = "host was deleted after the batch job was created";

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private final BatchRepository jobs;
    private final HostRepository hosts;
    private final IsoService isos;
    private final AuditService audit;
    private final Clock clock;
    private final Path batchDir;
    private final String runnerId;
    private final ExecutorService executor = Executors.newFixedThreadPool(MAX_JOBS, named("batch-job"));
    private final ExecutorService poller = Executors.newSingleThreadExecutor(named("batch-poll"));
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    /** Called before each host is built (job id, position); tests use it to hold a job at a known point. */
    volatile BiConsumer<String, Integer> beforeHost = (id, position) -> {
    };

    BatchRunner(BatchRepository jobs, HostRepository hosts, IsoService isos, AuditService audit, Clock clock,
            BootwardenProperties props) {
        this.jobs = jobs;
        this.hosts = hosts;
        this.isos = isos;
        this.audit = audit;
        this.clock = clock;
        this.batchDir = props.dataDir().resolve("batches");
        this.runnerId = ReplicaNames.next();
    }

    /** Looks for work now (after a job was created here) instead of at the next poll. */
    void wake() {
        if (!stopping) {
            poller.execute(this::poll);
        }
    }

    @Scheduled(initialDelay = 2000, fixedDelay = 2000)
    void scheduledPoll() {
        wake();
    }

    /** Claims queued jobs while this server has free slots; fails jobs whose server stopped sending heartbeats. */
    void poll() {
        try {
            Instant now = Instant.now(clock);
            for (String id : jobs.failStale(now.minus(STALE_AFTER), now)) {
                audit.recordAs("system", null, "batch.finished", "batch", id, "batch job FAILED: the server running it stopped",
                        null, Map.of("status", "FAILED"));
            }
            while (!stopping && running.get() < MAX_JOBS) {
                List<String> queued = jobs.queued(MAX_JOBS);
                String claimed = null;
                for (String id : queued) {
                    if (jobs.claim(id, runnerId, Instant.now(clock))) {
                        claimed = id;
                        break;
                    }
                }
                if (claimed == null) {
                    return;
                }
                running.incrementAndGet();
                String id = claimed;
                executor.execute(() -> {
                    try {
                        run(id);
                    } finally {
                        running.decrementAndGet();
                        wake();
                    }
                });
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("batch job poll failed: {}", e.toString());
            }
        }
    }

    /** Runs one claimed job to its end. */
    void run(String id) {
        BatchJob job = jobs.find(id).orElseThrow();
        List<BatchRepository.JobHost> members = jobs.hosts(id);
        Path target = batchDir.resolve(BatchJob.zipFileName(id));
        int done = 0;
        int failed = 0;
        long lastProgress = System.nanoTime();
        log.info("batch job {} started: {} hosts ({})", id, members.size(), job.description());
        try (BatchZipWriter zip = new BatchZipWriter(target, "deflate".equals(job.compression()))) {
            for (BatchRepository.JobHost member : members) {
                if (Thread.currentThread().isInterrupted() || stopping) {
                    requeue(id);
                    return;
                }
                if (jobs.cancelRequested(id)) {
                    // the partial zip goes before the job is seen as ended: whoever sees CANCELLED sees no file
                    zip.close();
                    finish(id, BatchStatus.CANCELLED, done, failed, "cancelled after " + (done + failed) + " of " + members.size()
                            + " hosts", null);
                    return;
                }
                beforeHost.accept(id, member.position());
                Optional<Host> host = hosts.findById(member.hostId());
                if (host.isEmpty()) {
                    zip.addFailure(member.hostname(), null, null, HOST_DELETED);
                    jobs.hostFailed(id, member.position(), HOST_DELETED);
                    failed++;
                } else {
                    Host h = host.get();
                    try {
                        Path iso = isos.buildImage(h, BootRenderer.Media.CD);
                        zip.addIso(h.hostname(), h.macs(), h.ip(), h.hostname() + ".iso", iso);
                        done++;
                    } catch (IOException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        log.warn("batch job {}: ISO of host {} failed: {}", id, h.hostname(), e.toString());
                        zip.addFailure(h.hostname(), h.macs(), h.ip(), String.valueOf(e.getMessage()));
                        jobs.hostFailed(id, member.position(), String.valueOf(e.getMessage()));
                        failed++;
                    }
                }
                if ((done + failed) % PROGRESS_EVERY == 0 || System.nanoTime() - lastProgress > 1_000_000_000L) {
                    jobs.progress(id, done, failed, Instant.now(clock));
                    lastProgress = System.nanoTime();
                }
            }
            if (done == 0) {
                zip.close();
                finish(id, BatchStatus.FAILED, done, failed, "no ISO could be built (see the server log)", null);
                return;
            }
            BatchZipWriter.Result result = zip.finish();
            if (!finish(id, BatchStatus.DONE, done, failed, failed == 0 ? null : failed + " hosts failed (see the manifest)", result)) {
                Files.deleteIfExists(target);
            }
        } catch (Exception e) {
            if (stopping || e instanceof InterruptedException) {
                requeue(id);
                return;
            }
            log.error("batch job {} failed", id, e);
            finish(id, BatchStatus.FAILED, done, failed, e.toString(), null);
        }
    }

    private boolean finish(String id, BatchStatus status, int done, int failed, String error, BatchZipWriter.Result zip) {
        Instant now = Instant.now(clock);
        boolean changed = jobs.finish(id, status, done, failed, error, zip == null ? null : zip.path().toString(),
                zip == null ? null : zip.size(), zip == null ? null : zip.sha256(), now);
        if (changed) {
            log.info("batch job {} {}: {} built, {} failed", id, status, done, failed);
            audit.recordAs("system", null, "batch.finished", "batch", id, "batch job " + status + ": " + done + " ISOs built, "
                    + failed + " failed" + (error == null ? "" : " (" + error + ")"), null,
                    zip == null ? Map.of("status", status.name(), "done", done, "failed", failed)
                            : Map.of("status", status.name(), "done", done, "failed", failed, "zipSize", zip.size(), "zipSha256",
                                    zip.sha256()));
        }
        return changed;
    }

    private void requeue(String id) {
        if (jobs.requeue(id, runnerId)) {
            log.info("batch job {} put back in the queue: this server is stopping", id);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        poller.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
