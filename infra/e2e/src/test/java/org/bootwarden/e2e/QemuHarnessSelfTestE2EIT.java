package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness itself, without the product: the marker disks boot on their own in both
 * firmwares, and an iPXE ISO built here (xorriso recipe) chains to a throwaway HTTP server that
 * answers "boot the local disk", after which the marker disk is what runs. If these fail, the
 * product's e2e failures say nothing about the product.
 */
class QemuHarnessSelfTestE2EIT {

    private static StubBootServer stub;
    private static Path iso;

    @BeforeAll
    static void stubServerAndIso() {
        stub = new StubBootServer(QemuHarnessSelfTestE2EIT::localBootAnswer);
        iso = TinyIso.build("selftest", clientScript(stub.guestUrl()));
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void biosGuestBootsTheBiosMarkerDiskByItself() {
        GuestRun run = QemuGuest.bios("selftest-bios-disk").localDisk(MarkerDisks.bios()).run();

        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
    }

    @Test
    void uefiGuestBootsTheUefiMarkerDiskByItself() {
        GuestRun run = QemuGuest.uefi("selftest-uefi-disk").localDisk(MarkerDisks.uefi()).run();

        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.UEFI_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
    }

    @Test
    void biosGuestChainsFromTheIsoToTheServerAndSanbootsTheMarkerDisk() {
        int before = stub.requests().size();

        GuestRun run = QemuGuest.bios("selftest-bios-cd").cdrom(iso).localDisk(MarkerDisks.bios()).run();

        assertThat(stub.requests()).as(run.describe()).hasSizeGreaterThan(before);
        URI request = stub.requests().get(before);
        assertThat(request.getQuery()).contains("platform=pcbios").contains("52:54:00:12:34:56");
        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
    }

    @Test
    void uefiGuestChainsFromTheIsoToTheServerAndExitsToTheMarkerDisk() {
        int before = stub.requests().size();

        GuestRun run = QemuGuest.uefi("selftest-uefi-cd").cdrom(iso).localDisk(MarkerDisks.uefi()).run();

        assertThat(stub.requests()).as(run.describe()).hasSizeGreaterThan(before);
        assertThat(stub.requests().get(before).getQuery()).contains("platform=efi");
        assertThat(run.serial()).as(run.describe()).contains(MarkerDisks.UEFI_MARKER);
        assertThat(run.poweredOff()).as(run.describe()).isTrue();
    }

    @Test
    void biosGuestBootsTheIsoWrittenToAUsbDiskAndReachesTheServer() {
        int before = stub.requests().size();
        QemuGuest.Running guest = QemuGuest.bios("selftest-bios-usb").usbDisk(iso)
                .localDisk(MarkerDisks.bios()).start();
        GuestRun run;
        try {
            E2E.await("a request from the USB-booted guest", Duration.ofSeconds(60),
                    () -> stub.requests().size() > before || !guest.isAlive()
                            ? java.util.Optional.of(true) : java.util.Optional.empty(),
                    () -> E2E.tail(guest.serial(), 15));
        } finally {
            // Stopped here: under SeaBIOS the USB stick is BIOS drive 0x80 (the IDE disk is
            // 0x81), so the stub's "sanboot --drive 0x80" would start the stick again, forever.
            run = guest.stop();
        }

        assertThat(stub.requests()).as(run.describe()).hasSizeGreaterThan(before);
        assertThat(stub.requests().get(before).getQuery()).contains("platform=pcbios");
    }

    /** A client script shaped like Bootwarden's: static network, chain to the server, else local. */
    static String clientScript(String serverUrl) {
        return """
                #!ipxe
                echo E2E-SELFTEST client script on ${platform}
                set net0/ip 10.0.2.15
                set net0/netmask 255.255.255.0
                set net0/gateway 10.0.2.2
                set net0/dns 10.0.2.3
                ifopen net0 || goto local
                chain --autofree %s/boot.ipxe?platform=${platform}&mac=${net0/mac} || goto local
                :local
                echo E2E-SELFTEST no answer from the server: local boot
                iseq ${platform} efi && exit 1 ||
                sanboot --no-describe --drive 0x80
                """.formatted(serverUrl);
    }

    private static String localBootAnswer(URI request) {
        String query = request.getQuery() == null ? "" : request.getQuery();
        if (query.contains("platform=efi")) {
            return "#!ipxe\necho E2E-SELFTEST server says: exit to the firmware\nexit 1\n";
        }
        return "#!ipxe\necho E2E-SELFTEST server says: sanboot 0x80\n"
                + "sanboot --no-describe --drive 0x80\n";
    }
}
