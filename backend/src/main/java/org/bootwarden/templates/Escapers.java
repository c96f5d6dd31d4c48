package org.bootwarden.templates;

import com.samskivert.mustache.Mustache;

/**
 * What may be placed into each kind of rendered text. Values are never "escaped" into
 * something else: a value that could change the meaning of the script is refused, and the
 * boot endpoint answers with a script that says why and boots local.
 */
public final class Escapers {

    private Escapers() {
    }

    /**
     * iPXE splits a line into tokens at whitespace; a token starting with '#' starts a comment,
     * the tokens '||', '&&' and ';' chain commands, '${' expands settings, and newer builds honour
     * quotes and backslashes. None of those may come from a value.
     */
    static final Mustache.Escaper IPXE = raw -> {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7e || "$#|&\"'\\`".indexOf(c) >= 0) {
                throw new UnsafeValueException("value '" + printable(raw) + "' contains a character that is not allowed"
                        + " in an iPXE script: " + describe(c));
            }
        }
        for (String token : raw.trim().split("\\s+")) {
            if (token.equals(";")) {
                throw new UnsafeValueException("value '" + printable(raw) + "' contains a lone ';', an iPXE command separator");
            }
        }
        return raw;
    };

    /**
     * Line-oriented answer files (preseed, kickstart): a value must stay on its line. Besides the
     * ASCII control characters this refuses what some reader may take for a line break (NEL and
     * the other C1 controls, U+2028, U+2029: Python's {@code splitlines}, YAML 1.1) and what no
     * YAML reader accepts at all (a lone surrogate, U+FFFE, U+FFFF, a byte-order mark).
     */
    static final Mustache.Escaper LINE = raw -> {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1));
            if (pairedSurrogate) {
                i++;
                continue;
            }
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                    || c == '\ufffe' || c == '\uffff' || Character.isSurrogate(c)) {
                throw new UnsafeValueException("value '" + printable(raw) + "' contains a control character ("
                        + describe(c) + ") that would break the answer file's line structure");
            }
        }
        return raw;
    };

    /**
     * YAML (autoinstall user-data): values are placed inside double-quoted scalars by the
     * templates, so besides line breaks the quote and backslash are refused.
     */
    static final Mustache.Escaper YAML = raw -> {
        String s = LINE.escape(raw);
        if (s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
            throw new UnsafeValueException("value '" + printable(raw) + "' contains '\"' or '\\', which are not allowed in YAML values");
        }
        return s;
    };

    /**
     * Why {@code value} could not be placed into every kind of answer file (preseed, kickstart,
     * YAML), without repeating the value (it may be a secret); null when it could.
     */
    public static String unsafeForAnswerFiles(String value) {
        try {
            YAML.escape(value);
            return null;
        } catch (UnsafeValueException e) {
            return "contains a line break, a control character, '\"' or '\\', which cannot be placed into every answer file";
        }
    }

    public static String printable(String raw) {
        String s = raw.replaceAll("[\\p{Cntrl}\\p{Cs}\\u0085\\u2028\\u2029\\ufeff\\ufffe\\uffff]", "?");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String describe(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f ? String.format("control character 0x%02x", (int) c)
                : c > 0x7e && !Character.isLetterOrDigit(c) || Character.isSurrogate(c) ? String.format("U+%04X", (int) c)
                : "'" + c + "'";
    }
}
