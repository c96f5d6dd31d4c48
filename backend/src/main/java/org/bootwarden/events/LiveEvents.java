package org.bootwarden.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ReplicaNames;
import org.bootwarden.system.DbTime;
import org.bootwarden.system.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live event feed of one replica ({@code GET /api/events}). Its source is the sealed audit
 * log: the sealer gives every record its place in the chain ({@code chain_seq}, no gaps, on any
 * replica), so every replica streams the same sequence and a client may resume on any of them
 * with the last {@code chain_seq} it saw. One thread polls the newly sealed records and fans them
 * out to the open streams, filtered by role; a small pool writes each stream's queue to its
 * client, so a slow client holds up nobody else and is disconnected when its queue is full.
 */
@Component
class LiveEvents implements SmartLifecycle, HttpSessionListener {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    private static final int BATCH = 500;
    private static final int SENDERS = 4;
    private static final String COLUMNS = "chain_seq, id, occurred_at, actor, source_address, action, target_type, target_id, summary,"
            + " credential";
    /** The targets whose changes every reader sees (as {@code change} events). */
    static final Set<String> CHANGE_TARGETS = Set.of("host", "ticket", "profile", "batch");
    /** Records of those targets that change nothing: downloads and reads. */
    private static final Set<String> READS = Set.of("host.iso-downloaded", "host.usb-downloaded", "host.floppy-downloaded",
            "host.media-spec-read", "batch.zip-downloaded");

    /** Too many streams are open on this replica. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String message) {
            super(message);
        }
    }

    /** One sealed audit record as the feed reads it. */
    record Record(long seq, String id, Instant occurredAt, String actor, String sourceAddress, String action, String targetType,
            String targetId, String summary, String credential) {
    }

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final EventsProperties props;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry registry;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final String replica = ReplicaNames.next();
    /** Names this feed's threads: live-events-N (the poller), live-events-N-send-M (the writers). */
    private final String threadPrefix = "live-events-" + INSTANCES.incrementAndGet();
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService senders;
    private volatile boolean running;
    /** The last chain_seq fanned out; read and written on the poller thread only. */
    private long last;

    LiveEvents(JdbcClient jdbc, SqlDialect dialect, BootwardenProperties props, ObjectMapper json, Clock clock,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.props = props.events();
        this.json = json;
        this.clock = clock;
        this.registry = registry;
        Gauge.builder("bootwarden.events.streams", streams, Set::size).description("Open live event streams (/api/events)")
                .register(registry);
        // every type from the start, so that dashboards and alerts see 0 rather than no series
        for (String type : List.of("hello", "reset", "audit", "change")) {
            counter(type);
        }
    }

    String replica() {
        return replica;
    }

    String threadPrefix() {
        return threadPrefix;
    }

    EventsProperties settings() {
        return props;
    }

    int openStreams() {
        return streams.size();
    }

    // ---- streams -------------------------------------------------------------------------------

    /**
     * Opens a stream for {@code user}: closes the user's oldest stream when they have
     * {@code maxStreamsPerUser} open already, refuses when the replica has {@code maxStreams}; the
     * stream starts with {@code hello} (and {@code reset} or the records missed since
     * {@code lastEventId}) as soon as the poller takes it up.
     */
    synchronized EventStream open(String user, boolean full, String sessionId, String lastEventId) {
        if (!running) {
            throw new TooManyStreams("the server is shutting down");
        }
        List<EventStream> mine = new ArrayList<>(streams.stream().filter(s -> s.user().equals(user))
                .sorted(Comparator.comparingLong(EventStream::number)).toList());
        while (mine.size() >= props.maxStreamsPerUser()) {
            close(mine.remove(0), "the user opened more than " + props.maxStreamsPerUser() + " streams");
        }
        if (streams.size() >= props.maxStreams()) {
            throw new TooManyStreams("this server has " + props.maxStreams() + " live event streams open; try again later or"
                    + " on another server");
        }
        EventStream stream = new EventStream(this, user, full, sessionId, Instant.now(clock), props.queueLimit(),
                props.streamTimeout().plusMinutes(1).toMillis());
        streams.add(stream);
        try {
            poller.execute(() -> join(stream, lastEventId));
        } catch (RejectedExecutionException e) {
            streams.remove(stream);
            throw new TooManyStreams("the server is shutting down");
        }
        return stream;
    }

    /** Closes (completes) a stream; the client will reconnect and resume. */
    void close(EventStream stream, String why) {
        if (stream.markClosed()) {
            streams.remove(stream);
            log.debug("live event stream of {} closed: {}", stream.user(), why);
            ExecutorService s = senders;
            try {
                s.execute(stream::complete);
            } catch (RuntimeException e) {
                stream.complete();
            }
        }
    }

    /** The client went away, the stream timed out or failed: forget it. */
    void closed(EventStream stream) {
        stream.markClosed();
        streams.remove(stream);
    }

    /** Runs a stream's writer on the sender pool. */
    void drainLater(EventStream stream) {
        ExecutorService s = senders;
        try {
            s.execute(stream::drain);
        } catch (RejectedExecutionException e) {
            closed(stream);
        }
    }

    void countSent(String type) {
        counter(type).increment();
    }

    private Counter counter(String type) {
        return sent.computeIfAbsent(type, t -> Counter.builder("bootwarden.events.sent").description("Live events written to streams by type")
                .tag("type", t).register(registry));
    }

    /** A console session ended (logout, expiry, invalidation): its streams end too. */
    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        String id = se.getSession().getId();
        for (EventStream s : streams) {
            if (id.equals(s.sessionId())) {
                close(s, "its session ended");
            }
        }
    }

    // ---- the poller (one thread) ---------------------------------------------------------------

    private void join(EventStream stream, String lastEventId) {
        if (stream.isClosed()) {
            return;
        }
        try {
            long head = head();
            Long resume = parse(lastEventId);
            boolean reset = lastEventId != null && (resume == null || resume < 0 || resume > head || last - resume > props.replayLimit());
            long start = resume == null || reset ? last : resume;
            stream.cursor(start);
            stream.enqueue(EventStream.Frame.event(start, "hello", data(Map.of("seq", last, "replica", replica))));
            if (reset) {
                stream.enqueue(EventStream.Frame.event(last, "reset", data(Map.of("seq", last))));
            } else if (start < last) {
                for (long from = start; from < last;) {
                    List<Record> page = read(from, last);
                    if (page.isEmpty()) {
                        break;
                    }
                    for (Record r : page) {
                        deliver(stream, r, frames(r));
                        from = r.seq();
                    }
                }
            }
            stream.cursor(Math.max(start, last));
            stream.joined();
        } catch (RuntimeException e) {
            log.warn("live event stream of {} could not start: {}", stream.user(), e.toString());
            close(stream, "it could not start");
        }
    }

    private void poll() {
        try {
            if (streams.stream().noneMatch(EventStream::isJoined)) {
                last = Math.max(last, head());
                return;
            }
            while (true) {
                List<Record> page = read(last, Long.MAX_VALUE);
                for (Record r : page) {
                    Frames f = frames(r);
                    for (EventStream s : streams) {
                        if (s.isJoined()) {
                            deliver(s, r, f);
                        }
                    }
                    last = r.seq();
                }
                if (page.size() < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not read the audit log for live events: {}", e.toString());
        }
    }

    private void heartbeat() {
        Instant expired = Instant.now(clock).minus(props.streamTimeout());
        for (EventStream s : streams) {
            if (s.openedAt().isBefore(expired)) {
                close(s, "it reached the stream timeout");
            } else if (s.isJoined()) {
                s.enqueue(EventStream.Frame.KEEPALIVE);
            }
        }
    }

    private void deliver(EventStream stream, Record r, Frames f) {
        if (r.seq() <= stream.cursor()) {
            return;
        }
        stream.cursor(r.seq());
        EventStream.Frame frame = stream.full() ? f.audit() : f.change();
        if (frame != null && !stream.enqueue(frame)) {
            close(stream, "the client fell more than " + props.queueLimit() + " events behind");
        }
    }

    /** What a record becomes: {@code audit} for AUDITOR and ADMIN, {@code change} (or nothing) for the others. */
    private record Frames(EventStream.Frame audit, EventStream.Frame change) {
    }

    private Frames frames(Record r) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("seq", r.seq());
        audit.put("id", r.id());
        audit.put("occurredAt", r.occurredAt().toString());
        audit.put("action", r.action());
        audit.put("targetType", r.targetType());
        audit.put("targetId", r.targetId());
        audit.put("actor", r.actor());
        audit.put("sourceAddress", r.sourceAddress());
        audit.put("summary", r.summary());
        audit.put("credential", r.credential());
        EventStream.Frame change = null;
        if (isChange(r.action(), r.targetType())) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("seq", r.seq());
            c.put("occurredAt", r.occurredAt().toString());
            c.put("action", r.action());
            c.put("targetType", r.targetType());
            c.put("targetId", r.targetId());
            change = EventStream.Frame.event(r.seq(), "change", data(c));
        }
        return new Frames(EventStream.Frame.event(r.seq(), "audit", data(audit)), change);
    }

    /**
     * Whether every reader sees the record: a change of a host, ticket, profile or batch; of the
     * boot answers only the installer being served (the others change nothing, or are noise from
     * unknown machines); no downloads or reads.
     */
    static boolean isChange(String action, String targetType) {
        if (targetType == null || action == null || !CHANGE_TARGETS.contains(targetType) || READS.contains(action)) {
            return false;
        }
        return !action.startsWith("boot.") || action.equals("boot.install");
    }

    private List<Record> read(long after, long upTo) {
        return jdbc.sql("select " + COLUMNS + " from audit_event where chain_seq > ? and chain_seq <= ? order by chain_seq"
                + dialect.page(0, BATCH)).params(after, upTo)
                .query((rs, n) -> new Record(rs.getLong(1), rs.getString(2), DbTime.read(rs, 3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)))
                .list();
    }

    private long head() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).optional().orElse(0L);
    }

    private static Long parse(String id) {
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String data(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        last = head();
        poller = Executors.newSingleThreadScheduledExecutor(threads(threadPrefix, new AtomicInteger()));
        senders = Executors.newFixedThreadPool(SENDERS, threads(threadPrefix + "-send-", new AtomicInteger()));
        long poll = props.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        long beat = props.heartbeat().toMillis();
        poller.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Ends every stream (clients reconnect to another replica) and stops the threads, before the web server stops. */
    @Override
    public synchronized void stop() {
        running = false;
        ScheduledExecutorService p = poller;
        ExecutorService s = senders;
        if (p == null) {
            return;
        }
        p.shutdownNow();
        for (EventStream stream : streams) {
            if (stream.markClosed()) {
                streams.remove(stream);
                stream.complete();
            }
        }
        s.shutdown();
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                s.shutdownNow();
            }
            p.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server (which stops in a lower phase), so no stream keeps it waiting. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private static ThreadFactory threads(String prefix, AtomicInteger n) {
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

}
