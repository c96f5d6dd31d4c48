package org.bootwarden.inventory;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Inventory imports and feeds ({@code bootwarden.inventory.*}, docs/inventory.md).
 *
 * @param maxRows            the most hosts one import (CSV file, JSON array, feed document) may carry
 * @param maxBytes           the largest import body or feed document
 * @param feedCheckInterval  how often every server looks for feeds that are due (the feed's own
 *                           {@code interval} says how often it runs)
 * @param feeds              JSON feeds the servers pull hosts from
 */
public record InventoryProperties(
        @DefaultValue("10000") int maxRows,
        @DefaultValue("10MB") DataSize maxBytes,
        @DefaultValue("10s") Duration feedCheckInterval,
        List<Feed> feeds) {

    public InventoryProperties {
        maxBytes = maxBytes == null ? DataSize.ofMegabytes(10) : maxBytes;
        feedCheckInterval = feedCheckInterval == null ? Duration.ofSeconds(10) : feedCheckInterval;
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
        if (maxRows < 1) {
            throw new IllegalArgumentException("bootwarden.inventory.max-rows must be at least 1");
        }
        if (maxBytes.toBytes() < 1024 || maxBytes.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bootwarden.inventory.max-bytes must be between 1KB and 2GB");
        }
        if (feedCheckInterval.toMillis() < 100) {
            throw new IllegalArgumentException("bootwarden.inventory.feed-check-interval must be at least 100ms");
        }
        Set<String> names = new HashSet<>();
        for (Feed f : feeds) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("bootwarden.inventory.feeds: the name '" + f.name() + "' is used twice");
            }
        }
    }

    public int maxBytesInt() {
        return (int) maxBytes.toBytes();
    }

    /** What a feed may do to hosts that exist already. */
    public enum FeedMode {
        /** Only new hosts are created; rows of existing hosts are skipped. */
        CREATE_ONLY,
        /** New hosts are created and existing ones updated to the feed's values. */
        UPSERT;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One JSON feed: a URL that answers a JSON array of host objects (as {@code POST /api/hosts/import}
     * takes them), fetched every {@code interval} by one server at a time.
     *
     * @param name        shown in the API and the audit log (actor {@code feed:<name>}); 1-64 of a-z0-9._-
     * @param url         {@code http://} or {@code https://}; redirects are not followed
     * @param bearerToken sent as {@code Authorization: Bearer ...}
     * @param username    with {@code password}: sent as HTTP Basic
     * @param password    the Basic password
     * @param interval    time between the end of one run and the start of the next
     * @param mode        {@code upsert} (default) or {@code create-only}
     * @param timeout     connect and read timeout of one fetch
     * @param enabled     false: listed, never run on schedule (a manual run still works)
     */
    public record Feed(
            String name,
            URI url,
            String bearerToken,
            String username,
            String password,
            @DefaultValue("15m") Duration interval,
            @DefaultValue("upsert") FeedMode mode,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("true") boolean enabled) {

        public Feed {
            interval = interval == null ? Duration.ofMinutes(15) : interval;
            mode = mode == null ? FeedMode.UPSERT : mode;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
            if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("bootwarden.inventory.feeds: name '" + name + "' must be 1-64 of a-z0-9._-");
            }
            String where = "bootwarden.inventory.feeds[" + name + "]: ";
            if (url == null || !url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                    || url.getHost() == null) {
                throw new IllegalArgumentException(where + "url must be an http:// or https:// URL with a host");
            }
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException(where + "put credentials in username/password or bearer-token, not in the url");
            }
            boolean basic = username != null && !username.isBlank() || password != null && !password.isBlank();
            if (basic && (username == null || username.isBlank() || password == null)) {
                throw new IllegalArgumentException(where + "HTTP Basic needs both username and password");
            }
            if (basic && bearerToken != null && !bearerToken.isBlank()) {
                throw new IllegalArgumentException(where + "set either bearer-token or username/password, not both");
            }
            if (interval.toSeconds() < 1) {
                throw new IllegalArgumentException(where + "interval must be at least 1s");
            }
            if (timeout.toMillis() < 100) {
                throw new IllegalArgumentException(where + "timeout must be at least 100ms");
            }
        }

        /** The URL as it may be shown: no query string (it may carry a key). */
        public String displayUrl() {
            String base = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
            return url.getRawQuery() == null ? base : base + "?…";
        }

        /** Credentials are secrets: never in logs or failure analyses. */
        @Override
        public String toString() {
            return "Feed[name=" + name + ", url=" + displayUrl() + ", mode=" + mode.json() + ", interval=" + interval
                    + ", auth=" + (bearerToken != null && !bearerToken.isBlank() ? "bearer" : username != null ? "basic" : "none") + "]";
        }
    }
}
