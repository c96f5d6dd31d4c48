package org.bootwarden.settings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.bootwarden.events.EventsProperties;
import org.bootwarden.isobuild.IsoService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.BootwardenProperties.Source;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

/**
 * Assembles {@link SettingsView}: the settings this server runs with, grouped as the settings
 * screen shows them, each with where it is set. Secrets (passwords, the token secret) are
 * reported only as set or not set; JDBC URLs lose their credentials ({@link JdbcUrls}).
 */
@Service
class EffectiveSettings {

    /** Written by the spring-boot-maven-plugin (goal build-info) at build time; absent in an IDE build. */
    static final String BUILD_INFO = "META-INF/bootwarden-build.properties";
    static final String SET = "set (not shown)";
    static final String NOT_SET = "not set";
    /** The iPXE binaries an image may need; the arm64 ones only for arm64 hosts. */
    private static final List<String> IPXE_BINARIES = List.of("ipxe.lkrn", "ipxe.efi", "snponly.efi", "ipxe-arm64.efi",
            "snponly-arm64.efi");
    private static final List<String> REQUIRED_IPXE_BINARIES = List.of("ipxe.lkrn", "ipxe.efi", "snponly.efi");

    private final BootwardenProperties props;
    private final ConfigurableEnvironment environment;
    private final SettingOrigins origins;
    private final DataSource dataSource;
    private final Supplier<List<String>> isoToolProblems;
    private final Clock clock;

    @Autowired
    EffectiveSettings(BootwardenProperties props, ConfigurableEnvironment environment, DataSource dataSource, IsoService isos,
            Clock clock) {
        this(props, environment, dataSource, isos::checkTools, clock);
    }

    /** With the ISO tools check given (tests). */
    EffectiveSettings(BootwardenProperties props, ConfigurableEnvironment environment, DataSource dataSource,
            Supplier<List<String>> isoToolProblems, Clock clock) {
        this.props = props;
        this.environment = environment;
        this.origins = new SettingOrigins(environment);
        this.dataSource = dataSource;
        this.isoToolProblems = isoToolProblems;
        this.clock = clock;
    }

    SettingsView read() {
        List<SettingsView.Group> groups = new ArrayList<>();
        groups.add(server());
        groups.add(database());
        groups.add(worker());
        groups.add(tickets());
        groups.add(boot());
        groups.add(events());
        for (int i = 0; i < props.auth().sources().size(); i++) {
            groups.add(loginSource(i, props.auth().sources().get(i)));
        }
        groups.add(logins());
        groups.add(ipxe());
        groups.add(build());
        return new SettingsView(Instant.now(clock), List.copyOf(groups));
    }

    private SettingsView.Group server() {
        Items items = new Items();
        items.setting("Public URLs (baked into every boot image, tried in order)", props.publicUrls().stream().map(URI::toString).toList(),
                "bootwarden.public-urls", "BOOTWARDEN_PUBLIC_URL");
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        items.setting("HTTP port", port, "server.port", "SERVER_PORT");
        items.setting("Data directory", absolute(props.dataDir()), "bootwarden.data-dir", "BOOTWARDEN_DATA_DIR");
        Duration session = Binder.get(environment).bind("server.servlet.session.timeout", Duration.class).orElse(Duration.ofMinutes(30));
        items.setting("Console session idle timeout", session.toString(), "server.servlet.session.timeout", "BOOTWARDEN_SESSION_TIMEOUT");
        boolean adminPassword = notBlank(props.adminPassword());
        if (adminPassword) {
            items.secret("Password of the bootstrap user admin", true, "bootwarden.admin-password", "BOOTWARDEN_ADMIN_PASSWORD");
        } else {
            items.fact("bootwarden.admin-password", "Password of the bootstrap user admin", "not set: generated at the first start and printed once",
                    "bootwarden.admin-password", "BOOTWARDEN_ADMIN_PASSWORD", SettingOrigins.Source.GENERATED, "generated at the first start");
        }
        if (notBlank(props.tokenSecret())) {
            items.secret("Boot-token secret", true, "bootwarden.token-secret", "BOOTWARDEN_TOKEN_SECRET");
        } else {
            Path file = props.dataDir().resolve("token-secret");
            items.fact("bootwarden.token-secret", "Boot-token secret", "generated (not shown): set the same value on every replica",
                    "bootwarden.token-secret", "BOOTWARDEN_TOKEN_SECRET", SettingOrigins.Source.GENERATED, absolute(file));
        }
        return new SettingsView.Group("server", "Server", items.list);
    }

    private SettingsView.Group database() {
        Items items = new Items();
        String product;
        String url;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            url = JdbcUrls.withoutCredentials(meta.getURL());
        } catch (SQLException | RuntimeException e) {
            product = "not reachable: " + e.getMessage();
            url = JdbcUrls.withoutCredentials(environment.getProperty("spring.datasource.url"));
        }
        items.detected("detected.database-product", "Database", product);
        items.setting("JDBC URL (credentials removed)", url, "spring.datasource.url", "BOOTWARDEN_DB_URL");
        items.secret("Database user", notBlank(environment.getProperty("spring.datasource.username")), "spring.datasource.username",
                "BOOTWARDEN_DB_USER");
        items.secret("Database password", notBlank(environment.getProperty("spring.datasource.password")), "spring.datasource.password",
                "BOOTWARDEN_DB_PASSWORD");
        items.setting("Connection pool size", environment.getProperty("spring.datasource.hikari.maximum-pool-size", "10"),
                "spring.datasource.hikari.maximum-pool-size", "BOOTWARDEN_DB_POOL_SIZE");
        return new SettingsView.Group("database", "Database", items.list);
    }

    private SettingsView.Group worker() {
        Items items = new Items();
        BootwardenProperties.Worker w = props.worker();
        items.setting("ISO worker in this server (false: separate workers build the ISOs)", String.valueOf(w.embedded()),
                "bootwarden.worker.embedded", "BOOTWARDEN_WORKER_EMBEDDED");
        items.secret("Password of the service account iso-worker (separate workers)", notBlank(w.password()), "bootwarden.worker.password",
                "BOOTWARDEN_WORKER_PASSWORD");
        items.setting("Task lock duration", w.tasks().lockDuration().toString(), "bootwarden.worker.tasks.lock-duration", null);
        items.setting("Retries of a failed build", String.valueOf(w.tasks().retries()), "bootwarden.worker.tasks.retries", null);
        items.setting("Delays between retries", w.tasks().retryDelays().stream().map(Duration::toString).toList(),
                "bootwarden.worker.tasks.retry-delays", null);
        return new SettingsView.Group("worker", "ISO workers", items.list);
    }

    private SettingsView.Group tickets() {
        Items items = new Items();
        BootwardenProperties.Tickets t = props.tickets();
        items.setting("Approval escalates to admins after", t.approvalEscalation().toString(), "bootwarden.tickets.approval-escalation",
                "BOOTWARDEN_APPROVAL_ESCALATION");
        items.setting("Approval expires after", t.approvalExpiry().toString(), "bootwarden.tickets.approval-expiry",
                "BOOTWARDEN_APPROVAL_EXPIRY");
        items.setting("Armed host must boot within", t.firstBootTimeout().toString(), "bootwarden.tickets.first-boot-timeout",
                "BOOTWARDEN_FIRST_BOOT_TIMEOUT");
        items.setting("Install must call back within", t.installTimeout().toString(), "bootwarden.tickets.install-timeout",
                "BOOTWARDEN_INSTALL_TIMEOUT");
        return new SettingsView.Group("tickets", "Ticket timeouts", items.list);
    }

    private SettingsView.Group boot() {
        Items items = new Items();
        BootwardenProperties.Boot b = props.boot();
        items.setting("Client script waits per server URL", b.chainTimeout().toString(), "bootwarden.boot.chain-timeout", null);
        items.setting("Duplicate boot window while installing", b.duplicateWindow().toString(), "bootwarden.boot.duplicate-window", null);
        items.setting("Boot decisions written to the audit log every", b.auditFlushInterval().toString(),
                "bootwarden.boot.audit-flush-interval", null);
        items.setting("Boot read pool connections (first read of every boot)", Integer.toString(b.readPoolSize()),
                "bootwarden.boot.read-pool-size", "BOOTWARDEN_BOOT_READ_POOL_SIZE");
        items.setting("Installer-path transactions at once (per replica)", Integer.toString(b.installConcurrency()),
                "bootwarden.boot.install-concurrency", "BOOTWARDEN_BOOT_INSTALL_CONCURRENCY");
        return new SettingsView.Group("boot", "Boot endpoint", items.list);
    }

    private SettingsView.Group events() {
        Items items = new Items();
        EventsProperties e = props.events();
        items.setting("New audit records read for live streams every", e.pollInterval().toString(), "bootwarden.events.poll-interval",
                "BOOTWARDEN_EVENTS_POLL_INTERVAL");
        items.setting("Keepalive on idle streams every", e.heartbeat().toString(), "bootwarden.events.heartbeat",
                "BOOTWARDEN_EVENTS_HEARTBEAT");
        items.setting("Most records replayed on resume (beyond: reset)", String.valueOf(e.replayLimit()),
                "bootwarden.events.replay-limit", "BOOTWARDEN_EVENTS_REPLAY_LIMIT");
        items.setting("Open streams on this server (beyond: 429)", String.valueOf(e.maxStreams()), "bootwarden.events.max-streams",
                "BOOTWARDEN_EVENTS_MAX_STREAMS");
        items.setting("Open streams per user (beyond: the oldest ends)", String.valueOf(e.maxStreamsPerUser()),
                "bootwarden.events.max-streams-per-user", "BOOTWARDEN_EVENTS_MAX_STREAMS_PER_USER");
        items.setting("Events waiting for a slow client (beyond: disconnected)", String.valueOf(e.queueLimit()),
                "bootwarden.events.queue-limit", "BOOTWARDEN_EVENTS_QUEUE_LIMIT");
        items.setting("A stream ends (and the client reconnects) after", e.streamTimeout().toString(),
                "bootwarden.events.stream-timeout", "BOOTWARDEN_EVENTS_STREAM_TIMEOUT");
        return new SettingsView.Group("events", "Live events (/api/events)", items.list);
    }

    private SettingsView.Group loginSource(int index, Source s) {
        Items items = new Items();
        String p = "bootwarden.auth.sources[" + index + "].";
        items.setting("Type", s.type().name().toLowerCase(Locale.ROOT), p + "type", null);
        items.setting("Name", s.name(), p + "name", null);
        if (s.type() != SourceType.LOCAL) {
            items.setting("Directory URLs (tried in order)", s.urls().stream().map(URI::toString).toList(), p + "urls", null);
            items.setting("Base DN", s.baseDn(), p + "base-dn", null);
            if (s.type() == SourceType.AD) {
                items.setting("Domain (UPN suffix)", s.domain(), p + "domain", null);
            }
            if (!s.userDnPatterns().isEmpty()) {
                items.setting("User DN patterns (bind)", s.userDnPatterns(), p + "user-dn-patterns", null);
            }
            items.setting("User search base", s.userSearchBase(), p + "user-search-base", null);
            items.setting("User search filter", s.userSearchFilter(), p + "user-search-filter", null);
            items.setting("Group search base", s.groupSearchBase(), p + "group-search-base", null);
            items.setting("Group search filter", s.groupSearchFilter(), p + "group-search-filter", null);
            items.setting("Group name attribute", s.groupNameAttribute(), p + "group-name-attribute", null);
            items.setting("Bind DN (searches)", s.bindDn(), p + "bind-dn", null);
            items.secret("Bind password", notBlank(s.bindPassword()), p + "bind-password", null);
            items.setting("StartTLS", String.valueOf(s.startTls()), p + "start-tls", null);
            items.setting("Trust store", s.trustStore() == null ? null : absolute(s.trustStore()), p + "trust-store", null);
            if (s.trustStore() != null) {
                items.setting("Trust store type", s.trustStoreType(), p + "trust-store-type", null);
                items.secret("Trust store password", notBlank(s.trustStorePassword()), p + "trust-store-password", null);
            }
            items.setting("Connect timeout", s.connectTimeout().toString(), p + "connect-timeout", null);
            items.setting("Read timeout", s.readTimeout().toString(), p + "read-timeout", null);
            items.setting("Referrals", s.referral().name().toLowerCase(Locale.ROOT), p + "referral", null);
        }
        return new SettingsView.Group("login-source-" + index, "Login source " + (index + 1) + ": " + s.name(), items.list);
    }

    private SettingsView.Group logins() {
        Items items = new Items();
        BootwardenProperties.Throttle t = props.auth().throttle();
        items.setting("Failed logins per user name that lock it", String.valueOf(t.userFailures()), "bootwarden.auth.throttle.user-failures",
                "BOOTWARDEN_LOGIN_USER_FAILURES");
        items.setting("Failed logins per source address that lock it", String.valueOf(t.addressFailures()),
                "bootwarden.auth.throttle.address-failures", "BOOTWARDEN_LOGIN_ADDRESS_FAILURES");
        items.setting("Counting window", t.window().toString(), "bootwarden.auth.throttle.window", "BOOTWARDEN_LOGIN_WINDOW");
        items.setting("Lockout", t.lockout().toString(), "bootwarden.auth.throttle.lockout", "BOOTWARDEN_LOGIN_LOCKOUT");
        items.setting("Role mappings in the settings (read-only on the role mappings screen)",
                String.valueOf(props.auth().roleMappings().size()), "bootwarden.auth.role-mappings", null);
        return new SettingsView.Group("logins", "Login throttling and role mappings", items.list);
    }

    private SettingsView.Group ipxe() {
        Items items = new Items();
        Path dir = props.ipxeDir();
        items.setting("iPXE directory", absolute(dir), "bootwarden.ipxe-dir", "BOOTWARDEN_IPXE_DIR");
        String version = null;
        try {
            Path v = dir.resolve("VERSION");
            version = Files.exists(v) ? Files.readString(v).trim() : null;
        } catch (IOException e) {
            version = "unreadable: " + e.getMessage();
        }
        items.detected("detected.ipxe-version", "iPXE version (VERSION file)", version == null ? "unknown (no VERSION file)" : version);
        for (String binary : IPXE_BINARIES) {
            Path file = dir.resolve(binary);
            String state;
            try {
                state = Files.isRegularFile(file) ? "present, " + Files.size(file) + " bytes"
                        : REQUIRED_IPXE_BINARIES.contains(binary) ? "MISSING: images cannot be built" : "missing (only arm64 hosts need it)";
            } catch (IOException e) {
                state = "unreadable: " + e.getMessage();
            }
            items.detected("detected.ipxe-binary." + binary, binary, state);
        }
        List<String> problems = isoToolProblems.get();
        items.detected("detected.iso-tools", "ISO tools and binaries check", problems.isEmpty() ? List.of("everything present") : problems);
        return new SettingsView.Group("ipxe", "iPXE binaries and ISO tools", items.list);
    }

    private SettingsView.Group build() {
        Items items = new Items();
        Properties info = new Properties();
        ClassPathResource resource = new ClassPathResource(BUILD_INFO);
        if (resource.exists()) {
            try (InputStream in = resource.getInputStream()) {
                info.load(in);
            } catch (IOException e) {
                // reported as unknown below
            }
        }
        items.detected("detected.version", "Bootwarden version", info.getProperty("build.version", "unknown (not built by Maven)"));
        items.detected("detected.build-time", "Built", info.getProperty("build.time", "unknown"));
        items.detected("detected.java", "Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        items.detected("detected.spring-boot", "Spring Boot", String.valueOf(SpringBootVersion.getVersion()));
        items.detected("detected.camunda", "Camunda engine", camundaVersion());
        return new SettingsView.Group("build", "Version", items.list);
    }

    private static String camundaVersion() {
        try {
            return org.camunda.bpm.engine.impl.util.ProductPropertiesUtil.getProductVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Collects one group's items, each with where it is set. */
    private final class Items {

        private final List<SettingsView.Item> list = new ArrayList<>();

        void setting(String label, Object value, String property, String env) {
            String variable = env == null ? relaxedEnv(property) : env;
            SettingOrigins.Where where = origins.of(property, env);
            list.add(new SettingsView.Item(property, label, value, false, property, variable, name(where.source()), where.description()));
        }

        void secret(String label, boolean set, String property, String env) {
            String variable = env == null ? relaxedEnv(property) : env;
            SettingOrigins.Where where = set ? origins.of(property, env)
                    : new SettingOrigins.Where(SettingOrigins.Source.DEFAULT, "not set");
            list.add(new SettingsView.Item(property, label, set ? SET : NOT_SET, true, property, variable, name(where.source()),
                    where.description()));
        }

        void fact(String id, String label, Object value, String property, String env, SettingOrigins.Source source, String origin) {
            list.add(new SettingsView.Item(id, label, value, false, property, env, name(source), origin));
        }

        void detected(String id, String label, Object value) {
            list.add(new SettingsView.Item(id, label, value, false, null, null, name(SettingOrigins.Source.DETECTED),
                    "found at run time"));
        }

        private String name(SettingOrigins.Source source) {
            return source.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The environment variable Spring Boot binds to a property: upper case, dots and dashes as
     * underscores, list indexes as {@code _N} ({@code bootwarden.auth.sources[1].base-dn} ->
     * {@code BOOTWARDEN_AUTH_SOURCES_1_BASE_DN}).
     */
    static String relaxedEnv(String property) {
        return property.replaceAll("\\[(\\d+)]", "_$1").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
