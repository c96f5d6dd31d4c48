package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bootwarden.system.BootwardenProperties.RateLimit;
import org.junit.jupiter.api.Test;

class BootRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private BootRateLimiter limiter(double rate, int burst, List<String> exempt, int maxAddresses) {
        return new BootRateLimiter(new RateLimit(true, rate, burst, exempt, maxAddresses), now::get);
    }

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void shouldLetABurstThroughThenAskToRetryAfterTheTimeOneTokenTakes() {
        BootRateLimiter l = limiter(2, 5, List.of(), 100);
        for (int i = 0; i < 5; i++) {
            assertThat(l.acquire("198.51.100.7")).as("request %d of the burst", i + 1).isZero();
        }
        assertThat(l.acquire("198.51.100.7")).as("one token takes 0.5 s: retry after 1 s").isEqualTo(1);
        advanceMillis(499);
        assertThat(l.acquire("198.51.100.7")).isEqualTo(1);
        advanceMillis(2);
        assertThat(l.acquire("198.51.100.7")).as("a token after 0.5 s").isZero();
        assertThat(l.acquire("198.51.100.7")).isEqualTo(1);
    }

    @Test
    void shouldRoundTheRetryUpToWholeSeconds() {
        BootRateLimiter l = limiter(0.25, 1, List.of(), 100);
        assertThat(l.acquire("198.51.100.7")).isZero();
        assertThat(l.acquire("198.51.100.7")).as("one token every 4 s").isEqualTo(4);
        advanceMillis(2500);
        assertThat(l.acquire("198.51.100.7")).isEqualTo(2);
    }

    @Test
    void shouldKeepEveryAddressApartSoABootStormOfManyMachinesPasses() {
        BootRateLimiter l = limiter(1, 2, List.of(), 10_000);
        for (int round = 0; round < 2; round++) {
            for (int host = 0; host < 1000; host++) {
                assertThat(l.acquire("10.20." + host / 250 + "." + host % 250)).isZero();
            }
        }
        assertThat(l.acquire("10.20.0.0")).as("the third request of one machine at once").isPositive();
        assertThat(l.acquire("10.20.0.1")).isPositive();
        assertThat(l.acquire("10.20.9.9")).as("a machine that has not booted yet").isZero();
    }

    @Test
    void shouldNeverLimitExemptBlocksOfEitherFamily() {
        BootRateLimiter l = limiter(1, 1, List.of("192.0.2.0/28", "2001:db8::/32", " 198.51.100.7 "), 100);
        for (int i = 0; i < 100; i++) {
            assertThat(l.acquire("192.0.2.15")).isZero();
            assertThat(l.acquire("2001:db8:0:0:0:0:0:1")).isZero();
            assertThat(l.acquire("198.51.100.7")).isZero();
        }
        assertThat(l.acquire("192.0.2.16")).isZero();
        assertThat(l.acquire("192.0.2.16")).as("just outside the /28").isPositive();
        assertThat(l.acquire("2001:db9:0:0:0:0:0:1")).isZero();
        assertThat(l.acquire("2001:db9:0:0:0:0:0:1")).isPositive();
    }

    @Test
    void shouldMatchPrefixesThatDoNotEndOnAByte() throws Exception {
        BootRateLimiter.Cidr block = BootRateLimiter.Cidr.parse("10.1.2.128/25");
        assertThat(block.contains(InetAddress.getByName("10.1.2.200").getAddress())).isTrue();
        assertThat(block.contains(InetAddress.getByName("10.1.2.127").getAddress())).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1").getAddress())).isFalse();
        assertThat(BootRateLimiter.Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9").getAddress())).isTrue();
    }

    @Test
    void shouldRefuseExemptEntriesThatAreNotAddressBlocks() {
        assertThatThrownBy(() -> limiter(1, 1, List.of("proxy.example"), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bootwarden.boot.rate-limit.exempt: 'proxy.example' is not an IPv4 or IPv6 address (optionally /prefix)");
        assertThatThrownBy(() -> limiter(1, 1, List.of("10.0.0.0/33"), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bootwarden.boot.rate-limit.exempt: '10.0.0.0/33' has a prefix length outside 0-32");
        assertThatThrownBy(() -> new RateLimit(true, 0, 1, null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate must be above 0");
    }

    @Test
    void shouldLimitNothingWhenDisabled() {
        BootRateLimiter l = new BootRateLimiter(new RateLimit(false, 1, 1, List.of(), 1), now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(l.acquire("198.51.100.7")).isZero();
        }
        assertThat(l.tracked()).isZero();
    }

    @Test
    void shouldForgetAddressesWhoseBucketsHaveFilledUpAgain() {
        BootRateLimiter l = limiter(10, 20, List.of("192.0.2.1"), 1000);
        l.acquire("198.51.100.1");
        l.acquire("192.0.2.1");
        advanceMillis(1000);
        for (int i = 0; i < 20; i++) {
            l.acquire("198.51.100.2");
        }
        assertThat(l.tracked()).isEqualTo(3);
        advanceMillis(1100);
        l.sweep();
        assertThat(l.tracked()).as("198.51.100.2 used its whole burst 1.1 s ago: not full again yet").isOne();
        advanceMillis(1000);
        l.sweep();
        assertThat(l.tracked()).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(l.acquire("198.51.100.2")).as("a forgotten address starts with a full bucket").isZero();
        }
        assertThat(l.acquire("198.51.100.2")).isPositive();
    }

    @Test
    void shouldShareOneBucketAmongNewAddressesWhenTooManyAreTracked() {
        BootRateLimiter l = limiter(1, 3, List.of(), 5);
        for (int i = 0; i < 5; i++) {
            assertThat(l.acquire("198.51.100." + i)).isZero();
        }
        assertThat(l.acquire("203.0.113.1")).isZero();
        assertThat(l.acquire("203.0.113.2")).isZero();
        assertThat(l.acquire("203.0.113.3")).isZero();
        assertThat(l.acquire("203.0.113.4")).as("the overflow bucket is empty: new addresses wait").isPositive();
        assertThat(l.acquire("198.51.100.0")).as("tracked addresses keep their own buckets").isZero();
        assertThat(l.tracked()).isEqualTo(6);
        advanceMillis(5000);
        assertThat(l.acquire("203.0.113.5")).as("idle buckets dropped when full: room again").isZero();
        assertThat(l.tracked()).isOne();
    }

    @Test
    void shouldHandOutExactlyTheBurstToConcurrentRequestsOfOneAddress() throws Exception {
        BootRateLimiter l = limiter(0.001, 100, List.of(), 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(pool.submit(() -> {
                start.await();
                int allowed = 0;
                for (int i = 0; i < 50; i++) {
                    allowed += l.acquire("198.51.100.7") == 0 ? 1 : 0;
                }
                return allowed;
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Integer> f : results) {
            allowed += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(100);
    }
}
