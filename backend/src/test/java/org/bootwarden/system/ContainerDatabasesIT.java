package org.bootwarden.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.StandaloneApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.FileSystemUtils;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MSSQLServerContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The production databases this machine does not run, in containers: MySQL 8 and SQL Server.
 * Bootwarden's migrations and Camunda's schema are created on each and one ticket runs from
 * request to local boot. Runs wherever a Docker engine (or podman's Docker API) can start the
 * images; skipped with the reason where there is no engine (CI here has none) or the image
 * cannot be pulled (no registry).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerDatabasesIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql:8.4", "mcr.microsoft.com/mssql/server:2022-latest"})
    void shouldRunATicketFromRequestToLocalBoot(String image) throws Exception {
        try (JdbcDatabaseContainer<?> db = container(image)) {
            try {
                db.start();
            } catch (RuntimeException e) {
                Assumptions.abort(image + " could not be started (no registry to pull it from?): " + e.getMessage());
            }
            Path dataDir = Files.createTempDirectory("bootwarden-container-db-");
            try (StandaloneApp app = StandaloneApp.start(dataDir, url(db), db.getUsername(), db.getPassword())) {
                ticketFromRequestToLocalBoot(app);
            } finally {
                FileSystemUtils.deleteRecursively(dataDir);
            }
        }
    }

    private static JdbcDatabaseContainer<?> container(String image) {
        if (image.startsWith("mysql")) {
            return new MySQLContainer<>(DockerImageName.parse(image)).withCommand("--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_bin");
        }
        return new MSSQLServerContainer<>(DockerImageName.parse(image)).acceptLicense();
    }

    private static String url(JdbcDatabaseContainer<?> db) {
        return db instanceof MySQLContainer<?> ? db.getJdbcUrl() + "?nullDatabaseMeansCurrent=true" : db.getJdbcUrl();
    }

    static void ticketFromRequestToLocalBoot(StandaloneApp app) {
        Http admin = app.admin();
        admin.post("/api/users", Map.of("username", "req", "password", "container-db-password", "roles", List.of("REQUESTER")))
                .expect(201);
        admin.post("/api/users", Map.of("username", "appr", "password", "container-db-password", "roles", List.of("APPROVER")))
                .expect(201);
        admin.post("/api/profiles", Map.of("name", "db-standin", "description", "stand-in", "kind", "ipxe-script",
                "ipxeScript", "#!ipxe\necho standin {{hostname}}\nexit 0\n", "answerTemplate", "# {{hostname}}\n",
                "reinstallOnReboot", true, "maxInstallBoots", 3)).expect(201);
        String hostId = admin.post("/api/hosts", Map.of("hostname", "db-node.lab.example", "macs", List.of("52:54:00:db:00:01"),
                "ip", "10.66.0.10", "prefixLength", 24, "gateway", "10.66.0.1", "dns", List.of("10.66.0.2"), "firmware", "bios",
                "nicDriver", "full", "profile", "db-standin")).expect(201).json().path("id").asText();
        admin.get("/api/hosts/" + hostId + "/iso").expect(200);

        Http requester = Http.basic(app.baseUrl(), "req", "container-db-password");
        Http approver = Http.basic(app.baseUrl(), "appr", "container-db-password");
        String ticketId = requester.post("/api/tickets", Map.of("hostId", hostId, "reason", "database check")).expect(201).json()
                .path("id").asText();
        JsonNode task = approver.get("/api/tasks?ticket=" + ticketId).expect(200).json().path("items").get(0);
        approver.post("/api/tasks/" + task.path("id").asText() + "/complete", Map.of("outcome", "approve", "comment", "ok"))
                .expect(200);

        String script = admin.get("/api/hosts/" + hostId + "/script").expect(200).body();
        String token = script.replaceAll("(?s).*/boot/" + hostId + "/([A-Za-z0-9_-]{32})/script.*", "$1");
        Http machine = Http.anonymous(app.baseUrl());
        assertThat(machine.get("/boot/" + hostId + "/" + token + "/script?platform=pcbios").expect(200).body())
                .contains("standin db-node.lab.example");
        machine.get("/boot/" + hostId + "/" + token + "/installed").expect(200);

        assertThat(admin.get("/api/tickets/" + ticketId).expect(200).json().path("ticket").path("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(admin.get("/api/hosts/" + hostId).expect(200).json().path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(admin.get("/api/audit/verify").expect(200).json().path("intact").asBoolean()).isTrue();
    }
}
