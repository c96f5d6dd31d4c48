package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class InstallGateTest {

    @Test
    void shouldRunNoMoreThanItsTurnsAtOnceAndLetTheOthersWait() throws Exception {
        InstallGate gate = new InstallGate(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            java.util.List<Future<Integer>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    return gate.inTurn(Duration.ofSeconds(30), () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        // hold the turn while the others pile up behind it
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        running.decrementAndGet();
                        return n;
                    });
                }));
            }
            start.countDown();
            for (int i = 0; i < 8; i++) {
                assertThat(done.get(i).get(30, TimeUnit.SECONDS)).as("every caller gets its turn").isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).as("at most two at once").isEqualTo(2);
    }

    @Test
    void shouldRefuseWith503WhenNoTurnComesInTime() throws Exception {
        InstallGate gate = new InstallGate(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> gate.inTurn(Duration.ofSeconds(5), () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> gate.inTurn(Duration.ofMillis(50), () -> "never"))
                    .isInstanceOfSatisfying(BootService.Refused.class, e -> {
                        assertThat(e.status).isEqualTo(503);
                        assertThat(e.getMessage()).contains("busy with other installs");
                    });
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        assertThat(gate.inTurn(Duration.ofSeconds(5), () -> "next")).as("the turn is given back").isEqualTo("next");
    }
}
