package org.bootwarden.isoworker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link IsoBuilder} finds its tools: the iPXE binaries, the isolinux/syslinux files and the
 * commands it runs. Commands are plain names (looked up on {@code PATH}) or absolute paths.
 *
 * @param ipxeDir directory with {@code ipxe.lkrn}, {@code ipxe.efi}, {@code snponly.efi} and
 *     optionally {@code ipxe-arm64.efi}, {@code snponly-arm64.efi} (see {@code
 *     infra/ipxe/fetch-ipxe.sh})
 * @param isolinuxBin {@code isolinux.bin} (Debian package isolinux)
 * @param ldlinuxC32 {@code ldlinux.c32} for BIOS (Debian package syslinux-common)
 * @param isohybridMbr {@code isohdpfx.bin}, the isohybrid MBR (Debian package isolinux)
 * @param xorriso xorriso command (Debian package xorriso)
 * @param mkfsVfat mkfs.vfat command (Debian package dosfstools)
 * @param mmd mmd command (Debian package mtools)
 * @param mcopy mcopy command (Debian package mtools)
 * @param syslinux SYSLINUX installer for FAT images, used for floppy images (Debian package
 *     syslinux, the mtools-based {@code syslinux --install IMAGE}; no root or mount needed)
 * @param workDir directory under which each build gets a fresh temporary directory
 */
public record IsoToolsConfig(
        Path ipxeDir,
        Path isolinuxBin,
        Path ldlinuxC32,
        Path isohybridMbr,
        String xorriso,
        String mkfsVfat,
        String mmd,
        String mcopy,
        String syslinux,
        Path workDir) {

    public IsoToolsConfig {
        Objects.requireNonNull(ipxeDir, "ipxeDir");
        Objects.requireNonNull(isolinuxBin, "isolinuxBin");
        Objects.requireNonNull(ldlinuxC32, "ldlinuxC32");
        Objects.requireNonNull(isohybridMbr, "isohybridMbr");
        Objects.requireNonNull(xorriso, "xorriso");
        Objects.requireNonNull(mkfsVfat, "mkfsVfat");
        Objects.requireNonNull(mmd, "mmd");
        Objects.requireNonNull(mcopy, "mcopy");
        Objects.requireNonNull(syslinux, "syslinux");
        Objects.requireNonNull(workDir, "workDir");
    }

    /** This configuration with another iPXE directory, e.g. a custom build's ({@code CustomBuild#applyTo}). */
    public IsoToolsConfig withIpxeDir(Path dir) {
        return new IsoToolsConfig(dir, isolinuxBin, ldlinuxC32, isohybridMbr, xorriso, mkfsVfat, mmd, mcopy, syslinux,
                workDir);
    }

    /** Paths of Debian's isolinux and syslinux-common packages, commands taken from {@code PATH}. */
    public static IsoToolsConfig debianDefaults(Path ipxeDir, Path workDir) {
        return new IsoToolsConfig(
                ipxeDir,
                Path.of("/usr/lib/ISOLINUX/isolinux.bin"),
                Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32"),
                Path.of("/usr/lib/ISOLINUX/isohdpfx.bin"),
                "xorriso",
                "mkfs.vfat",
                "mmd",
                "mcopy",
                "syslinux",
                workDir);
    }
}
