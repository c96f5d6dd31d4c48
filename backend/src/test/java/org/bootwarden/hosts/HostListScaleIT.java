package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The host list's search, filters, sorting and paging over HTTP with 10,000 more hosts in the
 * database (on H2, and on MariaDB and PostgreSQL in their passes): every filter and combination
 * returns exactly the hosts it should, sorting and the last pages work, and no request takes
 * longer than {@link #SLOWEST_ALLOWED_MS} (a guard against per-row queries; the times are printed).
 * The hosts are written straight through the repository, in their own subnet 172.20.0.0/16, and
 * removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostListScaleIT extends IntegrationTest {

    static final int HOSTS = 10_000;
    static final long SLOWEST_ALLOWED_MS = 5_000;
    private static final String SCOPE = "subnet=172.20.0.0/16";
    private static final List<String> PROFILES = List.of("debian-12", "ubuntu-24.04");

    @Autowired
    HostRepository repository;

    @Autowired
    TransactionTemplate transactions;

    private final List<Host> seeded = new ArrayList<>();
    private final Map<String, Long> timings = new LinkedHashMap<>();

    @BeforeAll
    void seed() {
        Instant now = Instant.now();
        for (int i = 0; i < HOSTS; i++) {
            String ip = "172.20." + (i / 250) + "." + (i % 250 + 1);
            String mac = String.format("52:54:5c:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255);
            seeded.add(new Host(UUID.randomUUID().toString(), String.format("scale-%05d.lab.example", i), List.of(mac), ip, 16,
                    "172.20.255.254", List.of("172.20.255.253"), null, Firmware.AUTO, NicDriver.FULL, Architecture.X86_64,
                    PROFILES.get(i % 2), Map.of("rack", "r" + (i % 40), "scale", "yes"), BootState.values()[i % 4], null, now, 0, null,
                    null, 0, 0, now.plusMillis(i), now.plusMillis(i)));
        }
        long start = System.nanoTime();
        transactions.executeWithoutResult(t -> seeded.forEach(repository::insert));
        System.out.printf("HostListScaleIT: %d hosts written in %d ms%n", HOSTS, (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void removeAndReport() {
        transactions.executeWithoutResult(t -> jdbc.sql("delete from host where hostname like 'scale-%' and ip like '172.20.%'").update());
        timings.forEach((query, ms) -> System.out.printf("HostListScaleIT: %5d ms  GET /api/hosts?%s%n", ms, query));
    }

    private JsonNode get(String query) {
        long start = System.nanoTime();
        JsonNode page = admin().get("/api/hosts?" + query).expect(200).json();
        long ms = (System.nanoTime() - start) / 1_000_000;
        timings.put(query, ms);
        assertThat(ms).as("GET /api/hosts?%s took %d ms", query, ms).isLessThan(SLOWEST_ALLOWED_MS);
        return page;
    }

    private static List<String> hostnames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(h -> names.add(h.path("hostname").asText()));
        return names;
    }

    private List<String> expected(Predicate<Host> filter, Comparator<Host> order, int page, int size) {
        return seeded.stream().filter(filter).sorted(order).skip((long) page * size).limit(size).map(Host::hostname).toList();
    }

    private long count(Predicate<Host> filter) {
        return seeded.stream().filter(filter).count();
    }

    private static final Comparator<Host> BY_HOSTNAME = Comparator.comparing(Host::hostname);

    @Test
    void shouldFilterByEveryCriterionAndTheirCombinations() {
        Map<String, Predicate<Host>> cases = new LinkedHashMap<>();
        cases.put(SCOPE, h -> true);
        cases.put(SCOPE + "&state=HELD", h -> h.bootState() == BootState.HELD);
        cases.put(SCOPE + "&profile=ubuntu-24.04", h -> h.profile().equals("ubuntu-24.04"));
        cases.put(SCOPE + "&label=rack=r7", h -> h.labels().get("rack").equals("r7"));
        cases.put("subnet=172.20.3.0/24", h -> h.ip().startsWith("172.20.3."));
        cases.put("subnet=172.20.3.128/25", h -> h.ip().startsWith("172.20.3.") && Integer.parseInt(h.ip().substring(9)) >= 128);
        cases.put("q=scale-0123", h -> h.hostname().contains("scale-0123"));
        cases.put(SCOPE + "&q=172.20.3.7", h -> h.ip().contains("172.20.3.7"));
        cases.put("q=52-54-5C-00-04-D2", h -> h.primaryMac().equals("52:54:5c:00:04:d2"));
        cases.put(SCOPE + "&state=ARMED&profile=ubuntu-24.04&label=rack=r13",
                h -> h.bootState() == BootState.ARMED && h.profile().equals("ubuntu-24.04") && h.labels().get("rack").equals("r13"));
        cases.put("subnet=172.20.0.0/20&state=LOCAL&q=scale-00", h -> third(h) < 16 && h.bootState() == BootState.LOCAL && h.hostname().contains("scale-00"));
        cases.put(SCOPE + "&label=scale", h -> true);
        cases.put(SCOPE + "&label=rack=r99", h -> false);

        for (Map.Entry<String, Predicate<Host>> c : cases.entrySet()) {
            JsonNode page = get(c.getKey() + "&size=100");
            assertThat(page.path("totalItems").asLong()).as(c.getKey()).isEqualTo(count(c.getValue()));
            assertThat(hostnames(page)).as(c.getKey()).isEqualTo(expected(c.getValue(), BY_HOSTNAME, 0, 100));
        }
        // without a filter the list holds these hosts and every other test's
        assertThat(get("size=50").path("totalItems").asLong()).isGreaterThanOrEqualTo(HOSTS);
    }

    private static int third(Host h) {
        return Integer.parseInt(h.ip().split("\\.")[2]);
    }

    @Test
    void shouldSortByEverySortableColumnAndPageToTheEnd() {
        Comparator<Host> byIp = Comparator.comparingLong(h -> Ipv4.toLong(h.ip()));
        Comparator<Host> byState = Comparator.<Host, String>comparing(h -> h.bootState().name()).thenComparing(BY_HOSTNAME);
        Comparator<Host> byCreated = Comparator.comparing(Host::createdAt).thenComparing(BY_HOSTNAME);

        assertThat(hostnames(get(SCOPE + "&sort=hostname,desc&size=25"))).isEqualTo(expected(h -> true, BY_HOSTNAME.reversed(), 0, 25));
        assertThat(hostnames(get(SCOPE + "&sort=ip,asc&size=25&page=3"))).isEqualTo(expected(h -> true, byIp, 3, 25));
        assertThat(hostnames(get(SCOPE + "&sort=ip,desc&size=25"))).isEqualTo(expected(h -> true, byIp.reversed(), 0, 25));
        assertThat(hostnames(get(SCOPE + "&sort=bootState,asc&size=50&page=60"))).isEqualTo(expected(h -> true, byState, 60, 50));
        assertThat(hostnames(get(SCOPE + "&sort=profile,desc&size=50&page=100")))
                .isEqualTo(expected(h -> true, Comparator.comparing(Host::profile).reversed().thenComparing(BY_HOSTNAME), 100, 50));
        assertThat(hostnames(get(SCOPE + "&sort=createdAt,asc&size=100&page=42"))).isEqualTo(expected(h -> true, byCreated, 42, 100));

        JsonNode last = get(SCOPE + "&size=100&page=99");
        assertThat(last.path("totalPages").asInt()).isEqualTo(100);
        assertThat(last.path("page").asInt()).isEqualTo(99);
        assertThat(hostnames(last)).isEqualTo(expected(h -> true, BY_HOSTNAME, 99, 100));
        assertThat(get(SCOPE + "&size=500&page=19").path("items")).hasSize(500);
        assertThat(get(SCOPE + "&size=100&page=100").path("items")).isEmpty();
    }
}
