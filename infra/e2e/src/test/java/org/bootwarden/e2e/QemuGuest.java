package org.bootwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One QEMU machine (TCG only, never KVM) booting Bootwarden media.
 *
 * <pre>
 * qemu-system-x86_64 -m 256 -display none -no-reboot -serial file:LOG
 *   -nic user,model=e1000,mac=52:54:00:12:34:56
 *   BIOS: -machine graphics=off (SeaBIOS mirrors the text screen to serial)
 *   UEFI: OVMF code read-only + a per-run copy of the vars
 *   -drive ...iso... ide-cd bootindex=1 | qemu-xhci + usb-storage bootindex=1 (snapshot=on)
 *     | if=floppy,readonly=on + -global isa-fdc.bootindexA=1 (BIOS only)
 *   -drive ...disk... ide-hd bootindex=2 (snapshot=on)
 * </pre>
 *
 * In user networking the guest is 10.0.2.15/24, gateway 10.0.2.2, DNS 10.0.2.3, and reaches
 * the host's 127.0.0.1:PORT at {@code http://10.0.2.2:PORT}. Logs go to {@code target/e2e/guests}.
 */
final class QemuGuest {

    enum Firmware {
        BIOS(Duration.ofSeconds(60)),
        UEFI(Duration.ofSeconds(120));

        final Duration defaultTimeout;

        Firmware(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }
    }

    static final String DEFAULT_MAC = "52:54:00:12:34:56";
    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    private static final AtomicInteger RUNS = new AtomicInteger();
    /** CSI sequences, charset selection, other two-byte escapes. */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[()][0-9A-Za-z]|\u001B[@-Z\\\\-_=>78c]");

    private final Firmware firmware;
    private final String name;
    private String mac = DEFAULT_MAC;
    private Path cdrom;
    private Path usbDisk;
    private Path floppy;
    private Path localDisk;
    private final List<String> extraArgs = new ArrayList<>();

    private QemuGuest(Firmware firmware, String name) {
        this.firmware = firmware;
        this.name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static QemuGuest bios(String name) {
        return new QemuGuest(Firmware.BIOS, name);
    }

    static QemuGuest uefi(String name) {
        return new QemuGuest(Firmware.UEFI, name);
    }

    static QemuGuest of(Firmware firmware, String name) {
        return new QemuGuest(firmware, name);
    }

    /** The ISO as a CD-ROM, first in the boot order. */
    QemuGuest cdrom(Path iso) {
        this.cdrom = iso;
        this.usbDisk = null;
        this.floppy = null;
        return this;
    }

    /** The ISO "dd'ed to a USB stick": a USB mass-storage disk, first in the boot order. */
    QemuGuest usbDisk(Path iso) {
        this.usbDisk = iso;
        this.cdrom = null;
        this.floppy = null;
        return this;
    }

    /**
     * A 1.44 MB floppy image in drive A: (read-only, BIOS drive 0x00), first in the boot order.
     * BIOS only: OVMF does not boot floppies.
     */
    QemuGuest floppy(Path image) {
        this.floppy = image;
        this.cdrom = null;
        this.usbDisk = null;
        return this;
    }

    /** The guest's own hard disk (IDE, second in the boot order, writes discarded). */
    QemuGuest localDisk(Path image) {
        this.localDisk = image;
        return this;
    }

    QemuGuest mac(String mac) {
        this.mac = mac;
        return this;
    }

    QemuGuest extraArgs(String... args) {
        this.extraArgs.addAll(List.of(args));
        return this;
    }

    Firmware firmware() {
        return firmware;
    }

    /** The QEMU command line for a run whose serial log and vars copy live in {@code files}. */
    List<String> command(RunFiles files) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64",
                "-m", "256", "-display", "none", "-no-reboot",
                "-serial", "file:" + files.serialLog,
                "-monitor", "none", "-parallel", "none",
                "-nic", "user,model=e1000,mac=" + mac));
        if (firmware == Firmware.BIOS) {
            cmd.addAll(List.of("-machine", "graphics=off"));
        } else {
            cmd.addAll(List.of(
                    "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                    "-drive", "if=pflash,format=raw,file=" + files.uefiVars));
        }
        if (cdrom != null) {
            cmd.addAll(List.of(
                    "-drive", "file=" + cdrom + ",media=cdrom,if=none,id=cd0,readonly=on",
                    "-device", "ide-cd,drive=cd0,bootindex=1"));
        }
        if (usbDisk != null) {
            cmd.addAll(List.of(
                    "-drive", "file=" + usbDisk + ",format=raw,if=none,id=usb0,snapshot=on",
                    "-device", "qemu-xhci,id=xhci",
                    "-device", "usb-storage,bus=xhci.0,drive=usb0,bootindex=1"));
        }
        if (floppy != null) {
            // if=floppy takes no bootindex itself: the controller's bootindexA puts drive A: first
            cmd.addAll(List.of(
                    "-drive", "file=" + floppy + ",if=floppy,format=raw,readonly=on",
                    "-global", "isa-fdc.bootindexA=1"));
        }
        if (localDisk != null) {
            cmd.addAll(List.of(
                    "-drive", "file=" + localDisk + ",format=raw,if=none,id=hd0,snapshot=on",
                    "-device", "ide-hd,drive=hd0,bootindex=2"));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    /** Boots with the firmware's default hard time limit (BIOS 60 s, UEFI 120 s). */
    GuestRun run() {
        return run(firmware.defaultTimeout);
    }

    /** Boots and waits until QEMU exits by itself or {@code timeout} passes (then kills it). */
    GuestRun run(Duration timeout) {
        return start().awaitExit(timeout);
    }

    Running start() {
        Exec.requireTool("qemu-system-x86_64", "qemu-system-x86");
        if (floppy != null && firmware != Firmware.BIOS) {
            throw new IllegalStateException("a floppy boots only under BIOS, not " + firmware);
        }
        for (Path p : new Path[] {cdrom, usbDisk, floppy, localDisk}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw new IllegalStateException("guest medium " + p + " does not exist");
            }
        }
        Path dir = guestsDir();
        String id = String.format("%03d-%s-%s", RUNS.incrementAndGet(), name,
                firmware.name().toLowerCase());
        RunFiles files = new RunFiles(dir.resolve(id + ".serial.log"), dir.resolve(id + ".qemu.log"),
                dir.resolve(id + ".vars.fd"));
        try {
            Files.deleteIfExists(files.serialLog);
            if (firmware == Firmware.UEFI) {
                if (!Files.isRegularFile(OVMF_CODE) || !Files.isRegularFile(OVMF_VARS)) {
                    throw new IllegalStateException("OVMF firmware missing under /usr/share/OVMF: "
                            + "apt-get install ovmf");
                }
                Files.copy(OVMF_VARS, files.uefiVars, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = command(files);
            Files.writeString(files.qemuLog, String.join(" ", cmd) + "\n");
            Process process = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.qemuLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new Running(id, firmware, process, files, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start QEMU for " + id, e);
        }
    }

    private static Path guestsDir() {
        return E2E.freshWorkDir("guests");
    }

    record RunFiles(Path serialLog, Path qemuLog, Path uefiVars) {
    }

    /** A guest that is running (or has ended); {@link #awaitExit} ends it for sure. */
    static final class Running {
        private final String id;
        private final Firmware firmware;
        private final Process process;
        private final RunFiles files;
        private final long startNanos;

        private Running(String id, Firmware firmware, Process process, RunFiles files, long startNanos) {
            this.id = id;
            this.firmware = firmware;
            this.process = process;
            this.files = files;
            this.startNanos = startNanos;
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** What the guest printed so far, cleaned (see {@link QemuGuest#clean}). */
        String serial() {
            return readSerial(files.serialLog);
        }

        GuestRun awaitExit(Duration timeout) {
            boolean timedOut;
            try {
                timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                timedOut = true;
            }
            if (timedOut) {
                kill();
            }
            return result(timedOut);
        }

        /** Ends the guest now (not counted as a timeout). */
        GuestRun stop() {
            boolean wasAlive = process.isAlive();
            kill();
            GuestRun run = result(false);
            return wasAlive ? run.asStoppedByTest() : run;
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private GuestRun result(boolean timedOut) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            int exit = process.isAlive() ? -1 : process.exitValue();
            String qemuOutput = E2E.tail(files.qemuLog, 20);
            return new GuestRun(id, firmware, timedOut ? -1 : exit, timedOut, false, elapsed,
                    readSerial(files.serialLog), files.serialLog, qemuOutput);
        }
    }

    /**
     * The outcome of one boot.
     *
     * @param exitCode QEMU's exit code, -1 when it was killed
     * @param timedOut the hard time limit ended the guest
     * @param serial what the guest printed on COM1, ANSI escapes, NULs and \r removed
     */
    record GuestRun(String id, Firmware firmware, int exitCode, boolean timedOut, boolean killedByTest,
            Duration elapsed, String serial, Path serialLog, String qemuOutput) {

        /** Ended by itself (poweroff) with exit code 0. */
        boolean poweredOff() {
            return !timedOut && !killedByTest && exitCode == 0;
        }

        GuestRun asStoppedByTest() {
            return new GuestRun(id, firmware, -1, false, true, elapsed, serial, serialLog, qemuOutput);
        }

        /** For assertion messages: outcome, timing and the serial log's tail. */
        String describe() {
            return "guest " + id + ": " + (timedOut ? "TIMED OUT (killed)" : killedByTest
                    ? "stopped by the test" : "exit " + exitCode) + " after "
                    + elapsed.toMillis() / 1000.0 + " s; serial log " + serialLog + " (tail):\n"
                    + E2E.tail(serial, 25) + "\n--- qemu output:\n" + qemuOutput;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    static String readSerial(Path serialLog) {
        try {
            return Files.exists(serialLog)
                    ? clean(new String(Files.readAllBytes(serialLog), StandardCharsets.UTF_8)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes ANSI escape sequences, NULs and carriage returns from serial console output. */
    static String clean(String raw) {
        return ANSI.matcher(raw).replaceAll("").replace("\r", "").replace("\u0000", "");
    }
}
