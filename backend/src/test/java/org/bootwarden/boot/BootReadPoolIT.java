package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.Prometheus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The boot read pool: LOCAL boots are answered while every connection of the main pool is taken,
 * and a host armed a moment ago gets its installer at its very next boot (no stale answers).
 */
class BootReadPoolIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    BootReadPool readPool;

    @Test
    void shouldAnswerLocalBootsWhileTheMainPoolIsExhausted() throws Exception {
        String id = createHost(newHost());
        String token = token(id);
        boot(id, token).expect(200);
        HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
        int size = main.getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        try {
            // every connection of the main pool, held here (others' requests wait for them meanwhile)
            for (int i = 0; i < size; i++) {
                held.add(main.getConnection());
            }
            assertThat(main.getHikariPoolMXBean().getActiveConnections()).isEqualTo(size);
            assertThat(main.getHikariPoolMXBean().getIdleConnections()).isZero();

            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                Http.Response r = CompletableFuture.supplyAsync(() -> boot(id, token)).get(10, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).contains("boot state LOCAL").contains("exit 0");
                // the main pool would have kept it waiting for its 30 s connection timeout
                assertThat(ms).as("LOCAL answer with the main pool exhausted, in ms").isLessThan(2_000);
            }
            assertThat(main.getHikariPoolMXBean().getActiveConnections()).as("still all held by this test").isEqualTo(size);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        Prometheus metrics = Prometheus.scrape(admin());
        assertThat(metrics.value("hikaricp_connections_max", "pool=\"" + BootReadPool.NAME + "\""))
                .isEqualTo(readPool.size());
        assertThat(metrics.value("bootwarden_boot_answer_seconds_count", "decision=\"local\"")).isGreaterThanOrEqualTo(21);
        assertThat(metrics.has("bootwarden_boot_answer_seconds_bucket", "decision=\"local\"", "le=\"0.05\"")).isTrue();
    }

    @Test
    void shouldServeTheInstallerAtTheVeryNextBootAfterArming() {
        String profile = createArmableProfile(3);
        for (int round = 0; round < 5; round++) {
            String id = createHost(newHost(profile));
            String token = token(id);
            for (int i = 0; i < 5; i++) {
                assertThat(boot(id, token).expect(200).body()).contains("boot state LOCAL");
            }
            arm(id).expect(200);
            String next = boot(id, token).expect(200).body();
            assertThat(next).as("the first boot after arming").contains("kernel --name kernel").doesNotContain("boot state LOCAL");
            anonymous().get("/boot/" + id + "/" + token + "/installed").expect(200);
            assertThat(boot(id, token).expect(200).body()).as("the first boot after the install callback")
                    .contains("boot state LOCAL");
        }
    }
}
