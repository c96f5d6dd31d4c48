package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where built boot images go, by file name ({@link ImageKey#fileName}). The backend serves a
 * host's image from the same place, so the worker's store must be the backend's image directory
 * (a shared volume when the worker runs elsewhere).
 */
public interface ArtifactStore {

    /** Whether an image of this name is stored (then it need not be built again). */
    boolean contains(String name) throws IOException;

    /**
     * Stores an image: {@code writer} writes it to the path it is given, which is published under
     * {@code name} only when the writer returns normally.
     */
    void put(String name, Writer writer) throws IOException;

    /** Deletes every image whose name starts with {@code prefix}, except {@code keep}. */
    void deleteOthers(String prefix, String keep) throws IOException;

    /** Writes one image to a local file. */
    @FunctionalInterface
    interface Writer {
        void writeTo(Path file) throws IOException;
    }
}
