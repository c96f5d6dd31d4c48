package org.bootwarden.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.bootwarden.support.Prometheus;
import org.junit.jupiter.api.Test;

/**
 * The ticket workflow's metrics, moved by a real ticket: tickets by status and the ISO build queue
 * (database counts, refreshed at most every 10 s), how long the approval and the failed-build task
 * waited, and ISO build durations, failed and built.
 */
class TicketMetricsIT extends TicketFixtures {

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(30);

    @Test
    void shouldCountTicketsQueuedBuildsTaskWaitsAndBuildDurations() {
        Prometheus before = Prometheus.scrape(admin());
        String hostId = createHost(newHost(createArmableProfile(3)));
        String ticketId = submit("alice", hostId).path("id").asText();
        assertThat(status(ticketId)).isEqualTo("PENDING_APPROVAL");
        awaitGauge("bootwarden_tickets", "status=\"PENDING_APPROVAL\"", () -> rows("PENDING_APPROVAL"));
        assertThat(Prometheus.scrape(admin()).has("bootwarden_tickets", "status=\"PENDING_APPROVAL\"", "open=\"true\"")).isTrue();

        decide("bob", task("bob", ticketId, "UserTask_Approve").path("id").asText(), "approve", "go ahead").expect(200);
        assertThat(status(ticketId)).as("the host has no current ISO").isEqualTo("BUILDING_ISO");
        awaitGauge("bootwarden_iso_build_queue", "state=\"waiting\"",
                () -> externalTasks.createExternalTaskQuery().topicName("bootwarden-iso-build").notLocked().count());

        externalTasks.handleBpmnError(lockIsoBuild(ticketId).getId(), "ticket-it-worker", "ISO_BUILD_FAILED", "no space left");
        decide("olga", task("olga", ticketId, "UserTask_FixIsoBuild").path("id").asText(), "retry", "disk cleaned").expect(200);
        externalTasks.complete(lockIsoBuild(ticketId).getId(), "ticket-it-worker", Map.of("isoArtifact", "test.iso"));
        assertThat(status(ticketId)).isEqualTo("ARMED");

        Prometheus after = Prometheus.scrape(admin());
        assertThat(delta(before, after, "bootwarden_task_wait_seconds_count", "task=\"UserTask_Approve\"", "outcome=\"approve\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "bootwarden_task_wait_seconds_count", "task=\"UserTask_FixIsoBuild\"", "outcome=\"retry\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "bootwarden_iso_build_duration_seconds_count", "outcome=\"failed\"")).isEqualTo(1);
        assertThat(delta(before, after, "bootwarden_iso_build_duration_seconds_count", "outcome=\"built\"")).isEqualTo(1);
        assertThat(after.has("bootwarden_task_wait_seconds_bucket", "task=\"UserTask_Approve\"", "le=\"3600.0\"")).isTrue();
        assertThat(after.has("bootwarden_task_wait_seconds_count", "task=\"UserTask_InvestigateFailedInstall\"", "outcome=\"abort\""))
                .as("every task and outcome is there from the start").isTrue();
        awaitGauge("bootwarden_tickets", "status=\"ARMED\"", () -> rows("ARMED"));
    }

    private long rows(String status) {
        return jdbc.sql("select count(*) from ticket where status = ?").param(status).query(Long.class).single();
    }

    private static double delta(Prometheus before, Prometheus after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Waits until the gauge shows what the database counts (the gauge is cached for up to 10 s). */
    private void awaitGauge(String name, String label, java.util.function.LongSupplier count) {
        org.awaitility.Awaitility.await().atMost(GAUGE_REFRESH).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            long rows = count.getAsLong();
            assertThat(rows).isPositive();
            assertThat(Prometheus.scrape(admin()).value(name, label)).isEqualTo(rows);
        });
    }
}
