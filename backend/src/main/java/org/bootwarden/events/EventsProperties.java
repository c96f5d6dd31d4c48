package org.bootwarden.events;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live event stream {@code GET /api/events} ({@code bootwarden.events.*}, docs/integrations.md).
 *
 * @param pollInterval      how often a replica reads newly sealed audit records to send to its streams
 * @param heartbeat         how often an idle stream gets a {@code : keepalive} comment
 * @param replayLimit       the most records a reconnecting client is sent to catch up; further behind, it gets {@code reset}
 * @param maxStreams        open streams per replica; beyond them a new one is refused with 429
 * @param maxStreamsPerUser open streams per user and replica; a new one closes that user's oldest
 * @param queueLimit        events waiting to be written to one stream; a client that falls further behind is disconnected
 * @param streamTimeout     a stream is completed after this long (the client reconnects and resumes)
 */
public record EventsProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1000") int replayLimit,
        @DefaultValue("500") int maxStreams,
        @DefaultValue("5") int maxStreamsPerUser,
        @DefaultValue("1000") int queueLimit,
        @DefaultValue("30m") Duration streamTimeout) {

    public EventsProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        streamTimeout = streamTimeout == null ? Duration.ofMinutes(30) : streamTimeout;
        if (pollInterval.toMillis() < 10 || heartbeat.toMillis() < 100 || streamTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("bootwarden.events: poll-interval must be at least 10ms, heartbeat at least 100ms,"
                    + " stream-timeout at least 1s");
        }
        if (replayLimit < 0 || maxStreams < 1 || maxStreamsPerUser < 1 || queueLimit < 10) {
            throw new IllegalArgumentException("bootwarden.events: replay-limit must be at least 0, max-streams and"
                    + " max-streams-per-user at least 1, queue-limit at least 10");
        }
    }

    public static EventsProperties defaults() {
        return new EventsProperties(null, null, 1000, 500, 5, 1000, null);
    }
}
