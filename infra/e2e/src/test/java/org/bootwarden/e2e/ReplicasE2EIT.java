package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two packaged backends on one production database (MariaDB, then PostgreSQL), sharing the
 * data directory as their artifact store, one ISO worker (embedded in replica A): tickets filed
 * on A are approved on B, built by the worker, booted and called back across both replicas;
 * a boot storm on one host goes to both at once; replica A is killed in the middle of an install
 * and restarted. Every ticket completes exactly once, every host is served its installer exactly
 * once, and the first-boot timer of a host that never boots fires once although both replicas'
 * job executors run it.
 */
class ReplicasE2EIT {

    private static final String PASSWORD = "e2e-replicas-password";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String DB = "bootwarden_replicas";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb", "postgresql"})
    void ticketsCompleteExactlyOnceAcrossTwoReplicasAndACrash(String database) throws Exception {
        PackagedServer.assumePackaged();
        String url = freshDatabase(database);
        String secret = UUID.randomUUID().toString().replace("-", "") + "replicas";
        try (PackagedServer a = replica("replica-a-" + database, url, database, secret, true);
                PackagedServer b = replica("replica-b-" + database, url, database, secret, false).replicaOf(a)) {
            a.start();
            b.start();
            Api adminA = a.api();
            Api adminB = b.api();
            adminA.createProfile(Fixtures.standinProfile());
            adminA.createUser("alice", PASSWORD, "REQUESTER");
            adminA.createUser("bob", PASSWORD, "APPROVER");
            Api aliceA = adminA.as("alice", PASSWORD);
            Api bobB = adminB.as("bob", PASSWORD);

            List<String> hosts = new ArrayList<>();
            List<String> tickets = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String hostId = adminA.createHost(host(database, i)).path("id").asText();
                hosts.add(hostId);
                tickets.add(aliceA.submitTicket(hostId, "replica test " + i).path("id").asText());
            }
            for (String ticketId : tickets) {
                bobB.completeTask(bobB.task(ticketId, "UserTask_Approve").path("id").asText(), "approve", "approved on B");
            }
            for (String ticketId : tickets) {
                JsonNode armed = adminB.awaitTicketStatus(ticketId, "ARMED", WAIT);
                assertThat(armed.path("timeline").findValuesAsText("action")).as("ISO built by the one worker").contains("ticket.iso-built");
            }

            // hosts 0-2: booted on B, answer file from A, callback to B
            for (int i = 0; i < 3; i++) {
                String id = hosts.get(i);
                String token = adminA.bootToken(id);
                assertThat(boot(adminB, id, token).body()).contains(Fixtures.STANDIN_BANNER.trim());
                assertThat(adminA.getAnonymous("/boot/" + id + "/" + token + "/answer").statusCode()).isEqualTo(200);
                assertThat(adminB.getAnonymous("/boot/" + id + "/" + token + "/installed").statusCode()).isEqualTo(200);
            }

            // host 3: 20 boots at once, alternating between the replicas: one installer
            String stormId = hosts.get(3);
            String stormToken = adminA.bootToken(stormId);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Api target = i % 2 == 0 ? adminA : adminB;
                answers.add(pool.submit(() -> boot(target, stormId, stormToken).body()));
            }
            int installers = 0;
            for (Future<String> f : answers) {
                installers += f.get(60, TimeUnit.SECONDS).contains(Fixtures.STANDIN_BANNER.trim()) ? 1 : 0;
            }
            pool.shutdownNow();
            assertThat(installers).as("installer answers to a boot storm over two replicas").isOne();
            assertThat(adminA.getAnonymous("/boot/" + stormId + "/" + stormToken + "/installed").statusCode()).isEqualTo(200);

            // host 4: installer served by A, then A dies; the installer's callback reaches B
            String crashId = hosts.get(4);
            String crashToken = adminA.bootToken(crashId);
            assertThat(boot(adminA, crashId, crashToken).body()).contains(Fixtures.STANDIN_BANNER.trim());
            a.kill();
            assertThat(adminB.getAnonymous("/boot/" + crashId + "/" + crashToken + "/installed").statusCode()).isEqualTo(200);
            a.start();
            assertThat(boot(adminA, crashId, crashToken).body()).contains("boot state LOCAL");

            for (int i = 0; i < 5; i++) {
                adminA.awaitTicketStatus(tickets.get(i), "COMPLETED", WAIT);
                assertThat(adminB.bootState(hosts.get(i))).isEqualTo("LOCAL");
                assertThat(adminA.auditActions(hosts.get(i))).as("installer served once to host %d", i).containsOnlyOnce("boot.install");
                assertThat(activityCount(adminA, tickets.get(i), "Receive_FirstBoot")).as("first boot correlated once").isOne();
                assertThat(activityCount(adminA, tickets.get(i), "ServiceTask_MarkLocal")).as("completed once").isOne();
            }

            // host 5 never boots: its first-boot timer (PT30S) fires once, on whichever replica
            String expired = tickets.get(5);
            adminB.awaitTicketStatus(expired, "EXPIRED", WAIT);
            assertThat(adminA.bootState(hosts.get(5))).isEqualTo("LOCAL");
            assertThat(activityCount(adminA, expired, "ServiceTask_DisarmFirstBootExpired")).as("timer fired once").isOne();
            assertThat(adminA.auditActions(expired)).containsOnlyOnce("ticket.closed");

            JsonNode chain = adminB.getJson("/api/audit/verify");
            assertThat(chain.path("intact").asBoolean()).as("audit chain written by two replicas: %s", chain).isTrue();
        }
    }

    private static PackagedServer replica(String name, String url, String database, String secret, boolean worker) {
        return PackagedServer.create(name)
                .env("BOOTWARDEN_DB_URL", url)
                .env("BOOTWARDEN_DB_USER", database.equals("mariadb") ? "root" : "postgres")
                .env("BOOTWARDEN_TOKEN_SECRET", secret)
                .env("BOOTWARDEN_WORKER_EMBEDDED", Boolean.toString(worker))
                .env("BOOTWARDEN_FIRST_BOOT_TIMEOUT", "PT30S");
    }

    private static HttpResponse<String> boot(Api api, String id, String token) {
        HttpResponse<String> r = api.getAnonymous("/boot/" + id + "/" + token + "/script?mac=" + QemuGuest.DEFAULT_MAC
                + "&platform=pcbios&arch=x86_64");
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    private static long activityCount(Api admin, String ticketId, String activityId) {
        JsonNode ticket = admin.getJson("/engine-rest/process-instance/count?businessKey=" + ticketId);
        JsonNode instances = admin.getJson("/engine-rest/history/process-instance?processInstanceBusinessKey=" + ticketId);
        assertThat(instances.size()).as("one workflow per ticket (running: %s)", ticket).isOne();
        return admin.getJson("/engine-rest/history/activity-instance/count?processInstanceId=" + instances.get(0).path("id").asText()
                + "&activityId=" + activityId + "&finished=true").path("count").asLong();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode host(String database, int i) {
        com.fasterxml.jackson.databind.node.ObjectNode h = Api.JSON.createObjectNode()
                .put("hostname", "replica-" + i + "." + database + ".e2e.example");
        h.putArray("macs").add(String.format("52:54:00:7e:%02x:%02x", database.length(), i));
        h.put("ip", "10.77." + database.length() + "." + (10 + i)).put("prefixLength", 24).put("gateway", "10.77." + database.length() + ".1");
        h.putArray("dns").add("10.0.2.3");
        h.put("firmware", "bios").put("nicDriver", "full").put("profile", Fixtures.STANDIN_PROFILE);
        return h;
    }

    /** A fresh, empty database on the machine's server; skipped (or failed when servers are required) if it is not running. */
    private static String freshDatabase(String database) throws IOException, InterruptedException {
        List<String> command = database.equals("mariadb")
                ? List.of("mariadb", "-h", "127.0.0.1", "-uroot", "-e", "drop database if exists " + DB + "; create database " + DB
                        + " character set utf8mb4 collate utf8mb4_bin")
                : List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "drop database if exists " + DB,
                        "-c", "create database " + DB, "postgres");
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            exit = p.waitFor();
        } catch (IOException e) {
            exit = -1;
        }
        if (exit != 0 && E2E.serverRequired()) {
            throw new AssertionError("cannot create database " + DB + " on " + database + " (" + String.join(" ", command) + ")");
        }
        assumeTrue(exit == 0, database + " is not running here");
        return database.equals("mariadb") ? "jdbc:mysql://127.0.0.1:3306/" + DB + "?nullDatabaseMeansCurrent=true"
                : "jdbc:postgresql://127.0.0.1:5432/" + DB;
    }
}
