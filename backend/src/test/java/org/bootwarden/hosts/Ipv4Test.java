package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.0.2.15", "192.168.1.1", "255.255.255.255", "1.2.3.4"})
    void shouldAcceptDottedQuads(String s) {
        assertThat(Ipv4.isValid(s)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "010.0.0.1", "1.2.3.04", " 1.2.3.4", "1.2.3.4 ", "1.2.3.-1",
            "1.2.3.1000", "a.b.c.d", "1..2.3", "::1", "10.0.2.15/24", "0x0a.0.0.1"})
    void shouldRejectAnythingElse(String s) {
        assertThat(Ipv4.isValid(s)).isFalse();
    }

    @Test
    void shouldConvertToAndFromNumbers() {
        assertThat(Ipv4.toLong("10.0.2.15")).isEqualTo(0x0A00020FL);
        assertThat(Ipv4.toLong("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(Ipv4.fromLong(0xC0A8012AL)).isEqualTo("192.168.1.42");
        assertThatThrownBy(() -> Ipv4.toLong("300.1.1.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0.0.0.0", "1, 128.0.0.0", "8, 255.0.0.0", "20, 255.255.240.0", "24, 255.255.255.0",
            "26, 255.255.255.192", "31, 255.255.255.254", "32, 255.255.255.255"})
    void shouldComputeNetmasks(int prefix, String netmask) {
        assertThat(Ipv4.netmask(prefix)).isEqualTo(netmask);
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3, 20, 10.1.0.0", "192.168.42.20, 26, 192.168.42.0", "192.168.42.100, 26, 192.168.42.64",
            "10.0.2.15, 32, 10.0.2.15", "10.0.2.15, 8, 10.0.0.0"})
    void shouldComputeTheNetworkAddress(String ip, int prefix, String network) {
        assertThat(Ipv4.network(ip, prefix)).isEqualTo(network);
    }

    @Test
    void shouldTellWhetherTwoAddressesShareASubnet() {
        assertThat(Ipv4.sameSubnet("10.0.2.15", "10.0.2.2", 24)).isTrue();
        assertThat(Ipv4.sameSubnet("10.0.2.15", "10.0.3.1", 24)).isFalse();
        assertThat(Ipv4.sameSubnet("10.0.2.15", "10.0.3.1", 23)).isTrue();
        assertThat(Ipv4.sameSubnet("192.168.42.20", "192.168.42.65", 26)).isFalse();
        assertThat(Ipv4.sameSubnet("10.0.0.1", "10.0.0.2", 32)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"10.0.2.0, 24, true", "10.0.2.255, 24, true", "10.0.2.1, 24, false", "10.0.2.254, 24, false",
            "192.168.42.64, 26, true", "192.168.42.127, 26, true", "192.168.42.100, 26, false",
            "10.0.0.0, 30, true", "10.0.0.3, 30, true", "10.0.0.1, 30, false",
            "10.0.0.0, 31, false", "10.0.0.1, 31, false", "10.0.0.1, 32, false"})
    void shouldRecogniseNetworkAndBroadcastAddresses(String ip, int prefix, boolean expected) {
        assertThat(Ipv4.isNetworkOrBroadcast(ip, prefix)).isEqualTo(expected);
    }
}
