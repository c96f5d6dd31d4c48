package org.bootwarden.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Installer media from the data directory: no login, HTTP Range (iPXE's sanboot reads ISOs by range). */
class MediaIT extends IntegrationTest {

    @Test
    void shouldServeMediaFilesWithRangeRequestsAndWithoutLogin() throws IOException {
        Path dir = Files.createDirectories(dataDir().resolve("media/range-test"));
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        Files.write(dir.resolve("installer.iso"), content);

        Http.Response whole = anonymous().get("/media/range-test/installer.iso").expect(200);
        assertThat(whole.bytes()).isEqualTo(content);
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");

        Http.Response part = anonymous().withHeader("Range", "bytes=1000-1099").get("/media/range-test/installer.iso").expect(206);
        assertThat(part.bytes()).hasSize(100).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 1100));
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1099/10000");
    }

    /** A secret-looking file beside the media directory, as the generated token secret would be. */
    private static String secret() {
        try {
            Path file = dataDir().resolve("token-secret");
            if (!Files.exists(file)) {
                Files.writeString(file, "not-for-download-" + java.util.UUID.randomUUID());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldPublishTheApiDescriptionWithoutLogin() {
        Http.Response r = anonymous().get("/openapi.yaml").expect(200);
        assertThat(r.contentType()).startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3.0.3").contains("/boot/{hostId}/{token}/script:");
        try {
            assertThat(r.bytes()).as("the served description is docs/openapi.yaml, byte for byte")
                    .isEqualTo(Files.readAllBytes(Path.of("..", "docs", "openapi.yaml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldNotServeFilesOutsideTheMediaDirectory() {
        for (String escape : new String[] {"/media/../token-secret", "/media/%2e%2e/token-secret", "/media/..%2ftoken-secret"}) {
            Http.Response r = anonymous().get(escape);
            assertThat(r.status()).as(escape).isIn(400, 404);
            assertThat(r.body()).as(escape).doesNotContain(secret());
        }
        anonymous().get("/media/missing.iso").expect(404);
    }
}
