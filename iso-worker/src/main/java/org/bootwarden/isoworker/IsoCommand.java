package org.bootwarden.isoworker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the argv lists of the commands that assemble a boot ISO or floppy image. Pure: no I/O,
 * nothing is run. The ISO layout follows {@code IPXE-NOTES.md} ("Hybrid ISO").
 */
final class IsoCommand {

    /** Staged file names, relative to the staging directory that becomes the ISO root. */
    static final String ISOLINUX_BIN = "isolinux/isolinux.bin";
    static final String BOOT_CATALOG = "isolinux/boot.cat";
    static final String EFI_IMAGE = "efiboot.img";
    static final String FAT_LABEL = "IPXEEFI";
    static final long SLACK_KIB = 256;
    /** A 3.5" high-density floppy: 1440 KiB = 1,474,560 bytes (mkfs.vfat picks FAT12 and its geometry). */
    static final long FLOPPY_KIB = 1440;
    /** FAT volume labels hold at most 11 characters. */
    static final int FAT_LABEL_MAX = 11;

    private final IsoToolsConfig tools;

    IsoCommand(IsoToolsConfig tools) {
        this.tools = tools;
    }

    /** Size of the FAT image: binary and script rounded up to KiB, plus slack for FAT metadata. */
    static long efiImageSizeKiB(long efiBinaryBytes, long scriptBytes) {
        return ceilKiB(efiBinaryBytes) + ceilKiB(scriptBytes) + SLACK_KIB;
    }

    private static long ceilKiB(long bytes) {
        return (bytes + 1023) / 1024;
    }

    /**
     * Creates an empty FAT image file of {@code sizeKiB}. {@code --invariant} and the given volume
     * serial make the image depend only on its contents and {@code SOURCE_DATE_EPOCH} (mkfs.fat
     * otherwise stamps the label with the current time and picks a random serial).
     */
    List<String> mkfsVfat(Path image, long sizeKiB, int serial) {
        return List.of(tools.mkfsVfat(), "--invariant", "-i", serialHex(serial), "-C", "-n", FAT_LABEL,
                image.toString(), Long.toString(sizeKiB));
    }

    /** A FAT volume serial as mkfs.fat's {@code -i} wants it: 8 hex digits. */
    static String serialHex(int serial) {
        return String.format("%08X", serial);
    }

    /**
     * Creates an empty 1.44 MB FAT12 floppy image labelled with (the first 11 characters of) the
     * volume id; reproducible like {@link #mkfsVfat}.
     */
    List<String> mkfsFloppy(Path image, String volumeId, int serial) {
        return List.of(tools.mkfsVfat(), "--invariant", "-i", serialHex(serial), "-C", "-F", "12",
                "-n", floppyLabel(volumeId), image.toString(), Long.toString(FLOPPY_KIB));
    }

    /** The FAT label of a floppy: the first {@value #FAT_LABEL_MAX} characters of the volume id. */
    static String floppyLabel(String volumeId) {
        return volumeId.length() > FAT_LABEL_MAX ? volumeId.substring(0, FAT_LABEL_MAX) : volumeId;
    }

    /** Installs SYSLINUX's boot sector and {@code ldlinux.sys}/{@code ldlinux.c32} into a FAT image. */
    List<String> syslinuxInstall(Path image) {
        return List.of(tools.syslinux(), "--install", image.toString());
    }

    /** Copies host files into the root directory of a FAT image, keeping their (long) names. */
    List<String> mcopyToRoot(Path image, List<Path> sources) {
        List<String> argv = new ArrayList<>(List.of(tools.mcopy(), "-i", image.toString()));
        sources.forEach(source -> argv.add(source.toString()));
        argv.add("::/");
        return List.copyOf(argv);
    }

    /** Creates directories (e.g. {@code ::/EFI}) inside a FAT image. */
    List<String> mmd(Path image, String... dirs) {
        List<String> argv = new ArrayList<>(List.of(tools.mmd(), "-i", image.toString()));
        argv.addAll(List.of(dirs));
        return List.copyOf(argv);
    }

    /** Copies a host file into a FAT image at {@code target} (e.g. {@code ::/EFI/BOOT/BOOTX64.EFI}). */
    List<String> mcopy(Path image, Path source, String target) {
        return List.of(tools.mcopy(), "-i", image.toString(), source.toString(), target);
    }

    /**
     * Writes the ISO. x86_64: isolinux BIOS entry plus EFI entry, isohybrid MBR and GPT. ARM64: EFI
     * entry only, with a GPT whose EFI partition is the El Torito image (USB boot).
     */
    List<String> xorriso(Path output, String volumeId, Path stage, Architecture architecture) {
        List<String> argv = new ArrayList<>(List.of(
                tools.xorriso(), "-as", "mkisofs", "-quiet",
                "-o", output.toString(), "-V", volumeId, "-J", "-R"));
        if (architecture.biosBoot()) {
            argv.addAll(List.of(
                    "-isohybrid-mbr", tools.isohybridMbr().toString(),
                    "-b", ISOLINUX_BIN, "-c", BOOT_CATALOG,
                    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
                    "-eltorito-alt-boot", "-e", EFI_IMAGE, "-no-emul-boot", "-isohybrid-gpt-basdat"));
        } else {
            argv.addAll(List.of(
                    "-c", "boot.cat", "-e", EFI_IMAGE, "-no-emul-boot", "-efi-boot-part", "--efi-boot-image"));
        }
        argv.add(stage.toString());
        return List.copyOf(argv);
    }
}
