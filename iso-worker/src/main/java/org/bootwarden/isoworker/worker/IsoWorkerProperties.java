package org.bootwarden.isoworker.worker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.bootwarden.isoworker.custom.IpxeFeature;
import org.bootwarden.isoworker.custom.IpxeTarget;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a stand-alone ISO worker, bound from {@code bootwarden.worker.*} (environment
 * {@code BOOTWARDEN_WORKER_*}); see {@code docs/iso-worker.md}. The backend's embedded worker
 * builds the same record from its own settings instead (this class is not bound there).
 *
 * @param engineUrl   Camunda REST API of the backend, e.g. {@code http://bootwarden:8080/engine-rest}
 * @param backendUrl  Bootwarden API base, e.g. {@code http://bootwarden:8080} (for {@code /api/hosts/{id}/media-spec})
 * @param username    service account with role WORKER (the backend creates {@code iso-worker}
 *                    from {@code BOOTWARDEN_WORKER_PASSWORD})
 * @param password    its password, sent with HTTP Basic to both URLs
 * @param workerId    how the engine names this worker in locks and incidents; unique per process
 * @param artifactDir where ISOs are written: the backend's {@code <data dir>/iso}, shared
 * @param ipxeDir     iPXE binaries (same version as the backend's, see {@code VERSION})
 * @param workDir     scratch space for builds (local disk)
 * @param tasks       how tasks are fetched, locked and retried
 * @param custom      a custom iPXE build used instead of {@code ipxe-dir} (docs/custom-ipxe.md)
 * @param docker      the container engine for custom builds (container mode when {@code host} is set)
 */
@ConfigurationProperties(prefix = "bootwarden.worker", ignoreUnknownFields = false)
@Validated
public record IsoWorkerProperties(
        @NotNull URI engineUrl,
        @NotNull URI backendUrl,
        @NotBlank @DefaultValue("iso-worker") String username,
        @NotBlank String password,
        @NotBlank String workerId,
        @NotNull Path artifactDir,
        @NotNull Path ipxeDir,
        @NotNull Path workDir,
        @NotNull @Valid @DefaultValue Tasks tasks,
        @NotNull @Valid @DefaultValue Custom custom,
        @NotNull @Valid @DefaultValue Docker docker) {

    /** Bound by Spring (the canonical constructor); the one below keeps the earlier signature. */
    @ConstructorBinding
    public IsoWorkerProperties {
    }

    /** Settings without a custom iPXE build or container engine (the backend's embedded worker). */
    public IsoWorkerProperties(URI engineUrl, URI backendUrl, String username, String password, String workerId,
            Path artifactDir, Path ipxeDir, Path workDir, Tasks tasks) {
        this(engineUrl, backendUrl, username, password, workerId, artifactDir, ipxeDir, workDir, tasks,
                Custom.disabled(), Docker.none());
    }

    /** The external-task topic (the contract in {@code workflows/README.md}). */
    public static final String TOPIC = "bootwarden-iso-build";

    @AssertTrue(message = "engine-url and backend-url must be absolute http:// or https:// URLs")
    public boolean isHttpUrls() {
        return isHttp(engineUrl) && isHttp(backendUrl);
    }

    private static boolean isHttp(URI u) {
        return u == null || (u.isAbsolute() && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                && u.getHost() != null);
    }

    /** The password is a secret: never in logs or failure analyses. */
    @Override
    public String toString() {
        return "IsoWorkerProperties[engineUrl=" + engineUrl + ", backendUrl=" + backendUrl + ", username=" + username
                + ", workerId=" + workerId + ", artifactDir=" + artifactDir + ", ipxeDir=" + ipxeDir + ", workDir="
                + workDir + ", tasks=" + tasks + ", custom=" + custom + ", docker=" + docker + "]";
    }

    /**
     * @param lockDuration         how long a fetched task is reserved for this worker; a worker that
     *                             dies loses the task to another after this time
     * @param maxTasks             tasks fetched per request (handled one after the other)
     * @param asyncResponseTimeout long polling: how long the engine holds a fetch open while no task
     *                             is there (fewer requests, tasks picked up at once)
     * @param retries              attempts after the first on technical failures (backend or I/O
     *                             down); the last failure leaves an incident in the engine
     * @param retryDelays          wait before retry 1, 2, ...; the last delay repeats
     */
    public record Tasks(
            @NotNull @DurationMin(seconds = 10) @DurationMax(hours = 24) @DefaultValue("5m") Duration lockDuration,
            @Min(1) @Max(100) @DefaultValue("1") int maxTasks,
            @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 30) @DefaultValue("20s") Duration asyncResponseTimeout,
            @Min(0) @Max(100) @DefaultValue("3") int retries,
            @NotEmpty @DefaultValue({"10s", "1m", "5m"}) List<@NotNull @DurationMin(seconds = 0) Duration> retryDelays) {

        /** The values above, for code that builds the record itself. */
        public static Tasks defaults() {
            return new Tasks(Duration.ofMinutes(5), 1, Duration.ofSeconds(20), 3,
                    List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5)));
        }

        @AssertTrue(message = "async-response-timeout must be shorter than lock-duration")
        public boolean isPollShorterThanLock() {
            return lockDuration == null || asyncResponseTimeout == null || asyncResponseTimeout.compareTo(lockDuration) < 0;
        }

        /**
         * The delay before the next attempt, when {@code retriesLeft} attempts remain after the
         * failure just handled: the first failure leaves {@link #retries} and waits the first
         * delay, the next one the second, and so on.
         */
        public Duration delayBefore(int retriesLeft) {
            int index = Math.max(0, retries - retriesLeft);
            return retryDelays.get(Math.min(index, retryDelays.size() - 1));
        }
    }

    /**
     * A custom iPXE build (docs/custom-ipxe.md): when enabled, the worker builds it at start-up (or
     * finds it in {@code cache-dir}) and builds every ISO with it instead of {@code ipxe-dir}.
     *
     * @param enabled      build and use it
     * @param sourceDir    iPXE source tree on this machine (its {@code src/} or the checkout);
     *                     needed unless {@code docker.host} is set
     * @param cacheDir     finished builds, one directory per option set
     * @param features     iPXE features switched on; every other one is switched off
     * @param targets      binaries to build
     * @param embedScript  file with an iPXE script to embed ({@code EMBED=}), optional
     * @param trust        PEM file with the CA certificate(s) to trust for HTTPS boot, optional
     * @param jobs         parallel make jobs
     * @param arm64Cross   cross-compiler prefix for ARM64 targets (empty on an ARM64 build host)
     * @param timeout      time limit of one make call
     */
    public record Custom(
            @DefaultValue("false") boolean enabled,
            Path sourceDir,
            @NotNull @DefaultValue("data/custom-ipxe") Path cacheDir,
            @NotNull @DefaultValue({}) List<@NotNull IpxeFeature> features,
            @NotEmpty @DefaultValue({"X86_64_LKRN", "X86_64_EFI", "X86_64_SNPONLY"}) List<@NotNull IpxeTarget> targets,
            Path embedScript,
            Path trust,
            @Min(1) @Max(64) @DefaultValue("2") int jobs,
            @NotNull @DefaultValue("aarch64-linux-gnu-") String arm64Cross,
            @NotNull @DurationMin(seconds = 10) @DefaultValue("30m") Duration timeout) {

        public static Custom disabled() {
            return new Custom(false, null, Path.of("data/custom-ipxe"), List.of(),
                    List.of(IpxeTarget.X86_64_LKRN, IpxeTarget.X86_64_EFI, IpxeTarget.X86_64_SNPONLY), null, null, 2,
                    "aarch64-linux-gnu-", Duration.ofMinutes(30));
        }
    }

    /**
     * The Docker Engine API (Docker or podman) for container mode: when {@code host} is set,
     * custom builds run only inside containers from {@code image} (infra/builder/).
     *
     * @param host       e.g. {@code unix:///run/podman/podman.sock}; empty: no container mode
     * @param image      the builder image, present on that engine (never pulled)
     * @param sourceDir  iPXE's {@code src/} inside the image
     * @param memory     memory limit per container
     * @param cpus       CPU limit per container
     * @param pidsLimit  process limit per container
     */
    public record Docker(
            String host,
            @NotBlank @DefaultValue("localhost/bootwarden-builder:latest") String image,
            @NotBlank @DefaultValue("/opt/ipxe/src") String sourceDir,
            @NotNull @DefaultValue("2GB") DataSize memory,
            @DefaultValue("2") double cpus,
            @Min(16) @DefaultValue("1024") long pidsLimit) {

        public static Docker none() {
            return new Docker(null, "localhost/bootwarden-builder:latest", "/opt/ipxe/src", DataSize.ofGigabytes(2), 2, 1024);
        }

        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }

    @AssertTrue(message = "custom.enabled needs custom.source-dir (an iPXE source tree) or docker.host (container mode)")
    public boolean isCustomBuildable() {
        return custom == null || !custom.enabled() || custom.sourceDir() != null || (docker != null && docker.enabled());
    }
}
