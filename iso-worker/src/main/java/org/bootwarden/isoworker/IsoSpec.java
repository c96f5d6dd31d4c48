package org.bootwarden.isoworker;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What goes on one boot medium. Validated on construction.
 *
 * @param volumeId ISO volume id: 1 to 32 characters of {@code [A-Z0-9_]}
 * @param script iPXE script run at boot: starts with {@code #!ipxe}, at most 64 KiB (UTF-8), no NUL
 * @param nicDriver which iPXE EFI binary to use under UEFI
 * @param architecture target CPU architecture
 * @throws IllegalArgumentException if a value is invalid
 */
public record IsoSpec(String volumeId, String script, NicDriver nicDriver, Architecture architecture) {

    static final int MAX_SCRIPT_BYTES = 64 * 1024;
    private static final Pattern VOLUME_ID = Pattern.compile("[A-Z0-9_]{1,32}");

    public IsoSpec {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(nicDriver, "nicDriver");
        Objects.requireNonNull(architecture, "architecture");
        if (!VOLUME_ID.matcher(volumeId).matches()) {
            throw new IllegalArgumentException(
                    "volumeId must be 1 to 32 characters of A-Z, 0-9 and _, was '" + volumeId + "'");
        }
        if (!script.startsWith("#!ipxe")) {
            throw new IllegalArgumentException("script must start with #!ipxe");
        }
        if (script.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("script must not contain NUL characters");
        }
        int bytes = script.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SCRIPT_BYTES) {
            throw new IllegalArgumentException(
                    "script must be at most " + MAX_SCRIPT_BYTES + " bytes, was " + bytes);
        }
    }
}
