package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.bootwarden.e2e.QemuGuest.Firmware;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ISOs that list two server URLs, the first a closed port: the guest falls over to the second;
 * and with the server stopped, guests boot their own disk by themselves (BIOS and UEFI).
 * The server-down test runs last so the class needs one server start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerFailoverE2EIT {

    private static PackagedServer server;
    private static Api api;
    private static int closedPort;

    private String hostId;

    @BeforeAll
    static void startServerBehindADeadFirstUrl() {
        if (!PackagedServer.packaged()) {
            return; // each test is skipped with the reason (see serverUp)
        }
        closedPort = E2E.freePort();
        server = PackagedServer.create("failover");
        server.publicUrl("http://" + E2E.HOST_FROM_GUEST + ":" + closedPort + "," + server.guestUrl()).start();
        api = server.api();
        api.createProfile(Fixtures.standinProfile());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void serverUp() {
        PackagedServer.assumePackaged();
        server.ensureRunning();
    }

    @AfterEach
    void deleteHost() {
        if (hostId != null) {
            String id = hostId;
            hostId = null;
            server.ensureRunning();
            api.removeHost(id);
        }
    }

    @Test
    @Order(1)
    void guestFallsOverToTheSecondServerUrlWhenTheFirstIsClosed() {
        String hostname = Fixtures.hostname("e2e-failover");
        Path iso = newHostWithIso(hostname, Firmware.BIOS);

        GuestRun run = QemuGuest.bios("g-failover").cdrom(iso).localDisk(MarkerDisks.bios()).run();

        assertThat(run.serial()).as("the guest tried the closed URL first: %s", run.describe())
                .contains(":" + closedPort);
        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
        api.awaitAudit(hostId, "boot.local", Duration.ofSeconds(15));
    }

    @Test
    @Order(2)
    void guestsBootTheirOwnDiskWhenNoServerAnswers() {
        String biosName = Fixtures.hostname("e2e-down-bios");
        Path biosIso = newHostWithIso(biosName, Firmware.BIOS);
        deleteHost();
        String uefiName = Fixtures.hostname("e2e-down-uefi");
        Path uefiIso = newHostWithIso(uefiName, Firmware.UEFI);
        deleteHost();
        server.stop();

        GuestRun bios = QemuGuest.bios("c-bios-server-down").cdrom(biosIso).localDisk(MarkerDisks.bios()).run();
        GuestRun uefi = QemuGuest.uefi("c-uefi-server-down").cdrom(uefiIso).localDisk(MarkerDisks.uefi()).run();

        assertThat(bios.serial()).as(bios.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(bios.poweredOff()).as(bios.describe()).isTrue();
        assertThat(uefi.serial()).as(uefi.describe()).contains(MarkerDisks.UEFI_MARKER);
        assertThat(uefi.poweredOff()).as(uefi.describe()).isTrue();
    }

    private Path newHostWithIso(String hostname, Firmware firmware) {
        JsonNode created = api.createHost(Fixtures.host(hostname, firmware));
        hostId = created.path("id").asText();
        assertThat(hostId).as("id of created host: %s", created).isNotBlank();
        return api.downloadIso(hostId, Fixtures.isoPath(hostname));
    }
}
