package org.bootwarden.batch;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a batch zip as a stream onto disk: each ISO is copied into the zip from its file (never
 * held in memory) while its SHA-256 is computed, then {@code manifest.csv} and {@code manifest.json}
 * list every host. The zip goes to a {@code .part} file beside its final name and is moved into
 * place by {@link #finish()}; {@link #close()} without {@code finish()} deletes the part file.
 * ISOs are deflated at the fastest level (to about a third: their zero padding) or stored as they are.
 */
final class BatchZipWriter implements Closeable {

    /** One manifest line; {@code file} and {@code sha256} are empty and {@code error} says why when the host failed. */
    record Entry(String hostname, List<String> macs, String ip, String file, String sha256, String error) {
    }

    /** The finished zip. */
    record Result(Path path, long size, String sha256, List<Entry> entries) {
    }

    static final String[] CSV_HEADER = {"hostname", "macs", "ip", "file", "sha256", "error"};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path target;
    private final Path part;
    private final MessageDigest zipDigest;
    private final CountingOutputStream counted;
    private final ZipOutputStream zip;
    private final List<Entry> entries = new ArrayList<>();
    private final byte[] buffer = new byte[256 * 1024];
    private boolean finished;

    private final boolean deflate;
    private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();

    /** @param deflate deflate entries (fastest level; ISOs shrink to about a third) or store them as they are (faster) */
    BatchZipWriter(Path target, boolean deflate) throws IOException {
        this.deflate = deflate;
        this.target = target;
        this.part = target.resolveSibling("." + target.getFileName() + ".part");
        Files.createDirectories(target.getParent());
        this.zipDigest = sha256();
        this.counted = new CountingOutputStream(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(part), 1 << 20), zipDigest));
        this.zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
        this.zip.setLevel(Deflater.BEST_SPEED);
    }

    /** Adds the host's ISO under {@code fileName} and lists it in the manifest. */
    void addIso(String hostname, List<String> macs, String ip, String fileName, Path iso) throws IOException {
        MessageDigest digest = sha256();
        ZipEntry entry = new ZipEntry(fileName);
        String sha;
        if (deflate) {
            zip.putNextEntry(entry);
            copy(iso, digest, true);
            sha = HexFormat.of().formatHex(digest.digest());
        } else {
            // a stored entry needs its CRC and size first: one pass to compute them (the file was
            // just written and is in the page cache), one to copy
            crc.reset();
            long size = copy(iso, digest, false);
            sha = HexFormat.of().formatHex(digest.digest());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            entry.setCompressedSize(size);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            try (InputStream in = Files.newInputStream(iso)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    zip.write(buffer, 0, n);
                }
            }
        }
        zip.closeEntry();
        entries.add(new Entry(hostname, List.copyOf(macs), ip, fileName, sha, ""));
    }

    private long copy(Path file, MessageDigest digest, boolean intoZip) throws IOException {
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                if (intoZip) {
                    zip.write(buffer, 0, n);
                } else {
                    crc.update(buffer, 0, n);
                }
                size += n;
            }
        }
        return size;
    }

    /** Lists a host whose ISO could not be built. */
    void addFailure(String hostname, List<String> macs, String ip, String error) {
        entries.add(new Entry(hostname, macs == null ? List.of() : List.copyOf(macs), ip == null ? "" : ip, "", "", error));
    }

    /** Writes the manifests, closes the zip and moves it to its final name. */
    Result finish() throws IOException {
        zip.putNextEntry(new ZipEntry("manifest.csv"));
        zip.write(manifestCsv(entries).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(manifestJson(entries));
        zip.closeEntry();
        zip.close();
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        return new Result(target, counted.count, HexFormat.of().formatHex(zipDigest.digest()), List.copyOf(entries));
    }

    /** Closes the stream; without {@link #finish()} the partial zip is deleted. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                zip.close();
            } catch (IOException | RuntimeException ignored) {
                // the partial file is removed either way
            }
            Files.deleteIfExists(part);
        }
    }

    static String manifestCsv(List<Entry> entries) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_HEADER)).append("\r\n");
        for (Entry e : entries) {
            sb.append(csv(e.hostname())).append(',').append(csv(String.join(" ", e.macs()))).append(',').append(csv(e.ip()))
                    .append(',').append(csv(e.file())).append(',').append(csv(e.sha256())).append(',').append(csv(e.error()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    static byte[] manifestJson(List<Entry> entries) throws IOException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hostname", e.hostname());
            m.put("macs", e.macs());
            m.put("ip", e.ip());
            m.put("file", e.file().isEmpty() ? null : e.file());
            m.put("sha256", e.sha256().isEmpty() ? null : e.sha256());
            if (!e.error().isEmpty()) {
                m.put("error", e.error());
            }
            hosts.add(m);
        }
        return JSON.writeValueAsBytes(Map.of("hosts", hosts));
    }

    /** RFC 4180 quoting; a value that a spreadsheet would read as a formula gets a leading apostrophe. */
    static String csv(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
