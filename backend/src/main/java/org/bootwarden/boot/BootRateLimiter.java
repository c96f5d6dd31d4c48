package org.bootwarden.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.BootwardenProperties.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A token bucket per source address for the machine endpoints: {@code rate} requests per second
 * on average, {@code burst} at once. Kept in this replica's memory. A request costs one map
 * lookup and, for a limited address, a lock on that address's bucket alone: nothing global is
 * locked on the boot path. Buckets that have filled up again (idle for {@code burst / rate}
 * seconds) are the same as new ones and are dropped by a periodic sweep; at most
 * {@code maxAddresses} are kept, after which new addresses share one overflow bucket.
 */
@Component
class BootRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(BootRateLimiter.class);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final long MIN_SWEEP_GAP = TimeUnit.SECONDS.toNanos(1);
    /** Where an exempt address points in the map: no bucket, no lock. */
    private static final Object EXEMPT = new Object();
    private static final String OVERFLOW = "(overflow)";

    private final RateLimit settings;
    private final List<Cidr> exempt;
    private final LongSupplier nanoTime;
    private final double tokensPerNano;
    private final long refillNanos;
    private final Map<String, Object> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    @Autowired
    BootRateLimiter(BootwardenProperties props) {
        this(props.boot().rateLimit(), System::nanoTime);
    }

    BootRateLimiter(RateLimit settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.tokensPerNano = settings.rate() / 1e9;
        this.refillNanos = (long) Math.ceil(settings.burst() / tokensPerNano);
        List<Cidr> cidrs = new ArrayList<>();
        for (String e : settings.exempt()) {
            cidrs.add(Cidr.parse(e));
        }
        this.exempt = List.copyOf(cidrs);
    }

    /**
     * Takes one request's token for {@code address}: 0 when the request may go on, otherwise the
     * whole seconds (at least 1) until the address may make its next request.
     */
    long acquire(String address) {
        if (!settings.enabled()) {
            return 0;
        }
        String key = address == null ? "unknown" : address;
        Object entry = buckets.get(key);
        if (entry == null) {
            entry = newEntry(key);
        }
        if (entry == EXEMPT) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = (Bucket) entry;
        long waitNanos = bucket.take(now);
        if (waitNanos == 0) {
            return 0;
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        if (bucket.startThrottling()) {
            log.warn("Boot requests from {} exceed {} per second (burst {}): answered with 429 (retry after {} s) until they slow down",
                    key, settings.rate(), settings.burst(), seconds);
        }
        return seconds;
    }

    private Object newEntry(String key) {
        if (isExempt(key)) {
            return buckets.computeIfAbsent(key, k -> EXEMPT);
        }
        if (buckets.size() >= settings.maxAddresses()) {
            sweep(true);
            if (buckets.size() >= settings.maxAddresses()) {
                return buckets.computeIfAbsent(OVERFLOW, k -> new Bucket(nanoTime.getAsLong()));
            }
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(nanoTime.getAsLong()));
    }

    private boolean isExempt(String address) {
        if (exempt.isEmpty() || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        byte[] bytes;
        try {
            // an IP literal (checked above): parsed, never looked up in DNS
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
            return false;
        }
        return exempt.stream().anyMatch(c -> c.contains(bytes));
    }

    /** Drops the buckets that have filled up again: they behave exactly like new ones. */
    @Scheduled(fixedDelay = 30, timeUnit = TimeUnit.SECONDS)
    void sweep() {
        sweep(false);
    }

    private void sweep(boolean becauseFull) {
        long now = nanoTime.getAsLong();
        long last = lastSweep.get();
        if (becauseFull && last != Long.MIN_VALUE && now - last < MIN_SWEEP_GAP || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.entrySet().removeIf(e -> e.getValue() == EXEMPT || ((Bucket) e.getValue()).full(now));
    }

    /** Addresses tracked now (exempt ones included until the next sweep). */
    int tracked() {
        return buckets.size();
    }

    /** One address's tokens; its monitor is the only lock a request takes. */
    private final class Bucket {
        private double tokens;
        private long last;
        private boolean throttled;

        Bucket(long now) {
            this.tokens = settings.burst();
            this.last = now;
        }

        /** 0 when a token was taken, else the nanoseconds until one is there. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                throttled = false;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
        }

        /** True once per stretch of refused requests (for one log line each). */
        synchronized boolean startThrottling() {
            boolean first = !throttled;
            throttled = true;
            return first;
        }

        synchronized boolean full(long now) {
            return now - last >= refillNanos || refillAndCheck(now);
        }

        private boolean refillAndCheck(long now) {
            refill(now);
            return tokens >= settings.burst();
        }

        private void refill(long now) {
            long elapsed = now - last;
            if (elapsed > 0) {
                tokens = Math.min(settings.burst(), tokens + elapsed * tokensPerNano);
                last = now;
            }
        }
    }

    /** An IPv4 or IPv6 block, e.g. {@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            String where = "bootwarden.boot.rate-limit.exempt: '" + text + "' ";
            if (!IP_LITERAL.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + "is not an IPv4 or IPv6 address (optionally /prefix)");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(where + "is not an IPv4 or IPv6 address (optionally /prefix)");
            }
            int prefix = address.length * 8;
            if (parts.length == 2) {
                if (!parts[1].matches("[0-9]{1,3}") || Integer.parseInt(parts[1]) > address.length * 8) {
                    throw new IllegalArgumentException(where + "has a prefix length outside 0-" + address.length * 8);
                }
                prefix = Integer.parseInt(parts[1]);
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
