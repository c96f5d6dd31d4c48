package org.bootwarden.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.bootwarden.hosts.BootState;
import org.bootwarden.system.CachedValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counters of what machines were answered, for Prometheus ({@code /actuator/prometheus}):
 * {@code bootwarden_boot_decisions_total{decision, platform}},
 * {@code bootwarden_boot_answer_seconds{decision}} (time to answer a boot script request, a histogram),
 * {@code bootwarden_answer_files_total{outcome}}, {@code bootwarden_install_callbacks_total{result}},
 * {@code bootwarden_install_duration_seconds{outcome, profile}} (installer served to callback or
 * hold), {@code bootwarden_hosts{state}} (hosts by boot state, counted at most every 10 s) and
 * {@code bootwarden_boot_rate_limited_total{endpoint}}.
 * Tag values come from fixed sets (never host names or client-supplied text; profiles are named by
 * editors), and the counters are looked up once per tag combination, so counting costs nothing
 * noticeable on the LOCAL path.
 */
@Component
public class BootMetrics {

    /** Buckets of the install duration histogram: installs take minutes to hours. */
    private static final Duration[] INSTALL_BUCKETS = {Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofMinutes(45), Duration.ofHours(1),
        Duration.ofHours(2), Duration.ofHours(4)};

    /** Buckets of the boot answer histogram: a LOCAL answer takes about a millisecond; a boot storm's target is p99 under 50 ms. */
    private static final Duration[] ANSWER_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Map<BootDecision, Timer> answerTimers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    BootMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        CachedValue<Map<String, Long>> byState = new CachedValue<>(Duration.ofSeconds(10), clock, () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            jdbc.sql("select boot_state, count(*) from host group by boot_state").query(rs -> {
                counts.put(rs.getString(1), rs.getLong(2));
            });
            return counts;
        });
        for (BootState state : BootState.values()) {
            Gauge.builder("bootwarden.hosts", byState, c -> CachedValue.count(c, state.name())).strongReference(true)
                    .description("Hosts by boot state").tag("state", state.name()).register(registry);
        }
    }

    /**
     * A boot script request was answered: counts the decision and records how long the server took
     * to decide and render it ({@code bootwarden_boot_answer_seconds{decision}}, a histogram with
     * buckets from 1 ms to 5 s).
     */
    void answered(BootDecision decision, String platform, long nanos) {
        decision(decision, platform);
        answerTimers.computeIfAbsent(decision, d -> Timer.builder("bootwarden.boot.answer")
                .description("Time to answer a boot script request (read, decide, render), by decision")
                .serviceLevelObjectives(ANSWER_BUCKETS).tag("decision", tagValue(d)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String tagValue(BootDecision decision) {
        return decision.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void decision(BootDecision decision, String platform) {
        String d = tagValue(decision);
        String p = platform == null ? "unknown" : switch (platform) {
            case "pcbios", "efi" -> platform;
            default -> "other";
        };
        counter("bootwarden.boot.decisions", "What boot script requests were answered with", "decision", d, "platform", p)
                .increment();
    }

    /** {@code outcome}: served or refused. */
    void answerFile(String outcome) {
        counter("bootwarden.answer.files", "Answer-file requests, served or refused", "outcome", outcome).increment();
    }

    /** {@code result}: installed, failed or refused. */
    void callback(String result) {
        counter("bootwarden.install.callbacks", "Installer callbacks: installed, failed or refused", "result", result)
                .increment();
    }

    /**
     * An install ended: {@code completed} (the installer's callback), {@code failed} (its failure
     * callback) or {@code held} (no callback: the install-boot limit or the install timeout).
     * Measured from the first time the installer was served ({@code installingSince}).
     */
    void installFinished(String outcome, String profile, Instant installingSince) {
        if (installingSince == null) {
            return;
        }
        Duration took = Duration.between(installingSince, Instant.now(clock));
        Timer.builder("bootwarden.install.duration").description("Installs: installer served until callback or hold")
                .serviceLevelObjectives(INSTALL_BUCKETS).tags("outcome", outcome, "profile", profile)
                .register(registry).record(took.isNegative() ? Duration.ZERO : took);
    }

    /** A request to a machine endpoint refused by the rate limit; {@code endpoint}: script or other. */
    void rateLimited(String endpoint) {
        counter("bootwarden.boot.rate.limited", "Machine-endpoint requests over the per-address rate limit (answered 429)",
                "endpoint", endpoint).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
