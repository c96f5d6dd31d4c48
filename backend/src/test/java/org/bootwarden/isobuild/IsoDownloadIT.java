package org.bootwarden.isobuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The per-host hybrid boot image, built for real with xorriso and the project's iPXE binaries. */
class IsoDownloadIT extends IntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    private IsoService isos;

    @Test
    void shouldDownloadARealBootableIsoCarryingTheHostsClientScript() {
        assertThat(isos.checkTools()).as("ISO tools and iPXE binaries (see infra/ipxe)").isEmpty();
        Map<String, Object> h = newHost();
        String id = createHost(h);
        String token = token(id);

        Http.Response r = admin().get("/api/hosts/" + id + "/iso").expect(200);

        byte[] iso = r.bytes();
        assertThat(r.contentType()).isEqualTo("application/x-iso9660-image");
        assertThat(r.header("Content-Disposition")).contains("attachment; filename=\"" + h.get("hostname") + ".iso\"");
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(iso.length).isGreaterThan(MIB);
        assertThat(iso[510] & 0xff).as("MBR boot signature byte 510").isEqualTo(0x55);
        assertThat(iso[511] & 0xff).as("MBR boot signature byte 511").isEqualTo(0xAA);
        assertThat(new String(iso, 0x8001, 5, StandardCharsets.US_ASCII)).as("ISO 9660 primary volume descriptor").isEqualTo("CD001");
        assertThat(contains(iso, "/boot/" + id + "/" + token + "/script?")).as("client script with the host's boot URL").isTrue();
        assertThat(contains(iso, "--drive 0x80")).isTrue();

        assertThat(admin().get("/api/hosts/" + id + "/iso").expect(200).bytes()).as("cached: the same image again").isEqualTo(iso);
        assertThat(auditActionsOf(id).stream().filter("host.iso-downloaded"::equals)).hasSize(2);
    }

    @Test
    void shouldDownloadTheUsbVariantThatBootsTheSecondBiosDriveLocally() {
        Map<String, Object> h = newHost();
        String id = createHost(h);

        Http.Response r = admin().get("/api/hosts/" + id + "/usb").expect(200);

        assertThat(r.header("Content-Disposition")).contains("filename=\"" + h.get("hostname") + "-usb.img\"");
        assertThat(r.bytes().length).isGreaterThan(MIB);
        assertThat(r.bytes()[510] & 0xff).isEqualTo(0x55);
        assertThat(r.bytes()[511] & 0xff).isEqualTo(0xAA);
        assertThat(contains(r.bytes(), "--drive 0x81")).isTrue();
        assertThat(auditActionsOf(id)).contains("host.usb-downloaded");
    }

    @Test
    void shouldBuildAnArm64HostsIsoWithTheArm64UefiLoaderOnly() {
        Map<String, Object> h = newHost();
        h.put("architecture", "arm64");
        h.put("firmware", "uefi");
        String id = createHost(h);
        assertThat(host(id).path("architecture").asText()).isEqualTo("arm64");

        byte[] iso = admin().get("/api/hosts/" + id + "/iso").expect(200).bytes();
        assertThat(contains(iso, "BOOTAA64EFI")).as("the arm64 UEFI loader in the EFI image").isTrue();
        assertThat(contains(iso, "BOOTX64 EFI")).as("no x86_64 UEFI loader").isFalse();
        assertThat(contains(iso, "ISOLINUX")).as("no BIOS boot entry").isFalse();
        assertThat(admin().get("/api/hosts/" + id + "/floppy").expect(409).errorFields()).containsExactly("architecture");

        h.put("firmware", "bios");
        h.put("hostname", "arm-bios-" + next() + ".it.example");
        assertThat(admin().post("/api/hosts", h).expect(400).errorFields()).containsExactly("architecture");
    }

    @Test
    void shouldDownloadAFloppyImageThatBootsTheFirstBiosDiskLocally() {
        Map<String, Object> h = newHost();
        String id = createHost(h);
        String token = token(id);

        Http.Response r = admin().get("/api/hosts/" + id + "/floppy").expect(200);

        byte[] floppy = r.bytes();
        assertThat(r.contentType()).isEqualTo("application/octet-stream");
        assertThat(r.header("Content-Disposition")).contains("attachment; filename=\"" + h.get("hostname") + "-floppy.img\"");
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(floppy.length).as("a 1.44 MB floppy").isEqualTo(1_474_560);
        assertThat(floppy[510] & 0xff).as("boot signature byte 510").isEqualTo(0x55);
        assertThat(floppy[511] & 0xff).as("boot signature byte 511").isEqualTo(0xAA);
        assertThat(new String(floppy, 54, 5, StandardCharsets.US_ASCII)).isEqualTo("FAT12");
        assertThat(contains(floppy, "/boot/" + id + "/" + token + "/script?")).as("client script with the host's boot URL").isTrue();
        assertThat(contains(floppy, "Boot medium: floppy (BIOS local disk is drive 0x80)")).isTrue();
        assertThat(contains(floppy, "--drive 0x80")).isTrue();

        Http.Response usb = admin().get("/api/hosts/" + id + "/usb").expect(200);
        assertThat(admin().get("/api/hosts/" + id + "/floppy").expect(200).bytes())
                .as("cached, and not removed by the USB image's build").isEqualTo(floppy);
        assertThat(admin().get("/api/hosts/" + id + "/usb").expect(200).bytes()).isEqualTo(usb.bytes());
        assertThat(auditActionsOf(id).stream().filter("host.floppy-downloaded"::equals)).hasSize(2);
    }

    @Test
    void shouldRefuseAFloppyForAHostThatBootsUefiOrNeedsTheFirmwaresUefiNicDriver() {
        Map<String, Object> snponly = newHost();
        snponly.put("nicDriver", "snponly");
        String snponlyId = createHost(snponly);
        Map<String, Object> uefi = newHost();
        uefi.put("firmware", "uefi");
        String uefiId = createHost(uefi);

        Http.Response r = admin().get("/api/hosts/" + snponlyId + "/floppy").expect(409);
        Http.Response u = admin().get("/api/hosts/" + uefiId + "/floppy").expect(409);

        assertThat(r.json().path("detail").asText()).contains("SNPONLY", "ISO or USB image");
        assertThat(u.json().path("detail").asText()).contains("firmware is UEFI", "ISO or USB image");
        assertThat(auditActionsOf(snponlyId)).doesNotContain("host.floppy-downloaded");
        assertThat(auditActionsOf(uefiId)).doesNotContain("host.floppy-downloaded");
    }

    @Test
    void shouldAnswer404ForTheIsoOfAnUnknownHost() {
        admin().get("/api/hosts/" + UUID.randomUUID() + "/iso").expect(404);
        admin().get("/api/hosts/" + UUID.randomUUID() + "/floppy").expect(404);
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
