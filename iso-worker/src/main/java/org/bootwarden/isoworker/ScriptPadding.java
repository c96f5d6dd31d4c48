package org.bootwarden.isoworker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Pads an iPXE script to a fixed reserved size that iPXE ignores, so every per-host script of a
 * size class occupies exactly the same bytes in a boot image.
 *
 * <p>The padding is a newline (ends the script's last line if it had none), an empty line (ends a
 * trailing {@code \} line continuation exactly as the end of the file would), then comment lines
 * ({@code #} and spaces, at most {@value #LINE} bytes each), the last one cut to fit. iPXE runs a
 * script line by line and stops at the first failing command or at {@code exit}, so lines that do
 * nothing after the script's last command change neither what it does nor its result.
 */
final class ScriptPadding {

    /** Reserved script sizes in bytes, smallest first; the largest is {@link IsoSpec#MAX_SCRIPT_BYTES}. */
    static final int[] SIZE_CLASSES = {4 * 1024, 16 * 1024, IsoSpec.MAX_SCRIPT_BYTES};
    static final int LINE = 64;

    private ScriptPadding() {
    }

    /** The smallest size class that holds {@code script} and its padding, if any does. */
    static OptionalInt sizeClass(byte[] script) {
        int needed = script.length + minimumPadding(script);
        return Arrays.stream(SIZE_CLASSES).filter(size -> size >= needed).findFirst();
    }

    static OptionalInt sizeClass(String script) {
        return sizeClass(script.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code script} followed by padding, exactly {@code size} bytes.
     *
     * @throws IllegalArgumentException if the script and its minimum padding do not fit
     */
    static byte[] pad(byte[] script, int size) {
        int start = script.length + minimumPadding(script);
        if (start > size) {
            throw new IllegalArgumentException(
                    "script of " + script.length + " bytes does not fit a reserved size of " + size + " bytes");
        }
        byte[] padded = Arrays.copyOf(script, size);
        int at = script.length;
        if (!endsWithNewline(script)) {
            padded[at++] = '\n';
        }
        padded[at++] = '\n';
        while (at < size) {
            int line = Math.min(LINE, size - at);
            if (line == 1) {
                padded[at++] = '\n';
                continue;
            }
            padded[at] = '#';
            Arrays.fill(padded, at + 1, at + line - 1, (byte) ' ');
            padded[at + line - 1] = '\n';
            at += line;
        }
        return padded;
    }

    static String pad(String script, int size) {
        return new String(pad(script.getBytes(StandardCharsets.UTF_8), size), StandardCharsets.UTF_8);
    }

    private static int minimumPadding(byte[] script) {
        return endsWithNewline(script) ? 1 : 2;
    }

    private static boolean endsWithNewline(byte[] script) {
        return script.length > 0 && script[script.length - 1] == '\n';
    }
}
