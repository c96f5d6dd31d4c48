package org.bootwarden.isoworker.custom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything that makes one custom iPXE build differ from another, validated. Two option sets
 * with equal {@link #canonical()} text produce interchangeable builds (from the same source tree).
 *
 * @param features the features switched on (every other {@link IpxeFeature} is switched off)
 * @param targets the binaries to build; at least one
 * @param embeddedScript the script built into the binaries ({@code EMBED=}), if any: it must start
 *     with {@code #!ipxe}, be at most {@value #MAX_SCRIPT_BYTES} bytes of UTF-8 and contain no
 *     control characters but tab, CR and LF
 * @param trust CA certificates the binaries trust for HTTPS ({@code TRUST=}) and carry ({@code
 *     CERT=}); duplicates removed, order kept
 */
public record CustomBuildOptions(
        SortedSet<IpxeFeature> features,
        SortedSet<IpxeTarget> targets,
        Optional<String> embeddedScript,
        List<TrustedCertificate> trust) {

    /** Largest embedded script accepted. */
    public static final int MAX_SCRIPT_BYTES = 64 * 1024;
    /** The three binaries a per-host x86_64 ISO can use. */
    public static final Set<IpxeTarget> X86_64_TARGETS =
            EnumSet.of(IpxeTarget.X86_64_LKRN, IpxeTarget.X86_64_EFI, IpxeTarget.X86_64_SNPONLY);

    public CustomBuildOptions {
        features = new TreeSet<>(Objects.requireNonNull(features, "features"));
        targets = new TreeSet<>(Objects.requireNonNull(targets, "targets"));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a custom build needs at least one target");
        }
        embeddedScript = Objects.requireNonNull(embeddedScript, "embeddedScript");
        embeddedScript.ifPresent(CustomBuildOptions::validateScript);
        trust = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(trust, "trust")));
        features = java.util.Collections.unmodifiableSortedSet(features);
        targets = java.util.Collections.unmodifiableSortedSet(targets);
    }

    /** Options with the given features, the three x86_64 targets, no embedded script and no CA. */
    public static CustomBuildOptions of(Collection<IpxeFeature> features) {
        return new CustomBuildOptions(new TreeSet<>(features), new TreeSet<>(X86_64_TARGETS), Optional.empty(), List.of());
    }

    public CustomBuildOptions withTargets(Collection<IpxeTarget> newTargets) {
        return new CustomBuildOptions(features, new TreeSet<>(newTargets), embeddedScript, trust);
    }

    public CustomBuildOptions withEmbeddedScript(String script) {
        return new CustomBuildOptions(features, targets, Optional.of(script), trust);
    }

    public CustomBuildOptions withTrust(List<TrustedCertificate> certificates) {
        return new CustomBuildOptions(features, targets, embeddedScript, certificates);
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code script}
     */
    static void validateScript(String script) {
        if (!script.startsWith("#!ipxe\n") && !script.startsWith("#!ipxe\r\n") && !script.equals("#!ipxe")) {
            throw new IllegalArgumentException("the embedded script must start with a line '#!ipxe'");
        }
        int bytes = script.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SCRIPT_BYTES) {
            throw new IllegalArgumentException("the embedded script has " + bytes + " bytes, at most "
                    + MAX_SCRIPT_BYTES + " are allowed");
        }
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
                int line = (int) script.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
                throw new IllegalArgumentException("the embedded script contains control character U+"
                        + String.format("%04X", (int) c) + " on line " + line);
            }
        }
    }

    /** The targets of one architecture, in make order. */
    List<IpxeTarget> targets(org.bootwarden.isoworker.Architecture architecture) {
        List<IpxeTarget> result = new ArrayList<>();
        for (IpxeTarget t : targets) {
            if (t.architecture() == architecture) {
                result.add(t);
            }
        }
        return result;
    }

    /**
     * A stable text naming every option: features, targets, SHA-256 of the script and of each CA
     * certificate. Hashed into the cache key and stored beside each build.
     */
    public String canonical() {
        return "features=" + features.stream().map(Enum::name).collect(Collectors.joining(",")) + "\n"
                + "targets=" + targets.stream().map(Enum::name).collect(Collectors.joining(",")) + "\n"
                + "embed=" + embeddedScript.map(s -> "sha256:" + TrustedCertificate.sha256(s.getBytes(StandardCharsets.UTF_8)))
                        .orElse("none") + "\n"
                + "trust=" + (trust.isEmpty() ? "none"
                        : trust.stream().map(c -> "sha256:" + c.sha256()).collect(Collectors.joining(","))) + "\n";
    }
}
