package org.bootwarden.boot;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of what machines were answered, for Prometheus ({@code /actuator/prometheus}):
 * {@code bootwarden_boot_decisions_total{decision, platform}},
 * {@code bootwarden_answer_files_total{outcome}}, {@code bootwarden_install_callbacks_total{result}} and
 * {@code bootwarden_boot_rate_limited_total{endpoint}}.
 * Tag values come from fixed sets (never host names or client-supplied text), and the counters
 * are looked up once per tag combination, so counting costs nothing noticeable on the LOCAL path.
 */
@Component
public class BootMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    BootMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void decision(BootDecision decision, String platform) {
        String d = decision.name().toLowerCase(Locale.ROOT).replace('_', '-');
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
