package org.bootwarden.isoworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoSpecTest {

    private static final String SCRIPT = "#!ipxe\nchain http://10.0.2.2:8080/boot.ipxe\n";

    private static IsoSpec spec(String volumeId, String script) {
        return new IsoSpec(volumeId, script, NicDriver.FULL, Architecture.X86_64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "BOOTWARDEN", "HOST_0042", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"})
    void shouldAcceptVolumeIdsOfUpperCaseDigitsAndUnderscore(String volumeId) {
        assertThat(spec(volumeId, SCRIPT).volumeId()).isEqualTo(volumeId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", "HOST-1", "HOST 1", "HÖST", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "A/B"})
    void shouldRejectInvalidVolumeIds(String volumeId) {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(volumeId, SCRIPT)).withMessageContaining("volumeId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "echo hi", " #!ipxe", "#!gpxe\n", "#!IPXE\n"})
    void shouldRejectScriptsNotStartingWithIpxeMagic(String script) {
        assertThatIllegalArgumentException().isThrownBy(() -> spec("X", script)).withMessageContaining("#!ipxe");
    }

    @Test
    void shouldRejectScriptContainingNul() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec("X", "#!ipxe\necho a\0b\n"))
                .withMessageContaining("NUL");
    }

    @Test
    void shouldAcceptScriptOfExactly64KiB() {
        String script = "#!ipxe\n" + "#".repeat(64 * 1024 - 7);

        assertThat(spec("X", script).script()).hasSize(64 * 1024);
    }

    @Test
    void shouldRejectScriptLargerThan64KiBCountingUtf8Bytes() {
        String script = "#!ipxe\n" + "#".repeat(64 * 1024 - 8) + "ü"; // ü is two bytes in UTF-8

        assertThatIllegalArgumentException().isThrownBy(() -> spec("X", script))
                .withMessageContaining("at most 65536 bytes, was 65537");
    }

    @Test
    void shouldRejectMissingValues() {
        assertThatNullPointerException().isThrownBy(() -> spec(null, SCRIPT)).withMessage("volumeId");
        assertThatNullPointerException().isThrownBy(() -> spec("X", null)).withMessage("script");
        assertThatNullPointerException()
                .isThrownBy(() -> new IsoSpec("X", SCRIPT, null, Architecture.X86_64)).withMessage("nicDriver");
        assertThatNullPointerException()
                .isThrownBy(() -> new IsoSpec("X", SCRIPT, NicDriver.FULL, null)).withMessage("architecture");
    }
}
