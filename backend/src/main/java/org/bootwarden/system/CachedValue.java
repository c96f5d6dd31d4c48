package org.bootwarden.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value computed at most once per {@code maxAge} (a database count behind a gauge: scrapes
 * of every replica must not each run the query). When a refresh fails the last value is kept
 * (and the failure logged), so a gauge does not break the whole scrape.
 */
public final class CachedValue<T> implements Supplier<T> {

    private static final Logger log = LoggerFactory.getLogger(CachedValue.class);

    private final Duration maxAge;
    private final Clock clock;
    private final Supplier<T> compute;
    private T value;
    private Instant computedAt;

    public CachedValue(Duration maxAge, Clock clock, Supplier<T> compute) {
        this.maxAge = maxAge;
        this.clock = clock;
        this.compute = compute;
    }

    @Override
    public synchronized T get() {
        Instant now = Instant.now(clock);
        if (computedAt == null || !now.isBefore(computedAt.plus(maxAge))) {
            try {
                value = compute.get();
            } catch (RuntimeException e) {
                log.warn("could not refresh a metric value (keeping the last one): {}", e.toString());
            }
            computedAt = now;
        }
        return value;
    }

    /** A gauge's value from cached counts by key: 0 for a key without rows, NaN when never counted. */
    public static double count(CachedValue<? extends java.util.Map<String, Long>> counts, String key) {
        java.util.Map<String, Long> m = counts.get();
        return m == null ? Double.NaN : m.getOrDefault(key, 0L);
    }
}
