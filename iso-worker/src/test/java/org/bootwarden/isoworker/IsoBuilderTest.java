package org.bootwarden.isoworker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds real ISOs with the machine's tools and checks their structure with xorriso and mtools.
 * Builds are skipped when a tool or the iPXE binaries are missing. The iPXE directory is {@code
 * ../.cache/ipxe} (filled by {@code infra/ipxe/fetch-ipxe.sh}) unless {@code -Dbootwarden.ipxe.dir}
 * says otherwise.
 */
class IsoBuilderTest {

    private static final Path IPXE_DIR = Path.of(System.getProperty("bootwarden.ipxe.dir", "../.cache/ipxe"));
    private static final String SCRIPT = """
            #!ipxe
            ifopen net0
            set net0/ip 10.0.2.15
            set net0/netmask 255.255.255.0
            set net0/gateway 10.0.2.2
            chain http://10.0.2.2:8080/ipxe?mac=${net0/mac}
            """;

    @TempDir
    Path temp;

    private Path workDir() {
        return temp.resolve("work");
    }

    private IsoToolsConfig tools() {
        return IsoToolsConfig.debianDefaults(IPXE_DIR, workDir());
    }

    private static IsoToolsConfig withXorriso(IsoToolsConfig tools, String xorriso) {
        return new IsoToolsConfig(tools.ipxeDir(), tools.isolinuxBin(), tools.ldlinuxC32(), tools.isohybridMbr(),
                xorriso, tools.mkfsVfat(), tools.mmd(), tools.mcopy(), tools.syslinux(), tools.workDir());
    }

    private static IsoToolsConfig withSyslinux(IsoToolsConfig tools, String syslinux) {
        return new IsoToolsConfig(tools.ipxeDir(), tools.isolinuxBin(), tools.ldlinuxC32(), tools.isohybridMbr(),
                tools.xorriso(), tools.mkfsVfat(), tools.mmd(), tools.mcopy(), syslinux, tools.workDir());
    }

    private static IsoSpec x86(NicDriver nicDriver) {
        return new IsoSpec("BOOTWARDEN_TEST", SCRIPT, nicDriver, Architecture.X86_64);
    }

    private IsoBuilder builderWithAllTools() {
        IsoBuilder builder = new IsoBuilder(tools());
        List<String> problems = builder.checkTools();
        assumeTrue(problems.isEmpty() && IsoBuilder.onPath("mtype"), "ISO tools missing: " + problems);
        return builder;
    }

    @Test
    void shouldBuildIsoWithBiosAndUefiElToritoEntries() throws Exception {
        Path iso = temp.resolve("out/host.iso");

        builderWithAllTools().build(x86(NicDriver.FULL), iso);

        String report = run("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
        assertThat(report)
                .containsPattern("El Torito boot img\\s*:\\s*1\\s+BIOS")
                .containsPattern("El Torito boot img\\s*:\\s*2\\s+UEFI")
                .contains("/isolinux/isolinux.bin", "/efiboot.img");
        assertThat(run("xorriso", "-indev", iso.toString(), "-pvd_info")).contains("Volume Id    : BOOTWARDEN_TEST");
        assertThat(run("xorriso", "-indev", iso.toString(), "-report_system_area", "plain")).contains("GPT");
        assertThat(workDir()).isEmptyDirectory();
        assertThat(listNames(iso.getParent())).containsExactly("host.iso");
    }

    @Test
    void shouldPutScriptInIsoTreeAndBootIpxeAsIsolinuxInitrd() throws Exception {
        Path iso = temp.resolve("host.iso");
        builderWithAllTools().build(x86(NicDriver.FULL), iso);

        Path out = Files.createDirectory(temp.resolve("x"));
        extract(iso, "/boot.ipxe", out.resolve("boot.ipxe"));
        extract(iso, "/autoexec.ipxe", out.resolve("autoexec.ipxe"));
        extract(iso, "/isolinux/isolinux.cfg", out.resolve("isolinux.cfg"));
        extract(iso, "/ipxe.lkrn", out.resolve("ipxe.lkrn"));

        assertThat(Files.readString(out.resolve("boot.ipxe"))).isEqualTo(SCRIPT);
        assertThat(Files.readString(out.resolve("autoexec.ipxe"))).isEqualTo(SCRIPT);
        assertThat(Files.readString(out.resolve("isolinux.cfg")))
                .contains("KERNEL /ipxe.lkrn", "INITRD /boot.ipxe");
        assertThat(out.resolve("ipxe.lkrn")).hasSameBinaryContentAs(IPXE_DIR.resolve("ipxe.lkrn"));
    }

    @Test
    void shouldPutFullIpxeEfiAndScriptIntoEfiBootImage() throws Exception {
        Path iso = temp.resolve("host.iso");
        builderWithAllTools().build(x86(NicDriver.FULL), iso);

        Path image = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));

        assertThat(run("mtype", "-i", image.toString(), "::/EFI/BOOT/autoexec.ipxe")).isEqualTo(SCRIPT);
        assertThat(copyOutOfFat(image, "::/EFI/BOOT/BOOTX64.EFI"))
                .hasSameBinaryContentAs(IPXE_DIR.resolve("ipxe.efi"));
    }

    @Test
    void shouldUseSnponlyEfiWhenSnponlyDriverIsChosen() throws Exception {
        Path iso = temp.resolve("host.iso");
        builderWithAllTools().build(x86(NicDriver.SNPONLY), iso);

        Path image = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));

        assertThat(copyOutOfFat(image, "::/EFI/BOOT/BOOTX64.EFI"))
                .hasSameBinaryContentAs(IPXE_DIR.resolve("snponly.efi"));
    }

    @Test
    void shouldStartWithIsohybridMbrAndGptSoTheIsoBootsAsUsbDisk() throws Exception {
        Path iso = temp.resolve("host.iso");
        builderWithAllTools().build(x86(NicDriver.FULL), iso);

        byte[] head = new byte[1024];
        try (var in = Files.newInputStream(iso)) {
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
        }
        assertThat(head[510]).isEqualTo((byte) 0x55);
        assertThat(head[511]).isEqualTo((byte) 0xAA);
        assertThat(new String(head, 512, 8, UTF_8)).isEqualTo("EFI PART");
        byte[] isohybridMbr = Files.readAllBytes(tools().isohybridMbr());
        assertThat(head).startsWith(Arrays.copyOf(isohybridMbr, 432));
    }

    @Test
    void shouldBuildUefiOnlyIsoForArm64() throws Exception {
        IsoBuilder builder = builderWithAllTools();
        assumeTrue(Files.isRegularFile(IPXE_DIR.resolve("ipxe-arm64.efi")), "no ipxe-arm64.efi");
        Path iso = temp.resolve("arm.iso");

        builder.build(new IsoSpec("ARM", SCRIPT, NicDriver.FULL, Architecture.ARM64), iso);

        String report = run("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
        assertThat(report).containsPattern("El Torito boot img\\s*:\\s*1\\s+UEFI").doesNotContain("BIOS");
        assertThat(run("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "echo"))
                .doesNotContain("isolinux", "ipxe.lkrn");
        Path image = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));
        assertThat(copyOutOfFat(image, "::/EFI/BOOT/BOOTAA64.EFI"))
                .hasSameBinaryContentAs(IPXE_DIR.resolve("ipxe-arm64.efi"));
        assertThat(run("mtype", "-i", image.toString(), "::/EFI/BOOT/autoexec.ipxe")).isEqualTo(SCRIPT);
    }

    @Test
    void shouldNameEveryMissingToolWithItsDebianPackage() throws IOException {
        IsoToolsConfig broken = new IsoToolsConfig(Files.createDirectory(temp.resolve("empty")),
                temp.resolve("isolinux.bin"), temp.resolve("ldlinux.c32"), temp.resolve("isohdpfx.bin"),
                "no-such-xorriso", "no-such-mkfs.vfat", "no-such-mmd", "/no/such/mcopy", "no-such-syslinux", workDir());

        List<String> problems = new IsoBuilder(broken).checkTools();

        assertThat(problems).hasSize(11);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no-such-xorriso", "package xorriso"))
                .anySatisfy(p -> assertThat(p).contains("no-such-mkfs.vfat", "package dosfstools"))
                .anySatisfy(p -> assertThat(p).contains("no-such-mmd", "package mtools"))
                .anySatisfy(p -> assertThat(p).contains("/no/such/mcopy", "package mtools"))
                .anySatisfy(p -> assertThat(p).contains("no-such-syslinux", "package syslinux"))
                .anySatisfy(p -> assertThat(p).contains("isolinux.bin", "package isolinux"))
                .anySatisfy(p -> assertThat(p).contains("isohdpfx.bin", "package isolinux"))
                .anySatisfy(p -> assertThat(p).contains("ldlinux.c32", "package syslinux-common"))
                .anySatisfy(p -> assertThat(p).contains("ipxe.lkrn", "infra/ipxe/fetch-ipxe.sh"))
                .anySatisfy(p -> assertThat(p).contains("ipxe.efi", "infra/ipxe/fetch-ipxe.sh"))
                .anySatisfy(p -> assertThat(p).contains("snponly.efi", "infra/ipxe/fetch-ipxe.sh"));
    }

    @Test
    void shouldRefuseToBuildWhenIpxeBinaryIsMissing() throws IOException {
        Path emptyIpxeDir = Files.createDirectory(temp.resolve("empty"));
        IsoToolsConfig tools = IsoToolsConfig.debianDefaults(emptyIpxeDir, workDir());
        Path iso = temp.resolve("host.iso");

        assertThatThrownBy(() -> new IsoBuilder(tools).build(x86(NicDriver.FULL), iso))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("Cannot build ISO")
                .hasMessageContaining("iPXE binary " + emptyIpxeDir.resolve("ipxe.lkrn") + " not found")
                .hasMessageContaining("iPXE binary " + emptyIpxeDir.resolve("ipxe.efi") + " not found")
                .hasMessageContaining("run infra/ipxe/fetch-ipxe.sh " + emptyIpxeDir)
                .hasMessageNotContaining("snponly.efi");
        assertThat(iso).doesNotExist();
        assertThat(workDir()).doesNotExist();
    }

    @Test
    void shouldExplainThatArm64SnponlyBinaryIsNotShippedByDebian() throws IOException {
        IsoToolsConfig tools = IsoToolsConfig.debianDefaults(Files.createDirectory(temp.resolve("x86only")), workDir());
        IsoSpec spec = new IsoSpec("ARM", SCRIPT, NicDriver.SNPONLY, Architecture.ARM64);

        assertThatThrownBy(() -> new IsoBuilder(tools).build(spec, temp.resolve("arm.iso")))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("snponly-arm64.efi not found")
                .hasMessageContaining("use NicDriver.FULL for ARM64")
                .hasMessageNotContaining("ipxe.lkrn");
    }

    @Test
    void shouldKeepPreviousOutputAndRemovePartialFileWhenXorrisoFails() throws Exception {
        builderWithAllTools();
        Path fakeXorriso = script("fake-xorriso", """
                #!/bin/sh
                # writes half an ISO to the -o argument, then fails like a full disk
                while [ $# -gt 0 ]; do [ "$1" = -o ] && printf 'half an ISO' > "$2"; shift; done
                echo "xorriso : FAILURE : simulated write error" >&2
                exit 5
                """);
        Path iso = Files.createDirectories(temp.resolve("out")).resolve("host.iso");
        Files.writeString(iso, "previous ISO");
        IsoBuilder failing = new IsoBuilder(withXorriso(tools(), fakeXorriso.toString()));

        assertThatThrownBy(() -> failing.build(x86(NicDriver.FULL), iso))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("'" + fakeXorriso + " -as mkisofs")
                .hasMessageContaining("exit code 5")
                .hasMessageContaining("simulated write error");
        assertThat(iso).hasContent("previous ISO");
        assertThat(listNames(iso.getParent())).containsExactly("host.iso");
        assertThat(workDir()).isEmptyDirectory();
    }

    @Test
    void shouldNotCreateOutputWhenXorrisoIsFalse() {
        builderWithAllTools();
        Path iso = temp.resolve("host.iso");

        assertThatThrownBy(() -> new IsoBuilder(withXorriso(tools(), "false")).build(x86(NicDriver.FULL), iso))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageStartingWith("'false -as mkisofs")
                .hasMessageContaining("exit code 1; output: (no output)");
        assertThat(iso).doesNotExist();
        assertThat(workDir()).isEmptyDirectory();
    }

    @Test
    void shouldKillCommandThatExceedsTimeLimit() throws Exception {
        builderWithAllTools();
        Path slowXorriso = script("slow-xorriso", "#!/bin/sh\necho starting\nexec sleep 30\n");
        Path iso = temp.resolve("host.iso");
        IsoBuilder builder = new IsoBuilder(withXorriso(tools(), slowXorriso.toString()), Duration.ofMillis(500));

        assertThatThrownBy(() -> builder.build(x86(NicDriver.FULL), iso))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("timed out after 500 ms; output: starting");
        assertThat(iso).doesNotExist();
        assertThat(workDir()).isEmptyDirectory();
    }

    @Test
    void shouldBuildByteForByteTheSameIsoAndFloppyFromTheSameSpecAndEpoch() throws Exception {
        IsoBuilder builder = builderWithAllTools();
        builder.build(x86(NicDriver.FULL), temp.resolve("first.iso"), 1_700_000_000L);
        builder.buildFloppy(x86(NicDriver.FULL), temp.resolve("first.img"), 1_700_000_000L);
        Thread.sleep(2100); // FAT times have a resolution of 2 s: a clock leak would show
        builder.build(x86(NicDriver.FULL), temp.resolve("second.iso"), 1_700_000_000L);
        builder.buildFloppy(x86(NicDriver.FULL), temp.resolve("second.img"), 1_700_000_000L);

        assertThat(temp.resolve("second.iso")).hasSameBinaryContentAs(temp.resolve("first.iso"));
        assertThat(temp.resolve("second.img")).hasSameBinaryContentAs(temp.resolve("first.img"));
        assertThat(run("xorriso", "-indev", temp.resolve("first.iso").toString(), "-pvd_info"))
                .contains("Creation Time: 2023111422132000");
        Path efiboot = extract(temp.resolve("first.iso"), "/efiboot.img", temp.resolve("efiboot.img"));
        assertThat(run("mdir", "-i", efiboot.toString(), "::/EFI/BOOT")).contains("2023-11-14  22:13");
    }

    @Test
    void shouldMeasureBuildTime() {
        IsoBuilder builder = builderWithAllTools();
        Path iso = temp.resolve("timed.iso");
        builder.build(x86(NicDriver.FULL), iso); // warm-up
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            builder.build(x86(NicDriver.FULL), iso);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("[IsoBuilderTest] hybrid ISO build: median %d ms, min %d ms, max %d ms (%d bytes)%n",
                millis.get(2), millis.get(0), millis.get(4), iso.toFile().length());
    }

    // --- floppy images -------------------------------------------------------------------------

    @Test
    void shouldBuildA1440KiBFat12FloppyWithSyslinuxBootSector() throws Exception {
        Path floppy = temp.resolve("out/host-floppy.img");

        builderWithAllTools().buildFloppy(x86(NicDriver.FULL), floppy);

        assertThat(Files.size(floppy)).isEqualTo(1_474_560L);
        byte[] bootSector = Arrays.copyOf(Files.readAllBytes(floppy), 512);
        assertThat(bootSector[510] & 0xff).as("boot signature byte 510").isEqualTo(0x55);
        assertThat(bootSector[511] & 0xff).as("boot signature byte 511").isEqualTo(0xAA);
        assertThat(new String(bootSector, 54, 8, UTF_8)).as("FAT type in the boot sector").isEqualTo("FAT12   ");
        assertThat(new String(bootSector, 3, 8, UTF_8)).as("OEM name written by SYSLINUX").isEqualTo("SYSLINUX");
        assertThat(run("mdir", "-a", "-b", "-i", floppy.toString(), "::/").lines().map(String::strip).toList())
                .containsExactlyInAnyOrder("::/ldlinux.sys", "::/ldlinux.c32", "::/ipxe.lkrn", "::/boot.ipxe",
                        "::/syslinux.cfg");
        assertThat(workDir()).isEmptyDirectory();
        assertThat(listNames(floppy.getParent())).containsExactly("host-floppy.img");
    }

    @Test
    void shouldPutKernelScriptAndSyslinuxCfgOnTheFloppy() throws Exception {
        Path floppy = temp.resolve("host-floppy.img");

        builderWithAllTools().buildFloppy(x86(NicDriver.FULL), floppy);

        assertThat(run("mtype", "-i", floppy.toString(), "::/boot.ipxe")).isEqualTo(SCRIPT);
        assertThat(run("mtype", "-i", floppy.toString(), "::/syslinux.cfg"))
                .isEqualTo("DEFAULT ipxe\nLABEL ipxe\n  KERNEL ipxe.lkrn\n  INITRD boot.ipxe\n");
        assertThat(copyOutOfFat(floppy, "::/ipxe.lkrn")).hasSameBinaryContentAs(IPXE_DIR.resolve("ipxe.lkrn"));
        assertThat(run("mlabel", "-s", "-i", floppy.toString(), "::")).contains("BOOTWARDEN_");
    }

    @Test
    void shouldRefuseAFloppyForArm64() {
        IsoSpec arm = new IsoSpec("ARM", SCRIPT, NicDriver.FULL, Architecture.ARM64);

        assertThatThrownBy(() -> new IsoBuilder(tools()).buildFloppy(arm, temp.resolve("arm.img")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boots only under BIOS")
                .hasMessageContaining("ARM64");
        assertThat(temp.resolve("arm.img")).doesNotExist();
    }

    @Test
    void shouldRefuseAFloppyForSnponlyBecauseBiosIpxeBringsItsOwnDrivers() {
        assertThatThrownBy(() -> new IsoBuilder(tools()).buildFloppy(x86(NicDriver.SNPONLY), temp.resolve("s.img")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SNPONLY")
                .hasMessageContaining("ipxe.lkrn");
        assertThat(temp.resolve("s.img")).doesNotExist();
    }

    @Test
    void shouldNameTheSyslinuxPackageWhenItIsMissingForAFloppy() {
        IsoBuilder builder = new IsoBuilder(withSyslinux(tools(), "no-such-syslinux"));

        assertThatThrownBy(() -> builder.buildFloppy(x86(NicDriver.FULL), temp.resolve("f.img")))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("Cannot build floppy image")
                .hasMessageContaining("command 'no-such-syslinux' not found on PATH (install Debian package syslinux)")
                .hasMessageNotContaining("xorriso");
        assertThat(workDir()).doesNotExist();
    }

    @Test
    void shouldKeepThePreviousFloppyAndRemoveThePartialImageWhenSyslinuxFails() throws Exception {
        builderWithAllTools();
        Path fakeSyslinux = script("fake-syslinux", "#!/bin/sh\necho 'syslinux: simulated failure' >&2\nexit 3\n");
        Path floppy = Files.createDirectories(temp.resolve("out")).resolve("host-floppy.img");
        Files.writeString(floppy, "previous floppy");

        assertThatThrownBy(() -> new IsoBuilder(withSyslinux(tools(), fakeSyslinux.toString()))
                .buildFloppy(x86(NicDriver.FULL), floppy))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("'" + fakeSyslinux + " --install ")
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("simulated failure");
        assertThat(floppy).hasContent("previous floppy");
        assertThat(listNames(floppy.getParent())).containsExactly("host-floppy.img");
        assertThat(workDir()).isEmptyDirectory();
    }

    @Test
    void shouldMeasureFloppyBuildTime() {
        IsoBuilder builder = builderWithAllTools();
        Path floppy = temp.resolve("timed.img");
        builder.buildFloppy(x86(NicDriver.FULL), floppy); // warm-up
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            builder.buildFloppy(x86(NicDriver.FULL), floppy);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("[IsoBuilderTest] floppy image build: median %d ms, min %d ms, max %d ms (%d bytes)%n",
                millis.get(2), millis.get(0), millis.get(4), floppy.toFile().length());
    }

    private Path script(String name, String content) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Path extract(Path iso, String isoPath, Path target) throws Exception {
        run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", isoPath, target.toString());
        return target;
    }

    private Path copyOutOfFat(Path image, String fatPath) throws Exception {
        Path target = temp.resolve("from-fat-" + fatPath.substring(fatPath.lastIndexOf('/') + 1));
        run("mcopy", "-i", image.toString(), fatPath, target.toString());
        return target;
    }

    /** Runs a command, returns its stdout; stderr goes to the test log. */
    private static String run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s", List.of(argv)).isZero();
        return stdout;
    }
}
