package org.bootwarden.isoworker.custom;

import org.bootwarden.isoworker.Architecture;

/**
 * An iPXE binary a custom build makes: the {@code make} target (relative to iPXE's {@code src/})
 * and the file name it gets in the build directory, which is the name {@link
 * org.bootwarden.isoworker.IsoToolsConfig#ipxeDir()} expects. Targets of one architecture are built
 * in one {@code make} call.
 */
public enum IpxeTarget {
    /** BIOS kernel image, booted by isolinux/SYSLINUX (all NIC drivers). */
    X86_64_LKRN(Architecture.X86_64, "bin/ipxe.lkrn", "ipxe.lkrn"),
    /** x86_64 UEFI application with all NIC drivers. */
    X86_64_EFI(Architecture.X86_64, "bin-x86_64-efi/ipxe.efi", "ipxe.efi"),
    /** x86_64 UEFI application using the firmware's network driver only. */
    X86_64_SNPONLY(Architecture.X86_64, "bin-x86_64-efi/snponly.efi", "snponly.efi"),
    /** ARM64 UEFI application with all NIC drivers. */
    ARM64_EFI(Architecture.ARM64, "bin-arm64-efi/ipxe.efi", "ipxe-arm64.efi"),
    /** ARM64 UEFI application using the firmware's network driver only. */
    ARM64_SNPONLY(Architecture.ARM64, "bin-arm64-efi/snponly.efi", "snponly-arm64.efi");

    private final Architecture architecture;
    private final String makeTarget;
    private final String outputName;

    IpxeTarget(Architecture architecture, String makeTarget, String outputName) {
        this.architecture = architecture;
        this.makeTarget = makeTarget;
        this.outputName = outputName;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The argument given to {@code make}, and the path of the result under {@code src/}. */
    public String makeTarget() {
        return makeTarget;
    }

    /** The file name in a finished build directory. */
    public String outputName() {
        return outputName;
    }
}
