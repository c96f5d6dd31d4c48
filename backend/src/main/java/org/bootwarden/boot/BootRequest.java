package org.bootwarden.boot;

import java.util.Locale;

import org.bootwarden.hosts.MacAddress;

/**
 * What a booting client told us: its MAC (URL-encoded or not), SMBIOS UUID, platform and build
 * architecture, and the address it came from. Only ever echoed after normalisation.
 */
record BootRequest(String mac, String uuid, String platform, String arch, String source) {

    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^a-z0-9_-]");

    static BootRequest of(String mac, String uuid, String platform, String arch, String source) {
        String m = null;
        if (mac != null && !mac.isBlank()) {
            try {
                m = MacAddress.parse(mac).value();
            } catch (IllegalArgumentException e) {
                m = "invalid";
            }
        }
        return new BootRequest(m, clean(uuid, 36), clean(platform, 16), clean(arch, 16), source);
    }

    private static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        String c = UNSAFE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
        return c.length() > max ? c.substring(0, max) : c;
    }

    String describe() {
        return "mac " + (mac == null ? "-" : mac) + ", platform " + (platform == null ? "-" : platform) + "/"
                + (arch == null ? "-" : arch) + (uuid == null || uuid.isEmpty() ? "" : ", uuid " + uuid);
    }
}
