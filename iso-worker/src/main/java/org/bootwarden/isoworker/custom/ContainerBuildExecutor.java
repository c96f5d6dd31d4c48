package org.bootwarden.isoworker.custom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bootwarden.isoworker.container.ContainerRunner;

/**
 * Runs a custom build's {@code make} inside a container from the builder image ({@code
 * infra/builder/Dockerfile}), which carries iPXE's source tree and the toolchain. In this mode the
 * untrusted inputs (embedded script, certificates) are only ever compiled inside the container:
 * no network, resource limits, removed afterwards (see {@link ContainerRunner}).
 *
 * <p>Per make call, one container: the work directory ({@code local/}, {@code inputs/}) is copied
 * in as {@code /build}; a fixed {@code sh} script (constant text; the make argv is passed as its
 * positional parameters, never spliced into it) copies the image's tree to {@code /build/src},
 * puts the headers into {@code config/local/} and {@code exec}s make there; the targets are copied
 * out to {@code out/}.
 */
public final class ContainerBuildExecutor implements BuildExecutor {

    /** Where the builder image keeps iPXE's {@code src/} by default. */
    public static final String DEFAULT_SOURCE = "/opt/ipxe/src";
    static final String BUILD_DIR = "/build";
    /** Constant; "$@" is make's argv, $BOOTWARDEN_IPXE_SRC the image's tree (from settings, not users). */
    static final String SCRIPT = """
            set -eu
            cp -Rp "$BOOTWARDEN_IPXE_SRC" /build/src
            mkdir -p /build/src/config/local
            for h in /build/local/*.h; do rm -f "/build/src/config/local/${h##*/}"; cp "$h" /build/src/config/local/; done
            cd /build/src
            exec "$@"
            """;

    private final ContainerRunner runner;
    private final String image;
    private final String sourceDir;

    /**
     * @param image the builder image (name or id, present on the engine)
     * @param sourceDir iPXE's {@code src/} inside the image
     */
    public ContainerBuildExecutor(ContainerRunner runner, String image, String sourceDir) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.image = Objects.requireNonNull(image, "image");
        this.sourceDir = Objects.requireNonNull(sourceDir, "sourceDir");
        if (!sourceDir.startsWith("/")) {
            throw new IllegalArgumentException("the source directory in the image must be absolute: " + sourceDir);
        }
    }

    /** The image's id (content-addressed: a rebuilt image is a new identity) and the tree's path in it. */
    @Override
    public String identity() {
        return "image:" + runner.imageId(image) + ":" + sourceDir;
    }

    @Override
    public void build(Path workDir, List<List<String>> argvs, Collection<IpxeTarget> targets, Path log) {
        Path in = workDir.resolve("container-in");
        try {
            Files.createDirectories(in);
            LocalBuildExecutor.copyTree(workDir.resolve("local"), in.resolve("local"));
            LocalBuildExecutor.copyTree(workDir.resolve("inputs"), in.resolve("inputs"));
            Path out = Files.createDirectories(workDir.resolve("out"));
            for (List<String> argv : argvs) {
                Map<String, Path> outputs = new LinkedHashMap<>();
                for (IpxeTarget t : targets) {
                    if (argv.contains(t.makeTarget())) {
                        outputs.put(BUILD_DIR + "/src/" + t.makeTarget(), out.resolve(t.outputName()));
                    }
                }
                List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "bootwarden-build"));
                command.addAll(argv);
                append(log, "$ " + String.join(" ", argv) + "   (in container from " + image + ")\n");
                ContainerRunner.Result result = runner.run(new ContainerRunner.Run(image, command,
                        Map.of("BOOTWARDEN_IPXE_SRC", sourceDir, "LANG", "C"), in, BUILD_DIR, outputs));
                append(log, result.logs());
                if (result.exitCode() != 0) {
                    throw new CustomBuildException("'" + String.join(" ", argv) + "' failed in a container from " + image
                            + " with exit code " + result.exitCode() + "; output: " + LocalBuildExecutor.tail(log));
                }
            }
        } catch (IOException e) {
            throw new CustomBuildException("Custom iPXE build in " + workDir + " failed: " + e, e);
        }
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
