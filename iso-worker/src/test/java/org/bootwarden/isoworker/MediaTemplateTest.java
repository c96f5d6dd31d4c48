package org.bootwarden.isoworker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and verifying patch sites in synthetic images; no tools needed. */
class MediaTemplateTest {

    private static final byte[] MARKER = "#!ipxe\n#MARK\n".getBytes(UTF_8);
    private static final byte[] SCRIPT = ScriptPadding.pad(MARKER, 64);
    private static final String VOLUME = "VOLUMEIDOFTHIRTYTWOCHARACTERS_AB";

    @TempDir
    Path temp;

    /** An "ISO": three script copies, the volume id once in ASCII and once in Joliet UCS-2. */
    private static byte[] iso(int... scriptOffsets) {
        byte[] image = new byte[4096];
        for (int offset : scriptOffsets) {
            System.arraycopy(SCRIPT, 0, image, offset, SCRIPT.length);
        }
        System.arraycopy(MediaTemplate.Medium.ISO.label(VOLUME), 0, image, 100, 32);
        System.arraycopy(MediaTemplate.Medium.jolietLabel(VOLUME), 0, image, 200, 32);
        return image;
    }

    @Test
    void shouldPatchScriptCopiesAndVolumeIdsAndNothingElse() throws Exception {
        byte[] image = iso(1000, 2000, 3000);
        MediaTemplate template = MediaTemplate.locate(MediaTemplate.Medium.ISO, image, MARKER, SCRIPT, VOLUME, 1L);
        byte[] host = ScriptPadding.pad("#!ipxe\necho host\n".getBytes(UTF_8), 64);
        Path out = temp.resolve("host.iso");

        template.write(out, host, "BW_H");

        byte[] written = Files.readAllBytes(out);
        byte[] expected = image.clone();
        for (int offset : new int[] {1000, 2000, 3000}) {
            System.arraycopy(host, 0, expected, offset, 64);
        }
        System.arraycopy(String.format("%-32s", "BW_H").getBytes(UTF_8), 0, expected, 100, 32);
        byte[] joliet = new byte[32];
        for (int i = 0; i < 16; i++) {
            joliet[2 * i + 1] = (byte) (i < 4 ? "BW_H".charAt(i) : ' ');
        }
        System.arraycopy(joliet, 0, expected, 200, 32);
        assertThat(written).isEqualTo(expected);
        assertThat(template.scriptOffsets()).containsExactly(1000, 2000, 3000);
    }

    @Test
    void shouldRefuseATemplateWhereTheMarkerOccursTooOftenOrTooRarely() {
        assertThatThrownBy(() -> MediaTemplate.locate(MediaTemplate.Medium.ISO, iso(1000, 2000, 3000, 3500),
                MARKER, SCRIPT, VOLUME, 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("script marker occurs 4 times")
                .hasMessageContaining("expected 3");
        assertThatThrownBy(() -> MediaTemplate.locate(MediaTemplate.Medium.ISO, iso(1000, 2000),
                MARKER, SCRIPT, VOLUME, 1L))
                .hasMessageContaining("script marker occurs 2 times");
    }

    @Test
    void shouldRefuseAPlaceholderScriptThatIsNotStoredContiguously() {
        byte[] image = iso(1000, 2000, 3000);
        image[2000 + 40] = 0; // e.g. a FAT file whose second cluster lies elsewhere

        assertThatThrownBy(() -> MediaTemplate.locate(MediaTemplate.Medium.ISO, image, MARKER, SCRIPT, VOLUME, 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at offset 2000 is not stored whole and contiguous");
    }

    @Test
    void shouldRefuseATemplateWhoseVolumeIdIsMissingOrRepeated() {
        byte[] missing = iso(1000, 2000, 3000);
        missing[100] = 'x';
        byte[] repeated = iso(1000, 2000, 3000);
        System.arraycopy(MediaTemplate.Medium.jolietLabel(VOLUME), 0, repeated, 300, 32);

        assertThatThrownBy(() -> MediaTemplate.locate(MediaTemplate.Medium.ISO, missing, MARKER, SCRIPT, VOLUME, 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the volume id occurs 0 times");
        assertThatThrownBy(() -> MediaTemplate.locate(MediaTemplate.Medium.ISO, repeated, MARKER, SCRIPT, VOLUME, 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Joliet volume id occurs 2 times");
    }

    @Test
    void shouldRefuseAScriptOfTheWrongSize() throws Exception {
        MediaTemplate template = MediaTemplate.locate(MediaTemplate.Medium.ISO, iso(1000, 2000, 3000), MARKER, SCRIPT,
                VOLUME, 1L);

        assertThatThrownBy(() -> template.write(temp.resolve("x"), new byte[63], "BW"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padded script is 63 bytes, the template reserves 64");
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void shouldFindTheFloppyLabelInBootSectorAndRootDirectory() throws Exception {
        byte[] image = new byte[2048];
        System.arraycopy(SCRIPT, 0, image, 1024, 64);
        byte[] label = MediaTemplate.Medium.FLOPPY.label(VOLUME);
        assertThat(new String(label, UTF_8)).isEqualTo("VOLUMEIDOFT");
        System.arraycopy(label, 0, image, 43, 11);
        System.arraycopy(label, 0, image, 512, 11);

        MediaTemplate template = MediaTemplate.locate(MediaTemplate.Medium.FLOPPY, image, MARKER, SCRIPT, VOLUME, 1L);
        template.write(temp.resolve("f.img"), SCRIPT, "BW_F");

        byte[] written = Files.readAllBytes(temp.resolve("f.img"));
        assertThat(new String(written, 43, 11, UTF_8)).isEqualTo("BW_F       ");
        assertThat(new String(written, 512, 11, UTF_8)).isEqualTo("BW_F       ");
    }
}
