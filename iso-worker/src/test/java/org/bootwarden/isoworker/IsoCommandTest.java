package org.bootwarden.isoworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoCommandTest {

    private final IsoCommand commands = new IsoCommand(tools());

    private static IsoToolsConfig tools() {
        return IsoToolsConfig.debianDefaults(Path.of("/opt/ipxe"), Path.of("/var/tmp/bw"));
    }

    @Test
    void shouldBuildHybridBiosAndUefiXorrisoCommandForX86() {
        assertThat(commands.xorriso(Path.of("/out/.h.iso.part"), "HOST_01", Path.of("/w/stage"), Architecture.X86_64))
                .containsExactly(
                        "xorriso", "-as", "mkisofs", "-quiet",
                        "-o", "/out/.h.iso.part", "-V", "HOST_01", "-J", "-R",
                        "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin",
                        "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                        "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
                        "-eltorito-alt-boot", "-e", "efiboot.img", "-no-emul-boot", "-isohybrid-gpt-basdat",
                        "/w/stage");
    }

    @Test
    void shouldBuildUefiOnlyXorrisoCommandWithEfiPartitionForArm64() {
        assertThat(commands.xorriso(Path.of("/out/a.iso"), "ARM", Path.of("/w/stage"), Architecture.ARM64))
                .containsExactly(
                        "xorriso", "-as", "mkisofs", "-quiet",
                        "-o", "/out/a.iso", "-V", "ARM", "-J", "-R",
                        "-c", "boot.cat", "-e", "efiboot.img", "-no-emul-boot",
                        "-efi-boot-part", "--efi-boot-image",
                        "/w/stage");
    }

    @Test
    void shouldUseConfiguredCommandNames() {
        IsoToolsConfig custom = new IsoToolsConfig(Path.of("/i"), Path.of("/b"), Path.of("/l"), Path.of("/m"),
                "/opt/bin/xorriso", "/sbin/mkfs.fat", "/opt/mmd", "/opt/mcopy", "/opt/syslinux", Path.of("/w"));
        IsoCommand customCommands = new IsoCommand(custom);

        assertThat(customCommands.xorriso(Path.of("o"), "V", Path.of("s"), Architecture.X86_64))
                .startsWith("/opt/bin/xorriso").contains("/m");
        assertThat(customCommands.mkfsVfat(Path.of("e"), 1, 0)).startsWith("/sbin/mkfs.fat");
        assertThat(customCommands.mmd(Path.of("e"), "::/EFI")).startsWith("/opt/mmd");
        assertThat(customCommands.mcopy(Path.of("e"), Path.of("f"), "::/f")).startsWith("/opt/mcopy");
        assertThat(customCommands.mkfsFloppy(Path.of("f"), "V", 0)).startsWith("/sbin/mkfs.fat");
        assertThat(customCommands.syslinuxInstall(Path.of("f"))).startsWith("/opt/syslinux");
        assertThat(customCommands.mcopyToRoot(Path.of("f"), List.of(Path.of("a")))).startsWith("/opt/mcopy");
    }

    @Test
    void shouldCreate1440KiBFat12FloppyLabelledWithVolumeIdCutTo11Characters() {
        assertThat(commands.mkfsFloppy(Path.of("/out/.f.img.part"), "BW_WEB01", 0x6553F100))
                .containsExactly("mkfs.vfat", "--invariant", "-i", "6553F100", "-C", "-F", "12", "-n", "BW_WEB01",
                        "/out/.f.img.part", "1440");
        assertThat(commands.mkfsFloppy(Path.of("f.img"), "BW_A_VERY_LONG_HOSTNAME", 1))
                .containsSequence("-n", "BW_A_VERY_L");
    }

    @Test
    void shouldInstallSyslinuxIntoTheImageFile() {
        assertThat(commands.syslinuxInstall(Path.of("/out/.f.img.part")))
                .containsExactly("syslinux", "--install", "/out/.f.img.part");
    }

    @Test
    void shouldCopyAllFloppyFilesIntoTheRootInOneMcopyCall() {
        assertThat(commands.mcopyToRoot(Path.of("/out/f.img"),
                List.of(Path.of("/opt/ipxe/ipxe.lkrn"), Path.of("/w/stage/boot.ipxe"), Path.of("/w/stage/syslinux.cfg"))))
                .containsExactly("mcopy", "-i", "/out/f.img",
                        "/opt/ipxe/ipxe.lkrn", "/w/stage/boot.ipxe", "/w/stage/syslinux.cfg", "::/");
    }

    @Test
    void shouldCreateLabelledReproducibleFatImageOfGivenSize() {
        assertThat(commands.mkfsVfat(Path.of("/w/stage/efiboot.img"), 1230, 0xA5))
                .containsExactly("mkfs.vfat", "--invariant", "-i", "000000A5", "-C", "-n", "IPXEEFI",
                        "/w/stage/efiboot.img", "1230");
    }

    @Test
    void shouldCreateAllDirectoriesInOneMmdCall() {
        assertThat(commands.mmd(Path.of("/w/efiboot.img"), "::/EFI", "::/EFI/BOOT"))
                .containsExactly("mmd", "-i", "/w/efiboot.img", "::/EFI", "::/EFI/BOOT");
    }

    @Test
    void shouldCopyFileIntoFatImage() {
        assertThat(commands.mcopy(Path.of("/w/efiboot.img"), Path.of("/opt/ipxe/ipxe.efi"), "::/EFI/BOOT/BOOTX64.EFI"))
                .containsExactly("mcopy", "-i", "/w/efiboot.img", "/opt/ipxe/ipxe.efi", "::/EFI/BOOT/BOOTX64.EFI");
    }

    @Test
    void shouldSizeFatImageFromBinaryAndScriptRoundedUpPlusSlack() {
        assertThat(IsoCommand.efiImageSizeKiB(996_864, 100)).isEqualTo(974 + 1 + 256);
        assertThat(IsoCommand.efiImageSizeKiB(1024, 1024)).isEqualTo(1 + 1 + 256);
        assertThat(IsoCommand.efiImageSizeKiB(1025, 65_536)).isEqualTo(2 + 64 + 256);
    }

    @Test
    void shouldPickEfiBinaryAndBootFileByArchitectureAndNicDriver() {
        assertThat(Architecture.X86_64.efiBinary(NicDriver.FULL)).isEqualTo("ipxe.efi");
        assertThat(Architecture.X86_64.efiBinary(NicDriver.SNPONLY)).isEqualTo("snponly.efi");
        assertThat(Architecture.ARM64.efiBinary(NicDriver.FULL)).isEqualTo("ipxe-arm64.efi");
        assertThat(Architecture.ARM64.efiBinary(NicDriver.SNPONLY)).isEqualTo("snponly-arm64.efi");
        assertThat(Architecture.X86_64.efiBootFile()).isEqualTo("BOOTX64.EFI");
        assertThat(Architecture.ARM64.efiBootFile()).isEqualTo("BOOTAA64.EFI");
    }
}
