package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A boot image built once with a placeholder script and a placeholder volume id, and the byte
 * ranges where a per-host image differs from it. {@link #write} produces a host's image by copying
 * the template and overwriting those ranges; nothing else (directory records, FAT entries, El Torito
 * catalog, MBR, GPT) changes, because the padded script has the placeholder's size.
 *
 * <p>The ranges are found by searching the template for the placeholders and are verified: each
 * placeholder must occur exactly as often as the layout puts it there, whole and contiguous, and no
 * two ranges overlap. Immutable and thread-safe.
 */
final class MediaTemplate {

    /** The layout of a template, which fixes where the script and the volume id occur. */
    enum Medium {
        /**
         * Hybrid ISO: the script as {@code /boot.ipxe} and {@code /autoexec.ipxe} in the ISO9660
         * tree and as {@code EFI/BOOT/autoexec.ipxe} in the FAT image of the EFI El Torito entry;
         * the volume id in the primary volume descriptor (32 characters, space-padded) and in the
         * Joliet supplementary descriptor (its first 16 characters in UCS-2, space-padded).
         */
        ISO(3, 1, 1),
        /** FAT12 floppy: the script as {@code boot.ipxe}; the label in the boot sector and the root directory. */
        FLOPPY(1, 2, 0);

        final int scripts;
        final int labels;
        final int joliet;

        Medium(int scripts, int labels, int joliet) {
            this.scripts = scripts;
            this.labels = labels;
            this.joliet = joliet;
        }

        /** The volume id as stored in the primary descriptor (ISO) or as FAT label (floppy). */
        byte[] label(String volumeId) {
            String text = this == ISO ? volumeId : IsoCommand.floppyLabel(volumeId);
            return padded(text, this == ISO ? 32 : IsoCommand.FAT_LABEL_MAX);
        }

        /** The volume id as stored in the Joliet descriptor: 16 UCS-2 big-endian characters. */
        static byte[] jolietLabel(String volumeId) {
            byte[] field = new byte[32];
            for (int i = 0; i < 16; i++) {
                char c = i < volumeId.length() ? volumeId.charAt(i) : ' ';
                field[2 * i] = (byte) (c >> 8);
                field[2 * i + 1] = (byte) c;
            }
            return field;
        }

        private static byte[] padded(String text, int width) {
            byte[] field = new byte[width];
            Arrays.fill(field, (byte) ' ');
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, field, 0, Math.min(bytes.length, width));
            return field;
        }
    }

    private enum Kind { SCRIPT, LABEL, JOLIET }

    private record Site(int offset, Kind kind, int length) {
    }

    private final Medium medium;
    private final byte[] image;
    private final int scriptSize;
    private final long epochSeconds;
    private final List<Site> sites;

    private MediaTemplate(Medium medium, byte[] image, int scriptSize, long epochSeconds, List<Site> sites) {
        this.medium = medium;
        this.image = image;
        this.scriptSize = scriptSize;
        this.epochSeconds = epochSeconds;
        this.sites = sites;
    }

    /**
     * Finds and verifies the patch sites in {@code image}, built with {@code placeholderScript}
     * (padded to its size class) and {@code placeholderVolumeId}.
     *
     * @param marker a prefix of {@code placeholderScript} that occurs nowhere else in the image
     * @throws IllegalStateException naming what is wrong if a placeholder is missing, occurs too
     *     often, is not contiguous, or ranges overlap
     */
    static MediaTemplate locate(Medium medium, byte[] image, byte[] marker, byte[] placeholderScript,
            String placeholderVolumeId, long epochSeconds) {
        if (!startsWith(placeholderScript, marker)) {
            throw new IllegalArgumentException("the marker must begin the placeholder script");
        }
        List<Site> sites = new ArrayList<>();
        for (int offset : occurrences(image, marker, medium.scripts, "script marker")) {
            if (!Arrays.equals(image, offset, offset + placeholderScript.length, placeholderScript, 0,
                    placeholderScript.length)) {
                throw new IllegalStateException("the placeholder script at offset " + offset
                        + " is not stored whole and contiguous (" + placeholderScript.length + " bytes)");
            }
            sites.add(new Site(offset, Kind.SCRIPT, placeholderScript.length));
        }
        byte[] label = medium.label(placeholderVolumeId);
        for (int offset : occurrences(image, label, medium.labels, "volume id")) {
            sites.add(new Site(offset, Kind.LABEL, label.length));
        }
        if (medium.joliet > 0) {
            byte[] joliet = Medium.jolietLabel(placeholderVolumeId);
            for (int offset : occurrences(image, joliet, medium.joliet, "Joliet volume id")) {
                sites.add(new Site(offset, Kind.JOLIET, joliet.length));
            }
        }
        sites.sort(Comparator.comparingInt(Site::offset));
        for (int i = 1; i < sites.size(); i++) {
            Site previous = sites.get(i - 1);
            if (previous.offset() + previous.length() > sites.get(i).offset()) {
                throw new IllegalStateException("patch ranges overlap at offset " + sites.get(i).offset());
            }
        }
        return new MediaTemplate(medium, image, placeholderScript.length, epochSeconds, List.copyOf(sites));
    }

    Medium medium() {
        return medium;
    }

    /** The reserved script size: every script written into this template is padded to it. */
    int scriptSize() {
        return scriptSize;
    }

    /** The {@code SOURCE_DATE_EPOCH} the template was built with. */
    long epochSeconds() {
        return epochSeconds;
    }

    int length() {
        return image.length;
    }

    /** The offsets of the script copies, ascending (for tests and diagnostics). */
    int[] scriptOffsets() {
        return sites.stream().filter(s -> s.kind() == Kind.SCRIPT).mapToInt(Site::offset).toArray();
    }

    /**
     * Writes the template with {@code paddedScript} and {@code volumeId} in place of the placeholders
     * to {@code file} (created or truncated).
     *
     * @throws IllegalArgumentException if {@code paddedScript} is not exactly {@link #scriptSize()} bytes
     */
    void write(Path file, byte[] paddedScript, String volumeId) throws IOException {
        Objects.requireNonNull(volumeId, "volumeId");
        if (paddedScript.length != scriptSize) {
            throw new IllegalArgumentException(
                    "padded script is " + paddedScript.length + " bytes, the template reserves " + scriptSize);
        }
        byte[] label = medium.label(volumeId);
        byte[] joliet = Medium.jolietLabel(volumeId);
        ByteBuffer[] buffers = new ByteBuffer[2 * sites.size() + 1];
        int at = 0;
        int n = 0;
        for (Site site : sites) {
            buffers[n++] = ByteBuffer.wrap(image, at, site.offset() - at);
            byte[] patch = switch (site.kind()) {
                case SCRIPT -> paddedScript;
                case LABEL -> label;
                case JOLIET -> joliet;
            };
            buffers[n++] = ByteBuffer.wrap(patch);
            at = site.offset() + site.length();
        }
        buffers[n] = ByteBuffer.wrap(image, at, image.length - at);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long remaining = image.length;
            while (remaining > 0) {
                remaining -= out.write(buffers);
            }
        }
    }

    private static int[] occurrences(byte[] image, byte[] needle, int expected, String what) {
        List<Integer> found = new ArrayList<>();
        int last = image.length - needle.length;
        byte first = needle[0];
        for (int i = 0; i <= last; i++) {
            if (image[i] == first && Arrays.equals(image, i, i + needle.length, needle, 0, needle.length)) {
                found.add(i);
            }
        }
        if (found.size() != expected) {
            throw new IllegalStateException("the " + what + " occurs " + found.size() + " times in the template, "
                    + "expected " + expected + " (at offsets " + found + ")");
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
