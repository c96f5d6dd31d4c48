package org.bootwarden.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bootwarden.system.BootwardenProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code artifactStore} in {@code /actuator/health} and its readiness group: the data directory's
 * image store ({@code iso/}), where boot images are built and cached, can be written (a file is
 * created and deleted). Details: the directory and its free space.
 */
@Component
class ArtifactStoreHealthIndicator extends AbstractHealthIndicator {

    private final Path dir;

    ArtifactStoreHealthIndicator(BootwardenProperties props) {
        super("the image store cannot be written");
        this.dir = props.isoDir();
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws IOException {
        health.withDetail("path", dir.toAbsolutePath().toString());
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, ".health-", ".tmp");
        try {
            Files.writeString(probe, "ok");
        } finally {
            Files.deleteIfExists(probe);
        }
        health.up().withDetail("freeBytes", Files.getFileStore(dir).getUsableSpace());
    }
}
