package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "52:54:00:ab:cd:ef",          // colon
            "52-54-00-ab-cd-ef",          // dash (Windows)
            "5254.00ab.cdef",             // Cisco dot
            "525400abcdef",               // bare
            "52%3A54%3A00%3Aab%3Acd%3Aef", // URL-encoded colons, as a client may send them
            "52%3a54%3a00%3aab%3acd%3aef",
            "52:54:00:AB:CD:EF",          // upper case
            "5254.00AB.CDEF",
            "  52:54:00:ab:cd:ef  "})     // surrounding blanks
    void shouldNormaliseEveryCommonNotationToLowerCaseColons(String raw) {
        assertThat(MacAddress.parse(raw).value()).isEqualTo("52:54:00:ab:cd:ef");
    }

    @Test
    void shouldPadSingleDigitOctets() {
        assertThat(MacAddress.parse("2:54:0:a:b:c").value()).isEqualTo("02:54:00:0a:0b:0c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd", "52:54:00:ab:cd:ef:01", "52:54:00:ab:cd:eg", "52:54:00:ab:cd:eff",
            "5254.00ab.cde", "525400abcde", "525400abcdef0", "52 54 00 ab cd ef", "52::54:00:ab:cd:ef", "not a mac",
            "52:54:00:ab:cd:ef;reboot", "0x525400abcdef"})
    void shouldRejectMalformedAddressesNamingTheInput(String raw) {
        assertThatThrownBy(() -> MacAddress.parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + raw + "' is not a MAC address");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "   ")
    void shouldRejectMissingAddress(String raw) {
        assertThatThrownBy(() -> MacAddress.parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAC address is empty");
    }

    @Test
    void shouldOnlyHoldNormalisedValues() {
        assertThatThrownBy(() -> new MacAddress("52-54-00-AB-CD-EF")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MacAddress.parse("525400ABCDEF")).isEqualTo(new MacAddress("52:54:00:ab:cd:ef"))
                .hasToString("52:54:00:ab:cd:ef");
    }
}
