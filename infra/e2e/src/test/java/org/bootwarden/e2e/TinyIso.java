package org.bootwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The harness's own hybrid iPXE ISO (BIOS El Torito via isolinux + ipxe.lkrn with the script as
 * initrd, UEFI El Torito with ipxe.efi + autoexec.ipxe, isohybrid MBR+GPT for USB), the recipe
 * from IPXE-NOTES.md. Used only by the self-test to prove the guests and marker disks; the
 * product tests boot ISOs downloaded from the server.
 */
final class TinyIso {

    private static final Path ISOLINUX_BIN = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path ISOHDPFX = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");
    private static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");

    private TinyIso() {
    }

    static Path build(String name, String script) {
        Exec.requireTool("xorriso", "xorriso");
        Exec.requireTool("mkfs.vfat", "dosfstools");
        Exec.requireTool("mcopy", "mtools");
        for (Path p : List.of(ISOLINUX_BIN, ISOHDPFX)) {
            require(p, "isolinux");
        }
        require(LDLINUX, "syslinux-common");
        Path lkrn = E2E.ipxeFile("ipxe.lkrn");
        Path efi = E2E.ipxeFile("ipxe.efi");
        try {
            Path dir = E2E.freshWorkDir("iso");
            Path stage = dir.resolve(name + ".stage");
            deleteTree(stage);
            Files.createDirectories(stage.resolve("isolinux"));
            Files.copy(ISOLINUX_BIN, stage.resolve("isolinux/isolinux.bin"));
            Files.copy(LDLINUX, stage.resolve("isolinux/ldlinux.c32"));
            Files.writeString(stage.resolve("isolinux/isolinux.cfg"),
                    "DEFAULT ipxe\nLABEL ipxe\n  KERNEL /ipxe.lkrn\n  INITRD /boot.ipxe\n");
            Files.copy(lkrn, stage.resolve("ipxe.lkrn"));
            Path scriptFile = stage.resolve("boot.ipxe");
            Files.writeString(scriptFile, script);
            Path efiboot = stage.resolve("efiboot.img");
            long kib = Files.size(efi) / 1024 + 256;
            Exec.run(stage, List.of("mkfs.vfat", "-C", "-n", "IPXEEFI", efiboot.toString(), Long.toString(kib)));
            Exec.run(stage, List.of("mmd", "-i", efiboot.toString(), "::/EFI", "::/EFI/BOOT"));
            Exec.run(stage, List.of("mcopy", "-i", efiboot.toString(), efi.toString(), "::/EFI/BOOT/BOOTX64.EFI"));
            Exec.run(stage, List.of("mcopy", "-i", efiboot.toString(), scriptFile.toString(),
                    "::/EFI/BOOT/autoexec.ipxe"));
            Path iso = dir.resolve(name + ".iso");
            Files.deleteIfExists(iso);
            Exec.run(dir, List.of("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(),
                    "-V", "E2EIPXE", "-J", "-R", "-isohybrid-mbr", ISOHDPFX.toString(),
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
                    "-eltorito-alt-boot", "-e", "efiboot.img", "-no-emul-boot", "-isohybrid-gpt-basdat",
                    stage.toString()));
            deleteTree(stage);
            return iso;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(Path file, String debianPackage) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " missing: apt-get install " + debianPackage);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
