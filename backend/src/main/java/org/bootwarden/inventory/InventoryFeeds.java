package org.bootwarden.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.bootwarden.audit.AuditService;
import org.bootwarden.inventory.ImportResult.Action;
import org.bootwarden.inventory.ImportResult.RowResult;
import org.bootwarden.inventory.InventoryProperties.Feed;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.ReplicaNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pulls the configured JSON feeds (docs/inventory.md). Every server checks every
 * {@code feed-check-interval} which feeds are due and runs a feed only after claiming it in the
 * database ({@link FeedStore#claim}), so with several replicas on one database each run happens on
 * exactly one of them. A run fetches the document, imports it like a pushed JSON body (one
 * transaction, all rows or none; create-only feeds skip existing hosts) as actor
 * {@code feed:<name>}, and records the outcome for {@code GET /api/hosts/import/feeds}. Runs happen
 * on a thread of their own, never on the shared scheduler thread.
 */
@Component
class InventoryFeeds {

    private static final Logger log = LoggerFactory.getLogger(InventoryFeeds.class);
    /** How many rows with errors a failed run keeps for the status. */
    static final int KEPT_ROW_ERRORS = 20;

    /** A feed as {@code GET /api/hosts/import/feeds} shows it. */
    record FeedStatus(String name, String url, String mode, String interval, boolean enabled, Instant nextRunAt, boolean running,
            String runningOn, Instant runningSince, LastRun lastRun) {
    }

    /**
     * The last finished run: when, why ({@code schedule}, or {@code manual: <user>}), how it ended
     * ({@code ok}, {@code rejected}: rows with errors, nothing written; {@code failed}: the feed
     * could not be fetched or read), its counts, and the first rows with errors.
     */
    record LastRun(Instant startedAt, Instant finishedAt, String trigger, String outcome, ImportResult.Summary summary, String error,
            JsonNode errors) {
    }

    private final InventoryProperties props;
    private final FeedStore store;
    private final FeedClient client;
    private final InventoryImport importer;
    private final AuditService audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final String owner;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inventory-feeds");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean registered;
    private volatile boolean ready;
    private volatile boolean stopping;

    InventoryFeeds(BootwardenProperties props, FeedStore store, FeedClient client, InventoryImport importer, AuditService audit,
            ObjectMapper json, Clock clock) {
        this.props = props.inventory();
        this.store = store;
        this.client = client;
        this.importer = importer;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.owner = ReplicaNames.next();
    }

    /** This server's name in leases. */
    String owner() {
        return owner;
    }

    /** Scheduled runs wait until the application is ready: the shipped profiles are seeded by then. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        ready = true;
    }

    @Scheduled(initialDelayString = "${bootwarden.inventory.feed-check-interval:10s}",
            fixedDelayString = "${bootwarden.inventory.feed-check-interval:10s}")
    void scheduledPoll() {
        if (props.feeds().isEmpty() || !ready || stopping || !polling.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                poll();
            } finally {
                polling.set(false);
            }
        });
    }

    /** Runs every enabled feed that is due and that this server can claim. */
    void poll() {
        try {
            register();
            for (Feed feed : props.feeds()) {
                if (stopping) {
                    return;
                }
                Instant now = Instant.now(clock);
                if (feed.enabled() && store.claim(feed.name(), owner, "schedule", now, leaseUntil(feed, now), false)) {
                    run(feed);
                }
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("inventory feed poll failed: {}", e.toString());
            }
        }
    }

    /** Runs the feed now (unless it is running somewhere): {@code POST /api/hosts/import/feeds/{name}/run}. */
    FeedStatus runNow(String name) {
        Feed feed = feed(name);
        register();
        Instant now = Instant.now(clock);
        String trigger = "manual: " + AuditService.currentActor();
        if (!store.claim(name, owner, trigger, now, leaseUntil(feed, now), true)) {
            FeedStore.State s = store.find(name).orElseThrow();
            throw new ConflictException(null, "feed " + name + " is running now (since " + s.leaseSince() + ", on " + s.leaseOwner()
                    + "); see GET /api/hosts/import/feeds for its result");
        }
        try {
            audit.record("inventory.feed-run-requested", "feed", name, "run of feed " + name + " requested", null, null);
        } catch (RuntimeException e) {
            store.release(name, owner);
            throw e;
        }
        run(feed);
        return status(feed);
    }

    List<FeedStatus> list() {
        register();
        List<FeedStatus> out = new ArrayList<>();
        props.feeds().forEach(f -> out.add(status(f)));
        return out;
    }

    private Feed feed(String name) {
        return props.feeds().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no feed named '" + name + "' (bootwarden.inventory.feeds)"));
    }

    private void register() {
        if (!registered) {
            Instant now = Instant.now(clock);
            props.feeds().forEach(f -> store.ensure(f.name(), now));
            registered = true;
        }
    }

    /** Long enough for a slow fetch and a large import; a server that died mid-run frees the feed after it. */
    private static Instant leaseUntil(Feed feed, Instant now) {
        return now.plus(feed.timeout().multipliedBy(2)).plus(Duration.ofMinutes(10));
    }

    /** One claimed run, to its recorded end; never throws. */
    private void run(Feed feed) {
        String actor = "feed:" + feed.name();
        FeedStore.Outcome outcome;
        ImportResult.Summary summary = null;
        String error = null;
        String rowErrors = null;
        try {
            byte[] body = client.fetch(feed, props.maxBytesInt());
            List<ImportRow> rows = ImportRows.fromJson(body, props.maxRows(), true, json);
            ImportResult result = importer.apply(rows, new InventoryImport.Options(feed.mode() == InventoryProperties.FeedMode.CREATE_ONLY,
                    "feed " + feed.name()), new InventoryImport.Actor(actor, null));
            outcome = FeedStore.Outcome.OK;
            summary = result.summary();
        } catch (ImportRejectedException e) {
            outcome = FeedStore.Outcome.REJECTED;
            summary = e.result().summary();
            error = e.getMessage();
            rowErrors = rowErrors(e.result());
        } catch (InvalidRequestException e) {
            outcome = FeedStore.Outcome.FAILED;
            error = "the feed's document " + e.getMessage();
        } catch (FeedClient.FeedException e) {
            outcome = FeedStore.Outcome.FAILED;
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = FeedStore.Outcome.FAILED;
            error = "the server stopped during the run";
        } catch (ConflictException e) {
            outcome = FeedStore.Outcome.FAILED;
            error = e.getMessage();
        } catch (RuntimeException e) {
            log.error("inventory feed {} failed", feed.name(), e);
            outcome = FeedStore.Outcome.FAILED;
            error = "unexpected error (logged): " + e;
        }
        Instant end = Instant.now(clock);
        try {
            if (!store.finish(feed.name(), owner, end, end.plus(feed.interval()), outcome, summary, error, rowErrors)) {
                log.warn("inventory feed {}: the run took longer than its lease; its result was not recorded", feed.name());
            }
            if (outcome != FeedStore.Outcome.OK) {
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("outcome", outcome.name().toLowerCase());
                after.put("error", error);
                if (summary != null) {
                    after.put("summary", summary);
                }
                audit.recordAs(actor, null, "inventory.feed-failed", "feed", feed.name(), "feed " + feed.name() + " run "
                        + outcome.name().toLowerCase() + ": " + error, null, after);
                log.warn("inventory feed {} {}: {}", feed.name(), outcome.name().toLowerCase(), error);
            } else {
                log.info("inventory feed {}: {} created, {} updated, {} unchanged, {} skipped", feed.name(), summary.create(),
                        summary.update(), summary.unchanged(), summary.skipped());
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("inventory feed {}: recording the run's result failed: {}", feed.name(), e.toString());
            }
        }
    }

    private String rowErrors(ImportResult result) {
        List<RowResult> failed = result.rows().stream().filter(r -> r.action() == Action.ERROR).limit(KEPT_ROW_ERRORS).toList();
        try {
            return json.writeValueAsString(failed);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private FeedStatus status(Feed feed) {
        FeedStore.State s = store.find(feed.name()).orElse(null);
        Instant now = Instant.now(clock);
        boolean running = s != null && s.leaseOwner() != null && s.leaseUntil() != null && s.leaseUntil().isAfter(now);
        LastRun last = null;
        if (s != null && s.lastFinishedAt() != null) {
            JsonNode errors = json.createArrayNode();
            if (s.lastRowErrors() != null) {
                try {
                    errors = json.readTree(s.lastRowErrors());
                } catch (JsonProcessingException e) {
                    errors = json.createArrayNode();
                }
            }
            last = new LastRun(s.lastStartedAt(), s.lastFinishedAt(), s.lastTrigger(),
                    s.lastOutcome() == null ? null : s.lastOutcome().name().toLowerCase(), s.lastSummary(), s.lastError(), errors);
        }
        return new FeedStatus(feed.name(), feed.displayUrl(), feed.mode().json(), feed.interval().toString(), feed.enabled(),
                s == null ? null : s.nextRunAt(), running, running ? s.leaseOwner() : null, running ? s.leaseSince() : null, last);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        executor.shutdownNow();
    }
}
