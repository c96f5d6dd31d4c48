package org.bootwarden.hosts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 48-bit MAC address, normalised where it enters: any common notation in
 * ({@code 52:54:00:AB:CD:EF}, {@code 52-54-00-ab-cd-ef}, {@code 5254.00ab.cdef},
 * {@code 525400abcdef}, URL-encoded colons), lower-case colon notation out.
 */
public record MacAddress(String value) {

    private static final Pattern HEX12 = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern NORMALISED = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern SEPARATED = Pattern.compile("([0-9a-f]{1,2}[:-]){5}[0-9a-f]{1,2}");
    private static final Pattern SEPARATOR = Pattern.compile("[:-]");
    private static final Pattern CISCO = Pattern.compile("[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}");

    public MacAddress {
        if (value == null || !NORMALISED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a normalised MAC address: " + value);
        }
    }

    /** Parses any common notation; throws {@link IllegalArgumentException} with a readable message. */
    public static MacAddress parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("MAC address is empty");
        }
        String s = raw.trim().toLowerCase(Locale.ROOT).replace("%3a", ":");
        if (NORMALISED.matcher(s).matches()) {
            return new MacAddress(s);
        }
        String hex;
        if (SEPARATED.matcher(s).matches()) {
            StringBuilder b = new StringBuilder();
            for (String part : SEPARATOR.split(s)) {
                b.append(part.length() == 1 ? "0" + part : part);
            }
            hex = b.toString();
        } else if (CISCO.matcher(s).matches()) {
            hex = s.replace(".", "");
        } else {
            hex = s;
        }
        if (!HEX12.matcher(hex).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is not a MAC address (expected e.g. 52:54:00:12:34:56)");
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return new MacAddress(out.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
