package org.bootwarden.hosts;

import java.util.regex.Pattern;

/** Dotted-quad IPv4 helpers: strict parsing (no leading zeros, no shorthand) and subnet maths. */
public final class Ipv4 {

    private static final Pattern DOTTED = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private Ipv4() {
    }

    public static boolean isValid(String s) {
        if (s == null || !DOTTED.matcher(s).matches()) {
            return false;
        }
        for (String part : s.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    public static long toLong(String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException("not an IPv4 address: " + s);
        }
        long v = 0;
        for (String part : s.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    public static String fromLong(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    public static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
    }

    public static String netmask(int prefixLength) {
        return fromLong(mask(prefixLength));
    }

    public static boolean sameSubnet(String a, String b, int prefixLength) {
        long m = mask(prefixLength);
        return (toLong(a) & m) == (toLong(b) & m);
    }

    /** The network address (lowest) of {@code ip}/{@code prefixLength}. */
    public static String network(String ip, int prefixLength) {
        return fromLong(toLong(ip) & mask(prefixLength));
    }

    /** True for the network or broadcast address of a subnet of /30 or larger. */
    public static boolean isNetworkOrBroadcast(String ip, int prefixLength) {
        if (prefixLength >= 31) {
            return false;
        }
        long m = mask(prefixLength);
        long v = toLong(ip);
        return (v & ~m & 0xFFFFFFFFL) == 0 || (v | ~m & 0xFFFFFFFFL) == v;
    }
}
