package org.bootwarden.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BatchZipWriterTest {

    @TempDir
    Path dir;

    private Path file(String name, int size, int seed) throws IOException {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i % 97 == 0 ? seed : 0);
        }
        return Files.write(dir.resolve(name), b);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void shouldWriteIsosAndBothManifestsWithMatchingChecksums() throws Exception {
        for (boolean deflate : new boolean[] {true, false}) {
            Path target = dir.resolve("out-" + deflate + "/job.zip");
            Path a = file("a.iso", 3 * 1024 * 1024, 1);
            Path b = file("b.iso", 700_001, 2);
            BatchZipWriter.Result r;
            try (BatchZipWriter w = new BatchZipWriter(target, deflate)) {
                w.addIso("a.example", List.of("52:54:00:00:00:01", "52:54:00:00:00:02"), "10.0.0.5", "a.example.iso", a);
                w.addFailure("gone.example", null, null, "host was deleted");
                w.addIso("b.example", List.of("52:54:00:00:00:03"), "10.0.0.6", "b.example.iso", b);
                r = w.finish();
            }
            assertThat(r.path()).isEqualTo(target).exists();
            assertThat(r.size()).isEqualTo(Files.size(target));
            assertThat(r.sha256()).isEqualTo(sha256(Files.readAllBytes(target)));
            assertThat(Files.list(target.getParent()).toList()).containsExactly(target);
            try (ZipFile zip = new ZipFile(target.toFile())) {
                assertThat(zip.stream().map(ZipEntry::getName).toList())
                        .containsExactly("a.example.iso", "b.example.iso", "manifest.csv", "manifest.json");
                assertThat(zip.getEntry("a.example.iso").getMethod()).isEqualTo(deflate ? ZipEntry.DEFLATED : ZipEntry.STORED);
                byte[] aBytes = read(zip, "a.example.iso");
                assertThat(aBytes).isEqualTo(Files.readAllBytes(a));
                assertThat(read(zip, "b.example.iso")).isEqualTo(Files.readAllBytes(b));
                String csv = new String(read(zip, "manifest.csv"), StandardCharsets.UTF_8);
                assertThat(csv.split("\r\n")).containsExactly(
                        "hostname,macs,ip,file,sha256,error",
                        "a.example,52:54:00:00:00:01 52:54:00:00:00:02,10.0.0.5,a.example.iso," + sha256(aBytes) + ",",
                        "gone.example,,,,,host was deleted",
                        "b.example,52:54:00:00:00:03,10.0.0.6,b.example.iso," + sha256(Files.readAllBytes(b)) + ",");
                JsonNode json = new ObjectMapper().readTree(read(zip, "manifest.json"));
                assertThat(json.path("hosts")).hasSize(3);
                assertThat(json.path("hosts").get(0).path("sha256").asText()).isEqualTo(sha256(aBytes));
                assertThat(json.path("hosts").get(0).path("macs").get(1).asText()).isEqualTo("52:54:00:00:00:02");
                assertThat(json.path("hosts").get(1).path("file").isNull()).isTrue();
                assertThat(json.path("hosts").get(1).path("error").asText()).isEqualTo("host was deleted");
            }
        }
    }

    @Test
    void shouldLeaveNothingBehindWhenNotFinished() throws Exception {
        Path target = dir.resolve("out/job.zip");
        try (BatchZipWriter w = new BatchZipWriter(target, true)) {
            w.addIso("a.example", List.of("52:54:00:00:00:01"), "10.0.0.5", "a.example.iso", file("a.iso", 100_000, 1));
            assertThat(Files.list(target.getParent()).toList()).hasSize(1);
        }
        assertThat(Files.list(target.getParent()).toList()).isEmpty();
    }

    @Test
    void shouldQuoteCsvValuesAndDefuseFormulas() {
        assertThat(BatchZipWriter.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(BatchZipWriter.csv("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(BatchZipWriter.csv("=1+2")).isEqualTo("'=1+2");
        assertThat(BatchZipWriter.csv("-cmd")).isEqualTo("'-cmd");
        assertThat(BatchZipWriter.csv(null)).isEmpty();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("x", "y");
        assertThat(BatchZipWriter.manifestCsv(List.of())).isEqualTo("hostname,macs,ip,file,sha256,error\r\n");
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }
}
