package org.bootwarden.tickets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bootwarden.isoworker.worker.IsoWorkerProperties;
import org.bootwarden.system.CachedValue;
import org.camunda.bpm.engine.ExternalTaskService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Ticket workflow metrics for Prometheus: {@code bootwarden_tickets{status}} (tickets by status),
 * {@code bootwarden_iso_build_queue{state}} (ISO-build tasks waiting for a worker or being built),
 * both counted at most every 10 s; {@code bootwarden_task_wait_seconds{task, outcome}} (how long a
 * human task was open when it was decided) and {@code bootwarden_iso_build_duration_seconds{outcome}}
 * (ticket ISO builds, from the task's creation to the worker's result). Every series exists from
 * the start (zero until something happens), so dashboards show zeros rather than gaps.
 */
@Component
class TicketMetrics {

    static final String BUILD_STARTED_AT = "isoBuildStartedAt";

    private static final Duration[] WAIT_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24),
        Duration.ofDays(3), Duration.ofDays(7)};
    private static final Duration[] BUILD_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofMinutes(15)};

    private final MeterRegistry registry;
    private final Clock clock;

    TicketMetrics(MeterRegistry registry, JdbcClient jdbc, ExternalTaskService externalTasks, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        CachedValue<Map<String, Long>> byStatus = new CachedValue<>(Duration.ofSeconds(10), clock, () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            jdbc.sql("select status, count(*) from ticket group by status").query(rs -> {
                counts.put(rs.getString(1), rs.getLong(2));
            });
            return counts;
        });
        for (TicketStatus status : TicketStatus.values()) {
            Gauge.builder("bootwarden.tickets", byStatus, c -> CachedValue.count(c, status.name())).strongReference(true)
                    .description("Tickets by status (open and closed)").tag("status", status.name())
                    .tag("open", String.valueOf(status.isOpen())).register(registry);
        }
        CachedValue<Map<String, Long>> queue = new CachedValue<>(Duration.ofSeconds(10), clock, () -> Map.of(
                "waiting", externalTasks.createExternalTaskQuery().topicName(IsoWorkerProperties.TOPIC).notLocked().count(),
                "building", externalTasks.createExternalTaskQuery().topicName(IsoWorkerProperties.TOPIC).locked().count()));
        for (String state : new String[] {"waiting", "building"}) {
            Gauge.builder("bootwarden.iso.build.queue", queue, c -> CachedValue.count(c, state)).strongReference(true)
                    .description("ISO-build tasks of tickets: waiting for a worker, or locked by one").tag("state", state)
                    .register(registry);
        }
        for (TaskKind kind : TaskKind.values()) {
            for (String outcome : kind.outcomes) {
                taskWait(kind, outcome);
            }
        }
        isoBuild("built");
        isoBuild("failed");
    }

    /** A human task was decided; {@code created}: when it was opened. */
    void taskCompleted(TaskKind kind, String outcome, Instant created) {
        if (created != null) {
            Duration waited = Duration.between(created, Instant.now(clock));
            taskWait(kind, outcome).record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    /** A ticket's ISO build ended ({@code built} or {@code failed}); {@code startedAt}: epoch millis when it was queued. */
    void isoBuildFinished(String outcome, Object startedAt) {
        if (startedAt instanceof Number n) {
            Duration took = Duration.between(Instant.ofEpochMilli(n.longValue()), Instant.now(clock));
            isoBuild(outcome).record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    private Timer taskWait(TaskKind kind, String outcome) {
        return Timer.builder("bootwarden.task.wait").description("Human tasks: opened until decided")
                .serviceLevelObjectives(WAIT_BUCKETS).tags("task", kind.activityId, "outcome", outcome).register(registry);
    }

    private Timer isoBuild(String outcome) {
        return Timer.builder("bootwarden.iso.build.duration").description("Ticket ISO builds: queued until built or failed")
                .serviceLevelObjectives(BUILD_BUCKETS).tag("outcome", outcome).register(registry);
    }
}
