package org.bootwarden.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.Prometheus;
import org.bootwarden.support.SseClient;
import org.bootwarden.support.SseClient.Event;
import org.bootwarden.support.StandaloneApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/events} over real HTTP against the real database: what each role receives,
 * resuming with Last-Event-ID, reset, the limits, the end of a stream at logout, API tokens, and a
 * second replica on the same database streaming the same sequence. The shared context runs with a
 * replay limit of 30, at most 6 streams and 2 per user (IntegrationTest).
 */
class LiveEventsIT extends IntegrationTest {

    private static final String PASSWORD = "live-events-password";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    LiveEvents feed;

    @Autowired
    Environment environment;

    private final List<SseClient> opened = new ArrayList<>();

    @BeforeEach
    void noStreamsOpen() {
        // streams other tests closed on their side end on the server at the next keepalive (1s here)
        await().atMost(PATIENCE).until(() -> feed.openStreams() == 0);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(SseClient::close);
    }

    @Test
    void shouldStreamAuditEventsWithTheActorToAnAuditor() {
        String auditor = user("AUDITOR");
        SseClient stream = open(auditor, Map.of());
        Event hello = awaitEvent(stream, "hello");
        assertThat(hello.data().path("replica").asText()).isEqualTo(feed.replica());
        assertThat(hello.id()).isEqualTo(hello.data().path("seq").asText());

        String hostId = createHost(newHost());

        Event created = awaitEvent(stream, "audit", e -> hostId.equals(e.data().path("targetId").asText()));
        JsonNode d = created.data();
        assertThat(d.path("action").asText()).isEqualTo("host.created");
        assertThat(d.path("targetType").asText()).isEqualTo("host");
        assertThat(d.path("actor").asText()).isEqualTo("admin");
        assertThat(d.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(d.path("summary").asText()).contains("created");
        assertThat(d.path("seq").asLong()).isGreaterThan(hello.data().path("seq").asLong());
        assertThat(created.id()).isEqualTo(d.path("seq").asText());
        // the record as the database holds it
        Map<String, Object> row = jdbc.sql("select id, chain_seq from audit_event where target_id = ? and action = 'host.created'")
                .param(hostId).query().singleRow();
        assertThat(d.path("id").asText()).isEqualTo(row.get("id"));
        assertThat(d.path("seq").asLong()).isEqualTo(((Number) row.get("chain_seq")).longValue());
        assertThat(stream.events("change")).as("auditors get audit events instead of change events").isEmpty();
        assertThat(stream.events("audit")).extracting(e -> e.data().path("seq").asLong()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldStreamChangesWithoutActorAndWithoutLocalBootNoiseToAnEditor() {
        SseClient editor = open(user("EDITOR"), Map.of());
        SseClient auditor = open(user("AUDITOR"), Map.of());
        awaitEvent(editor, "hello");
        awaitEvent(auditor, "hello");

        String hostId = createHost(newHost());
        anonymousBoot(hostId);
        // the LOCAL answer is queued, written and sealed: the auditor sees it, the editor must not
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from audit_event where target_id = ? and action = 'boot.local'"
                + " and chain_seq is not null").param(hostId).query(Long.class).single() > 0);
        awaitEvent(auditor, "audit", e -> hostId.equals(e.data().path("targetId").asText())
                && e.data().path("action").asText().equals("boot.local"));
        String marker = createHost(newHost());
        Event markerChange = awaitEvent(editor, "change", e -> marker.equals(e.data().path("targetId").asText()));

        Event created = awaitEvent(editor, "change", e -> hostId.equals(e.data().path("targetId").asText()));
        assertThat(created.data().path("action").asText()).isEqualTo("host.created");
        assertThat(created.data().path("targetType").asText()).isEqualTo("host");
        assertThat(created.data().has("occurredAt")).isTrue();
        assertThat(created.id()).isEqualTo(created.data().path("seq").asText());
        for (Event e : editor.events("change")) {
            assertThat(e.data().has("actor")).as("no actor for editors: %s", e).isFalse();
            assertThat(e.data().has("sourceAddress")).isFalse();
            assertThat(e.data().has("summary")).isFalse();
            assertThat(e.data().path("action").asText()).as("no boot answer noise").isNotEqualTo("boot.local");
            assertThat(e.data().path("targetType").asText()).isIn("host", "ticket", "profile", "batch");
        }
        assertThat(editor.events("audit")).isEmpty();
        assertThat(editor.events("change").stream().filter(e -> e.data().path("seq").asLong() < markerChange.data().path("seq").asLong())
                .filter(e -> hostId.equals(e.data().path("targetId").asText())))
                .extracting(e -> e.data().path("action").asText()).containsExactly("host.created");
    }

    @Test
    void shouldRefuseWorkersAndAnonymousClients() {
        String worker = "events-worker-" + next();
        createUser(worker, PASSWORD, "WORKER");
        SseClient refused = open(worker, Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("status").asInt()).isEqualTo(403);

        SseClient anonymous = track(SseClient.open(baseUrl(), "/api/events", Map.of()));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void shouldResumeAfterTheLastEventIdWithExactlyTheMissedRecords() {
        String auditor = user("AUDITOR");
        SseClient first = open(auditor, Map.of());
        awaitEvent(first, "hello");
        String before = createHost(newHost());
        Event seen = awaitEvent(first, "audit", e -> before.equals(e.data().path("targetId").asText()));
        first.close();

        String missed1 = createHost(newHost());
        String missed2 = createHost(newHost());
        await().atMost(PATIENCE).until(() -> sealed(missed2));

        for (Map<String, String> how : List.of(Map.of("Last-Event-ID", seen.id()), Map.<String, String>of())) {
            SseClient resumed = how.isEmpty() ? track(SseClient.open(baseUrl(), "/api/events?lastEventId=" + seen.id(),
                    SseClient.basic(auditor, PASSWORD))) : open(auditor, how);
            assertThat(resumed.status()).isEqualTo(200);
            awaitEvent(resumed, "audit", e -> missed2.equals(e.data().path("targetId").asText()));
            List<Event> events = resumed.events();
            assertThat(events.get(0).type()).isEqualTo("hello");
            assertThat(events.get(0).id()).as("the stream goes on from where the client was").isEqualTo(seen.id());
            assertThat(events).extracting(Event::type).doesNotContain("reset");
            long last = events.get(events.size() - 1).data().path("seq").asLong();
            List<Long> expected = jdbc.sql("select chain_seq from audit_event where chain_seq > ? and chain_seq <= ? order by chain_seq")
                    .params(Long.parseLong(seen.id()), last).query(Long.class).list();
            assertThat(events.subList(1, events.size())).extracting(e -> e.data().path("seq").asLong())
                    .as("every record after the last one seen, once, in order").containsExactlyElementsOf(expected);
            assertThat(events).extracting(e -> e.data().path("targetId").asText()).contains(missed1, missed2).doesNotContain(before);
            resumed.close();
        }
    }

    @Test
    void shouldSendResetWhenTheLastEventIdCannotBeReplayed() {
        // more than the replay limit (30) of records in the chain
        while (head() <= 40) {
            for (int i = 0; i < 10; i++) {
                createHost(newHost());
            }
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from audit_event where chain_seq is null")
                    .query(Long.class).single() == 0);
        }
        String auditor = user("AUDITOR");
        for (String lastEventId : List.of("1", "not-a-number", String.valueOf(head() + 1000), "-5")) {
            SseClient stream = open(auditor, Map.of("Last-Event-ID", lastEventId));
            Event reset = awaitEvent(stream, "reset");
            Event hello = stream.events().get(0);
            assertThat(hello.type()).isEqualTo("hello");
            assertThat(stream.events().get(1)).isEqualTo(reset);
            assertThat(reset.data().path("seq").asLong()).as("from the current head on").isEqualTo(hello.data().path("seq").asLong());
            assertThat(reset.id()).isEqualTo(reset.data().path("seq").asText());
            String hostId = createHost(newHost());
            Event live = awaitEvent(stream, "audit", e -> hostId.equals(e.data().path("targetId").asText()));
            assertThat(stream.events("audit").get(0).data().path("seq").asLong()).isGreaterThan(reset.data().path("seq").asLong());
            assertThat(live.data().path("action").asText()).isEqualTo("host.created");
            // the next one is the user's third stream: this one would end anyway (at most 2 per user)
            stream.close();
        }
    }

    @Test
    void shouldCloseTheOldestStreamOfAUserBeyondTheirLimit() {
        String editor = user("EDITOR");
        SseClient oldest = open(editor, Map.of());
        awaitEvent(oldest, "hello");
        SseClient second = open(editor, Map.of());
        awaitEvent(second, "hello");
        SseClient third = open(editor, Map.of());
        awaitEvent(third, "hello");

        await().atMost(PATIENCE).until(oldest::ended);
        String hostId = createHost(newHost());
        awaitEvent(second, "change", e -> hostId.equals(e.data().path("targetId").asText()));
        awaitEvent(third, "change", e -> hostId.equals(e.data().path("targetId").asText()));
        assertThat(second.ended()).isFalse();
        assertThat(feed.openStreams()).isEqualTo(2);
    }

    @Test
    void shouldRefuseStreamsBeyondTheReplicaLimitWith429() {
        for (int i = 0; i < 3; i++) {
            String u = user("REQUESTER");
            awaitEvent(open(u, Map.of()), "hello");
            awaitEvent(open(u, Map.of()), "hello");
        }
        SseClient refused = open(user("APPROVER"), Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("title").asText()).isEqualTo("Too many live event streams");
        // the open streams are counted for Prometheus, and so are the events sent
        Prometheus metrics = Prometheus.scrape(admin());
        assertThat(metrics.value("bootwarden_events_streams")).isEqualTo(6.0);
        assertThat(metrics.value("bootwarden_events_sent_total", "type=\"hello\"")).isGreaterThanOrEqualTo(6.0);
    }

    @Test
    void shouldEndTheStreamAtLogout() {
        String editor = user("EDITOR");
        Http.Response csrf = anonymous().get("/api/auth/csrf").expect(200);
        String token = csrf.json().path("token").asText();
        Http.Response login = anonymous().withHeader("X-XSRF-TOKEN", token).withHeader("Cookie", "XSRF-TOKEN=" + token)
                .postForm("/api/auth/login", "username=" + editor + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
                .expect(200);
        String session = cookies(login).get("JSESSIONID");
        SseClient stream = track(SseClient.open(baseUrl(), "/api/events", Map.of("Cookie", "JSESSIONID=" + session)));
        assertThat(stream.status()).isEqualTo(200);
        awaitEvent(stream, "hello");

        String fresh = anonymous().withHeader("Cookie", "JSESSIONID=" + session).get("/api/auth/csrf").expect(200)
                .json().path("token").asText();
        anonymous().withHeader("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + fresh).withHeader("X-XSRF-TOKEN", fresh)
                .postForm("/api/auth/logout", "").expect(204);

        await().atMost(PATIENCE).until(stream::ended);
        assertThat(feed.openStreams()).isZero();
        SseClient again = track(SseClient.open(baseUrl(), "/api/events", Map.of("Cookie", "JSESSIONID=" + session)));
        assertThat(again.status()).isEqualTo(401);
    }

    @Test
    void shouldStreamAndDownloadWithAnApiToken() {
        String owner = "events-token-" + next();
        createUser(owner, PASSWORD, "AUDITOR,EDITOR");
        String editorToken = as(owner, PASSWORD).post("/api/tokens", Map.of("name", "events", "roles", List.of("EDITOR")))
                .expect(201).json().path("token").asText();
        String auditorToken = as(owner, PASSWORD).post("/api/tokens", Map.of("name", "export", "roles", List.of("AUDITOR")))
                .expect(201).json().path("token").asText();

        JsonNode editorTokenCreated = as(owner, PASSWORD).post("/api/tokens", Map.of("name", "hosts", "roles", List.of("EDITOR")))
                .expect(201).json();

        SseClient stream = track(SseClient.open(baseUrl(), "/api/events", Map.of("Authorization", "Bearer " + editorToken)));
        assertThat(stream.status()).isEqualTo(200);
        awaitEvent(stream, "hello");
        SseClient ownerStream = open(owner, Map.of());
        awaitEvent(ownerStream, "hello");
        String hostId = createHost(newHost());
        Event change = awaitEvent(stream, "change", e -> hostId.equals(e.data().path("targetId").asText()));
        assertThat(change.data().has("actor")).as("the token acts with EDITOR only").isFalse();

        // a change made with a token: auditors see who (the owner) and with which credential
        String byToken = anonymous().withHeader("Authorization", "Bearer " + editorTokenCreated.path("token").asText())
                .post("/api/hosts", newHost()).expect(201).json().path("id").asText();
        Event audited = awaitEvent(ownerStream, "audit", e -> byToken.equals(e.data().path("targetId").asText()));
        assertThat(audited.data().path("actor").asText()).isEqualTo(owner);
        assertThat(audited.data().path("credential").asText()).isEqualTo("token:" + editorTokenCreated.path("id").asText());
        assertThat(awaitEvent(ownerStream, "audit", e -> hostId.equals(e.data().path("targetId").asText())).data().path("credential")
                .isNull()).as("no credential for a Basic login").isTrue();

        // a streamed download with a token runs to its end (its async dispatch keeps the token's login)
        for (int i = 0; i < 5; i++) {
            createHost(newHost());
        }
        long records = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        Http.Response json = anonymous().withHeader("Authorization", "Bearer " + auditorToken).get("/api/audit/export?format=json")
                .expect(200);
        assertThat(json.json().isArray()).isTrue();
        assertThat(json.json().size()).isGreaterThanOrEqualTo((int) records);
        Http.Response csv = anonymous().withHeader("Authorization", "Bearer " + auditorToken).get("/api/audit/export").expect(200);
        String body = csv.body();
        assertThat(body).startsWith("chain_seq,id,").endsWith("\r\n").doesNotContain("Access Denied");
        assertThat(body).contains(hostId);
    }

    @Test
    void shouldStreamTheSameSequenceOnASecondReplica() throws Exception {
        Path dataDir = Files.createTempDirectory("bootwarden-events-replica-");
        SseClient onB = null;
        try (StandaloneApp replica = StandaloneApp.start(dataDir, environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password", ""),
                "--bootwarden.admin-password=" + ADMIN_PASSWORD, "--bootwarden.events.poll-interval=100ms",
                "--bootwarden.events.heartbeat=1s", "--camunda.bpm.process-engine-name=liveEventsB")) {
            LiveEvents feedB = replica.context().getBean(LiveEvents.class);
            String auditor = user("AUDITOR");
            String editor = user("EDITOR");
            SseClient onA = open(auditor, Map.of());
            onB = track(SseClient.open(replica.baseUrl(), "/api/events", SseClient.basic(auditor, PASSWORD)));
            SseClient editorOnB = track(SseClient.open(replica.baseUrl(), "/api/events", SseClient.basic(editor, PASSWORD)));
            assertThat(onB.status()).isEqualTo(200);
            assertThat(awaitEvent(onB, "hello").data().path("replica").asText()).isEqualTo(feedB.replica()).isNotEqualTo(feed.replica());
            awaitEvent(onA, "hello");
            awaitEvent(editorOnB, "hello");

            // changed through replica A, seen on replica B with the same seq and id
            String hostId = createHost(newHost());
            Event a = awaitEvent(onA, "audit", e -> hostId.equals(e.data().path("targetId").asText()));
            Event b = awaitEvent(onB, "audit", e -> hostId.equals(e.data().path("targetId").asText()));
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.data()).isEqualTo(a.data());
            Event change = awaitEvent(editorOnB, "change", e -> hostId.equals(e.data().path("targetId").asText()));
            assertThat(change.id()).isEqualTo(a.id());

            // and changed through B, seen on A
            String other = replica.admin().post("/api/hosts", newHost()).expect(201).json().path("id").asText();
            Event fromB = awaitEvent(onA, "audit", e -> other.equals(e.data().path("targetId").asText()));
            assertThat(awaitEvent(onB, "audit", e -> other.equals(e.data().path("targetId").asText())).id()).isEqualTo(fromB.id());

            // a client that switches replicas resumes on B where it left A
            onA.close();
            String missed = createHost(newHost());
            await().atMost(PATIENCE).until(() -> sealed(missed));
            SseClient resumed = track(SseClient.open(replica.baseUrl(), "/api/events",
                    Map.of("Authorization", SseClient.basic(auditor, PASSWORD).get("Authorization"), "Last-Event-ID", fromB.id())));
            awaitEvent(resumed, "audit", e -> missed.equals(e.data().path("targetId").asText()));
            assertThat(resumed.events()).extracting(Event::type).doesNotContain("reset");
            assertThat(resumed.events().get(1).data().path("seq").asLong()).isEqualTo(Long.parseLong(fromB.id()) + 1);

            String prefix = feedB.threadPrefix();
            replica.close();
            // shutting a replica down ends its streams (the clients reconnect elsewhere) and its threads
            SseClient endedOnB = onB;
            await().atMost(PATIENCE).until(endedOnB::ended);
            await().atMost(PATIENCE).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals(prefix) || t.getName().startsWith(prefix + "-")));
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String user(String roles) {
        String name = "events-" + roles.toLowerCase().replace(',', '-') + "-" + next();
        createUser(name, PASSWORD, roles);
        return name;
    }

    private SseClient open(String user, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(SseClient.basic(user, PASSWORD));
        h.putAll(headers);
        return track(SseClient.open(baseUrl(), "/api/events", h));
    }

    private SseClient track(SseClient client) {
        opened.add(client);
        return client;
    }

    private static Event awaitEvent(SseClient stream, String type) {
        return awaitEvent(stream, type, e -> true);
    }

    private static Event awaitEvent(SseClient stream, String type, java.util.function.Predicate<Event> which) {
        assertThat(stream.status()).as("stream status").isEqualTo(200);
        return await().atMost(PATIENCE).until(() -> stream.events(type).stream().filter(which).findFirst().orElse(null),
                e -> e != null);
    }

    private long head() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
    }

    private boolean sealed(String targetId) {
        return jdbc.sql("select count(*) from audit_event where target_id = ? and chain_seq is null").param(targetId)
                .query(Long.class).single() == 0
                && jdbc.sql("select count(*) from audit_event where target_id = ?").param(targetId).query(Long.class).single() > 0;
    }

    /** A LOCAL answer for a host that is not armed: the boot answer that is noise to everyone but auditors. */
    private void anonymousBoot(String hostId) {
        boot(hostId, token(hostId)).expect(200);
    }

    private static Map<String, String> cookies(Http.Response r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : r.allHeaders("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }
}
