package org.bootwarden.isoworker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding and validation of {@code bootwarden.worker.*}, as the stand-alone worker does it. */
class IsoWorkerPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Binding.class);

    @EnableConfigurationProperties(IsoWorkerProperties.class)
    static class Binding {
    }

    private static final String[] VALID = {
        "bootwarden.worker.engine-url=http://bootwarden:8080/engine-rest",
        "bootwarden.worker.backend-url=http://bootwarden:8080",
        "bootwarden.worker.password=secret",
        "bootwarden.worker.worker-id=worker-a",
        "bootwarden.worker.artifact-dir=/srv/bootwarden/iso",
        "bootwarden.worker.ipxe-dir=/opt/ipxe",
        "bootwarden.worker.work-dir=/tmp/w",
    };

    @Test
    void shouldBindEverySettingWithDefaultsForTheTaskSettings() {
        runner.withPropertyValues(VALID).run(context -> {
            assertThat(context).hasNotFailed();
            IsoWorkerProperties p = context.getBean(IsoWorkerProperties.class);
            assertThat(p.engineUrl()).isEqualTo(URI.create("http://bootwarden:8080/engine-rest"));
            assertThat(p.username()).isEqualTo("iso-worker");
            assertThat(p.artifactDir()).isEqualTo(Path.of("/srv/bootwarden/iso"));
            assertThat(p.tasks()).isEqualTo(IsoWorkerProperties.Tasks.defaults());
            assertThat(p.toString()).doesNotContain("secret");
        });
    }

    @Test
    void shouldBindTaskSettings() {
        runner.withPropertyValues(VALID).withPropertyValues(
                "bootwarden.worker.tasks.lock-duration=2m", "bootwarden.worker.tasks.max-tasks=4",
                "bootwarden.worker.tasks.async-response-timeout=30s", "bootwarden.worker.tasks.retries=5",
                "bootwarden.worker.tasks.retry-delays=1s,2s").run(context -> {
                    IsoWorkerProperties.Tasks t = context.getBean(IsoWorkerProperties.class).tasks();
                    assertThat(t).isEqualTo(new IsoWorkerProperties.Tasks(Duration.ofMinutes(2), 4, Duration.ofSeconds(30), 5,
                            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))));
                    assertThat(t.delayBefore(5)).isEqualTo(Duration.ofSeconds(1));
                    assertThat(t.delayBefore(4)).isEqualTo(Duration.ofSeconds(2));
                    assertThat(t.delayBefore(1)).as("the last delay repeats").isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void shouldRefuseAMissingPassword() {
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.password=")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("password"));
    }

    @Test
    void shouldRefuseAMissingEngineUrl() {
        runner.withPropertyValues(without("engine-url"))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("engineUrl"));
    }

    @Test
    void shouldRefuseAnEngineUrlThatIsNotHttp() {
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.engine-url=ftp://bootwarden/engine-rest")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("http://"));
    }

    @Test
    void shouldRefuseOutOfRangeTaskSettings() {
        for (String bad : List.of("tasks.retries=-1", "tasks.max-tasks=0", "tasks.lock-duration=1s", "tasks.retry-delays=",
                "tasks.async-response-timeout=10m")) {
            runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker." + bad)
                    .run(context -> assertThat(context).as(bad).hasFailed());
        }
    }

    @Test
    void shouldRefuseAPollLongerThanTheLock() {
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.tasks.lock-duration=30s",
                "bootwarden.worker.tasks.async-response-timeout=30s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("async-response-timeout must be shorter than lock-duration"));
    }

    @Test
    void shouldRefuseUnknownSettings() {
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.lock-duration=5m")
                .run(context -> assertThat(context).hasFailed());
    }

    private static String[] without(String key) {
        return java.util.Arrays.stream(VALID).filter(s -> !s.startsWith("bootwarden.worker." + key + "=")).toArray(String[]::new);
    }

    @Test
    void shouldLeaveCustomBuildsAndContainerModeOffByDefault() {
        runner.withPropertyValues(VALID).run(context -> {
            IsoWorkerProperties p = context.getBean(IsoWorkerProperties.class);
            assertThat(p.custom()).isEqualTo(IsoWorkerProperties.Custom.disabled());
            assertThat(p.docker()).isEqualTo(IsoWorkerProperties.Docker.none());
            assertThat(p.docker().enabled()).isFalse();
        });
    }

    @Test
    void shouldBindCustomBuildAndContainerSettings() {
        runner.withPropertyValues(VALID).withPropertyValues(
                "bootwarden.worker.custom.enabled=true", "bootwarden.worker.custom.features=HTTPS,PING",
                "bootwarden.worker.custom.trust=/etc/bootwarden/ca.pem", "bootwarden.worker.custom.jobs=4",
                "bootwarden.worker.docker.host=unix:///run/podman/podman.sock", "bootwarden.worker.docker.memory=1GB")
                .run(context -> {
                    IsoWorkerProperties p = context.getBean(IsoWorkerProperties.class);
                    assertThat(p.custom().features()).containsExactly(
                            org.bootwarden.isoworker.custom.IpxeFeature.HTTPS, org.bootwarden.isoworker.custom.IpxeFeature.PING);
                    assertThat(p.custom().trust()).isEqualTo(Path.of("/etc/bootwarden/ca.pem"));
                    assertThat(p.custom().jobs()).isEqualTo(4);
                    assertThat(p.docker().enabled()).isTrue();
                    assertThat(p.docker().memory().toMegabytes()).isEqualTo(1024);
                    assertThat(p.docker().image()).isEqualTo("localhost/bootwarden-builder:latest");
                });
    }

    @Test
    void shouldRefuseACustomBuildWithoutSourceTreeOrContainerEngine() {
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.custom.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("custom.enabled needs custom.source-dir"));
        runner.withPropertyValues(VALID).withPropertyValues("bootwarden.worker.custom.features=TELNET")
                .run(context -> assertThat(context).hasFailed());
    }
}
