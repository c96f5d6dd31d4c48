package org.bootwarden.isoworker.custom;

import java.nio.file.Path;
import java.util.Objects;
import org.bootwarden.isoworker.IsoToolsConfig;

/**
 * A finished custom iPXE build in the cache: a directory laid out like the iPXE directory of
 * {@link IsoToolsConfig#ipxeDir()} ({@code ipxe.lkrn}, {@code ipxe.efi}, {@code snponly.efi}, ...,
 * and a {@code VERSION} file naming the build, so per-host image hashes change with it), plus
 * {@code options.txt} and {@code build.log}.
 *
 * @param key the cache key (16 hex digits)
 * @param dir the build's directory ({@code <cache dir>/<key>}); never changes once published
 * @param cacheHit whether this call found the build in the cache (or waited for another call's)
 */
public record CustomBuild(String key, Path dir, boolean cacheHit) {

    public CustomBuild {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dir, "dir");
    }

    /** {@code tools} with this build as its iPXE binaries: hand it to {@code PatchingIsoBuilder} or {@code IsoBuilder}. */
    public IsoToolsConfig applyTo(IsoToolsConfig tools) {
        return tools.withIpxeDir(dir);
    }

    /** The text of its {@code VERSION} file. */
    public static String version(String key) {
        return "bootwarden-custom-" + key;
    }
}
