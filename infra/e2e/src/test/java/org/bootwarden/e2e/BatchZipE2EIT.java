package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bootwarden.e2e.QemuGuest.Firmware;
import org.bootwarden.e2e.QemuGuest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch as an operator uses it: a CSV of two new hosts imported through the packaged server's
 * API, the job's zip downloaded, and the two ISOs taken out of it booted by QEMU guests, one
 * under BIOS and one under UEFI; each reaches the server (LOCAL answer, audited for its host) and
 * then boots its disk. The manifest's checksums are those of the ISOs.
 */
class BatchZipE2EIT {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(15);
    /** The second guest's NIC and address (QEMU user networking accepts any address in 10.0.2.0/24). */
    private static final String SECOND_MAC = "52:54:00:12:34:57";
    private static final String SECOND_IP = "10.0.2.16";

    private static PackagedServer server;
    private static Api api;

    @BeforeAll
    static void startServer() {
        if (!PackagedServer.packaged()) {
            return;
        }
        server = PackagedServer.create("batch").start();
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

    @Test
    void isosFromABatchZipBootUnderBiosAndUefiAndReachTheServer() throws Exception {
        String bios = Fixtures.hostname("e2e-batch-bios");
        String uefi = Fixtures.hostname("e2e-batch-uefi");
        String csv = "hostname,macs,ip,prefixLength,gateway,dns,firmware,nicDriver,profile,labels\r\n"
                + bios + "," + QemuGuest.DEFAULT_MAC + "," + Fixtures.GUEST_IP + ",24,10.0.2.2,10.0.2.3,bios,full,"
                + Fixtures.STANDIN_PROFILE + ",suite=e2e;batch=yes\r\n"
                + uefi + "," + SECOND_MAC + "," + SECOND_IP + ",24,10.0.2.2,10.0.2.3,uefi,full,"
                + Fixtures.STANDIN_PROFILE + ",suite=e2e;batch=yes\r\n";

        JsonNode job = api.createBatch("?import=true", csv);
        assertThat(job.path("total").asInt()).as("job %s", job).isEqualTo(2);
        JsonNode done = api.awaitBatchDone(job.path("id").asText(), Duration.ofSeconds(60));
        assertThat(done.path("done").asInt()).isEqualTo(2);

        Path dir = E2E.freshWorkDir("batch");
        Path zip = api.downloadBatchZip(job.path("id").asText(), dir.resolve("batch.zip"));
        Path biosIso = dir.resolve(bios + ".iso");
        Path uefiIso = dir.resolve(uefi + ".iso");
        List<String> manifest;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            copy(z, bios + ".iso", biosIso);
            copy(z, uefi + ".iso", uefiIso);
            manifest = new String(z.getInputStream(z.getEntry("manifest.csv")).readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
        }
        assertThat(manifest).containsExactly("hostname,macs,ip,file,sha256,error",
                bios + "," + QemuGuest.DEFAULT_MAC + "," + Fixtures.GUEST_IP + "," + bios + ".iso," + sha256(biosIso) + ",",
                uefi + "," + SECOND_MAC + "," + SECOND_IP + "," + uefi + ".iso," + sha256(uefiIso) + ",");

        String biosId = hostId(bios);
        String uefiId = hostId(uefi);

        GuestRun biosRun = QemuGuest.of(Firmware.BIOS, "batch-bios").localDisk(Fixtures.markerDisk(Firmware.BIOS))
                .cdrom(biosIso).run();
        assertThat(biosRun.serial()).as(biosRun.describe()).contains(MarkerDisks.BIOS_MARKER);
        assertThat(biosRun.poweredOff()).as(biosRun.describe()).isTrue();
        api.awaitAudit(biosId, "boot.local", AUDIT_WAIT);

        GuestRun uefiRun = QemuGuest.of(Firmware.UEFI, "batch-uefi").mac(SECOND_MAC).localDisk(Fixtures.markerDisk(Firmware.UEFI))
                .cdrom(uefiIso).run();
        assertThat(uefiRun.serial()).as(uefiRun.describe()).contains(MarkerDisks.UEFI_MARKER);
        assertThat(uefiRun.poweredOff()).as(uefiRun.describe()).isTrue();
        api.awaitAudit(uefiId, "boot.local", AUDIT_WAIT);

        assertThat(api.auditActions(biosId)).doesNotContain("boot.install");
        assertThat(api.auditActions(uefiId)).doesNotContain("boot.install");
        assertThat(api.auditActions(job.path("id").asText())).contains("batch.created", "batch.hosts-imported",
                "batch.finished", "batch.zip-downloaded");
    }

    private static String hostId(String hostname) {
        JsonNode page = api.searchHosts("q=" + hostname);
        assertThat(page.path("items")).as("hosts named %s", hostname).hasSize(1);
        return page.path("items").get(0).path("id").asText();
    }

    private static void copy(ZipFile zip, String name, Path target) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as("zip entry %s", name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
