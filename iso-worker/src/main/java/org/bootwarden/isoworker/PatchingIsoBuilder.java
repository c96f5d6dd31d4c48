package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds per-host boot media by patching cached templates instead of running xorriso (or mkfs,
 * syslinux and mtools) for every host.
 *
 * <p>Media with the same options (medium, architecture, NIC driver, reserved script size) differ
 * only in the client script and the volume id. For each option set, a template is built once with
 * {@link IsoBuilder} from a placeholder script (a unique random marker, padded to the reserved
 * size) and a placeholder volume id, and the places where they occur are found and verified ({@link
 * MediaTemplate}). A host's medium is then the template's bytes with its script, padded to the same
 * size ({@link ScriptPadding}), and its volume id written over the placeholders: byte for byte what
 * {@link IsoBuilder} builds from the padded script at the template's {@code SOURCE_DATE_EPOCH}.
 *
 * <p>Scripts too large for the largest size class, and option sets whose template fails
 * verification, are built in full by {@link IsoBuilder} (unpadded). Templates are kept in memory,
 * at most {@code maxTemplates} (least recently used evicted), and rebuilt when the iPXE binaries,
 * their {@code VERSION} file or the isolinux files change (size, modification time or file
 * identity). Thread-safe: concurrent builds share one template build per option set.
 */
public final class PatchingIsoBuilder {

    /** How a medium was made. */
    public enum Method {
        /** Copied from a cached template with the host's script and volume id patched in. */
        PATCHED,
        /** Built in full with the tools (script too large, or no usable template). */
        FULL_BUILD
    }

    private static final Logger log = LoggerFactory.getLogger(PatchingIsoBuilder.class);
    static final int DEFAULT_MAX_TEMPLATES = 8;
    private static final String MARKER_PREFIX = "#BOOTWARDEN-TEMPLATE-PLACEHOLDER ";
    private static final char[] VOLUME_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong PARTIALS = new AtomicLong();

    record TemplateKey(MediaTemplate.Medium medium, Architecture architecture, NicDriver nicDriver, int scriptSize) {
    }

    /** A template being built or built; {@code template} is empty when it failed verification. */
    private record Entry(String fingerprint, FutureTask<Optional<MediaTemplate>> task) {
    }

    private final IsoToolsConfig tools;
    private final IsoBuilder full;
    private final LongSupplier epochSeconds;
    private final Placeholders placeholders;
    private final Map<TemplateKey, Entry> templates;

    public PatchingIsoBuilder(IsoToolsConfig tools) {
        this(tools, new IsoBuilder(tools), () -> Instant.now().getEpochSecond(), DEFAULT_MAX_TEMPLATES,
                PatchingIsoBuilder::randomPlaceholders);
    }

    /**
     * @param epochSeconds the {@code SOURCE_DATE_EPOCH} of each new template
     * @param placeholders makes the placeholder marker and volume id of each new template
     */
    PatchingIsoBuilder(IsoToolsConfig tools, IsoBuilder full, LongSupplier epochSeconds, int maxTemplates,
            Placeholders placeholders) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.full = Objects.requireNonNull(full, "full");
        this.epochSeconds = epochSeconds;
        this.placeholders = placeholders;
        this.templates = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TemplateKey, Entry> eldest) {
                return size() > maxTemplates;
            }
        };
    }

    /** The placeholder script marker (a line starting with {@code #}) and volume id of a template. */
    interface Placeholders {
        /** @return {marker line without newline, 32-character volume id of [A-Z0-9_]} */
        String[] next();
    }

    static String[] randomPlaceholders() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        char[] volumeId = new char[32];
        for (int i = 0; i < volumeId.length; i++) {
            volumeId[i] = VOLUME_ID_CHARS[RANDOM.nextInt(i == 0 ? 26 : VOLUME_ID_CHARS.length)];
        }
        return new String[] {MARKER_PREFIX + HexFormat.of().formatHex(nonce), new String(volumeId)};
    }

    /** See {@link IsoBuilder#checkTools()}. */
    public List<String> checkTools() {
        return full.checkTools();
    }

    /**
     * Writes the hybrid ISO for {@code spec} to {@code output} (atomically replaced), with the
     * script padded to its size class; see {@link IsoBuilder#build(IsoSpec, Path)} for the layout.
     *
     * @return how the ISO was made
     * @throws IsoBuildException as {@link IsoBuilder#build(IsoSpec, Path)}
     */
    public Method build(IsoSpec spec, Path output) {
        return make(MediaTemplate.Medium.ISO, spec, output);
    }

    /**
     * Writes the floppy image for {@code spec} to {@code output} (atomically replaced), with the
     * script padded to its size class; see {@link IsoBuilder#buildFloppy(IsoSpec, Path)}.
     *
     * @return how the image was made
     * @throws IllegalArgumentException if {@code spec} is not for x86_64 with NicDriver.FULL
     * @throws IsoBuildException as {@link IsoBuilder#buildFloppy(IsoSpec, Path)}
     */
    public Method buildFloppy(IsoSpec spec, Path output) {
        Objects.requireNonNull(spec, "spec");
        IsoBuilder.requireFloppyCapable(spec);
        return make(MediaTemplate.Medium.FLOPPY, spec, output);
    }

    private Method make(MediaTemplate.Medium medium, IsoSpec spec, Path output) {
        Objects.requireNonNull(spec, "spec");
        Path target = Objects.requireNonNull(output, "output").toAbsolutePath();
        byte[] script = spec.script().getBytes(StandardCharsets.UTF_8);
        OptionalInt size = ScriptPadding.sizeClass(script);
        Optional<MediaTemplate> template = Optional.empty();
        if (size.isPresent()) {
            template = template(new TemplateKey(medium, spec.architecture(), spec.nicDriver(), size.getAsInt()));
        }
        if (template.isEmpty()) {
            if (medium == MediaTemplate.Medium.FLOPPY) {
                full.buildFloppy(spec, target);
            } else {
                full.build(spec, target);
            }
            return Method.FULL_BUILD;
        }
        long started = System.nanoTime();
        Path partial = target.resolveSibling("." + target.getFileName() + ".patch-" + PARTIALS.incrementAndGet()
                + "-" + ProcessHandle.current().pid() + ".part");
        try {
            Files.createDirectories(target.getParent());
            template.get().write(partial, ScriptPadding.pad(script, size.getAsInt()), spec.volumeId());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IsoBuildException("Cannot write " + target + " from its template: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", partial, e.toString());
            }
        }
        log.debug("Patched {} from its template in {} µs", target, (System.nanoTime() - started) / 1000);
        return Method.PATCHED;
    }

    /**
     * The template for {@code key}, built if missing or if its inputs changed; empty if it cannot be
     * used (it failed verification, or building it failed: the full build then reports why).
     */
    Optional<MediaTemplate> template(TemplateKey key) {
        String fingerprint = fingerprint(key);
        Entry entry;
        boolean mine = false;
        synchronized (templates) {
            entry = templates.get(key);
            if (entry == null || !entry.fingerprint().equals(fingerprint)) {
                entry = new Entry(fingerprint, new FutureTask<>(() -> createTemplate(key)));
                templates.put(key, entry);
                mine = true;
            }
        }
        if (mine) {
            entry.task().run();
        }
        try {
            return entry.task().get();
        } catch (ExecutionException e) {
            // building the template failed (tools missing, a command failed): forget it so a later
            // call tries again, and let the full build report the problem
            synchronized (templates) {
                templates.remove(key, entry);
            }
            log.debug("No template for {}: {}", key, e.getCause().toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsoBuildException("Interrupted while waiting for the template " + key, e);
        }
    }

    /** Number of cached templates (for tests). */
    int cachedTemplates() {
        synchronized (templates) {
            return templates.size();
        }
    }

    private Optional<MediaTemplate> createTemplate(TemplateKey key) throws IOException {
        long started = System.nanoTime();
        String[] placeholder = placeholders.next();
        byte[] marker = ("#!ipxe\n" + placeholder[0] + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] script = ScriptPadding.pad(marker, key.scriptSize());
        String volumeId = placeholder[1];
        IsoSpec spec = new IsoSpec(volumeId, new String(script, StandardCharsets.UTF_8), key.nicDriver(),
                key.architecture());
        long epoch = epochSeconds.getAsLong();
        Files.createDirectories(tools.workDir());
        Path file = Files.createTempFile(tools.workDir(), "template-", ".img");
        try {
            if (key.medium() == MediaTemplate.Medium.FLOPPY) {
                full.buildFloppy(spec, file, epoch);
            } else {
                full.build(spec, file, epoch);
            }
            byte[] image = Files.readAllBytes(file);
            MediaTemplate template = MediaTemplate.locate(key.medium(), image, marker, script, volumeId, epoch);
            log.info("Built template {} ({} bytes, script at {}) in {} ms", key, image.length,
                    java.util.Arrays.toString(template.scriptOffsets()), (System.nanoTime() - started) / 1_000_000);
            return Optional.of(template);
        } catch (IllegalStateException e) {
            log.warn("Template {} is unusable, building these media in full: {}", key, e.getMessage());
            return Optional.empty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What a template depends on besides its key: the files it is built from. */
    private String fingerprint(TemplateKey key) {
        List<Path> inputs = new ArrayList<>();
        Path ipxe = tools.ipxeDir();
        inputs.add(ipxe.resolve("VERSION"));
        boolean bios = key.medium() == MediaTemplate.Medium.FLOPPY || key.architecture().biosBoot();
        if (bios) {
            inputs.add(ipxe.resolve("ipxe.lkrn"));
        }
        if (key.medium() == MediaTemplate.Medium.ISO) {
            inputs.add(ipxe.resolve(key.architecture().efiBinary(key.nicDriver())));
            if (bios) {
                inputs.addAll(List.of(tools.isolinuxBin(), tools.ldlinuxC32(), tools.isohybridMbr()));
            }
        }
        StringBuilder fingerprint = new StringBuilder();
        for (Path input : inputs) {
            try {
                BasicFileAttributes a = Files.readAttributes(input, BasicFileAttributes.class);
                fingerprint.append(input).append(':').append(a.size()).append(':')
                        .append(a.lastModifiedTime().toMillis()).append(':').append(a.fileKey()).append(';');
            } catch (IOException e) {
                fingerprint.append(input).append(":missing;");
            }
        }
        return fingerprint.toString();
    }
}
