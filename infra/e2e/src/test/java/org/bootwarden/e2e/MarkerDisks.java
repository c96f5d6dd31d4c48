package org.bootwarden.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The guests' "local disks": images that announce themselves on the serial console and power
 * the guest off, so a test can see that the local disk (and not the installer) was booted.
 *
 * <ul>
 * <li>{@link #bios()}: 1 MiB raw image whose boot sector ({@code e2e/marker-mbr.S}, assembled
 * with GNU as/ld) prints {@link #BIOS_MARKER} on COM1 and powers off.</li>
 * <li>{@link #uefi()}: GPT disk with one EFI System Partition (FAT, mkfs.vfat + mtools) holding
 * {@code EFI/BOOT/BOOTX64.EFI} = trixie's {@code ipxe.efi} and {@code EFI/BOOT/autoexec.ipxe}
 * that echoes {@link #UEFI_MARKER} and powers off (OVMF mirrors the console to serial).</li>
 * </ul>
 * Built once into {@code target/e2e/disks}; rebuilt when an input changes. Guests attach them
 * with {@code snapshot=on}, so the cached images are never written.
 */
final class MarkerDisks {

    static final String BIOS_MARKER = "BIOS-DISK-MARKER: local disk booted";
    static final String UEFI_MARKER = "UEFI-DISK-MARKER: local disk booted";

    static final String UEFI_AUTOEXEC = "#!ipxe\necho " + UEFI_MARKER + "\npoweroff\n";

    private static final int SECTOR = 512;
    private static final long ESP_FIRST_LBA = 2048;        // 1 MiB aligned
    private static final int ESP_KIB = 4096;               // ipxe.efi is ~1 MiB
    private static final long DISK_SECTORS = ESP_FIRST_LBA + ESP_KIB * 2L + 2048;
    private static final UUID ESP_TYPE = UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
    // fixed GUIDs: the image is a cached, reproducible fixture
    private static final UUID DISK_GUID = UUID.fromString("b0a7a2de-0e2e-4d15-8a3c-000000000001");
    private static final UUID ESP_GUID = UUID.fromString("b0a7a2de-0e2e-4d15-8a3c-000000000002");

    private MarkerDisks() {
    }

    /** BIOS marker disk (built on first use). */
    static synchronized Path bios() {
        String source = resource("e2e/marker-mbr.S");
        Path dir = E2E.workDir("disks");
        Path image = dir.resolve("marker-bios.img");
        String stamp = sha256(source);
        if (upToDate(image, stamp)) {
            return image;
        }
        Exec.requireTool("as", "binutils");
        Exec.requireTool("ld", "binutils");
        Path build = E2E.createDirectories(dir.resolve("build-bios"));
        write(build.resolve("marker-mbr.S"), source.getBytes(StandardCharsets.UTF_8));
        Exec.run(build, List.of("as", "--32", "-o", "marker-mbr.o", "marker-mbr.S"));
        Exec.run(build, List.of("ld", "-m", "elf_i386", "-Ttext", "0x7c00", "--oformat", "binary",
                "-o", "marker-mbr.bin", "marker-mbr.o"));
        byte[] sector = read(build.resolve("marker-mbr.bin"));
        if (sector.length != SECTOR || (sector[510] & 0xff) != 0x55 || (sector[511] & 0xff) != 0xaa) {
            throw new IllegalStateException("marker boot sector is " + sector.length
                    + " bytes or lacks the 0x55AA signature");
        }
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(sector, 0, disk, 0, SECTOR);
        publish(dir, image, disk, stamp);
        return image;
    }

    /** UEFI marker disk (built on first use). */
    static synchronized Path uefi() {
        Path efi = E2E.ipxeFile("ipxe.efi");
        Path dir = E2E.workDir("disks");
        Path image = dir.resolve("marker-uefi.img");
        String stamp = sha256(UEFI_AUTOEXEC + "|" + sha256(read(efi)) + "|" + DISK_SECTORS);
        if (upToDate(image, stamp)) {
            return image;
        }
        Exec.requireTool("mkfs.vfat", "dosfstools");
        Exec.requireTool("mcopy", "mtools");
        Path build = E2E.createDirectories(dir.resolve("build-uefi"));
        Path esp = build.resolve("esp.img");
        Path autoexec = build.resolve("autoexec.ipxe");
        write(autoexec, UEFI_AUTOEXEC.getBytes(StandardCharsets.US_ASCII));
        delete(esp);
        Exec.run(build, List.of("mkfs.vfat", "-C", "-n", "MARKERESP", esp.toString(),
                Integer.toString(ESP_KIB)));
        Exec.run(build, List.of("mmd", "-i", esp.toString(), "::/EFI", "::/EFI/BOOT"));
        Exec.run(build, List.of("mcopy", "-i", esp.toString(), efi.toString(), "::/EFI/BOOT/BOOTX64.EFI"));
        Exec.run(build, List.of("mcopy", "-i", esp.toString(), autoexec.toString(),
                "::/EFI/BOOT/autoexec.ipxe"));
        byte[] fat = read(esp);
        if (fat.length != ESP_KIB * 1024) {
            throw new IllegalStateException("mkfs.vfat made " + fat.length + " bytes, expected "
                    + ESP_KIB * 1024);
        }
        byte[] disk = gptDisk(fat);
        publish(dir, image, disk, stamp);
        return image;
    }

    /**
     * A GPT disk of {@link #DISK_SECTORS} sectors with one EFI System Partition at LBA 2048
     * holding {@code fat}: protective MBR, primary header + entries at LBA 1..33, backup
     * entries + header at the end (UEFI spec 2.10, section 5.3).
     */
    static byte[] gptDisk(byte[] fat) {
        long lastLba = DISK_SECTORS - 1;
        long espLastLba = ESP_FIRST_LBA + fat.length / SECTOR - 1;
        ByteBuffer disk = ByteBuffer.allocate((int) (DISK_SECTORS * SECTOR)).order(ByteOrder.LITTLE_ENDIAN);

        // protective MBR: one partition of type 0xEE covering the disk
        disk.position(446);
        disk.put((byte) 0x00).put((byte) 0x00).put((byte) 0x02).put((byte) 0x00); // status, CHS 0/0/2
        disk.put((byte) 0xee).put((byte) 0xff).put((byte) 0xff).put((byte) 0xff); // type, CHS end
        disk.putInt(1).putInt((int) Math.min(lastLba, 0xffffffffL));
        disk.position(510);
        disk.put((byte) 0x55).put((byte) 0xaa);

        // partition entry array: 128 entries of 128 bytes = 32 sectors
        ByteBuffer entries = ByteBuffer.allocate(128 * 128).order(ByteOrder.LITTLE_ENDIAN);
        entries.put(guidBytes(ESP_TYPE)).put(guidBytes(ESP_GUID));
        entries.putLong(ESP_FIRST_LBA).putLong(espLastLba).putLong(0L);
        entries.put("EFI System Partition".getBytes(StandardCharsets.UTF_16LE));
        byte[] entryArray = entries.array();
        long entriesCrc = crc32(entryArray);

        disk.put(2 * SECTOR, entryArray);
        disk.put((int) ((lastLba - 32) * SECTOR), entryArray);
        disk.put(1 * SECTOR, gptHeader(1, lastLba, 2, lastLba, entriesCrc));
        disk.put((int) (lastLba * SECTOR), gptHeader(lastLba, 1, lastLba - 32, lastLba, entriesCrc));
        disk.put((int) (ESP_FIRST_LBA * SECTOR), fat);
        return disk.array();
    }

    private static byte[] gptHeader(long myLba, long alternateLba, long entriesLba, long lastLba,
            long entriesCrc) {
        ByteBuffer h = ByteBuffer.allocate(92).order(ByteOrder.LITTLE_ENDIAN);
        h.put("EFI PART".getBytes(StandardCharsets.US_ASCII));
        h.putInt(0x00010000);           // revision 1.0
        h.putInt(92);                   // header size
        h.putInt(0);                    // header CRC32, filled below
        h.putInt(0);                    // reserved
        h.putLong(myLba).putLong(alternateLba);
        h.putLong(34).putLong(lastLba - 33); // first / last usable LBA
        h.put(guidBytes(DISK_GUID));
        h.putLong(entriesLba);
        h.putInt(128).putInt(128);      // number of entries, size of an entry
        h.putInt((int) entriesCrc);
        h.putInt(16, (int) crc32(h.array()));
        return h.array();
    }

    /** EFI GUID byte order: the first three fields little-endian, the rest as written. */
    static byte[] guidBytes(UUID uuid) {
        ByteBuffer big = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        byte[] b = big.array();
        return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
            b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static boolean upToDate(Path image, String stamp) {
        Path stampFile = Path.of(image + ".sha256");
        try {
            return Files.isRegularFile(image) && Files.isRegularFile(stampFile)
                    && Files.readString(stampFile).equals(stamp);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes image and stamp atomically enough for concurrent readers of an older image. */
    private static void publish(Path dir, Path image, byte[] content, String stamp) {
        try {
            Path tmp = Files.createTempFile(dir, image.getFileName().toString(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content));
            }
            Files.move(tmp, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(Path.of(image + ".sha256"), stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + image, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = MarkerDisks.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
