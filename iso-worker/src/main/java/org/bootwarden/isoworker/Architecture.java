package org.bootwarden.isoworker;

/**
 * The CPU architecture the boot medium is for. {@link #X86_64} boots under BIOS (isolinux) and
 * UEFI; {@link #ARM64} boots under UEFI only.
 */
public enum Architecture {
    /** BIOS via isolinux + {@code ipxe.lkrn}; UEFI via {@code EFI/BOOT/BOOTX64.EFI}. */
    X86_64(true, "BOOTX64.EFI", "ipxe.efi", "snponly.efi"),
    /** UEFI only, via {@code EFI/BOOT/BOOTAA64.EFI}. */
    ARM64(false, "BOOTAA64.EFI", "ipxe-arm64.efi", "snponly-arm64.efi");

    private final boolean biosBoot;
    private final String efiBootFile;
    private final String fullEfiBinary;
    private final String snponlyEfiBinary;

    Architecture(boolean biosBoot, String efiBootFile, String fullEfiBinary, String snponlyEfiBinary) {
        this.biosBoot = biosBoot;
        this.efiBootFile = efiBootFile;
        this.fullEfiBinary = fullEfiBinary;
        this.snponlyEfiBinary = snponlyEfiBinary;
    }

    boolean biosBoot() {
        return biosBoot;
    }

    /** Removable-media file name under {@code EFI/BOOT/}. */
    String efiBootFile() {
        return efiBootFile;
    }

    /** File name of the iPXE EFI binary in the iPXE directory. */
    String efiBinary(NicDriver nicDriver) {
        return nicDriver == NicDriver.SNPONLY ? snponlyEfiBinary : fullEfiBinary;
    }
}
