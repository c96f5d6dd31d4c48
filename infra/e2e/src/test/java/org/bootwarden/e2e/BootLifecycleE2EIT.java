package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.bootwarden.e2e.QemuGuest.Firmware;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server (one public URL) and QEMU guests booting the ISOs it generates: the
 * LOCAL path, the install path with the stand-in installer and its callback, the answer file's
 * token check, UEFI, the ISO written to a USB disk, and the BIOS floppy image.
 */
class BootLifecycleE2EIT {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(15);

    private static PackagedServer server;
    private static Api api;

    private String hostId;

    @BeforeAll
    static void startServer() {
        if (!PackagedServer.packaged()) {
            return; // each test is skipped with the reason (see requirePackagedServer)
        }
        server = PackagedServer.create("lifecycle").start();
        api = server.api();
        api.createProfile(Fixtures.standinProfile());
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

    @AfterEach
    void deleteHost() {
        if (hostId != null) {
            String id = hostId;
            hostId = null;
            api.removeHost(id);
        }
    }

    @Test
    void biosHostInLocalStateBootsItsOwnDiskAfterAskingTheServer() {
        String hostname = Fixtures.hostname("e2e-bios-local");
        Path iso = newHostWithIso(hostname, Firmware.BIOS);
        assertThat(api.bootState(hostId)).isEqualTo("LOCAL");
        double localBefore = api.metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"pcbios\"");

        GuestRun run = guest(Firmware.BIOS, "a-bios-local").cdrom(iso).run();

        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
        assertThat(api.metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"pcbios\"") - localBefore)
                .as("the guest's boot in /actuator/prometheus").isGreaterThanOrEqualTo(1);
        api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).doesNotContain("boot.install");
        assertThat(api.bootState(hostId)).isEqualTo("LOCAL");
    }

    @Test
    void biosHostArmedThroughTheApiInstallsOnceAndThenBootsItsOwnDisk() {
        String hostname = Fixtures.hostname("e2e-bios-armed");
        Path iso = newHostWithIso(hostname, Firmware.BIOS);
        api.arm(hostId, "e2e: stand-in install (BIOS)");
        assertThat(api.bootState(hostId)).isEqualTo("ARMED");
        double installsBefore = api.metric("bootwarden_boot_decisions_total", "decision=\"install\"", "platform=\"pcbios\"");
        double callbacksBefore = api.metric("bootwarden_install_callbacks_total", "result=\"installed\"");
        double completedBefore = api.metric("bootwarden_install_duration_seconds_count", "outcome=\"completed\"",
                "profile=\"" + Fixtures.STANDIN_PROFILE + "\"");

        GuestRun install = guest(Firmware.BIOS, "b-bios-install").cdrom(iso).run();

        assertInstalled(hostname, Firmware.BIOS, install);
        assertThat(api.metric("bootwarden_boot_decisions_total", "decision=\"install\"", "platform=\"pcbios\"") - installsBefore)
                .as("the installer served to the guest, in /actuator/prometheus").isEqualTo(1);
        assertThat(api.metric("bootwarden_install_callbacks_total", "result=\"installed\"") - callbacksBefore).isEqualTo(1);
        assertThat(api.metric("bootwarden_install_duration_seconds_count", "outcome=\"completed\"",
                "profile=\"" + Fixtures.STANDIN_PROFILE + "\"") - completedBefore).as("the install's duration").isEqualTo(1);

        GuestRun again = guest(Firmware.BIOS, "b-bios-after-install").cdrom(iso).run();

        assertThat(again.serial()).as(again.describe()).contains(MarkerDisks.BIOS_MARKER)
                .doesNotContain(Fixtures.STANDIN_BANNER);
        assertThat(again.poweredOff()).as(again.describe()).isTrue();
        api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).as("the installer is served once")
                .containsOnlyOnce("boot.install");
        assertThat(api.bootState(hostId)).isEqualTo("LOCAL");
    }

    @Test
    void wrongTokenGetsNeitherTheAnswerFileNorTheInstaller() {
        String hostname = Fixtures.hostname("e2e-token");
        newHost(hostname, Firmware.BIOS);
        api.arm(hostId, "e2e: token check");
        String token = api.bootToken(hostId);
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");

        HttpResponse<String> answer = api.getAnonymous("/boot/" + hostId + "/" + wrong + "/answer");
        HttpResponse<String> script = api.getAnonymous("/boot/" + hostId + "/" + wrong
                + "/script?mac=52:54:00:12:34:56&platform=pcbios&arch=i386");

        assertThat(answer.statusCode()).as("answer file with a wrong token: %s", answer.body()).isEqualTo(403);
        assertThat(answer.body()).doesNotContain("stand-in answer file");
        assertThat(script.body()).as("boot script with a wrong token").doesNotContain(Fixtures.STANDIN_BANNER);
        api.awaitAudit(hostId, "boot.bad-token", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).as("both refusals are audited (answer.refused / boot.bad-token)")
                .filteredOn(a -> a.equals("boot.bad-token") || a.equals("answer.refused")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(api.auditActions(hostId)).doesNotContain("answer.served", "boot.install");
        assertThat(api.bootState(hostId)).as("a wrong token does not start the install").isEqualTo("ARMED");
    }

    @Test
    void unknownHostIsToldToBootItsOwnDisk() {
        String unknown = java.util.UUID.randomUUID().toString();

        HttpResponse<String> script = api.getAnonymous("/boot/" + unknown + "/not-a-token/script?platform=pcbios");

        assertThat(script.statusCode()).as(script.body()).isEqualTo(200);
        assertThat(script.body()).startsWith("#!ipxe").doesNotContain(Fixtures.STANDIN_BANNER);
        api.awaitAudit(unknown, "boot.unknown-host", AUDIT_WAIT);
    }

    @Test
    void uefiHostInLocalStateExitsToTheFirmwareWhichBootsTheDisk() {
        String hostname = Fixtures.hostname("e2e-uefi-local");
        Path iso = newHostWithIso(hostname, Firmware.UEFI);

        GuestRun run = guest(Firmware.UEFI, "e-uefi-local").cdrom(iso).run();

        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.UEFI_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
        api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).doesNotContain("boot.install");
    }

    @Test
    void uefiHostArmedThroughTheApiRunsTheInstallerToCompletion() {
        String hostname = Fixtures.hostname("e2e-uefi-armed");
        Path iso = newHostWithIso(hostname, Firmware.UEFI);
        api.arm(hostId, "e2e: stand-in install (UEFI)");

        GuestRun install = guest(Firmware.UEFI, "e-uefi-install").cdrom(iso).run();

        assertInstalled(hostname, Firmware.UEFI, install);
    }

    @Test
    void usbImageBootsAsAUsbDiskReachesTheServerAndThenTheLocalDisk() {
        String hostname = Fixtures.hostname("e2e-bios-usb");
        newHost(hostname, Firmware.BIOS);
        Path usb = api.downloadUsb(hostId, Fixtures.isoPath(hostname + "-usb"));

        // Under SeaBIOS the USB stick is drive 0x80 and the IDE disk 0x81: the USB image's
        // script boots 0x81 locally (the CD image's 0x80 would boot the stick again, in a loop)
        GuestRun run = guest(Firmware.BIOS, "f-bios-usb").usbDisk(usb).run();

        assertThat(run.serial()).as(run.describe()).contains(Fixtures.markerFor(Firmware.BIOS));
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
        api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).contains("host.usb-downloaded");
    }

    @Test
    void floppyImageBootsUnderBiosReachesTheServerAndThenTheLocalDisk() {
        String hostname = Fixtures.hostname("e2e-bios-floppy");
        newHost(hostname, Firmware.BIOS);
        Path floppy = api.downloadFloppy(hostId, Fixtures.floppyPath(hostname));

        // The floppy is BIOS drive 0x00, so the IDE disk stays 0x80, which the floppy's script boots
        GuestRun run = guest(Firmware.BIOS, "g-bios-floppy").floppy(floppy).run();

        assertThat(run.serial()).as(run.describe())
                .contains("Booting from Floppy", "SYSLINUX", "Loading boot.ipxe")
                .contains(MarkerDisks.BIOS_MARKER);
        assertThat(run.serial().indexOf("Booting from Floppy")).as(run.describe())
                .isLessThan(run.serial().indexOf(MarkerDisks.BIOS_MARKER));
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
        api.awaitAudit(hostId, "boot.local", AUDIT_WAIT);
        assertThat(api.auditActions(hostId)).contains("host.floppy-downloaded").doesNotContain("boot.install");
        assertThat(api.bootState(hostId)).isEqualTo("LOCAL");
    }

    // ---- helpers -----------------------------------------------------------------------

    private void newHost(String hostname, Firmware firmware) {
        JsonNode created = api.createHost(Fixtures.host(hostname, firmware));
        hostId = created.path("id").asText();
        assertThat(hostId).as("id of created host: %s", created).isNotBlank();
        assertThat(created.path("bootState").asText()).as("new host %s", created).isEqualTo("LOCAL");
    }

    private Path newHostWithIso(String hostname, Firmware firmware) {
        newHost(hostname, firmware);
        return api.downloadIso(hostId, Fixtures.isoPath(hostname));
    }

    private static QemuGuest guest(Firmware firmware, String name) {
        return QemuGuest.of(firmware, name).localDisk(Fixtures.markerDisk(firmware));
    }

    /** The install path was served, the answer fetched, the callback made; the host is LOCAL. */
    private void assertInstalled(String hostname, Firmware firmware, GuestRun install) {
        assertThat(install.serial()).as(install.describe())
                .contains(Fixtures.STANDIN_BANNER + hostname)
                .doesNotContain(Fixtures.STANDIN_FAILED)
                .doesNotContain(Fixtures.markerFor(firmware));
        assertThat(install.poweredOff()).as(install.describe()).isTrue();
        api.awaitAudit(hostId, "boot.install", AUDIT_WAIT);
        api.awaitAudit(hostId, "answer.served", AUDIT_WAIT);
        api.awaitAudit(hostId, "install.completed", AUDIT_WAIT);
        api.awaitBootState(hostId, "LOCAL", Duration.ofSeconds(30));
    }
}
