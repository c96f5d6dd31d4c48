package org.bootwarden.isoworker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScriptPaddingTest {

    @Test
    void shouldPadToExactlyTheReservedSizeWithAnEmptyLineAndCommentLines() {
        String padded = ScriptPadding.pad("#!ipxe\necho hi\n", 4096);

        assertThat(padded.getBytes(UTF_8)).hasSize(4096);
        assertThat(padded).startsWith("#!ipxe\necho hi\n\n#");
        String padding = padded.substring("#!ipxe\necho hi\n\n".length());
        assertThat(padding.lines()).allSatisfy(line -> assertThat(line).matches("(# *)?").hasSizeLessThan(64));
        assertThat(padded).endsWith("\n");
    }

    @Test
    void shouldEndAnUnterminatedLastLineAndAContinuationBeforeTheComments() {
        assertThat(ScriptPadding.pad("#!ipxe\nexit 1", 64)).startsWith("#!ipxe\nexit 1\n\n#");
        assertThat(ScriptPadding.pad("#!ipxe\necho a \\\n", 64)).startsWith("#!ipxe\necho a \\\n\n#");
    }

    @Test
    void shouldFillTheLastByteWithANewlineWhenOnlyOneIsLeft() {
        byte[] script = "#!ipxe\n".getBytes(UTF_8);
        for (int size = 8; size < 200; size++) {
            byte[] padded = ScriptPadding.pad(script, size);
            assertThat(padded).hasSize(size);
            assertThat(padded[size - 1]).isEqualTo((byte) '\n');
            assertThat(new String(padded, UTF_8).lines().skip(2)).allSatisfy(l -> assertThat(l).matches("(# *)?"));
        }
    }

    @Test
    void shouldKeepMultibyteCharactersIntact() {
        String script = "#!ipxe\necho Grüße\n";

        assertThat(ScriptPadding.pad(script, 4096)).startsWith(script).hasSize(4096 - 2); // ü and ß take two bytes each
    }

    @Test
    void shouldPickTheSmallestSizeClassThatHoldsScriptAndPadding() {
        assertThat(ScriptPadding.sizeClass(script(4095, true))).isEqualTo(OptionalInt.of(4096));
        assertThat(ScriptPadding.sizeClass(script(4096, true))).isEqualTo(OptionalInt.of(16384));
        assertThat(ScriptPadding.sizeClass(script(4094, false))).isEqualTo(OptionalInt.of(4096));
        assertThat(ScriptPadding.sizeClass(script(4095, false))).isEqualTo(OptionalInt.of(16384));
        assertThat(ScriptPadding.sizeClass(script(65535, true))).isEqualTo(OptionalInt.of(65536));
        assertThat(ScriptPadding.sizeClass(script(65536, true))).isEmpty();
        assertThat(ScriptPadding.sizeClass(script(65535, false))).isEmpty();
    }

    @Test
    void shouldRefuseAScriptThatDoesNotFit() {
        assertThatThrownBy(() -> ScriptPadding.pad(script(4096, true), 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096 bytes does not fit a reserved size of 4096");
    }

    private static byte[] script(int length, boolean newline) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 'x');
        System.arraycopy("#!ipxe\n".getBytes(UTF_8), 0, bytes, 0, 7);
        bytes[length - 1] = (byte) (newline ? '\n' : 'x');
        return bytes;
    }
}
