package org.bootwarden.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.StandaloneApp;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A database of the previous release (schema V1: the boot loop, before tickets and the audit
 * chain), with what such a database holds: a profile, a LOCAL host, a host armed directly by an
 * operator, a local user, audit records. The current release starts on it, migrates it, and
 * everything is still there and usable: the armed host installs and calls back, the user logs in
 * and files a ticket, the old audit records are sealed into the chain. Runs on an H2 file database,
 * or, when BOOTWARDEN_DB_URL names a MySQL/MariaDB or PostgreSQL server, on a fresh database there.
 */
class UpgradeIT {

    private static final String PROFILE = "legacy-standin";
    private static final String LOCAL_HOST = "11111111-1111-1111-1111-111111111111";
    private static final String ARMED_HOST = "22222222-2222-2222-2222-222222222222";

    @Test
    void shouldUpgradeADatabaseOfThePreviousReleaseWithoutLosingData() throws Exception {
        Path dataDir = Files.createTempDirectory("bootwarden-upgrade-");
        String[] db = database(dataDir);
        try {
            Flyway.configure().dataSource(db[0], db[1], "").locations("classpath:db/migration").target("1").load().migrate();
            try (Connection c = DriverManager.getConnection(db[0], db[1], ""); Statement s = c.createStatement()) {
                long now = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli() * 1000;
                s.execute("insert into os_profile (name, description, kind, kernel_url, initrd_urls, kernel_args, iso_url, ipxe_script,"
                        + " answer_template, variables, reinstall_on_reboot, max_install_boots, version, created_at, updated_at) values ('"
                        + PROFILE + "', 'made by the previous release', 'IPXE_SCRIPT', null, '', null, null,"
                        + " '#!ipxe\necho legacy installer for {{hostname}}\nexit 0\n', '# answer for {{hostname}}\n', '{}', 1, 3, 1, "
                        + now + ", " + now + ")");
                // a profile of the shipped kind: the password hash in a plain variable
                s.execute("insert into os_profile (name, description, kind, kernel_url, initrd_urls, kernel_args, iso_url, ipxe_script,"
                        + " answer_template, variables, reinstall_on_reboot, max_install_boots, version, created_at, updated_at) values ("
                        + "'legacy-debian', 'hash kept as a variable', 'DEBIAN_PRESEED', 'http://mirror.example/linux', '',"
                        + " 'auto=true url={{answerUrl}}', null, null, 'd-i passwd/user-password-crypted password {{vars.adminPasswordHash}}\n',"
                        + " '{\"mirror\":\"deb.debian.org\",\"adminPasswordHash\":\"$6$legacy$hash\"}', 1, 3, 1, " + now + ", " + now + ")");
                host(s, LOCAL_HOST, "old-local.lab.example", "10.9.0.10", "LOCAL", now);
                host(s, ARMED_HOST, "old-armed.lab.example", "10.9.0.11", "ARMED", now);
                s.execute("insert into host_mac (mac, host_id, position) values ('52:54:00:09:00:10', '" + LOCAL_HOST + "', 0)");
                s.execute("insert into host_mac (mac, host_id, position) values ('52:54:00:09:00:11', '" + ARMED_HOST + "', 0)");
                s.execute("insert into host_label (host_id, label_key, label_value) values ('" + LOCAL_HOST + "', 'rack', 'r9')");
                s.execute("insert into app_user (username, password_hash, display_name, roles, enabled, created_at, updated_at)"
                        + " values ('oldreq', '{noop}old-requester-pw', 'Old requester', 'REQUESTER', 1, " + now + ", " + now + ")");
                for (int i = 0; i < 3; i++) {
                    s.execute("insert into audit_event (id, occurred_at, actor, source_address, action, target_type, target_id, summary,"
                            + " before_state, after_state) values ('00000000-0000-0000-0000-00000000000" + i + "', " + (now + i)
                            + ", 'admin', '10.0.0.1', 'host.created', 'host', '" + LOCAL_HOST + "', 'legacy record " + i + "', null, null)");
                }
            }

            try (StandaloneApp app = StandaloneApp.start(dataDir, db[0], db[1], "")) {
                String base = app.baseUrl();
                Http admin = app.admin();

                JsonNode local = admin.get("/api/hosts/" + LOCAL_HOST).expect(200).json();
                assertThat(local.path("hostname").asText()).isEqualTo("old-local.lab.example");
                assertThat(local.path("macs").get(0).asText()).isEqualTo("52:54:00:09:00:10");
                assertThat(local.path("labels").path("rack").asText()).isEqualTo("r9");
                assertThat(local.path("openTicketId").isNull()).isTrue();
                assertThat(admin.get("/api/profiles/" + PROFILE).expect(200).json().path("description").asText())
                        .isEqualTo("made by the previous release");

                // armed by the previous release, without a ticket: still installs and calls back
                String script = admin.get("/api/hosts/" + ARMED_HOST + "/script").expect(200).body();
                String token = script.replaceAll("(?s).*/boot/" + ARMED_HOST + "/([A-Za-z0-9_-]{32})/script.*", "$1");
                Http machine = Http.anonymous(base);
                assertThat(machine.get("/boot/" + ARMED_HOST + "/" + token + "/script?mac=52:54:00:09:00:11&platform=pcbios")
                        .expect(200).body()).contains("legacy installer for old-armed.lab.example");
                machine.get("/boot/" + ARMED_HOST + "/" + token + "/installed").expect(200);
                assertThat(admin.get("/api/hosts/" + ARMED_HOST).expect(200).json().path("bootState").asText()).isEqualTo("LOCAL");

                // the previous release's user logs in and files a ticket for the old host
                JsonNode ticket = Http.basic(base, "oldreq", "old-requester-pw").post("/api/tickets",
                        Map.of("hostId", LOCAL_HOST, "reason", "first ticket after the upgrade")).expect(201).json();
                assertThat(ticket.path("status").asText()).isEqualTo("PENDING_APPROVAL");

                // the password hash became an encrypted secret, and the template uses it as one
                JsonNode legacy = admin.get("/api/profiles/legacy-debian").expect(200).json();
                assertThat(legacy.path("variables").has("adminPasswordHash")).isFalse();
                assertThat(legacy.path("variables").path("mirror").asText()).isEqualTo("deb.debian.org");
                assertThat(legacy.path("secrets").path("adminPasswordHash").path("set").asBoolean()).isTrue();
                assertThat(legacy.path("answerTemplate").asText()).contains("password {{secrets.adminPasswordHash}}");
                assertThat(legacy.toString()).doesNotContain("$6$legacy$hash");
                assertThat(app.context().getBean(JdbcClient.class).sql("select secrets from os_profile where name = 'legacy-debian'").query(String.class).single())
                        .startsWith("{\"adminPasswordHash\":\"v1:").doesNotContain("legacy$hash");
                assertThat(admin.get("/api/audit?targetId=legacy-debian&size=50").expect(200).body())
                        .contains("adminPasswordHash moved from variables to encrypted secrets").doesNotContain("$6$legacy$hash");

                // the hosts' last editors, as far as the old audit log tells (separation of duties)
                JdbcClient rows = app.context().getBean(JdbcClient.class);
                assertThat(rows.sql("select edited_by from host where id = ?").param(LOCAL_HOST).query(String.class).single())
                        .isEqualTo("admin");
                assertThat(rows.sql("select edited_at from host where id = ?").param(LOCAL_HOST).query(Long.class).single())
                        .isEqualTo(Instant.parse("2026-11-01T10:00:00Z").toEpochMilli() * 1000 + 2);
                assertThat(rows.sql("select count(*) from host where id = ? and edited_by is null").param(ARMED_HOST)
                        .query(Long.class).single()).isOne();

                JsonNode chain = admin.get("/api/audit/verify").expect(200).json();
                assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();
                assertThat(chain.path("checked").asLong()).isGreaterThanOrEqualTo(3);
                assertThat(admin.get("/api/audit?targetId=" + LOCAL_HOST + "&size=50").expect(200).json().path("items")
                        .findValuesAsText("summary")).contains("legacy record 0", "legacy record 1", "legacy record 2");
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static void host(Statement s, String id, String hostname, String ip, String state, long now) throws Exception {
        long ipNumber = 10L << 24 | 9L << 16 | Long.parseLong(ip.substring(ip.lastIndexOf('.') + 1));
        s.execute("insert into host (id, hostname, ip, ip_number, prefix_length, gateway, dns, vlan, firmware, nic_driver, profile,"
                + " boot_state, state_reason, state_changed_at, install_boots, last_install_at, token_version, version, created_at,"
                + " updated_at) values ('" + id + "', '" + hostname + "', '" + ip + "', " + ipNumber + ", 24, '10.9.0.1', '10.9.0.2', null,"
                + " 'BIOS', 'FULL', '" + PROFILE + "', '" + state + "', 'set by the previous release', " + now + ", 0, null, 1, 1, "
                + now + ", " + now + ")");
    }

    /** {url, user}: a fresh database for this test alone. */
    private static String[] database(Path dataDir) throws Exception {
        String url = System.getenv("BOOTWARDEN_DB_URL");
        String user = System.getenv().getOrDefault("BOOTWARDEN_DB_USER", "sa");
        if (url == null || url.startsWith("jdbc:h2:")) {
            return new String[] {"jdbc:h2:file:" + dataDir.resolve("db/bootwarden") + ";DB_CLOSE_ON_EXIT=FALSE", "sa"};
        }
        boolean mysql = url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
        String server = url.replaceAll("^(jdbc:[a-z]+://[^/]+)/.*$", "$1");
        try (Connection c = DriverManager.getConnection(mysql ? server + "/?nullDatabaseMeansCurrent=true" : server + "/postgres", user, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists bootwarden_upgrade");
            s.execute(mysql ? "create database bootwarden_upgrade character set utf8mb4 collate utf8mb4_bin"
                    : "create database bootwarden_upgrade");
        }
        return new String[] {server + "/bootwarden_upgrade" + (mysql ? "?nullDatabaseMeansCurrent=true" : ""), user};
    }

}
