package org.bootwarden.isoworker;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds hybrid iPXE boot ISOs (CD and USB disk; BIOS and UEFI for x86_64, UEFI for ARM64) whose
 * iPXE runs the given script at start-up, without DHCP configuration on the medium itself.
 *
 * <p>Layout (x86_64): {@code /isolinux/} boots {@code /ipxe.lkrn} with {@code /boot.ipxe} as initrd
 * under BIOS; the El Torito EFI image {@code /efiboot.img} (FAT) holds {@code EFI/BOOT/BOOTX64.EFI}
 * and {@code EFI/BOOT/autoexec.ipxe}; {@code /autoexec.ipxe} is also in the ISO tree; an isohybrid
 * MBR and GPT make the image bootable as a disk.
 *
 * <p>{@link #buildFloppy} makes a 1.44 MB FAT12 floppy image for BIOS-only machines instead:
 * SYSLINUX ({@code ldlinux.sys}, {@code ldlinux.c32}) boots {@code ipxe.lkrn} with {@code
 * boot.ipxe} as initrd, as configured in {@code syslinux.cfg}.
 *
 * <p>Each build runs in a fresh temporary directory under {@link IsoToolsConfig#workDir()}, which
 * is always removed. The ISO (or floppy image) is written to a temporary file beside {@code output} and moved into
 * place atomically, so {@code output} is never half-written. Thread-safe.
 *
 * <p>Builds are reproducible: every command runs with {@code SOURCE_DATE_EPOCH} set to the build
 * time (or a given epoch), staged files carry that time, and FAT images get a serial derived from
 * it, so two builds with the same spec and epoch are byte-for-byte identical. {@link
 * PatchingIsoBuilder} relies on this.
 */
public final class IsoBuilder {

    private static final Logger log = LoggerFactory.getLogger(IsoBuilder.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String FETCH_SCRIPT = "infra/ipxe/fetch-ipxe.sh";
    private static final String BIOS_KERNEL = "ipxe.lkrn";
    private static final String ARM64_SNPONLY = Architecture.ARM64.efiBinary(NicDriver.SNPONLY);
    private static final String ISOLINUX_CFG = """
            DEFAULT ipxe
            LABEL ipxe
              KERNEL /ipxe.lkrn
              INITRD /boot.ipxe
            """;
    /** SYSLINUX on FAT reads long (VFAT) names and looks in the root directory (verified by booting). */
    private static final String SYSLINUX_CFG = """
            DEFAULT ipxe
            LABEL ipxe
              KERNEL ipxe.lkrn
              INITRD boot.ipxe
            """;
    static final long FLOPPY_BYTES = IsoCommand.FLOPPY_KIB * 1024;

    private final IsoToolsConfig tools;
    private final IsoCommand commands;
    private final CommandRunner runner;

    public IsoBuilder(IsoToolsConfig tools) {
        this(tools, DEFAULT_TIMEOUT);
    }

    IsoBuilder(IsoToolsConfig tools, Duration commandTimeout) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.commands = new IsoCommand(tools);
        this.runner = new CommandRunner(commandTimeout);
    }

    /**
     * Checks that every tool for x86_64 builds (both NIC drivers) is present.
     *
     * @return human-readable problems, each naming the Debian package or fetch script that fixes
     *     it; empty if everything is in place
     */
    public List<String> checkTools() {
        List<String> problems = checkCommands();
        checkCommand(tools.syslinux(), "syslinux", problems);
        checkIsolinux(problems);
        for (String binary : List.of(BIOS_KERNEL, "ipxe.efi", "snponly.efi")) {
            checkIpxeBinary(binary, problems);
        }
        return problems;
    }

    /** The problems that would stop {@code spec} from building. */
    List<String> checkTools(IsoSpec spec) {
        List<String> problems = checkCommands();
        if (spec.architecture().biosBoot()) {
            checkIsolinux(problems);
            checkIpxeBinary(BIOS_KERNEL, problems);
        }
        checkIpxeBinary(spec.architecture().efiBinary(spec.nicDriver()), problems);
        return problems;
    }

    /** The problems that would stop a floppy image from building. */
    List<String> checkFloppyTools() {
        List<String> problems = new ArrayList<>();
        checkCommand(tools.mkfsVfat(), "dosfstools", problems);
        checkCommand(tools.mcopy(), "mtools", problems);
        checkCommand(tools.syslinux(), "syslinux", problems);
        checkIpxeBinary(BIOS_KERNEL, problems);
        return problems;
    }

    /**
     * Builds the ISO for {@code spec} and atomically replaces {@code output} with it.
     *
     * @throws IsoBuildException if tools are missing (listing them), a command fails or times out,
     *     or file I/O fails; {@code output} is then left as it was
     */
    public void build(IsoSpec spec, Path output) {
        build(spec, output, Instant.now().getEpochSecond());
    }

    /**
     * {@link #build(IsoSpec, Path)} with every timestamp in the image (ISO9660, Rock Ridge, Joliet,
     * FAT) and the FAT serial set from {@code epochSeconds}.
     */
    void build(IsoSpec spec, Path output, long epochSeconds) {
        Objects.requireNonNull(spec, "spec");
        Path target = Objects.requireNonNull(output, "output").toAbsolutePath();
        List<String> problems = checkTools(spec);
        if (!problems.isEmpty()) {
            throw new IsoBuildException("Cannot build ISO " + target + ": " + String.join("; ", problems));
        }
        long started = System.nanoTime();
        Path buildDir = null;
        Path partial = null;
        try {
            Files.createDirectories(tools.workDir());
            buildDir = Files.createTempDirectory(tools.workDir(), "iso-");
            Path stage = Files.createDirectory(buildDir.resolve("stage"));
            Path commandLog = buildDir.resolve("command.log");
            Map<String, String> env = sourceDateEpoch(epochSeconds);
            Path script = Files.writeString(stage.resolve("boot.ipxe"), spec.script(), StandardCharsets.UTF_8);
            Files.copy(script, stage.resolve("autoexec.ipxe"));
            if (spec.architecture().biosBoot()) {
                stageIsolinux(stage);
            }
            buildEfiImage(spec, stage.resolve(IsoCommand.EFI_IMAGE), script, commandLog, epochSeconds);
            setTimes(stage, epochSeconds);

            partial = partialFile(target, buildDir);
            runner.run(commands.xorriso(partial, spec.volumeId(), stage, spec.architecture()), commandLog, env);
            publish(partial, target, started);
        } catch (IOException e) {
            throw new IsoBuildException("Cannot build ISO " + target + ": " + e, e);
        } finally {
            deleteQuietly(partial);
            deleteQuietly(buildDir);
        }
    }

    /**
     * Builds a 1.44 MB floppy image (FAT12, exactly {@value #FLOPPY_BYTES} bytes) for {@code spec}
     * and atomically replaces {@code output} with it. The floppy boots under BIOS only, with
     * {@code ipxe.lkrn} and its own NIC drivers; {@code spec.volumeId()} (cut to 11 characters)
     * becomes the FAT label.
     *
     * @throws IllegalArgumentException if {@code spec} is not for x86_64 with NicDriver.FULL
     * @throws IsoBuildException if tools are missing (listing them), a command fails or times out,
     *     or file I/O fails; {@code output} is then left as it was
     */
    public void buildFloppy(IsoSpec spec, Path output) {
        buildFloppy(spec, output, Instant.now().getEpochSecond());
    }

    /** {@link #buildFloppy(IsoSpec, Path)} with every FAT timestamp and the serial set from {@code epochSeconds}. */
    void buildFloppy(IsoSpec spec, Path output, long epochSeconds) {
        Objects.requireNonNull(spec, "spec");
        Path target = Objects.requireNonNull(output, "output").toAbsolutePath();
        requireFloppyCapable(spec);
        List<String> problems = checkFloppyTools();
        if (!problems.isEmpty()) {
            throw new IsoBuildException("Cannot build floppy image " + target + ": " + String.join("; ", problems));
        }
        long started = System.nanoTime();
        Path buildDir = null;
        Path partial = null;
        try {
            Files.createDirectories(tools.workDir());
            buildDir = Files.createTempDirectory(tools.workDir(), "floppy-");
            Path stage = Files.createDirectory(buildDir.resolve("stage"));
            Path commandLog = buildDir.resolve("command.log");
            Path script = Files.writeString(stage.resolve("boot.ipxe"), spec.script(), StandardCharsets.UTF_8);
            Path config = Files.writeString(stage.resolve("syslinux.cfg"), SYSLINUX_CFG, StandardCharsets.US_ASCII);
            Path kernel = tools.ipxeDir().resolve(BIOS_KERNEL);
            Map<String, String> env = sourceDateEpoch(epochSeconds);

            partial = partialFile(target, buildDir);
            runner.run(commands.mkfsFloppy(partial, spec.volumeId(), fatSerial(epochSeconds)), commandLog, env);
            runner.run(commands.syslinuxInstall(partial), commandLog, env);
            runner.run(commands.mcopyToRoot(partial, List.of(kernel, script, config)), commandLog, env);
            long size = Files.size(partial);
            if (size != FLOPPY_BYTES) {
                throw new IsoBuildException("Cannot build floppy image " + target + ": " + tools.mkfsVfat()
                        + " wrote " + size + " bytes instead of " + FLOPPY_BYTES);
            }
            publish(partial, target, started);
        } catch (IOException e) {
            throw new IsoBuildException("Cannot build floppy image " + target + ": " + e, e);
        } finally {
            deleteQuietly(partial);
            deleteQuietly(buildDir);
        }
    }

    /** @throws IllegalArgumentException if {@code spec} cannot boot from a floppy (not x86_64 with NicDriver.FULL) */
    static void requireFloppyCapable(IsoSpec spec) {
        if (!spec.architecture().biosBoot()) {
            throw new IllegalArgumentException("A floppy image boots only under BIOS, which "
                    + spec.architecture() + " machines do not have: use the ISO or USB image");
        }
        if (spec.nicDriver() == NicDriver.SNPONLY) {
            throw new IllegalArgumentException("NicDriver.SNPONLY asks for the firmware's UEFI network driver, but a"
                    + " floppy image boots only under BIOS with iPXE's own drivers (ipxe.lkrn): use the ISO or"
                    + " USB image, or NicDriver.FULL if iPXE drives this NIC");
        }
    }

    /** A hidden temporary file beside {@code target}, unique to this build. */
    private static Path partialFile(Path target, Path buildDir) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + buildDir.getFileName() + ".part");
    }

    private static void publish(Path partial, Path target, long startedNanos) throws IOException {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        log.info("Built {} ({} bytes) in {} ms", target, Files.size(target), millis);
    }

    private void stageIsolinux(Path stage) throws IOException {
        Path isolinux = Files.createDirectory(stage.resolve("isolinux"));
        Files.copy(tools.isolinuxBin(), isolinux.resolve("isolinux.bin"));
        Files.copy(tools.ldlinuxC32(), isolinux.resolve("ldlinux.c32"));
        Files.writeString(isolinux.resolve("isolinux.cfg"), ISOLINUX_CFG, StandardCharsets.US_ASCII);
        Files.copy(tools.ipxeDir().resolve(BIOS_KERNEL), stage.resolve(BIOS_KERNEL));
    }

    private void buildEfiImage(IsoSpec spec, Path image, Path script, Path commandLog, long epochSeconds)
            throws IOException {
        Path efiBinary = tools.ipxeDir().resolve(spec.architecture().efiBinary(spec.nicDriver()));
        long sizeKiB = IsoCommand.efiImageSizeKiB(Files.size(efiBinary), Files.size(script));
        Map<String, String> env = sourceDateEpoch(epochSeconds);
        runner.run(commands.mkfsVfat(image, sizeKiB, fatSerial(epochSeconds)), commandLog, env);
        runner.run(commands.mmd(image, "::/EFI", "::/EFI/BOOT"), commandLog, env);
        runner.run(commands.mcopy(image, efiBinary, "::/EFI/BOOT/" + spec.architecture().efiBootFile()), commandLog, env);
        runner.run(commands.mcopy(image, script, "::/EFI/BOOT/autoexec.ipxe"), commandLog, env);
    }

    /** xorriso, mtools and mkfs.fat take their timestamps from {@code SOURCE_DATE_EPOCH}. */
    private static Map<String, String> sourceDateEpoch(long epochSeconds) {
        return Map.of("SOURCE_DATE_EPOCH", Long.toString(epochSeconds));
    }

    /** The FAT volume serial of an image built at {@code epochSeconds}, as DOS derives it from the time. */
    static int fatSerial(long epochSeconds) {
        return (int) epochSeconds;
    }

    /** Gives every staged file and directory the modification time {@code epochSeconds} (xorriso records it). */
    private static void setTimes(Path stage, long epochSeconds) throws IOException {
        FileTime time = FileTime.from(Instant.ofEpochSecond(epochSeconds));
        try (Stream<Path> walk = Files.walk(stage)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setLastModifiedTime(p, time);
            }
        }
    }

    private List<String> checkCommands() {
        List<String> problems = new ArrayList<>();
        checkCommand(tools.xorriso(), "xorriso", problems);
        checkCommand(tools.mkfsVfat(), "dosfstools", problems);
        checkCommand(tools.mmd(), "mtools", problems);
        checkCommand(tools.mcopy(), "mtools", problems);
        return problems;
    }

    private void checkIsolinux(List<String> problems) {
        checkFile(tools.isolinuxBin(), "isolinux", problems);
        checkFile(tools.isohybridMbr(), "isolinux", problems);
        checkFile(tools.ldlinuxC32(), "syslinux-common", problems);
    }

    private static void checkCommand(String command, String debianPackage, List<String> problems) {
        if (!onPath(command)) {
            problems.add("command '" + command + "' not found on PATH (install Debian package " + debianPackage + ")");
        }
    }

    private static void checkFile(Path file, String debianPackage, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("isolinux file " + file + " not found (install Debian package " + debianPackage + ")");
        }
    }

    private void checkIpxeBinary(String name, List<String> problems) {
        Path file = tools.ipxeDir().resolve(name);
        if (Files.isRegularFile(file)) {
            return;
        }
        String fix = name.equals(ARM64_SNPONLY)
                ? "Debian trixie's ipxe package does not ship it, so " + FETCH_SCRIPT
                        + " cannot fetch it: use NicDriver.FULL for ARM64 or supply a custom iPXE build"
                : "run " + FETCH_SCRIPT + " " + tools.ipxeDir();
        problems.add("iPXE binary " + file + " not found (" + fix + ")");
    }

    static boolean onPath(String command) {
        if (command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Cannot clean up {}: {}", path, e.toString());
        }
    }
}
