package org.bootwarden.batch;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A batch job as the API shows it: what it builds, its progress ({@code done} ISOs built and
 * {@code failed} hosts of {@code total}) and, when DONE, the zip.
 *
 * @param kind        {@code CSV_IMPORT} (hosts created from a CSV), {@code CSV} (existing hosts named
 *                    in a CSV) or {@code SELECTION} (hosts matching a filter)
 * @param compression {@code deflate} or {@code none}
 */
public record BatchJob(String id, String kind, BatchStatus status, String description, String compression, int total,
        int done, int failed, String requester, Instant createdAt, Instant startedAt, Instant finishedAt,
        boolean cancelRequested, String error, Zip zip, @JsonIgnore String zipPath) {

    /** The finished zip: its size in bytes, its SHA-256 and where to download it. */
    public record Zip(String fileName, long size, String sha256, String url) {
    }

    static String zipFileName(String id) {
        return "bootwarden-batch-" + id + ".zip";
    }
}
