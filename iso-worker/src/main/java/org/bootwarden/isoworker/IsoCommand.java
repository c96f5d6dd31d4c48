package org.bootwarden.isoworker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the argv lists of the commands that assemble a boot ISO. Pure: no I/O, nothing is run.
 * The layout follows {@code IPXE-NOTES.md} ("Hybrid ISO").
 */
final class IsoCommand {

    /** Staged file names, relative to the staging directory that becomes the ISO root. */
    static final String ISOLINUX_BIN = "isolinux/isolinux.bin";
    static final String BOOT_CATALOG = "isolinux/boot.cat";
    static final String EFI_IMAGE = "efiboot.img";
    static final String FAT_LABEL = "IPXEEFI";
    static final long SLACK_KIB = 256;

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

    /** Creates an empty FAT image file of {@code sizeKiB}. */
    List<String> mkfsVfat(Path image, long sizeKiB) {
        return List.of(tools.mkfsVfat(), "-C", "-n", FAT_LABEL, image.toString(), Long.toString(sizeKiB));
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
