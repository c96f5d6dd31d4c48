package org.bootwarden.isoworker.custom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.bootwarden.isoworker.Architecture;

/**
 * Pure argv builder for the {@code make} calls of a custom build, run in iPXE's {@code src/}
 * directory of the build's work tree (golden-tested). Inputs are files the builder wrote under
 * {@code ../inputs/}, named by the builder, never by the user: user text never appears on a command
 * line, and no shell is involved.
 *
 * <p>One call per architecture (all its targets at once, as iPXE builds them fastest); ARM64 built
 * on another architecture gets {@code CROSS=} with the configured cross-compiler prefix.
 */
public final class MakeCommand {

    /** Directory of the builder's input files, relative to {@code src/}. */
    public static final String INPUTS = "../inputs";
    public static final String EMBED_FILE = "embed.ipxe";

    private final String make;
    private final int jobs;
    private final String arm64Cross;

    /**
     * @param make the make command's name or path ({@code make})
     * @param jobs parallel jobs ({@code -j}), at least 1
     * @param arm64Cross cross-compiler prefix for ARM64 targets ({@code aarch64-linux-gnu-}), or
     *     empty when the build host is itself ARM64
     */
    public MakeCommand(String make, int jobs, String arm64Cross) {
        this.make = Objects.requireNonNull(make, "make");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
        this.jobs = jobs;
        this.arm64Cross = Objects.requireNonNull(arm64Cross, "arm64Cross");
        if (!arm64Cross.isEmpty() && !arm64Cross.matches("[A-Za-z0-9._/-]+")) {
            throw new IllegalArgumentException("arm64 cross prefix '" + arm64Cross + "' has unexpected characters");
        }
    }

    /** File name of the {@code n}-th (1-based) trusted certificate under {@value #INPUTS}. */
    public static String trustFile(int n) {
        return "ca-" + n + ".crt";
    }

    /** The make calls for {@code options}, one per architecture that has targets. */
    public List<List<String>> argvs(CustomBuildOptions options) {
        List<List<String>> calls = new ArrayList<>();
        for (Architecture arch : Architecture.values()) {
            List<IpxeTarget> targets = options.targets(arch);
            if (targets.isEmpty()) {
                continue;
            }
            List<String> argv = new ArrayList<>();
            argv.add(make);
            argv.add("-j" + jobs);
            argv.add("NO_WERROR=1");
            if (arch == Architecture.ARM64 && !arm64Cross.isEmpty()) {
                argv.add("CROSS=" + arm64Cross);
            }
            if (options.embeddedScript().isPresent()) {
                argv.add("EMBED=" + INPUTS + "/" + EMBED_FILE);
            }
            if (!options.trust().isEmpty()) {
                String files = java.util.stream.IntStream.rangeClosed(1, options.trust().size())
                        .mapToObj(n -> INPUTS + "/" + trustFile(n)).collect(Collectors.joining(","));
                argv.add("TRUST=" + files);
                argv.add("CERT=" + files);
            }
            targets.forEach(t -> argv.add(t.makeTarget()));
            calls.add(List.copyOf(argv));
        }
        return List.copyOf(calls);
    }
}
