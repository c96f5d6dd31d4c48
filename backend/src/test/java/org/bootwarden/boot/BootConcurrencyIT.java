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
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A boot storm on one armed host: the installer is served exactly once, and exactly one
 * "installer served" message reaches the host's ticket workflow.
 */
class BootConcurrencyIT extends IntegrationTest {

    @Autowired
    HistoryService history;

    @Autowired
    RuntimeService runtime;

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

        String ticketId = host(id).path("openTicketId").asText();
        String processInstance = jdbc.sql("select process_instance_id from ticket where id = ?").param(ticketId)
                .query(String.class).single();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstance).activityId("Receive_FirstBoot")
                .finished().count()).as("first-boot waits ended by a correlated message").isOne();
        assertThat(runtime.createExecutionQuery().processInstanceId(processInstance).activityId("Receive_InstallComplete").count())
                .as("the workflow waits for the install once").isOne();
        assertThat(admin().get("/api/tickets/" + ticketId).expect(200).json().path("ticket").path("status").asText())
                .isEqualTo("INSTALLING");
    }
}
