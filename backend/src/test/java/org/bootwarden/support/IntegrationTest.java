package org.bootwarden.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bootwarden.audit.AuditService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Base of every {@code *IT}: the whole application on a random port with its own data directory
 * (H2 file database, ISOs, token secret) in a fresh temporary directory. Every IT class has exactly
 * this configuration, so Spring starts one context for all of them; tests therefore create their
 * own uniquely named hosts and profiles and never depend on what else is in the database.
 */
// metrics export is off in Spring Boot tests unless asked for: /actuator/prometheus is part of the API under test
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final String ADMIN_PASSWORD = "it-admin-password";
    /**
     * One server secret for every application context of the integration tests: contexts of their
     * own share the database on MariaDB/PostgreSQL, as replicas do, and replicas share the secret.
     */
    public static final String TOKEN_SECRET = "integration-tests-share-one-server-secret";
    /** One profile-secrets key for every context, for the same reason (32 bytes, base64). */
    public static final String SECRETS_KEY = "aW50ZWdyYXRpb24tdGVzdHMtc2VjcmV0cy1rZXktMzI=";
    protected static final String FIRST_PUBLIC_URL = "http://10.0.2.2:8080";
    protected static final String SECOND_PUBLIC_URL = "http://boot.example:8080";
    /** {@code openssl passwd -6 -salt bwtestsalt bootwarden} */
    protected static final String PASSWORD_HASH =
            "$6$bwtestsalt$ACK7lleAhlkcIdaAoyF.a6zdS1mob4wuB4IYqd./IkgDof.cJfXVxvUbqHA3hBmRy4ixfBw4pqcZtrOWCFKGC1";

    private static final Pattern BOOT_URL = Pattern.compile("/boot/([0-9a-f-]{36})/([A-Za-z0-9_-]{32})/script\\?");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Path DATA_DIR;
    /** The generic-LDAP directory the shared context logs in against (login source {@code corp-ldap}). */
    protected static final TestDirectory DIRECTORY = TestDirectory.start();
    /** A login source that points at a port nobody listens on: logins must go on past it. */
    protected static final int DEAD_PORT = deadPort();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("bootwarden-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(IntegrationTest::deleteDataDir));
    }

    @DynamicPropertySource
    static void bootwarden(DynamicPropertyRegistry registry) {
        registry.add("bootwarden.data-dir", DATA_DIR::toString);
        registry.add("bootwarden.admin-password", () -> ADMIN_PASSWORD);
        registry.add("bootwarden.token-secret", () -> TOKEN_SECRET);
        registry.add("bootwarden.secrets.key", () -> SECRETS_KEY);
        // the iPXE binaries fetched for the project, relative to the backend module
        registry.add("bootwarden.ipxe-dir", () -> Path.of("..", ".cache", "ipxe").toAbsolutePath().normalize().toString());
        registry.add("bootwarden.public-urls", () -> FIRST_PUBLIC_URL + "," + SECOND_PUBLIC_URL);
        // the tests' own requests come from 127.0.0.1 (boot storms included): exempt; BootRateLimitIT connects from
        // 127.0.0.2 and up, where a small limit is quickly reached
        registry.add("bootwarden.boot.rate-limit.exempt", () -> "127.0.0.1/32,::1/128");
        registry.add("bootwarden.boot.rate-limit.rate", () -> "5");
        registry.add("bootwarden.boot.rate-limit.burst", () -> "10");
        // no ISO worker fetching tasks behind the tests' backs; EmbeddedIsoWorkerIT runs one in a context of its own
        registry.add("bootwarden.worker.embedded", () -> "false");
        // webhook retries within a test's patience: 300 ms, 600 ms, 1.2 s, then DEAD after the fourth attempt
        registry.add("bootwarden.webhooks.max-attempts", () -> "4");
        registry.add("bootwarden.webhooks.initial-backoff", () -> "300ms");
        registry.add("bootwarden.webhooks.max-backoff", () -> "5s");
        registry.add("bootwarden.webhooks.timeout", () -> "5s");
        registry.add("bootwarden.webhooks.poll-interval", () -> "1s");
        // live events (LiveEventsIT): quick polling and heartbeats, small limits that a test can reach
        registry.add("bootwarden.events.poll-interval", () -> "100ms");
        registry.add("bootwarden.events.heartbeat", () -> "1s");
        registry.add("bootwarden.events.replay-limit", () -> "30");
        registry.add("bootwarden.events.max-streams", () -> "6");
        registry.add("bootwarden.events.max-streams-per-user", () -> "2");
        // login sources in order: local users, a directory that is down, the in-memory directory (search, then bind)
        registry.add("bootwarden.auth.sources[0].type", () -> "local");
        registry.add("bootwarden.auth.sources[1].name", () -> "down-ldap");
        registry.add("bootwarden.auth.sources[1].type", () -> "ldap");
        registry.add("bootwarden.auth.sources[1].urls", () -> "ldap://127.0.0.1:" + DEAD_PORT);
        registry.add("bootwarden.auth.sources[1].base-dn", () -> TestDirectory.BASE);
        registry.add("bootwarden.auth.sources[1].user-dn-patterns", () -> "uid={0},ou=people," + TestDirectory.BASE);
        registry.add("bootwarden.auth.sources[1].connect-timeout", () -> "2s");
        registry.add("bootwarden.auth.sources[2].name", () -> "corp-ldap");
        registry.add("bootwarden.auth.sources[2].type", () -> "ldap");
        registry.add("bootwarden.auth.sources[2].urls", DIRECTORY::url);
        registry.add("bootwarden.auth.sources[2].base-dn", () -> TestDirectory.BASE);
        registry.add("bootwarden.auth.sources[2].user-search-base", () -> "ou=people," + TestDirectory.BASE);
        registry.add("bootwarden.auth.sources[2].user-search-filter", () -> "(uid={0})");
        registry.add("bootwarden.auth.sources[2].group-search-base", () -> "ou=groups," + TestDirectory.BASE);
        registry.add("bootwarden.auth.sources[2].bind-dn", () -> TestDirectory.ADMIN_DN);
        registry.add("bootwarden.auth.sources[2].bind-password", () -> TestDirectory.ADMIN_PASSWORD);
        // one group by DN, one by name, one for one source only; Provisioning-Auditors is left unmapped
        registry.add("bootwarden.auth.role-mappings[0].group", () -> "CN=Provisioning-Editors, OU=groups, " + TestDirectory.BASE);
        registry.add("bootwarden.auth.role-mappings[0].roles", () -> "EDITOR");
        registry.add("bootwarden.auth.role-mappings[1].group", () -> "provisioning-operators");
        registry.add("bootwarden.auth.role-mappings[1].roles", () -> "OPERATOR,REQUESTER");
        registry.add("bootwarden.auth.role-mappings[2].group", () -> "Provisioning-Approvers");
        registry.add("bootwarden.auth.role-mappings[2].roles", () -> "APPROVER");
        registry.add("bootwarden.auth.role-mappings[2].source", () -> "corp-ldap");
    }

    private static int deadPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private AuditService auditService;

    /** The shared context, closed before the data directory is deleted at JVM exit. */
    private static volatile ConfigurableApplicationContext context;

    @Autowired
    private void rememberContext(ConfigurableApplicationContext ctx) {
        context = ctx;
    }

    /** The application's data directory (temporary, shared by all integration tests). */
    protected static Path dataDir() {
        return DATA_DIR;
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected Http admin() {
        return Http.basic(baseUrl(), "admin", ADMIN_PASSWORD);
    }

    protected Http as(String user, String password) {
        return Http.basic(baseUrl(), user, password);
    }

    protected Http anonymous() {
        return Http.anonymous(baseUrl());
    }

    /** A unique small number for names, addresses and MACs of this test's fixtures. */
    protected static int next() {
        return SEQUENCE.incrementAndGet();
    }

    // ---- fixtures ---------------------------------------------------------------------------

    /** A valid host request with a unique hostname, a /24 of its own and a unique MAC; profile debian-12. */
    protected static Map<String, Object> newHost() {
        int n = next();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("hostname", "node-" + n + ".it.example");
        h.put("macs", new ArrayList<>(List.of(mac(n, 1))));
        h.put("ip", subnet(n) + ".10");
        h.put("prefixLength", 24);
        h.put("gateway", subnet(n) + ".1");
        h.put("dns", List.of("10.0.2.3"));
        h.put("firmware", "auto");
        h.put("nicDriver", "full");
        h.put("profile", "debian-12");
        h.put("labels", new LinkedHashMap<>(Map.of("suite", "it")));
        return h;
    }

    protected static Map<String, Object> newHost(String profile) {
        Map<String, Object> h = newHost();
        h.put("profile", profile);
        return h;
    }

    /** The first three octets of a /24 that belongs to fixture number {@code n} alone. */
    protected static String subnet(int n) {
        return "10." + (100 + n / 250) + "." + (n % 250);
    }

    protected static String mac(int n, int nic) {
        return String.format("52:54:%02x:%02x:%02x:%02x", nic, (n >> 16) & 255, (n >> 8) & 255, n & 255);
    }

    /**
     * A Debian-preseed profile that can be armed: every variable has a value. Its kernel arguments
     * carry the answer URL, so tests can see which server base a boot was answered under.
     */
    protected static Map<String, Object> armableProfile(String name, int maxInstallBoots) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("description", "integration test profile " + name);
        p.put("kind", "debian-preseed");
        p.put("kernelUrl", "http://mirror.example/debian/linux");
        p.put("initrdUrls", List.of("http://mirror.example/debian/initrd.gz"));
        p.put("kernelArgs", "auto=true priority=critical url={{answerUrl}} netcfg/get_ipaddress={{ip}} hostname={{shortHostname}}"
                + " extra={{vars.extra}}");
        p.put("answerTemplate", """
                # preseed for {{hostname}}
                d-i netcfg/get_ipaddress string {{ip}}
                d-i passwd/user-password-crypted password {{vars.adminPasswordHash}}
                d-i preseed/late_command string wget -q -O /dev/null {{installedUrl}}
                """);
        p.put("variables", new LinkedHashMap<>(Map.of("adminPasswordHash", PASSWORD_HASH, "extra", "none")));
        p.put("reinstallOnReboot", true);
        p.put("maxInstallBoots", maxInstallBoots);
        return p;
    }

    /** Creates an armable profile with a unique name and returns the name. */
    protected String createArmableProfile(int maxInstallBoots) {
        String name = "it-debian-" + next();
        admin().post("/api/profiles", armableProfile(name, maxInstallBoots)).expect(201);
        return name;
    }

    /** Creates the host and returns its id. */
    protected String createHost(Map<String, Object> host) {
        return admin().post("/api/hosts", host).expect(201).json().path("id").asText();
    }

    /** A host on a fresh armable profile, armed; returns its id. */
    protected String armedHost(int maxInstallBoots) {
        String id = createHost(newHost(createArmableProfile(maxInstallBoots)));
        arm(id).expect(200);
        return id;
    }

    protected Http.Response arm(String hostId) {
        return admin().post("/api/hosts/" + hostId + "/arm", Map.of("reason", "integration test"));
    }

    protected JsonNode host(String hostId) {
        return admin().get("/api/hosts/" + hostId).expect(200).json();
    }

    /** The host's boot token, read from its client script as an operator would download it. */
    protected String token(String hostId) {
        String script = admin().get("/api/hosts/" + hostId + "/script").expect(200).body();
        Matcher m = BOOT_URL.matcher(script);
        assertThat(m.find()).as("boot URL in client script:\n%s", script).isTrue();
        assertThat(m.group(1)).isEqualTo(hostId);
        return m.group(2);
    }

    /** What a machine gets when its ISO asks {@code /boot/{id}/{token}/script}. */
    protected Http.Response boot(String hostId, String token) {
        return boot(hostId, token, "mac=52:54:00:00:00:01&platform=pcbios&arch=x86_64");
    }

    protected Http.Response boot(String hostId, String token, String query) {
        return anonymous().get("/boot/" + hostId + "/" + token + "/script?" + query);
    }

    /** Moves the host's last installer answer back in time: as if the machine rebooted that much later. */
    protected void rewindLastInstall(String hostId, Duration by) {
        long at = jdbc.sql("select last_install_at from host where id = ?").param(hostId).query(Long.class).single();
        jdbc.sql("update host set last_install_at = ? where id = ?").params(at - by.toNanos() / 1000, hostId).update();
    }

    /** The audit events of a target, oldest first; queued boot answers are written first. */
    protected List<JsonNode> auditOf(String targetId) {
        auditService.flush();
        JsonNode page = admin().get("/api/audit?size=500&targetId=" + targetId).expect(200).json();
        List<JsonNode> events = new ArrayList<>();
        page.path("items").forEach(events::add);
        events.sort(Comparator.comparing((JsonNode e) -> Instant.parse(e.path("occurredAt").asText())));
        return events;
    }

    protected List<String> auditActionsOf(String targetId) {
        return auditOf(targetId).stream().map(e -> e.path("action").asText()).toList();
    }

    /** Creates a local user directly in {@code app_user}; the password is stored as {@code {noop}}. */
    protected void createUser(String username, String password, String rolesCsv) {
        Long now = org.bootwarden.system.DbTime.of(Instant.now());
        jdbc.sql("insert into app_user (username, password_hash, display_name, roles, enabled, created_at, updated_at)"
                + " values (?, ?, ?, ?, 1, ?, ?)").params(username, "{noop}" + password, "IT " + username, rolesCsv, now, now).update();
    }

    private static void deleteDataDir() {
        ConfigurableApplicationContext ctx = context;
        if (ctx != null) {
            // Spring's own shutdown hook may run at the same time: close() waits for it, then H2 is closed
            ctx.close();
        }
        try (Stream<Path> files = Files.walk(DATA_DIR)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the directory is under the system temporary directory
        }
    }
}
