package org.bootwarden.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ReplicaNames;
import org.bootwarden.system.CachedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends webhook deliveries. Every replica runs one: it takes due deliveries with a lease (a
 * conditional update, so one replica sends each), POSTs the event's body signed with the
 * endpoint's secret, and writes the attempt to the delivery log; a failed attempt is retried
 * after a back-off that doubles each time, and after the last attempt the delivery is DEAD. It
 * wakes when an event was committed on this replica, when a retry falls due, and otherwise every
 * poll interval (to pick up the events of other replicas).
 *
 * <p>Delivery is at least once: a replica that dies after the endpoint answered but before the
 * result was written leaves the delivery to be sent again when its lease runs out. Receivers
 * skip repeats by the delivery id ({@code X-Bootwarden-Delivery}) or the event id.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final int MAX_ERROR_BODY = 300;

    private final WebhookStore store;
    private final WebhookSecrets secrets;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BootwardenProperties.Webhooks settings;
    private final String replica;
    private final HttpClient http;
    private final Duration lease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private final Timer attemptTime;
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;
    private Instant lastPurge = Instant.EPOCH;

    WebhookDispatcher(WebhookStore store, WebhookSecrets secrets, TransactionTemplate tx, Clock clock, BootwardenProperties props,
            MeterRegistry registry) {
        this.store = store;
        this.secrets = secrets;
        this.tx = tx;
        this.clock = clock;
        this.settings = props.webhooks();
        this.replica = ReplicaNames.next();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).build();
        // longer than any attempt can take, so that a live replica never loses a lease while sending
        this.lease = settings.timeout().multipliedBy(2).plusSeconds(60);
        this.delivered = attempts(registry, "delivered");
        this.failed = attempts(registry, "failed");
        this.dead = Counter.builder("bootwarden.webhook.deliveries.dead").description("Webhook deliveries that gave up (DEAD)")
                .register(registry);
        this.attemptTime = Timer.builder("bootwarden.webhook.attempt.duration").description("Webhook attempts: request to response")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
        CachedValue<Map<String, Long>> byStatus = new CachedValue<>(Duration.ofSeconds(10), clock, store::countsByStatus);
        for (String status : List.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED, WebhookDelivery.DEAD)) {
            Gauge.builder("bootwarden.webhook.deliveries", byStatus, c -> CachedValue.count(c, status)).strongReference(true)
                    .description("Webhook deliveries kept in the delivery log, by status").tag("status", status.toLowerCase())
                    .register(registry);
        }
    }

    private static Counter attempts(MeterRegistry registry, String outcome) {
        return Counter.builder("bootwarden.webhook.attempts").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }


    String replica() {
        return replica;
    }

    /** Looks for due deliveries now instead of at the next poll. */
    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the loop ---------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        senders = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "webhook-send");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::run, "webhook-dispatch");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(settings.timeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            Duration wait = settings.pollInterval();
            try {
                if (round() > 0) {
                    continue;
                }
                Instant now = Instant.now(clock);
                Optional<Instant> next = store.nextDue(now);
                if (next.isPresent()) {
                    Duration until = Duration.between(now, next.get());
                    wait = until.isNegative() ? Duration.ZERO : until.compareTo(wait) < 0 ? until : wait;
                }
                purgeNowAndThen(now);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("webhook dispatch failed, trying again in {}: {}", wait, e.toString());
                }
            }
            await(wait);
        }
    }

    private void await(Duration wait) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (running && !wakeRequested && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Claims due deliveries (up to the concurrency) and sends them in parallel; returns how many. */
    int round() {
        Instant now = Instant.now(clock);
        List<String> claimed = new ArrayList<>();
        for (String id : store.due(now, settings.concurrency())) {
            if (store.claim(id, replica, now, now.plus(lease))) {
                claimed.add(id);
            }
        }
        List<Future<?>> sending = new ArrayList<>();
        for (String id : claimed) {
            sending.add(senders.submit(() -> attempt(id)));
        }
        for (Future<?> f : sending) {
            try {
                f.get(lease.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (Exception e) {
                log.warn("a webhook attempt failed unexpectedly", e);
            }
        }
        return claimed.size();
    }

    private void purgeNowAndThen(Instant now) {
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = now;
        int n = store.purge(now.minus(settings.retention()));
        if (n > 0) {
            log.info("deleted {} finished webhook deliveries older than {}", n, settings.retention());
        }
    }

    // ---- one attempt ------------------------------------------------------------------------

    /** Makes one attempt of a delivery this replica holds the lease of, and writes its result. */
    void attempt(String deliveryId) {
        WebhookStore.Outgoing out = store.outgoing(deliveryId).orElse(null);
        if (out == null) {
            return; // the endpoint was deleted meanwhile, and its deliveries with it
        }
        int attempt = out.attempts() + 1;
        Instant started = Instant.now(clock);
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            String secret = secrets.decrypt(out.secretEnc());
            byte[] body = out.payload().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(out.url())).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Bootwarden-Webhooks/1")
                    .header("X-Bootwarden-Event", out.eventType())
                    .header("X-Bootwarden-Delivery", out.deliveryId())
                    .header("X-Bootwarden-Timestamp", String.valueOf(started.getEpochSecond()))
                    .header("X-Bootwarden-Signature", WebhookSecrets.signature(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            if (status / 100 != 2) {
                error = "HTTP " + status + excerpt(response.body());
            }
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted: the server is stopping";
        }
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        attemptTime.record(Duration.ofMillis(millis));
        record(out, attempt, started, millis, status, error);
    }

    private void record(WebhookStore.Outgoing out, int attempt, Instant started, long millis, Integer status, String error) {
        boolean ok = error == null;
        boolean test = WebhookEventType.WEBHOOK_TEST.wireName.equals(out.eventType());
        boolean giveUp = !ok && (test || attempt >= settings.maxAttempts());
        Instant now = Instant.now(clock);
        String newStatus = ok ? WebhookDelivery.DELIVERED : giveUp ? WebhookDelivery.DEAD : WebhookDelivery.PENDING;
        Instant next = newStatus.equals(WebhookDelivery.PENDING) ? now.plus(settings.backoffAfter(attempt)) : now;
        boolean held = Boolean.TRUE.equals(tx.execute(s -> {
            store.insertAttempt(UUID.randomUUID().toString(), out.deliveryId(), attempt, started, millis, status,
                    ok ? WebhookDelivery.DELIVERED : "FAILED", error, replica);
            return store.finishAttempt(out.deliveryId(), replica, newStatus, attempt, next, status, error,
                    newStatus.equals(WebhookDelivery.PENDING) ? null : now);
        }));
        (ok ? delivered : failed).increment();
        if (!held) {
            log.warn("webhook delivery {} was taken over by another replica while this one sent it (attempt {} logged)",
                    out.deliveryId(), attempt);
            return;
        }
        if (giveUp) {
            dead.increment();
            log.warn("webhook delivery {} ({} to endpoint {}) is DEAD after {} attempt(s): {}", out.deliveryId(), out.eventType(),
                    out.endpointId(), attempt, error);
        } else if (!ok) {
            log.info("webhook delivery {} ({}) attempt {} failed, next at {}: {}", out.deliveryId(), out.eventType(), attempt, next,
                    error);
        }
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY * 4), StandardCharsets.UTF_8).strip()
                .replaceAll("[\\p{Cntrl}&&[^\\n]]", "").replace('\n', ' ');
        return s.isEmpty() ? "" : ": " + (s.length() > MAX_ERROR_BODY ? s.substring(0, MAX_ERROR_BODY) + "..." : s);
    }

    /** The lease a caller takes when it sends a new delivery itself (test sends). */
    Duration lease() {
        return lease;
    }
}
