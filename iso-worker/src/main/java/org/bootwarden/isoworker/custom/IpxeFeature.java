package org.bootwarden.isoworker.custom;

/**
 * A build-time feature of iPXE, switched on or off in a {@code config/local/*.h} header of the
 * source tree. Every custom build writes every feature, either {@code #define SYMBOL} or {@code
 * #undef SYMBOL}, so the result never depends on the defaults of the iPXE version at hand.
 */
public enum IpxeFeature {
    /** {@code https://} downloads (needs {@code TRUST=} for a private CA, see {@link CustomBuildOptions#trust()}). */
    HTTPS("general.h", "DOWNLOAD_PROTO_HTTPS"),
    /** The {@code poweroff} command. */
    POWEROFF("general.h", "POWEROFF_CMD"),
    /** The {@code reboot} command. */
    REBOOT("general.h", "REBOOT_CMD"),
    /** The {@code ping} command. */
    PING("general.h", "PING_CMD"),
    /** The {@code nslookup} command. */
    NSLOOKUP("general.h", "NSLOOKUP_CMD"),
    /** The {@code vcreate}/{@code vdestroy} commands (802.1Q VLANs). */
    VLAN("general.h", "VLAN_CMD"),
    /** The {@code ntp} command. */
    NTP("general.h", "NTP_CMD"),
    /** The {@code imgtrust}/{@code imgverify} commands (signed images). */
    IMAGE_TRUST("general.h", "IMAGE_TRUST_CMD"),
    /** Console output on the serial port (COM1, 115200 8N1 by iPXE's defaults; BIOS builds). */
    SERIAL_CONSOLE("console.h", "CONSOLE_SERIAL");

    private final String header;
    private final String symbol;

    IpxeFeature(String header, String symbol) {
        this.header = header;
        this.symbol = symbol;
    }

    /** File name under {@code config/local/}. */
    public String header() {
        return header;
    }

    /** The preprocessor symbol iPXE tests. */
    public String symbol() {
        return symbol;
    }
}
