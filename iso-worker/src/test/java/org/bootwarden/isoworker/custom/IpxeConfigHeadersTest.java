package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.bootwarden.support.Golden;
import org.junit.jupiter.api.Test;

class IpxeConfigHeadersTest {

    @Test
    void shouldSwitchChosenFeaturesOnAndEveryOtherOff() {
        Map<String, String> headers = IpxeConfigHeaders.render(
                EnumSet.of(IpxeFeature.HTTPS, IpxeFeature.PING, IpxeFeature.VLAN, IpxeFeature.SERIAL_CONSOLE));

        assertThat(headers).containsOnlyKeys("console.h", "general.h");
        Golden.assertMatches("custom/https-ping-vlan-serial/general.h", headers.get("general.h"));
        Golden.assertMatches("custom/https-ping-vlan-serial/console.h", headers.get("console.h"));
    }

    @Test
    void shouldSwitchEverythingOffWithoutFeatures() {
        Map<String, String> headers = IpxeConfigHeaders.render(EnumSet.noneOf(IpxeFeature.class));

        Golden.assertMatches("custom/none/general.h", headers.get("general.h"));
        Golden.assertMatches("custom/none/console.h", headers.get("console.h"));
    }

    @Test
    void shouldMentionEveryFeatureExactlyOnceAsDefineOrUndef() {
        Map<String, String> headers = IpxeConfigHeaders.render(EnumSet.allOf(IpxeFeature.class));

        for (IpxeFeature f : IpxeFeature.values()) {
            assertThat(headers.get(f.header())).contains("#define " + f.symbol() + "\t");
        }
    }
}
