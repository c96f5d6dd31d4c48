package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** A boot storm on one armed host: the installer is served exactly once. */
class BootConcurrencyIT extends IntegrationTest {

    private static final int BOOTS = 50;

    @Test
    void shouldServeInstallerExactlyOnceToConcurrentBoots() throws Exception {
        String id = armedHost(3);
        String token = token(id);
        CountDownLatch ready = new CountDownLatch(BOOTS);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(BOOTS);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < BOOTS; i++) {
                String mac = String.format("mac=52:54:00:00:%02x:%02x", i / 256, i % 256);
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return boot(id, token, mac);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> bodies = new ArrayList<>();
            for (Future<Http.Response> f : answers) {
                bodies.add(f.get(120, TimeUnit.SECONDS).expect(200).body());
            }

            assertThat(bodies.stream().filter(b -> b.contains("kernel --name kernel"))).as("installer answers").hasSize(1);
            assertThat(bodies.stream().filter(b -> b.contains("duplicate boot request")))
                    .as("every other boot is a duplicate inside the window, not an error").hasSize(BOOTS - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(host(id).path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(host(id).path("installBoots").asInt()).isEqualTo(1);
        List<String> actions = auditActionsOf(id);
        assertThat(actions.stream().filter("boot.install"::equals)).hasSize(1);
        assertThat(actions.stream().filter("boot.duplicate"::equals)).hasSize(BOOTS - 1);
        assertThat(actions).doesNotContain("boot.error");
    }
}
