package org.bootwarden.isoworker.custom;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Where a custom build's {@code make} runs: on this machine with a configured iPXE source tree
 * ({@link LocalBuildExecutor}), or in a container from the builder image ({@link
 * ContainerBuildExecutor}).
 *
 * <p>The work directory given to {@link #build} holds {@code local/*.h} (to be copied into the
 * tree's {@code config/local/}) and {@code inputs/} (embedded script, certificates, referenced by
 * the make arguments as {@code ../inputs/...} from {@code src/}). The executor makes a private copy
 * of the source tree as {@code src/} beside them, runs each argv in {@code src/}, and copies each
 * target's result to {@code out/<output name>}.
 */
public interface BuildExecutor {

    /**
     * What the builds depend on besides the options: the source tree (and toolchain) identity.
     * Part of the cache key, so a changed tree or image never serves an old build.
     */
    String identity();

    /**
     * @param log file that receives make's output
     * @throws CustomBuildException if make fails or times out, or a target is missing afterwards
     */
    void build(Path workDir, List<List<String>> argvs, Collection<IpxeTarget> targets, Path log);
}
