package org.bootwarden.isoworker.custom;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders iPXE's {@code config/local/*.h} headers for a feature set: one header per {@link
 * IpxeFeature#header()}, every feature of it either defined or undefined (pure; golden-tested).
 * iPXE includes {@code config/local/X.h} at the end of {@code config/X.h}, so these lines override
 * the tree's defaults.
 */
public final class IpxeConfigHeaders {

    private IpxeConfigHeaders() {
    }

    /** File name under {@code config/local/} -> its text, sorted by file name. */
    public static Map<String, String> render(Set<IpxeFeature> enabled) {
        Map<String, StringBuilder> headers = new TreeMap<>();
        for (IpxeFeature f : IpxeFeature.values()) {
            StringBuilder h = headers.computeIfAbsent(f.header(), name -> new StringBuilder()
                    .append("/* config/local/").append(name).append(": written by Bootwarden for a custom build.\n")
                    .append(" * Every feature Bootwarden knows is set here, on or off; do not edit. */\n"));
            if (enabled.contains(f)) {
                h.append("#undef ").append(f.symbol()).append('\n');
                h.append("#define ").append(f.symbol()).append("\t/* ").append(f.name()).append(": on */\n");
            } else {
                h.append("#undef ").append(f.symbol()).append("\t/* ").append(f.name()).append(": off */\n");
            }
        }
        Map<String, String> result = new TreeMap<>();
        headers.forEach((name, text) -> result.put(name, text.toString()));
        return result;
    }
}
