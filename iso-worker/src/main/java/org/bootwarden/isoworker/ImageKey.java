package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one definition of a cached boot image's identity, shared by the backend's image cache and
 * the ISO worker: a short hash of everything that goes into the image (client script, NIC driver,
 * iPXE version) and the file name {@code <host id>-<medium>-<hash>.iso|.img} built from it. Two
 * builds with the same key produce interchangeable images, so whoever builds first, the other
 * finds the file and does not rebuild.
 */
public final class ImageKey {

    /** The medium whose image is a hybrid ISO (the worker builds only this one). */
    public static final String CD = "cd";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String UNKNOWN_VERSION = "unknown";

    private ImageKey() {
    }

    /** 16 hex digits: the first 64 bits of SHA-256 over script, driver and iPXE version (x86_64 image). */
    public static String hash(String script, NicDriver driver, String ipxeVersion) {
        return hash(script, driver, Architecture.X86_64, ipxeVersion);
    }

    /**
     * 16 hex digits: the first 64 bits of SHA-256 over script, driver, architecture and iPXE
     * version. The x86_64 hash leaves the architecture out, so images cached before it was part of
     * the key stay valid.
     */
    public static String hash(String script, NicDriver driver, Architecture architecture, String ipxeVersion) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(ipxeVersion, "ipxeVersion");
        String arch = architecture == Architecture.X86_64 ? "" : "\n" + architecture;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((script + "\n" + driver + "\n" + ipxeVersion + arch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version recorded in {@code <ipxeDir>/VERSION} (written by the fetch script), or {@code unknown}. */
    public static String ipxeVersion(Path ipxeDir) {
        try {
            Path v = ipxeDir.resolve("VERSION");
            return Files.exists(v) ? Files.readString(v).trim() : UNKNOWN_VERSION;
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
    }

    /** Common start of every image name of this host and medium: older ones are found by it. */
    public static String prefix(String hostId, String medium) {
        if (!SAFE_ID.matcher(hostId).matches()) {
            throw new IllegalArgumentException("host id '" + hostId + "' is not usable in a file name");
        }
        return hostId + "-" + medium.toLowerCase(Locale.ROOT) + "-";
    }

    /** {@code <host id>-<medium>-<hash>.iso} for a CD, {@code .img} for every other medium. */
    public static String fileName(String hostId, String medium, String hash) {
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("image hash must be 16 lower-case hex digits, was '" + hash + "'");
        }
        return prefix(hostId, medium) + hash + (CD.equalsIgnoreCase(medium) ? ".iso" : ".img");
    }
}
