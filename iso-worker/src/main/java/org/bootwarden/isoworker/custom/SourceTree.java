package org.bootwarden.isoworker.custom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An iPXE source tree on this machine: the directory with iPXE's {@code Makefile} and {@code
 * config/} (the {@code src/} directory of an iPXE checkout; the checkout's root is accepted too).
 */
public final class SourceTree {

    private final Path src;

    private SourceTree(Path src) {
        this.src = src;
    }

    /**
     * @throws CustomBuildException if {@code dir} is neither iPXE's {@code src/} nor a checkout containing it
     */
    public static SourceTree at(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        for (Path candidate : List.of(d, d.resolve("src"))) {
            if (Files.isRegularFile(candidate.resolve("Makefile")) && Files.isDirectory(candidate.resolve("config"))) {
                return new SourceTree(candidate);
            }
        }
        throw new CustomBuildException("No iPXE source tree at " + d + ": expected its src/ directory (with Makefile"
                + " and config/) or a checkout containing src/; see docs/custom-ipxe.md");
    }

    /** The {@code src/} directory. */
    public Path src() {
        return src;
    }

    /**
     * A fingerprint of the tree's sources: SHA-256 over the relative path, size and modification
     * time of every file, leaving out build products ({@code bin*}) and {@code config/local/}
     * (which every build overwrites). Changes when a file is edited, added or removed.
     */
    public String identity() {
        List<String> entries = new ArrayList<>();
        try {
            Files.walkFileTree(src, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path rel = src.relativize(dir);
                    String name = rel.toString();
                    if (name.startsWith("bin") && rel.getNameCount() == 1 || name.equals("config/local")
                            || name.equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    entries.add(src.relativize(file) + "\t" + attrs.size() + "\t" + attrs.lastModifiedTime().toMillis());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CustomBuildException("Cannot read the iPXE source tree " + src + ": " + e, e);
        }
        entries.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String e : entries) {
                sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "tree:" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
