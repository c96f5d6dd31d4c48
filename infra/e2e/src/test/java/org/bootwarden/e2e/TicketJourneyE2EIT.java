package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootwarden.e2e.QemuGuest.Firmware;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ticket's whole life with real people and a real machine: a requester files a ticket for a
 * new host, a second user approves it, the ISO worker builds the host's ISO, the host (a QEMU
 * guest) boots it, runs the stand-in installer, calls back, and then boots its own disk; the
 * ticket's timeline shows every step with its actor.
 */
class TicketJourneyE2EIT {

    private static final String PASSWORD = "e2e-journey-password";
    private static final Duration WORKFLOW_WAIT = Duration.ofSeconds(120);

    private static PackagedServer server;
    private static Api admin;

    @BeforeAll
    static void startServer() {
        if (!PackagedServer.packaged()) {
            return;
        }
        server = PackagedServer.create("tickets").start();
        admin = server.api();
        admin.createProfile(Fixtures.standinProfile());
        admin.createUser("alice", PASSWORD, "REQUESTER");
        admin.createUser("bob", PASSWORD, "APPROVER");
    }

    @BeforeEach
    void requirePackagedServer() {
        PackagedServer.assumePackaged();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ticketIsApprovedByASecondPersonBuiltInstalledAndTheHostBootsItsDiskAgain() {
        String hostname = Fixtures.hostname("e2e-ticket");
        String hostId = admin.createHost(Fixtures.host(hostname, Firmware.BIOS)).path("id").asText();
        Api alice = admin.as("alice", PASSWORD);
        Api bob = admin.as("bob", PASSWORD);

        JsonNode filed = alice.submitTicket(hostId, "first install of " + hostname + " (e2e)");
        String ticketId = filed.path("id").asText();
        assertThat(filed.path("needsIso").asBoolean()).as("a new host has no ISO yet: %s", filed).isTrue();
        assertThat(filed.path("status").asText()).isEqualTo("PENDING_APPROVAL");

        JsonNode approval = bob.task(ticketId, "UserTask_Approve");
        assertThat(approval.path("allowed").asBoolean()).isTrue();
        bob.completeTask(approval.path("id").asText(), "approve", "approved in the e2e journey");

        admin.awaitTicketStatus(ticketId, "ARMED", WORKFLOW_WAIT);
        assertThat(admin.bootState(hostId)).isEqualTo("ARMED");
        Path iso = admin.downloadIso(hostId, Fixtures.isoPath(hostname));

        GuestRun install = QemuGuest.of(Firmware.BIOS, "t-ticket-install").localDisk(Fixtures.markerDisk(Firmware.BIOS))
                .cdrom(iso).run();
        assertThat(install.serial()).as(install.describe()).contains(Fixtures.STANDIN_BANNER + hostname)
                .doesNotContain(Fixtures.STANDIN_FAILED);
        JsonNode done = admin.awaitTicketStatus(ticketId, "COMPLETED", WORKFLOW_WAIT);
        assertThat(admin.bootState(hostId)).isEqualTo("LOCAL");

        GuestRun after = QemuGuest.of(Firmware.BIOS, "t-ticket-after").localDisk(Fixtures.markerDisk(Firmware.BIOS))
                .cdrom(iso).run();
        assertThat(after.serial()).as(after.describe()).contains(MarkerDisks.BIOS_MARKER)
                .doesNotContain(Fixtures.STANDIN_BANNER);

        List<String> steps = new ArrayList<>();
        for (JsonNode e : done.path("timeline")) {
            steps.add(e.path("action").asText() + " by " + e.path("actor").asText());
        }
        assertThat(steps).as("timeline of %s", ticketId).containsSubsequence(
                "ticket.submitted by alice",
                "ticket.approved by bob",
                "ticket.iso-built by workflow",
                "host.armed by workflow",
                "boot.install by host:" + hostname,
                "answer.served by host:" + hostname,
                "install.completed by host:" + hostname,
                "ticket.closed by workflow");
        assertThat(steps).contains("workflow.userTask by bob", "workflow.serviceTask by workflow");
        assertThat(done.path("ticket").path("decidedBy").asText()).isEqualTo("bob");
    }
}
