package org.bootwarden.isoworker.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bootwarden.isoworker.container.ContainerRunner;
import org.bootwarden.isoworker.container.ContainerSettings;
import org.bootwarden.isoworker.custom.BuildExecutor;
import org.bootwarden.isoworker.custom.ContainerBuildExecutor;
import org.bootwarden.isoworker.custom.CustomBuild;
import org.bootwarden.isoworker.custom.CustomBuildOptions;
import org.bootwarden.isoworker.custom.CustomIpxeBuilder;
import org.bootwarden.isoworker.custom.IpxeFeature;
import org.bootwarden.isoworker.custom.LocalBuildExecutor;
import org.bootwarden.isoworker.custom.MakeCommand;
import org.bootwarden.isoworker.custom.SourceTree;
import org.bootwarden.isoworker.custom.TrustedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code bootwarden.worker.custom.*} and {@code docker.*} into the iPXE directory the worker builds ISOs with. */
final class CustomIpxeSetup {

    private static final Logger log = LoggerFactory.getLogger(CustomIpxeSetup.class);

    private CustomIpxeSetup() {
    }

    /** {@code ipxe-dir}, or the custom build's directory (built now unless cached) when custom builds are enabled. */
    static Path ipxeDir(IsoWorkerProperties props) {
        IsoWorkerProperties.Custom custom = props.custom();
        if (!custom.enabled()) {
            return props.ipxeDir();
        }
        CustomBuildOptions options = options(custom);
        MakeCommand make = new MakeCommand("make", custom.jobs(), custom.arm64Cross());
        IsoWorkerProperties.Docker docker = props.docker();
        if (docker.enabled()) {
            ContainerSettings settings = new ContainerSettings(docker.host(), docker.memory().toBytes(), docker.cpus(),
                    docker.pidsLimit(), custom.timeout());
            try (ContainerRunner runner = new ContainerRunner(settings)) {
                return build(new ContainerBuildExecutor(runner, docker.image(), docker.sourceDir()), make, props, options);
            }
        }
        BuildExecutor local = new LocalBuildExecutor(SourceTree.at(custom.sourceDir()),
                LocalBuildExecutor.defaultEnvironment(), custom.timeout());
        return build(local, make, props, options);
    }

    private static Path build(BuildExecutor executor, MakeCommand make, IsoWorkerProperties props,
            CustomBuildOptions options) {
        CustomBuild build = new CustomIpxeBuilder(executor, make, props.custom().cacheDir(), props.workDir()).build(options);
        log.info("ISOs use the custom iPXE build {} ({}): point the backend's BOOTWARDEN_IPXE_DIR at the same directory"
                + " so both compute the same image names", build.dir(), build.cacheHit() ? "cached" : "built now");
        return build.dir();
    }

    static CustomBuildOptions options(IsoWorkerProperties.Custom custom) {
        Optional<String> script = Optional.ofNullable(custom.embedScript()).map(p -> read(p, "custom.embed-script"));
        List<TrustedCertificate> trust = custom.trust() == null ? List.of()
                : parse(read(custom.trust(), "custom.trust"), custom.trust());
        EnumSet<IpxeFeature> features = EnumSet.noneOf(IpxeFeature.class);
        features.addAll(custom.features());
        try {
            return new CustomBuildOptions(new TreeSet<>(features), new TreeSet<>(custom.targets()), script, trust);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bootwarden.worker.custom: " + e.getMessage(), e);
        }
    }

    private static List<TrustedCertificate> parse(String pem, Path file) {
        try {
            return TrustedCertificate.parsePem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bootwarden.worker.custom.trust (" + file + "): " + e.getMessage(), e);
        }
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("bootwarden.worker." + setting + ": cannot read " + file + ": " + e, e);
        }
    }
}
