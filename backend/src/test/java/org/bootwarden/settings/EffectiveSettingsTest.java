package org.bootwarden.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.BootwardenProperties.Source;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The settings report without Spring: every kind of secret configured with a unique value, none
 * of which may appear anywhere in the JSON; where each setting comes from (an environment
 * variable, the command line, the packaged application.yml's default).
 */
class EffectiveSettingsTest {

    private static final List<String> SECRETS = List.of("adm-Secret-1", "tok-Secret-2", "wrk-Secret-3", "bind-Secret-4", "ts-Secret-5",
            "db-Secret-6", "db-Secret-7", "dbuser-Secret-8");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private BootwardenProperties props() throws Exception {
        Path trustStore = Files.writeString(tmp.resolve("ca.p12"), "not really a key store");
        Source ldap = new Source("corp-ldap", SourceType.LDAP, List.of(URI.create("ldaps://ldap.corp.example:636")), "dc=corp,dc=example",
                null, List.of(), "ou=people,dc=corp,dc=example", "(uid={0})", null, null, null, "cn=svc,dc=corp,dc=example", "bind-Secret-4",
                false, trustStore, "ts-Secret-5", null, Duration.ofSeconds(3), null, null);
        Source local = new Source("local", SourceType.LOCAL, null, null, null, null, null, null, null, null, null, null, null, false, null,
                null, null, null, null, null);
        return new BootwardenProperties(tmp.resolve("data"), List.of(URI.create("http://192.0.2.10:8080")), "adm-Secret-1", "tok-Secret-2",
                tmp.resolve("ipxe"),
                new BootwardenProperties.Boot(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMillis(500)),
                new BootwardenProperties.Tickets(Duration.ofHours(24), Duration.ofDays(7), Duration.ofHours(4), Duration.ofHours(3)),
                new BootwardenProperties.Worker(false, "wrk-Secret-3", null),
                new BootwardenProperties.Auth(List.of(local, ldap), List.of(), null));
    }

    /** The environment variables, the command line and the packaged application.yml, as Spring Boot arranges them. */
    private static StandardEnvironment environment() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", Map.of("bootwarden.tickets.install-timeout", "PT3H")));
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BOOTWARDEN_PUBLIC_URL", "http://192.0.2.10:8080", "BOOTWARDEN_DB_PASSWORD", "db-Secret-6",
                                "BOOTWARDEN_AUTH_SOURCES_1_BIND_PASSWORD", "bind-Secret-4")));
        // as in a running application: values from the environment know their variable's name
        new SystemEnvironmentPropertySourceEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        ClassPathResource yml = new ClassPathResource("application.yml");
        env.getPropertySources().addLast(new OriginTrackedMapPropertySource("Config resource 'class path resource [application.yml]'",
                Map.of("bootwarden.public-urls", packaged(yml, "${BOOTWARDEN_PUBLIC_URL:http://localhost:8080}"),
                        "bootwarden.data-dir", packaged(yml, "${BOOTWARDEN_DATA_DIR:./data}"),
                        "spring.datasource.url", packaged(yml, "jdbc:postgresql://db.example/bw?user=bw&password=db-Secret-7"),
                        "spring.datasource.username", packaged(yml, "dbuser-Secret-8"),
                        "spring.datasource.password", packaged(yml, "${BOOTWARDEN_DB_PASSWORD:}"))));
        return env;
    }

    private static OriginTrackedValue packaged(ClassPathResource yml, String value) {
        return OriginTrackedValue.of(value, new TextResourceOrigin(yml, new TextResourceOrigin.Location(10, 2)));
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:settings-test;DB_CLOSE_DELAY=-1");
        return ds;
    }

    private SettingsView read(DataSource ds) throws Exception {
        return new EffectiveSettings(props(), environment(), ds, () -> List.of("xorriso not found: install xorriso"), CLOCK).read();
    }

    private static SettingsView.Item item(SettingsView view, String id) {
        return view.groups().stream().flatMap(g -> g.items().stream()).filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + id));
    }

    @Test
    void shouldNeverShowASecretOnlyWhetherItIsSet() throws Exception {
        SettingsView view = read(h2());
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(view);

        assertThat(SECRETS).allSatisfy(secret -> assertThat(json).doesNotContain(secret));
        for (String id : List.of("bootwarden.admin-password", "bootwarden.token-secret", "bootwarden.worker.password",
                "bootwarden.auth.sources[1].bind-password", "bootwarden.auth.sources[1].trust-store-password", "spring.datasource.password",
                "spring.datasource.username")) {
            assertThat(item(view, id).secret()).as(id).isTrue();
            assertThat(item(view, id).value()).as(id).isEqualTo(EffectiveSettings.SET);
        }
    }

    @Test
    void shouldSayWhereEachSettingIsSet() throws Exception {
        SettingsView view = read(h2());

        SettingsView.Item urls = item(view, "bootwarden.public-urls");
        assertThat(urls.value()).isEqualTo(List.of("http://192.0.2.10:8080"));
        assertThat(urls.env()).isEqualTo("BOOTWARDEN_PUBLIC_URL");
        assertThat(urls.source()).isEqualTo("environment");
        assertThat(urls.origin()).isEqualTo("environment variable BOOTWARDEN_PUBLIC_URL");

        SettingsView.Item dataDir = item(view, "bootwarden.data-dir");
        assertThat(dataDir.source()).isEqualTo("default");
        assertThat(dataDir.origin()).isEqualTo("default in Bootwarden's application.yml");

        SettingsView.Item install = item(view, "bootwarden.tickets.install-timeout");
        assertThat(install.source()).isEqualTo("configuration");
        assertThat(install.origin()).contains("commandLineArgs");

        // a directory source's field: the relaxed environment variable, set in the environment
        SettingsView.Item bind = item(view, "bootwarden.auth.sources[1].bind-password");
        assertThat(bind.env()).isEqualTo("BOOTWARDEN_AUTH_SOURCES_1_BIND_PASSWORD");
        assertThat(bind.source()).isEqualTo("environment");
        assertThat(bind.origin()).isEqualTo("environment variable BOOTWARDEN_AUTH_SOURCES_1_BIND_PASSWORD");
        assertThat(item(view, "bootwarden.auth.sources[1].urls").value()).isEqualTo(List.of("ldaps://ldap.corp.example:636"));
        assertThat(item(view, "bootwarden.auth.sources[1].connect-timeout").value()).isEqualTo("PT3S");

        assertThat(item(view, "bootwarden.auth.throttle.lockout").source()).isEqualTo("default");
        SettingsView.Item streams = item(view, "bootwarden.events.max-streams");
        assertThat(streams.value()).isEqualTo("500");
        assertThat(streams.env()).isEqualTo("BOOTWARDEN_EVENTS_MAX_STREAMS");
        assertThat(item(view, "bootwarden.events.stream-timeout").value()).isEqualTo("PT30M");
        assertThat(item(view, "detected.database-product").value()).asString().startsWith("H2 ");
        assertThat(item(view, "detected.database-product").source()).isEqualTo("detected");
        assertThat(item(view, "detected.iso-tools").value()).isEqualTo(List.of("xorriso not found: install xorriso"));
        assertThat(item(view, "detected.ipxe-binary.ipxe.lkrn").value()).asString().startsWith("MISSING");
        assertThat(view.groups()).extracting(SettingsView.Group::title).contains("Login source 1: local", "Login source 2: corp-ldap");
        assertThat(view.readAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void shouldShowTheConfiguredUrlWithoutCredentialsWhenTheDatabaseCannotBeReached() throws Exception {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/bw");
        SettingsView view = read(unreachable);

        assertThat(item(view, "detected.database-product").value()).asString().startsWith("not reachable");
        assertThat(item(view, "spring.datasource.url").value()).isEqualTo("jdbc:postgresql://db.example/bw?user=(hidden)&password=(hidden)");
    }

    @Test
    void shouldNameTheEnvironmentVariableOfEveryProperty() {
        assertThat(Stream.of("bootwarden.auth.sources[1].base-dn", "bootwarden.worker.tasks.lock-duration").map(EffectiveSettings::relaxedEnv))
                .containsExactly("BOOTWARDEN_AUTH_SOURCES_1_BASE_DN", "BOOTWARDEN_WORKER_TASKS_LOCK_DURATION");
    }
}
