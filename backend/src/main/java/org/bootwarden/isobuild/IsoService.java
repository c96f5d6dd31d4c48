package org.bootwarden.isobuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.bootwarden.audit.AuditService;
import org.bootwarden.boot.BootRenderer;
import org.bootwarden.boot.BootService;
import org.bootwarden.hosts.Firmware;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.NicDriver;
import org.bootwarden.isoworker.Architecture;
import org.bootwarden.isoworker.PatchingIsoBuilder;
import org.bootwarden.isoworker.ImageKey;
import org.bootwarden.isoworker.IsoSpec;
import org.bootwarden.isoworker.IsoToolsConfig;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.ConflictException;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-host hybrid ISOs (and USB and floppy images), built in-process with the iso-worker library
 * and cached in the data directory by a hash of everything that goes into them (script, driver
 * choice, iPXE version): a host's image is rebuilt only when its client script would change.
 * Images are patched from a template per option set ({@link PatchingIsoBuilder}, about 1 ms
 * instead of a 125-160 ms xorriso run); the client script in them is padded with comment lines.
 */
@Service
public class IsoService {

    private final BootService boot;
    private final AuditService audit;
    private final BootwardenProperties props;
    private final PatchingIsoBuilder builder;
    private final MeterRegistry registry;

    IsoService(BootService boot, AuditService audit, BootwardenProperties props, MeterRegistry registry) {
        this.registry = registry;
        this.boot = boot;
        this.audit = audit;
        this.props = props;
        this.builder = new PatchingIsoBuilder(IsoToolsConfig.debianDefaults(props.ipxeDir(), props.dataDir().resolve("tmp")));
    }

    /** Problems that would stop ISO builds (missing tools or binaries), for the start-up check. */
    public List<String> checkTools() {
        return builder.checkTools();
    }

    /**
     * The host's boot image, built if needed: the hybrid ISO for a CD (physical or virtual), the
     * same hybrid layout for a USB stick, whose script boots BIOS drive 0x81 locally, or a 1.44 MB
     * floppy image (BIOS only, local disk 0x80). Audited: the image carries the host's boot token.
     *
     * @throws ConflictException for a floppy when the host boots UEFI, or needs the firmware's UEFI
     *     NIC driver (SNPONLY): a floppy boots only under BIOS
     */
    public Path imageFor(Host host, BootRenderer.Media media) {
        Path image = buildImage(host, media);
        String[] what = switch (media) {
            case CD -> new String[] {"host.iso-downloaded", "ISO"};
            case USB -> new String[] {"host.usb-downloaded", "USB image"};
            case FLOPPY -> new String[] {"host.floppy-downloaded", "floppy image"};
        };
        audit.record(what[0], "host", host.id(), what[1] + " of host " + host.hostname() + " downloaded", null, null);
        return image;
    }

    /**
     * The host's boot image from the cache, built first if needed, like {@link #imageFor} but not
     * audited: for callers that audit what they hand out themselves (a batch zip is audited when
     * downloaded).
     */
    public Path buildImage(Host host, BootRenderer.Media media) {
        if (media == BootRenderer.Media.FLOPPY && host.architecture() == org.bootwarden.hosts.Architecture.ARM64) {
            throw new ConflictException("architecture", "a floppy image boots only x86 BIOS machines, but this host is arm64:"
                    + " use the ISO or USB image");
        }
        if (media == BootRenderer.Media.FLOPPY && host.firmware() == Firmware.UEFI) {
            throw new ConflictException("firmware", "a floppy image boots only under BIOS, but this host's firmware is UEFI:"
                    + " use the ISO or USB image");
        }
        if (media == BootRenderer.Media.FLOPPY && host.nicDriver() == NicDriver.SNPONLY) {
            throw new ConflictException("nicDriver", "a floppy image boots only under BIOS with iPXE's own NIC drivers,"
                    + " but this host's NIC driver is SNPONLY (the firmware's UEFI driver): use the ISO or USB image");
        }
        CacheKey key = cacheKey(host, media);
        Path dir = props.isoDir();
        String medium = media.name().toLowerCase(Locale.ROOT);
        String name = key.fileName();
        Path image = dir.resolve(name);
        String script = key.script();
        org.bootwarden.isoworker.NicDriver driver = key.driver();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(props.dataDir().resolve("tmp"));
            if (!Files.exists(image)) {
                IsoSpec spec = new IsoSpec(key.volumeId(), script, driver, architecture(host));
                Timer.Sample sample = Timer.start(registry);
                String outcome = "failed";
                try {
                    PatchingIsoBuilder.Method method = media == BootRenderer.Media.FLOPPY
                            ? builder.buildFloppy(spec, image) : builder.build(spec, image);
                    outcome = method == PatchingIsoBuilder.Method.PATCHED ? "patched" : "built";
                } finally {
                    sample.stop(Timer.builder("bootwarden.images.build").description("Boot image builds (ISO, USB, floppy)")
                            .tags("media", medium, "outcome", outcome)
                            .register(registry));
                }
                removeOlder(dir, ImageKey.prefix(host.id(), medium) + "*", image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ISOs to " + dir, e);
        }
        return image;
    }

    /**
     * Whether the host's ISO as it would be built now (same script, token, network settings,
     * drivers) exists already, i.e. was built or downloaded: a ticket then needs no ISO build.
     */
    public boolean hasCurrentIso(Host host) {
        return Files.exists(props.isoDir().resolve(cacheKey(host, BootRenderer.Media.CD).fileName()));
    }

    /**
     * What the image of this host and medium is made of and the name it is cached under (see
     * {@link ImageKey}): one place for the image download and the ISO worker's media spec.
     */
    public CacheKey cacheKey(Host host, BootRenderer.Media media) {
        String script = boot.clientScript(host, media);
        org.bootwarden.isoworker.NicDriver driver = host.nicDriver() == NicDriver.SNPONLY
                ? org.bootwarden.isoworker.NicDriver.SNPONLY : org.bootwarden.isoworker.NicDriver.FULL;
        String hash = ImageKey.hash(script, driver, architecture(host), ImageKey.ipxeVersion(props.ipxeDir()));
        String medium = media.name().toLowerCase(Locale.ROOT);
        return new CacheKey(script, driver, volumeId(host), hash, ImageKey.fileName(host.id(), medium, hash));
    }

    /**
     * What the ISO worker needs to build the host's hybrid ISO (media {@code cd}) so that {@link
     * #imageFor} finds it in the cache. Audited: the script carries the host's boot token.
     */
    public MediaSpec mediaSpec(Host host) {
        CacheKey key = cacheKey(host, BootRenderer.Media.CD);
        audit.record("host.media-spec-read", "host", host.id(), "ISO build input of host " + host.hostname() + " read", null, null);
        return new MediaSpec(host.id(), host.hostname(), key.volumeId(), key.script(), key.driver(), host.firmware(),
                architecture(host), key.hash(), key.fileName());
    }

    private static Architecture architecture(Host host) {
        return host.architecture() == org.bootwarden.hosts.Architecture.ARM64 ? Architecture.ARM64 : Architecture.X86_64;
    }

    /** A cached image's inputs and identity. */
    public record CacheKey(String script, org.bootwarden.isoworker.NicDriver driver, String volumeId, String hash,
            String fileName) {
    }

    /** The media-spec answer ({@code GET /api/hosts/{id}/media-spec}); the worker reads it as its own MediaSpec. */
    public record MediaSpec(String hostId, String hostname, String volumeId, String script,
            org.bootwarden.isoworker.NicDriver nicDriver, Firmware firmware, Architecture architecture, String hash,
            String artifact) {
    }

    private static String volumeId(Host host) {
        String v = ("BW_" + host.shortHostname()).toUpperCase().replaceAll("[^A-Z0-9_]", "_");
        return v.length() > 32 ? v.substring(0, 32) : v;
    }

    private static void removeOlder(Path dir, String glob, Path keep) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, glob)) {
            for (Path p : old) {
                if (!p.equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
