package org.bootwarden.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;

/**
 * Checks a {@link HostRequest} field by field and turns it into normalised values. Every value
 * that may later reach an iPXE script or an answer file is restricted here to a safe alphabet;
 * the renderers check again when they place it.
 */
public final class HostValidator {

    static final int MAX_MACS = 8;
    static final int MAX_DNS = 3;
    static final int MAX_LABELS = 32;

    private static final Pattern LABEL_PART = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9 ._:/=,+@-]{0,255}");

    /** The request after validation: normalised, typed, ready to store. */
    public record Valid(String hostname, List<String> macs, String ip, int prefixLength, String gateway,
            List<String> dns, Integer vlan, Firmware firmware, NicDriver nicDriver, Architecture architecture, String profile,
            Map<String, String> labels) {
    }

    private HostValidator() {
    }

    public static Valid validate(HostRequest r) {
        List<FieldProblem> errors = new ArrayList<>();
        String hostname = hostname(r.hostname(), errors);
        List<String> macs = macs(r.macs(), errors);
        String ip = ipv4("ip", r.ip(), errors);
        Integer prefix = r.prefixLength();
        if (prefix == null) {
            errors.add(new FieldProblem("prefixLength", "is required (e.g. 24)"));
        } else if (prefix < 1 || prefix > 32) {
            errors.add(new FieldProblem("prefixLength", "must be between 1 and 32"));
        }
        String gateway = ipv4("gateway", r.gateway(), errors);
        if (ip != null && gateway != null && prefix != null && prefix >= 1 && prefix <= 32) {
            if (!Ipv4.sameSubnet(ip, gateway, prefix)) {
                errors.add(new FieldProblem("gateway", "gateway " + gateway + " is outside the host's subnet "
                        + Ipv4.network(ip, prefix) + "/" + prefix));
            } else if (gateway.equals(ip)) {
                errors.add(new FieldProblem("gateway", "gateway must differ from the host's own address"));
            }
            if (Ipv4.isNetworkOrBroadcast(ip, prefix)) {
                errors.add(new FieldProblem("ip", ip + " is the network or broadcast address of its /" + prefix + " subnet"));
            }
        }
        List<String> dns = dns(r.dns(), errors);
        Integer vlan = r.vlan();
        if (vlan != null && (vlan < 1 || vlan > 4094)) {
            errors.add(new FieldProblem("vlan", "VLAN id must be between 1 and 4094"));
        }
        Firmware firmware = Firmware.AUTO;
        if (r.firmware() != null) {
            try {
                firmware = Firmware.parse(r.firmware());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("firmware", e.getMessage()));
            }
        }
        NicDriver nicDriver = NicDriver.FULL;
        if (r.nicDriver() != null) {
            try {
                nicDriver = NicDriver.parse(r.nicDriver());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("nicDriver", e.getMessage()));
            }
        }
        Architecture architecture = Architecture.X86_64;
        if (r.architecture() != null) {
            try {
                architecture = Architecture.parse(r.architecture());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("architecture", e.getMessage()));
            }
        }
        if (architecture == Architecture.ARM64 && firmware == Firmware.BIOS) {
            errors.add(new FieldProblem("architecture", "arm64 boots under UEFI only: set firmware to uefi (or auto)"));
        }
        if (firmware == Firmware.BIOS && nicDriver == NicDriver.SNPONLY) {
            errors.add(new FieldProblem("nicDriver", "snponly uses the UEFI firmware's driver and cannot boot a BIOS host"));
        }
        String profile = r.profile() == null ? null : r.profile().trim();
        if (profile == null || profile.isEmpty()) {
            errors.add(new FieldProblem("profile", "is required (see GET /api/profiles)"));
        }
        Map<String, String> labels = labels(r.labels(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Valid(hostname, macs, ip, prefix, gateway, dns, vlan, firmware, nicDriver, architecture, profile, labels);
    }

    /** The host name normalised (lower case, no trailing dot), or null with the reason added to {@code errors}. */
    public static String hostname(String raw, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldProblem("hostname", "is required"));
            return null;
        }
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.length() > 253) {
            errors.add(new FieldProblem("hostname", "is longer than 253 characters"));
            return null;
        }
        for (String part : h.split("\\.", -1)) {
            if (!LABEL_PART.matcher(part).matches()) {
                errors.add(new FieldProblem("hostname", "'" + abbreviate(raw) + "' is not an RFC 1123 host name: each dot-separated"
                        + " label needs 1-63 letters, digits or hyphens and must not start or end with a hyphen"));
                return null;
            }
        }
        return h;
    }

    private static List<String> macs(List<String> raw, List<FieldProblem> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldProblem("macs", "at least one MAC address is required"));
            return List.of();
        }
        if (raw.size() > MAX_MACS) {
            errors.add(new FieldProblem("macs", "at most " + MAX_MACS + " MAC addresses"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                MacAddress mac = MacAddress.parse(raw.get(i));
                if ((Integer.parseInt(mac.value().substring(0, 2), 16) & 1) == 1) {
                    errors.add(new FieldProblem("macs[" + i + "]", mac + " is a multicast address, not a NIC"));
                } else if (!out.add(mac.value())) {
                    errors.add(new FieldProblem("macs[" + i + "]", mac + " is listed twice"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("macs[" + i + "]", abbreviate(e.getMessage())));
            }
        }
        return List.copyOf(out);
    }

    private static String ipv4(String field, String raw, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldProblem(field, "is required (dotted IPv4, e.g. 10.0.2.15)"));
            return null;
        }
        String s = raw.trim();
        if (!Ipv4.isValid(s)) {
            errors.add(new FieldProblem(field, "'" + abbreviate(raw) + "' is not a dotted IPv4 address"));
            return null;
        }
        if (s.equals("0.0.0.0") || s.equals("255.255.255.255") || s.startsWith("127.") || Ipv4.toLong(s) >= Ipv4.toLong("224.0.0.0")) {
            errors.add(new FieldProblem(field, s + " cannot be assigned to a host"));
            return null;
        }
        return s;
    }

    private static List<String> dns(List<String> raw, List<FieldProblem> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldProblem("dns", "at least one DNS server is required (the install is DHCP-less)"));
            return List.of();
        }
        if (raw.size() > MAX_DNS) {
            errors.add(new FieldProblem("dns", "at most " + MAX_DNS + " DNS servers"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String v = ipv4("dns[" + i + "]", raw.get(i), errors);
            if (v != null) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> labels(Map<String, String> raw, List<FieldProblem> errors) {
        if (raw == null) {
            return Map.of();
        }
        if (raw.size() > MAX_LABELS) {
            errors.add(new FieldProblem("labels", "at most " + MAX_LABELS + " labels"));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                errors.add(new FieldProblem("labels", "label key '" + abbreviate(String.valueOf(k))
                        + "' must be 1-63 letters, digits, '.', '_', '/' or '-'"));
            } else if (v == null || !LABEL_VALUE.matcher(v).matches()) {
                errors.add(new FieldProblem("labels." + k, "label value must be at most 255 letters, digits, spaces or ._:/=,+@-"));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
    }
}
