package org.bootwarden.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Named test data for the product tests. */
final class Fixtures {

    static final String STANDIN_PROFILE = "e2e-standin";
    /** What the stand-in installer prints first (rendered by the server with the hostname). */
    static final String STANDIN_BANNER = "STANDIN installer for ";
    static final String STANDIN_FAILED = "STANDIN-INSTALL-FAILED";

    /** QEMU user networking always gives the guest 10.0.2.15: one live host at a time. */
    static final String GUEST_IP = "10.0.2.15";

    private Fixtures() {
    }

    /**
     * The stand-in installer: an iPXE script that fetches its answer file, calls the
     * "install complete" URL and powers off, the way a real installer's answer file ends.
     */
    static ObjectNode standinProfile() {
        return Api.JSON.createObjectNode()
                .put("name", STANDIN_PROFILE)
                .put("kind", "ipxe-script")
                .put("description", "stand-in installer")
                .put("ipxeScript", """
                        #!ipxe
                        echo STANDIN installer for {{hostname}}
                        imgfetch --name answer {{answerUrl}} || goto failed
                        imgfetch --name done {{installedUrl}} || goto failed
                        echo STANDIN-INSTALL-COMPLETE
                        poweroff
                        :failed
                        echo STANDIN-INSTALL-FAILED
                        poweroff
                        """)
                .put("answerTemplate", "# stand-in answer file for {{hostname}} {{ip}}\n")
                .put("reinstallOnReboot", true)
                .put("maxInstallBoots", 3);
    }

    /** A host matching the QEMU guest's NIC and user-network addresses. */
    static ObjectNode host(String hostname, QemuGuest.Firmware firmware) {
        ObjectNode host = Api.JSON.createObjectNode()
                .put("hostname", hostname);
        host.putArray("macs").add(QemuGuest.DEFAULT_MAC);
        host.put("ip", GUEST_IP).put("prefixLength", 24).put("gateway", "10.0.2.2");
        host.putArray("dns").add("10.0.2.3");
        host.put("firmware", firmware == QemuGuest.Firmware.UEFI ? "uefi" : "bios")
                .put("nicDriver", "full")
                .put("profile", STANDIN_PROFILE);
        host.putObject("labels").put("suite", "e2e");
        return host;
    }

    /** e.g. {@code e2e-bios-local-4f2a}: hostnames stay unique across runs on one data dir. */
    static String hostname(String prefix) {
        return prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    static Path isoPath(String hostname) {
        return E2E.freshWorkDir("iso").resolve(hostname + ".iso");
    }

    /** Where a downloaded floppy image goes (beside the ISOs). */
    static Path floppyPath(String hostname) {
        return E2E.freshWorkDir("iso").resolve(hostname + "-floppy.img");
    }

    static String markerFor(QemuGuest.Firmware firmware) {
        return firmware == QemuGuest.Firmware.UEFI ? MarkerDisks.UEFI_MARKER : MarkerDisks.BIOS_MARKER;
    }

    static Path markerDisk(QemuGuest.Firmware firmware) {
        return firmware == QemuGuest.Firmware.UEFI ? MarkerDisks.uefi() : MarkerDisks.bios();
    }
}
