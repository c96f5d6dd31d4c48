package org.bootwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bootwarden.audit.AuditService;
import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * JSON feeds in a context of their own (feeds configured), pulling from a JDK HttpServer started by
 * the test on 127.0.0.1: the scheduled first run as actor {@code feed:<name>}, manual runs that
 * update, create-only feeds, a document with a bad row (rejected, nothing written), feeds that
 * cannot be fetched, and one run at a time across two "replicas" (a second feed runner with its
 * own lease owner on the same database).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after this class: left in Spring's context cache, its schedulers (webhook dispatcher with
// the default back-off, feed runner) kept working on the database the later tests share
@DirtiesContext
class InventoryFeedIT {

    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final String BEARER = "feed-secret-token";
    private static final Path OWN_DATA_DIR;
    private static final HttpServer FEEDS;
    /** Feed documents by path ({@code /feed/<name>.json}). */
    private static final Map<String, String> DOCUMENTS = new ConcurrentHashMap<>();
    private static final AtomicInteger SLOW_REQUESTS = new AtomicInteger();
    private static final CountDownLatch SLOW_ARRIVED = new CountDownLatch(1);
    private static final CountDownLatch SLOW_RELEASE = new CountDownLatch(1);
    /** A run of this test class: hostnames and addresses of its own (the database may be shared with other contexts). */
    private static final int RUN = (int) (System.nanoTime() & 0x3f);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static {
        try {
            OWN_DATA_DIR = Files.createTempDirectory("bootwarden-feed-it-");
            FEEDS = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FEEDS.setExecutor(Executors.newCachedThreadPool());
        FEEDS.createContext("/feed/", InventoryFeedIT::serve);
        FEEDS.createContext("/slow.json", exchange -> {
            SLOW_REQUESTS.incrementAndGet();
            SLOW_ARRIVED.countDown();
            try {
                SLOW_RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "application/json", "[]");
        });
        FEEDS.createContext("/broken", exchange -> respond(exchange, 500, "text/plain", "database is down"));
        FEEDS.createContext("/login", exchange -> respond(exchange, 200, "text/html", "<html>sign in</html>"));
        FEEDS.start();
        Runtime.getRuntime().addShutdownHook(new Thread(InventoryFeedIT::deleteDataDir));
        // the scheduled feed's first document: two hosts
        DOCUMENTS.put("/feed/scheduled.json", json(List.of(host(1, "rack=r1"), host(2, "rack=r1"))));
    }

    @DynamicPropertySource
    static void feeds(DynamicPropertyRegistry registry) {
        registry.add("bootwarden.data-dir", OWN_DATA_DIR::toString);
        // its own engine name: the shared context's /engine-rest finds engines by name in Camunda's static registry
        registry.add("camunda.bpm.process-engine-name", () -> "inventoryFeedIT");
        registry.add("bootwarden.admin-password", () -> ADMIN_PASSWORD);
        registry.add("bootwarden.token-secret", () -> IntegrationTest.TOKEN_SECRET);
        // contexts on one database are replicas: they share the server secret and the profile-secrets key
        registry.add("bootwarden.secrets.key", () -> IntegrationTest.SECRETS_KEY);
        registry.add("bootwarden.ipxe-dir", () -> Path.of("..", ".cache", "ipxe").toAbsolutePath().normalize().toString());
        registry.add("bootwarden.public-urls", () -> "http://10.0.2.2:8080");
        registry.add("bootwarden.worker.embedded", () -> "false");
        registry.add("bootwarden.inventory.feed-check-interval", () -> "300ms");
        String base = "http://127.0.0.1:" + FEEDS.getAddress().getPort();
        feed(registry, 0, "it-scheduled", base + "/feed/scheduled.json", true, "upsert", BEARER);
        feed(registry, 1, "it-manual", base + "/feed/manual.json", false, "upsert", BEARER);
        feed(registry, 2, "it-create-only", base + "/feed/create-only.json", false, "create-only", BEARER);
        feed(registry, 3, "it-slow", base + "/slow.json", false, "upsert", BEARER);
        feed(registry, 4, "it-broken", base + "/broken", false, "upsert", BEARER);
        feed(registry, 5, "it-wrong-token", base + "/feed/manual.json", false, "upsert", "not-the-token");
        feed(registry, 6, "it-login-page", base + "/login?key=secret", false, "upsert", BEARER);
        feed(registry, 7, "it-basic", base + "/feed/basic.json", false, "upsert", null);
        registry.add("bootwarden.inventory.feeds[7].username", () -> "cmdb");
        registry.add("bootwarden.inventory.feeds[7].password", () -> "cmdb-password");
    }

    private static void feed(DynamicPropertyRegistry registry, int i, String name, String url, boolean enabled, String mode,
            String bearer) {
        String p = "bootwarden.inventory.feeds[" + i + "].";
        registry.add(p + "name", () -> name);
        registry.add(p + "url", () -> url);
        registry.add(p + "enabled", () -> String.valueOf(enabled));
        registry.add(p + "mode", () -> mode);
        registry.add(p + "interval", () -> "1h");
        registry.add(p + "timeout", () -> "5s");
        if (bearer != null) {
            registry.add(p + "bearer-token", () -> bearer);
        }
    }

    /** The feed server: {@code /feed/*.json} from {@link #DOCUMENTS}, with the credentials each path expects. */
    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = path.equals("/feed/basic.json")
                ? "Basic " + java.util.Base64.getEncoder().encodeToString("cmdb:cmdb-password".getBytes(StandardCharsets.UTF_8))
                : "Bearer " + BEARER;
        if (!expected.equals(auth)) {
            respond(exchange, 401, "application/json", "{\"error\":\"unauthorized\"}");
            return;
        }
        String body = DOCUMENTS.get(path);
        if (body == null) {
            respond(exchange, 404, "text/plain", "no such feed");
        } else {
            respond(exchange, 200, "application/json; charset=utf-8", body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterAll
    static void stopFeedServer() {
        SLOW_RELEASE.countDown();
        FEEDS.stop(0);
    }

    /** This class's context, closed before its data directory is deleted at JVM exit. */
    private static volatile org.springframework.context.ConfigurableApplicationContext context;

    @Autowired
    private void rememberContext(org.springframework.context.ConfigurableApplicationContext ctx) {
        context = ctx;
    }

    private static void deleteDataDir() {
        org.springframework.context.ConfigurableApplicationContext ctx = context;
        if (ctx != null) {
            ctx.close();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(OWN_DATA_DIR)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the directory is under the system temporary directory
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    AuditService audit;
    @Autowired
    InventoryFeeds feeds;
    @Autowired
    BootwardenProperties props;
    @Autowired
    FeedStore store;
    @Autowired
    FeedClient client;
    @Autowired
    InventoryImport importer;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.bootwarden.hosts.HostRepository hosts;

    // ---- fixtures ---------------------------------------------------------------------------

    /** Host {@code n} of this run: its own hostname, a 192.168.(100 + RUN) address and a MAC. */
    private static Map<String, Object> host(int n, String labels) {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        h.put("hostname", hostname(n));
        h.put("macs", List.of(String.format("52:54:fe:%02x:%02x:%02x", RUN, (n >> 8) & 255, n & 255)));
        h.put("ip", "192.168." + (100 + RUN) + "." + (n + 10));
        h.put("prefixLength", 24);
        h.put("gateway", "192.168." + (100 + RUN) + ".1");
        h.put("dns", List.of("192.168." + (100 + RUN) + ".2"));
        h.put("profile", "debian-12");
        Map<String, String> l = new java.util.LinkedHashMap<>();
        for (String kv : labels.split(";")) {
            l.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        h.put("labels", l);
        return h;
    }

    private static String hostname(int n) {
        return "feed-" + n + ".run" + RUN + ".it.example";
    }

    private static String json(Object o) {
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Http admin() {
        return Http.basic("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
    }

    private JsonNode status(String name) {
        for (JsonNode f : admin().get("/api/hosts/import/feeds").expect(200).json()) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feed " + name);
    }

    private JsonNode run(String name) {
        return admin().post("/api/hosts/import/feeds/" + name + "/run", null).expect(200).json();
    }

    private JsonNode hostByName(String hostname) {
        for (JsonNode h : admin().get("/api/hosts?q=" + hostname).expect(200).json().path("items")) {
            if (h.path("hostname").asText().equals(hostname)) {
                return h;
            }
        }
        return null;
    }

    private List<JsonNode> auditOf(String targetId) {
        audit.flush();
        List<JsonNode> events = new ArrayList<>();
        admin().get("/api/audit?size=500&targetId=" + targetId).expect(200).json().path("items").forEach(events::add);
        return events;
    }

    private static int next() {
        return 100 + SEQUENCE.incrementAndGet() * 10;
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    void shouldRunAnEnabledFeedOnScheduleAsItsOwnActor() {
        JsonNode feed = await("the scheduled feed's first run").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("it-scheduled"), f -> !f.path("lastRun").isNull());
        JsonNode last = feed.path("lastRun");
        assertThat(last.path("outcome").asText()).as("%s", feed).isEqualTo("ok");
        assertThat(last.path("trigger").asText()).isEqualTo("schedule");
        assertThat(last.path("summary").path("create").asInt()).isEqualTo(2);
        assertThat(feed.path("mode").asText()).isEqualTo("upsert");
        assertThat(feed.path("interval").asText()).isEqualTo("PT1H");
        assertThat(feed.path("running").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(last.path("finishedAt").asText()), Instant.parse(feed.path("nextRunAt").asText())))
                .isEqualTo(Duration.ofHours(1));

        JsonNode created = hostByName(hostname(1));
        assertThat(created.path("labels").path("rack").asText()).isEqualTo("r1");
        List<JsonNode> events = auditOf(created.path("id").asText());
        assertThat(events).extracting(e -> e.path("action").asText()).containsExactly("host.created");
        assertThat(events.get(0).path("actor").asText()).isEqualTo("feed:it-scheduled");
        assertThat(hosts.lastEdit(created.path("id").asText()).orElseThrow().by()).isEqualTo("feed:it-scheduled");
        assertThat(events.get(0).path("summary").asText()).contains("(import: feed it-scheduled)");
        JsonNode summary = admin().get("/api/audit?action=hosts.imported&actor=feed:it-scheduled").expect(200).json().path("items").get(0);
        assertThat(summary.path("summary").asText()).isEqualTo("import from feed it-scheduled: 2 created, 0 updated, 0 unchanged");
    }

    @Test
    void shouldUpdateOnAManualRunAndWriteNothingWhenTheDocumentHasABadRow() {
        int a = next();
        int b = next();
        DOCUMENTS.put("/feed/manual.json", json(List.of(host(a, "rack=r1"), host(b, "rack=r1"))));
        JsonNode first = run("it-manual");
        assertThat(first.path("lastRun").path("outcome").asText()).as("%s", first).isEqualTo("ok");
        assertThat(first.path("lastRun").path("trigger").asText()).isEqualTo("manual: admin");
        assertThat(first.path("enabled").asBoolean()).isFalse();

        int c = next();
        DOCUMENTS.put("/feed/manual.json", json(List.of(host(a, "rack=r2"), host(b, "rack=r1"), host(c, "rack=r2"))));
        JsonNode second = run("it-manual").path("lastRun");
        assertThat(second.path("summary").toString()).isEqualTo("{\"create\":1,\"update\":1,\"unchanged\":1,\"skipped\":0,\"error\":0}");
        assertThat(hostByName(hostname(a)).path("labels").path("rack").asText()).isEqualTo("r2");

        Map<String, Object> bad = host(next(), "rack=r3");
        bad.put("gateway", "10.1.1.1");
        DOCUMENTS.put("/feed/manual.json", json(List.of(host(a, "rack=r3"), bad)));
        JsonNode rejected = run("it-manual").path("lastRun");
        assertThat(rejected.path("outcome").asText()).isEqualTo("rejected");
        assertThat(rejected.path("error").asText()).isEqualTo("1 row has errors; nothing was imported");
        assertThat(rejected.path("errors")).hasSize(1);
        assertThat(rejected.path("errors").get(0).path("row").asInt()).isEqualTo(2);
        assertThat(rejected.path("errors").get(0).path("errors").get(0).path("field").asText()).isEqualTo("gateway");
        assertThat(hostByName(hostname(a)).path("labels").path("rack").asText()).as("nothing written").isEqualTo("r2");
        assertThat(auditOf("it-manual")).extracting(e -> e.path("action").asText() + " " + e.path("actor").asText())
                .contains("inventory.feed-failed feed:it-manual", "inventory.feed-run-requested admin");
    }

    @Test
    void shouldOnlyCreateWithACreateOnlyFeed() {
        int a = next();
        int b = next();
        DOCUMENTS.put("/feed/create-only.json", json(List.of(host(a, "rack=r1"))));
        assertThat(run("it-create-only").path("lastRun").path("summary").path("create").asInt()).isEqualTo(1);
        DOCUMENTS.put("/feed/create-only.json", json(List.of(host(a, "rack=changed"), host(b, "rack=r1"))));
        JsonNode last = run("it-create-only").path("lastRun");
        assertThat(last.path("summary").toString()).isEqualTo("{\"create\":1,\"update\":0,\"unchanged\":0,\"skipped\":1,\"error\":0}");
        assertThat(hostByName(hostname(a)).path("labels").path("rack").asText()).isEqualTo("r1");
        assertThat(hostByName(hostname(b))).isNotNull();
        assertThat(status("it-create-only").path("mode").asText()).isEqualTo("create-only");
    }

    @Test
    void shouldSayWhyAFeedCouldNotBeFetched() {
        assertThat(run("it-broken").path("lastRun").path("error").asText())
                .endsWith("/broken answered HTTP 500: database is down");
        assertThat(run("it-wrong-token").path("lastRun").path("error").asText())
                .contains("answered HTTP 401 (check the feed's credentials)");
        JsonNode login = run("it-login-page");
        assertThat(login.path("url").asText()).endsWith("/login?…").doesNotContain("secret");
        assertThat(login.path("lastRun").path("outcome").asText()).isEqualTo("failed");
        assertThat(login.path("lastRun").path("error").asText()).contains("answered text/html, not JSON");
        assertThat(auditOf("it-broken")).extracting(e -> e.path("actor").asText()).contains("feed:it-broken");

        DOCUMENTS.put("/feed/basic.json", "{\"hosts\": []}");
        assertThat(run("it-basic").path("lastRun").path("error").asText())
                .isEqualTo("the feed's document body: must be a JSON array of host objects (each shaped like the body of POST /api/hosts)");
        admin().post("/api/hosts/import/feeds/no-such-feed/run", null).expect(404);
    }

    @Test
    void shouldRunAFeedOnOneServerAtATime() throws Exception {
        CompletableFuture<Http.Response> running = CompletableFuture.supplyAsync(
                () -> admin().post("/api/hosts/import/feeds/it-slow/run", null));
        assertThat(SLOW_ARRIVED.await(60, TimeUnit.SECONDS)).as("the slow feed was fetched").isTrue();

        JsonNode busy = status("it-slow");
        assertThat(busy.path("running").asBoolean()).isTrue();
        assertThat(busy.path("runningOn").asText()).isEqualTo(feeds.owner());
        Http.Response again = admin().post("/api/hosts/import/feeds/it-slow/run", null).expect(409);
        assertThat(again.json().path("detail").asText()).startsWith("feed it-slow is running now");

        // a second server on the same database: its own lease owner, the same tables
        InventoryFeeds otherReplica = new InventoryFeeds(props, store, client, importer, audit, json, Clock.systemUTC());
        try {
            assertThat(otherReplica.owner()).isNotEqualTo(feeds.owner());
            assertThatThrownBy(() -> otherReplica.runNow("it-slow")).isInstanceOf(ConflictException.class);
            assertThat(SLOW_REQUESTS.get()).as("only the first run fetched the feed").isEqualTo(1);
        } finally {
            otherReplica.stop();
        }

        SLOW_RELEASE.countDown();
        JsonNode done = running.get(60, TimeUnit.SECONDS).expect(200).json();
        assertThat(done.path("running").asBoolean()).isFalse();
        assertThat(done.path("lastRun").path("outcome").asText()).isEqualTo("ok");
        assertThat(done.path("lastRun").path("summary").toString()).isEqualTo(
                "{\"create\":0,\"update\":0,\"unchanged\":0,\"skipped\":0,\"error\":0}");
    }

    @Test
    void shouldHandTheFeedToAnotherServerOnlyWhenTheLeaseRanOut() {
        store.ensure("it-lease", Instant.now());
        Instant now = Instant.now();
        assertThat(store.claim("it-lease", "replica-a", "schedule", now, now.plusSeconds(600), false)).isTrue();
        assertThat(store.claim("it-lease", "replica-b", "schedule", now, now.plusSeconds(600), true)).isFalse();
        // replica-a died: its lease is over
        Instant later = now.plusSeconds(601);
        assertThat(store.claim("it-lease", "replica-b", "schedule", later, later.plusSeconds(600), false)).isTrue();
        assertThat(store.finish("it-lease", "replica-a", later, later.plusSeconds(3600), FeedStore.Outcome.OK, null, null, null))
                .as("the dead replica's late result is not recorded").isFalse();
        assertThat(store.finish("it-lease", "replica-b", later, later.plusSeconds(3600), FeedStore.Outcome.OK, null, null, null))
                .isTrue();
        FeedStore.State s = store.find("it-lease").orElseThrow();
        assertThat(s.leaseOwner()).isNull();
        assertThat(s.lastStartedAt()).isEqualTo(later.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        // not due again before the next run time
        assertThat(store.claim("it-lease", "replica-a", "schedule", later.plusSeconds(10), later.plusSeconds(600), false)).isFalse();
    }
}
