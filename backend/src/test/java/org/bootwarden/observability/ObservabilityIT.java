package org.bootwarden.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bootwarden.boot.BootService;
import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.Prometheus;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Health groups, request ids in responses and log lines, and the metrics: moving with real
 * activity, and every metric the Grafana dashboard (infra/grafana) and docs/observability.md name
 * is exposed at /actuator/prometheus.
 */
class ObservabilityIT extends IntegrationTest {

    private static final Path DASHBOARD = Path.of("..", "infra", "grafana", "bootwarden-dashboard.json");
    private static final Path OBSERVABILITY_DOC = Path.of("..", "docs", "observability.md");
    /** Metric names in PromQL and in the docs: ours and the standard Spring Boot / Micrometer ones the dashboard uses. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:bootwarden|http_server|hikaricp|jvm|process|tomcat)_[a-z0-9_]+)");

    @Test
    void shouldReportReadinessAndLivenessGroupsWithDetailsOnlyForAdminsAndAuditors() {
        JsonNode ready = anonymous().get("/actuator/health/readiness").expect(200).json();
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(names(ready.path("components"))).containsExactlyInAnyOrder("readinessState", "db", "engine", "artifactStore");
        assertThat(ready.path("components").path("engine").has("details")).as("no details for anonymous callers").isFalse();

        JsonNode live = anonymous().get("/actuator/health/liveness").expect(200).json();
        assertThat(live.path("status").asText()).isEqualTo("UP");
        assertThat(names(live.path("components"))).containsExactlyInAnyOrder("livenessState", "ping");

        JsonNode detailed = admin().get("/actuator/health/readiness").expect(200).json().path("components");
        assertThat(detailed.path("engine").path("details").path("provisionHost").asText()).startsWith("version ");
        assertThat(detailed.path("engine").path("details").has("jobExecutorActive")).isTrue();
        assertThat(detailed.path("artifactStore").path("details").path("path").asText())
                .isEqualTo(dataDir().resolve("iso").toAbsolutePath().toString());
        assertThat(detailed.path("artifactStore").path("details").path("freeBytes").asLong()).isPositive();
        String auditor = "health-auditor-" + next();
        createUser(auditor, "pw", "AUDITOR");
        assertThat(as(auditor, "pw").get("/actuator/health").expect(200).json().path("components").path("engine").has("details")).isTrue();
    }

    @Test
    void shouldEchoACallersRequestIdOrGiveOneOnApiAndBootRequests() {
        String hostId = createHost(newHost());
        String token = token(hostId);

        assertThat(admin().withHeader("X-Request-Id", "ops-4711").get("/api/me").expect(200).header("X-Request-Id"))
                .isEqualTo("ops-4711");
        assertThat(admin().get("/api/me").expect(200).header("X-Request-Id")).matches("[0-9a-f]{16}");
        assertThat(admin().withHeader("X-Request-Id", "forged\tINFO").get("/api/me").header("X-Request-Id")).matches("[0-9a-f]{16}");
        assertThat(anonymous().withHeader("X-Request-Id", "boot-1").get("/boot/" + hostId + "/" + token + "/script?platform=efi")
                .expect(200).header("X-Request-Id")).isEqualTo("boot-1");
        assertThat(anonymous().withHeader("X-Request-Id", "boot-2").get("/boot/" + hostId + "/" + token + "/answer")
                .expect(409).header("X-Request-Id")).as("boot paths answered by Spring MVC").isEqualTo("boot-2");
        assertThat(anonymous().withHeader("X-Request-Id", "unauth-1").get("/api/hosts").expect(401).header("X-Request-Id"))
                .as("also when Spring Security refuses").isEqualTo("unauth-1");
    }

    @Test
    void shouldTagTheLogLinesOfABootRequestAndAnApiRequestWithTheRequestId() {
        String hostId = createHost(newHost());
        String token = token(hostId);
        Logger boot = (Logger) LoggerFactory.getLogger(BootService.class);
        Logger logins = (Logger) LoggerFactory.getLogger("org.bootwarden.security.LoginSources");
        Level was = boot.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        boot.addAppender(lines);
        logins.addAppender(lines);
        boot.setLevel(Level.DEBUG);
        try {
            String bootId = "boot-log-" + next();
            anonymous().withHeader("X-Request-Id", bootId).get("/boot/" + hostId + "/" + token + "/script?platform=pcbios").expect(200);
            // a name no local user has: the login goes on to the directory that is down, which is logged
            String apiId = "api-log-" + next();
            failingLogin("nobody-" + next(), "wrong").withHeader("X-Request-Id", apiId).get("/api/hosts").expect(401);

            List<ILoggingEvent> events = new ArrayList<>(lines.list);
            assertThat(events).filteredOn(e -> e.getFormattedMessage().contains("boot of host " + hostId))
                    .isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", bootId));
            assertThat(events).filteredOn(e -> e.getFormattedMessage().contains("Login source down-ldap is unavailable"))
                    .isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", apiId));
        } finally {
            boot.setLevel(was);
            boot.detachAppender(lines);
            logins.detachAppender(lines);
        }
    }

    @Test
    void shouldMeasureInstallDurationsFailedLoginsAndHostsByState() {
        Prometheus before = Prometheus.scrape(admin());
        String user = "metrics-user-" + next();
        createUser(user, "right-password", "AUDITOR");
        failingLogin(user, "wrong-password").get("/api/hosts").expect(401);
        failingLogin("nobody-" + next(), "wrong").get("/api/hosts").expect(401);
        String armed = armedHost(3);
        String profile = host(armed).path("profile").asText();
        String token = token(armed);
        boot(armed, token).expect(200);
        anonymous().get("/boot/" + armed + "/" + token + "/installed").expect(200);

        Prometheus after = Prometheus.scrape(admin());
        assertThat(after.value("bootwarden_logins_failed_total", "reason=\"BAD_CREDENTIALS\"")
                - before.value("bootwarden_logins_failed_total", "reason=\"BAD_CREDENTIALS\"")).isEqualTo(1);
        assertThat(after.value("bootwarden_logins_failed_total", "reason=\"DIRECTORY_UNAVAILABLE\"")
                - before.value("bootwarden_logins_failed_total", "reason=\"DIRECTORY_UNAVAILABLE\"")).isEqualTo(1);
        assertThat(after.value("bootwarden_install_duration_seconds_count", "outcome=\"completed\"", "profile=\"" + profile + "\""))
                .isEqualTo(1);
        assertThat(after.has("bootwarden_install_duration_seconds_bucket", "outcome=\"completed\"", "profile=\"" + profile + "\"",
                "le=\"300.0\"")).as("a histogram with install-sized buckets").isTrue();
        long local = jdbc.sql("select count(*) from host where boot_state = 'LOCAL'").query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                Prometheus.scrape(admin()).value("bootwarden_hosts", "state=\"LOCAL\"")).isEqualTo(local));
    }

    @Test
    void shouldExposeEveryMetricTheDashboardAndTheDocsName() throws IOException {
        String armed = armedHost(3);
        String token = token(armed);
        boot(armed, token).expect(200);
        anonymous().get("/boot/" + armed + "/" + token + "/answer").expect(200);
        anonymous().get("/boot/" + armed + "/" + token + "/installed").expect(200);
        admin().get("/api/hosts/" + armed + "/iso").expect(200);
        failingLogin("nobody-" + next(), "wrong").get("/api/hosts").expect(401);
        Set<String> exposed = Prometheus.scrape(admin()).names();

        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThan(10);
        Set<String> used = new TreeSet<>();
        for (String expr : dashboard.findValuesAsText("expr")) {
            used.addAll(metricNames(expr));
        }
        assertThat(used).as("metric names in the dashboard's queries").hasSizeGreaterThan(15);
        assertThat(exposed).as("every metric the dashboard queries is exposed").containsAll(used);

        Set<String> documented = metricNames(Files.readString(OBSERVABILITY_DOC));
        documented.removeIf(n -> !n.startsWith("bootwarden_"));
        assertThat(documented).as("metrics in docs/observability.md").hasSizeGreaterThan(10);
        assertThat(documented).as("every metric docs/observability.md names is exposed (timers as _count, _sum, _bucket)")
                .allMatch(n -> exposed.contains(n) || exposed.contains(n + "_count"));
    }

    /**
     * Basic credentials that will be refused, from an address of their own (X-Forwarded-For): the
     * failures must not add up to the per-address lock of the test client's real address.
     */
    private Http failingLogin(String user, String password) {
        return as(user, password).withHeader("X-Forwarded-For", "203.0.113." + (next() % 250 + 1));
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
