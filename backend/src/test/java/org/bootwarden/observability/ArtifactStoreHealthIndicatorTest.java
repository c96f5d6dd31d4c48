package org.bootwarden.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bootwarden.system.BootwardenProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class ArtifactStoreHealthIndicatorTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldBeUpWhenTheImageStoreCanBeWrittenAndLeaveNothingBehind() throws IOException {
        Health health = new ArtifactStoreHealthIndicator(props()).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("path", dataDir.resolve("iso").toAbsolutePath().toString())
                .containsKey("freeBytes");
        try (var files = Files.list(dataDir.resolve("iso"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldBeDownWhenTheImageStoreCannotBeCreated() throws IOException {
        Files.writeString(dataDir.resolve("iso"), "a file where the directory should be");

        Health health = new ArtifactStoreHealthIndicator(props()).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
    }

    private BootwardenProperties props() {
        return new BootwardenProperties(dataDir, List.of(URI.create("http://10.0.2.2:8080")), null, null, dataDir.resolve("ipxe"),
                null, null, null);
    }
}
