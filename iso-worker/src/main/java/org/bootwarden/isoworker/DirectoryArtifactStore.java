package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Images as files in one directory, the backend's {@code <data dir>/iso}. {@link IsoBuilder}
 * already writes beside the target and moves into place atomically, so readers never see a
 * half-written file; the directory may be a shared volume (NFS, a Kubernetes volume).
 */
public final class DirectoryArtifactStore implements ArtifactStore {

    private final Path dir;

    public DirectoryArtifactStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public boolean contains(String name) {
        return Files.isRegularFile(resolve(name));
    }

    @Override
    public void put(String name, Writer writer) throws IOException {
        Files.createDirectories(dir);
        writer.writeTo(resolve(name));
    }

    @Override
    public void deleteOthers(String prefix, String keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : all) {
                if (!p.getFileName().toString().equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path resolve(String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir) || name.startsWith(".")) {
            throw new IllegalArgumentException("artifact name '" + name + "' must be a plain file name");
        }
        return p;
    }
}
