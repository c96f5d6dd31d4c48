package org.bootwarden.isoworker;

/**
 * Which iPXE EFI binary boots under UEFI. BIOS boot always uses {@code ipxe.lkrn}, which carries
 * all drivers.
 */
public enum NicDriver {
    /** {@code ipxe.efi}: iPXE's own NIC drivers, including Hyper-V netvsc/vmbus. */
    FULL,
    /** {@code snponly.efi}: no NIC drivers of its own, uses the UEFI firmware's driver (SNP/NII). */
    SNPONLY
}
