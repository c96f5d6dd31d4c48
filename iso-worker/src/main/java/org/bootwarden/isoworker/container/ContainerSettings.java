package org.bootwarden.isoworker.container;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ContainerRunner} reaches the container engine and limits each container.
 *
 * @param host Docker Engine API endpoint: {@code unix:///run/podman/podman.sock}, {@code
 *     unix:///var/run/docker.sock} or {@code tcp://host:2375}
 * @param memoryBytes memory limit of a container (swap included)
 * @param cpus CPUs a container may use (fractions allowed)
 * @param pidsLimit most processes in a container
 * @param timeout time limit of one container run; it is killed and removed after that
 */
public record ContainerSettings(String host, long memoryBytes, double cpus, long pidsLimit, Duration timeout) {

    public ContainerSettings {
        Objects.requireNonNull(host, "host");
        if (!host.startsWith("unix://") && !host.startsWith("tcp://") && !host.startsWith("npipe://")) {
            throw new IllegalArgumentException("container engine host must be unix://, tcp:// or npipe://, was '"
                    + host + "'");
        }
        if (memoryBytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException("container memory limit must be at least 16 MiB");
        }
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("container CPU limit must be positive");
        }
        if (pidsLimit < 16) {
            throw new IllegalArgumentException("container process limit must be at least 16");
        }
        Objects.requireNonNull(timeout, "timeout");
    }

    /** 2 GiB, 2 CPUs, 1024 processes, 30 minutes. */
    public static ContainerSettings defaults(String host) {
        return new ContainerSettings(host, 2L * 1024 * 1024 * 1024, 2.0, 1024, Duration.ofMinutes(30));
    }
}
