package org.bootwarden.events;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open {@code /api/events} stream: its client's identity, a bounded queue of frames waiting to
 * be written, and the chain position up to which records were considered for it.
 */
final class EventStream {

    private static final AtomicLong NUMBERS = new AtomicLong();

    /** One SSE frame: an event with id, name and JSON data, or a comment. */
    record Frame(String id, String name, String data, String comment) {

        static final Frame KEEPALIVE = new Frame(null, null, null, "keepalive");

        static Frame event(long seq, String name, String data) {
            return new Frame(Long.toString(seq), name, data, null);
        }

        SseEmitter.SseEventBuilder build() {
            if (comment != null) {
                return SseEmitter.event().comment(comment);
            }
            return SseEmitter.event().id(id).name(name).data(data);
        }
    }

    private final LiveEvents feed;
    private final long number = NUMBERS.incrementAndGet();
    private final String user;
    private final boolean full;
    private final String sessionId;
    private final Instant openedAt;
    private final SseEmitter emitter;
    private final BlockingQueue<Frame> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean joined;
    /** Records up to this chain_seq were considered for this stream; poller thread only. */
    private long cursor;

    EventStream(LiveEvents feed, String user, boolean full, String sessionId, Instant openedAt, int queueLimit, long timeoutMillis) {
        this.feed = feed;
        this.user = user;
        this.full = full;
        this.sessionId = sessionId;
        this.openedAt = openedAt;
        this.queue = new ArrayBlockingQueue<>(queueLimit);
        this.emitter = new SseEmitter(timeoutMillis);
        emitter.onCompletion(() -> feed.closed(this));
        emitter.onError(e -> feed.closed(this));
        emitter.onTimeout(() -> {
            feed.closed(this);
            emitter.complete();
        });
    }

    SseEmitter emitter() {
        return emitter;
    }

    long number() {
        return number;
    }

    String user() {
        return user;
    }

    /** AUDITOR or ADMIN: gets every record as {@code audit}. */
    boolean full() {
        return full;
    }

    String sessionId() {
        return sessionId;
    }

    Instant openedAt() {
        return openedAt;
    }

    long cursor() {
        return cursor;
    }

    void cursor(long seq) {
        cursor = seq;
    }

    boolean isJoined() {
        return joined;
    }

    void joined() {
        joined = true;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Whether this call closed it. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Queues a frame for the client; false when the queue is full (the client is too slow). */
    boolean enqueue(Frame frame) {
        if (closed.get()) {
            return true;
        }
        if (!queue.offer(frame)) {
            return false;
        }
        if (draining.compareAndSet(false, true)) {
            feed.drainLater(this);
        }
        return true;
    }

    /** Writes what is queued, on a sender thread. */
    void drain() {
        try {
            Frame f;
            while (!closed.get() && (f = queue.poll()) != null) {
                emitter.send(f.build());
                if (f.name() != null) {
                    feed.countSent(f.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (the container reports it too) or the stream was completed meanwhile
            feed.closed(this);
            queue.clear();
            try {
                emitter.completeWithError(e);
            } catch (RuntimeException alreadyDone) {
                // completed already
            }
        } finally {
            draining.set(false);
        }
        if (!closed.get() && !queue.isEmpty() && draining.compareAndSet(false, true)) {
            feed.drainLater(this);
        }
    }

    void complete() {
        queue.clear();
        try {
            emitter.complete();
        } catch (RuntimeException e) {
            // already completed by the container
        }
    }
}
