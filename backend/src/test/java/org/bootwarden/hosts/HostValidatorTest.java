package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostValidatorTest {

    /** A host request that passes; each test breaks one thing. */
    static Request web01() {
        Request r = new Request();
        r.hostname = "web01.lab.example";
        r.macs = new ArrayList<>(List.of("52:54:00:12:34:56"));
        r.ip = "10.0.2.15";
        r.prefixLength = 24;
        r.gateway = "10.0.2.2";
        r.dns = new ArrayList<>(List.of("10.0.2.3"));
        r.profile = "debian-12";
        r.labels = new LinkedHashMap<>(Map.of("rack", "r1"));
        return r;
    }

    static final class Request {
        String hostname;
        List<String> macs;
        String ip;
        Integer prefixLength;
        String gateway;
        List<String> dns;
        Integer vlan;
        String firmware;
        String nicDriver;
        String architecture;
        String profile;
        Map<String, String> labels;

        HostRequest build() {
            return new HostRequest(hostname, macs, ip, prefixLength, gateway, dns, vlan, firmware, nicDriver, architecture, profile, labels,
                    null);
        }
    }

    private static List<FieldProblem> problems(Request r) {
        InvalidRequestException e = catchThrowableOfType(() -> HostValidator.validate(r.build()), InvalidRequestException.class);
        assertThat(e).as("validation should fail").isNotNull();
        return e.errors();
    }

    private static FieldProblem onlyProblem(Request r) {
        List<FieldProblem> p = problems(r);
        assertThat(p).hasSize(1);
        return p.get(0);
    }

    @Test
    void shouldNormaliseAValidRequest() {
        Request r = web01();
        r.hostname = "  WEB01.Lab.Example.  ";
        r.macs = List.of("52-54-00-AB-CD-EF", "5254.00ab.cd01");
        r.firmware = "UEFI";
        r.nicDriver = "SnpOnly";
        r.vlan = 4094;

        HostValidator.Valid v = HostValidator.validate(r.build());

        assertThat(v.hostname()).isEqualTo("web01.lab.example");
        assertThat(v.macs()).containsExactly("52:54:00:ab:cd:ef", "52:54:00:ab:cd:01");
        assertThat(v.firmware()).isEqualTo(Firmware.UEFI);
        assertThat(v.nicDriver()).isEqualTo(NicDriver.SNPONLY);
        assertThat(v.vlan()).isEqualTo(4094);
        assertThat(v.labels()).containsEntry("rack", "r1");
    }

    @Test
    void shouldDefaultToAutoFirmwareFullDriverAndNoVlan() {
        HostValidator.Valid v = HostValidator.validate(web01().build());

        assertThat(v.firmware()).isEqualTo(Firmware.AUTO);
        assertThat(v.nicDriver()).isEqualTo(NicDriver.FULL);
        assertThat(v.vlan()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"web01", "a", "web-01.lab.example", "1host.example", "x.y.z.w"})
    void shouldAcceptRfc1123HostNames(String hostname) {
        Request r = web01();
        r.hostname = hostname;

        assertThat(HostValidator.validate(r.build()).hostname()).isEqualTo(hostname);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-web01", "web01-", "web_01", "web01..example", ".web01", "web 01", "web01;reboot", "wéb01",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    void shouldRejectNamesThatAreNotRfc1123HostNames(String hostname) {
        Request r = web01();
        r.hostname = hostname;

        FieldProblem p = onlyProblem(r);
        assertThat(p.field()).isEqualTo("hostname");
        assertThat(p.message()).contains("not an RFC 1123 host name");
    }

    @Test
    void shouldRejectMissingOrOverlongHostName() {
        Request missing = web01();
        missing.hostname = " ";
        Request overlong = web01();
        overlong.hostname = String.join(".", java.util.Collections.nCopies(51, "abcd"));

        assertThat(onlyProblem(missing)).isEqualTo(new FieldProblem("hostname", "is required"));
        assertThat(onlyProblem(overlong)).isEqualTo(new FieldProblem("hostname", "is longer than 253 characters"));
    }

    @Test
    void shouldRejectGatewayOutsideTheSubnetNamingTheSubnet() {
        Request r = web01();
        r.gateway = "10.0.3.1";

        assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("gateway", "gateway 10.0.3.1 is outside the host's subnet 10.0.2.0/24"));
    }

    @Test
    void shouldRejectGatewayEqualToTheHostAddress() {
        Request r = web01();
        r.gateway = r.ip;

        assertThat(onlyProblem(r).field()).isEqualTo("gateway");
    }

    @Test
    void shouldRejectNetworkAndBroadcastAddressesAsHostIp() {
        Request network = web01();
        network.ip = "10.0.2.0";
        Request broadcast = web01();
        broadcast.ip = "10.0.2.255";

        assertThat(onlyProblem(network)).isEqualTo(new FieldProblem("ip", "10.0.2.0 is the network or broadcast address of its /24 subnet"));
        assertThat(onlyProblem(broadcast).field()).isEqualTo("ip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "240.0.0.1"})
    void shouldRejectAddressesThatCannotBeAssigned(String ip) {
        Request r = web01();
        r.dns = List.of(ip);

        assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("dns[0]", ip + " cannot be assigned to a host"));
    }

    @Test
    void shouldRejectMalformedAddressesNamingTheField() {
        Request r = web01();
        r.ip = "10.0.2";
        r.gateway = null;

        assertThat(problems(r)).extracting(FieldProblem::field).containsExactly("ip", "gateway");
    }

    @Test
    void shouldRejectTheSameMacTwiceInOneRequestInAnyNotation() {
        Request r = web01();
        r.macs = List.of("52:54:00:12:34:56", "52:54:00:12:34:57", "5254.0012.3456");

        assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("macs[2]", "52:54:00:12:34:56 is listed twice"));
    }

    @Test
    void shouldRejectMulticastMac() {
        Request r = web01();
        r.macs = List.of("52:54:00:12:34:56", "01:00:5e:00:00:01");

        assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("macs[1]", "01:00:5e:00:00:01 is a multicast address, not a NIC"));
    }

    @Test
    void shouldRejectMalformedMissingOrTooManyMacs() {
        Request bad = web01();
        bad.macs = List.of("52:54:00:12:34");
        Request none = web01();
        none.macs = List.of();
        Request many = web01();
        many.macs = IntStream.range(0, HostValidator.MAX_MACS + 1).mapToObj(i -> String.format("52:54:00:00:00:%02x", i)).toList();

        assertThat(onlyProblem(bad).field()).isEqualTo("macs[0]");
        assertThat(onlyProblem(none)).isEqualTo(new FieldProblem("macs", "at least one MAC address is required"));
        assertThat(onlyProblem(many)).isEqualTo(new FieldProblem("macs", "at most 8 MAC addresses"));
    }

    @Test
    void shouldRequirePrefixLengthBetween1And32() {
        for (Integer prefix : Arrays.asList(0, 33, -1)) {
            Request r = web01();
            r.prefixLength = prefix;
            assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("prefixLength", "must be between 1 and 32"));
        }
        Request missing = web01();
        missing.prefixLength = null;
        assertThat(onlyProblem(missing).field()).isEqualTo("prefixLength");
    }

    @Test
    void shouldRequireVlanBetween1And4094() {
        for (int vlan : new int[] {0, 4095, -5}) {
            Request r = web01();
            r.vlan = vlan;
            assertThat(onlyProblem(r)).isEqualTo(new FieldProblem("vlan", "VLAN id must be between 1 and 4094"));
        }
        Request one = web01();
        one.vlan = 1;
        assertThat(HostValidator.validate(one.build()).vlan()).isEqualTo(1);
    }

    @Test
    void shouldRejectSnponlyDriverOnBiosHost() {
        Request r = web01();
        r.firmware = "bios";
        r.nicDriver = "snponly";

        FieldProblem p = onlyProblem(r);
        assertThat(p.field()).isEqualTo("nicDriver");
        assertThat(p.message()).contains("cannot boot a BIOS host");
    }

    @Test
    void shouldRejectUnknownFirmwareAndDriver() {
        Request r = web01();
        r.firmware = "coreboot";
        r.nicDriver = "undionly";

        assertThat(problems(r)).containsExactly(new FieldProblem("firmware", "firmware must be one of bios, uefi, auto"),
                new FieldProblem("nicDriver", "nicDriver must be one of full, snponly"));
    }

    @Test
    void shouldRequireAtLeastOneAndAtMostThreeDnsServers() {
        Request none = web01();
        none.dns = null;
        Request four = web01();
        four.dns = List.of("10.0.2.3", "10.0.2.4", "10.0.2.5", "10.0.2.6");
        Request bad = web01();
        bad.dns = List.of("10.0.2.3", "dns.example");

        assertThat(onlyProblem(none)).isEqualTo(new FieldProblem("dns", "at least one DNS server is required (the install is DHCP-less)"));
        assertThat(onlyProblem(four)).isEqualTo(new FieldProblem("dns", "at most 3 DNS servers"));
        assertThat(onlyProblem(bad).field()).isEqualTo("dns[1]");
    }

    @Test
    void shouldRequireProfile() {
        Request r = web01();
        r.profile = "  ";

        assertThat(onlyProblem(r).field()).isEqualTo("profile");
    }

    @Test
    void shouldAcceptLabelsInTheSafeAlphabet() {
        Request r = web01();
        r.labels = Map.of("rack", "r1", "team.example/owner", "ops@example.com", "note", "row 4, slot 7: a=b+c", "empty", "");

        assertThat(HostValidator.validate(r.build()).labels()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a || reboot", "$HOME", "#x", "line\nbreak", "say \"hi\"", "a;b", "a&b", "ünïcode", "`x`"})
    void shouldRejectLabelValueOutsideTheSafeAlphabetNamingTheLabel(String value) {
        Request r = web01();
        r.labels = Map.of("rack", value);

        FieldProblem p = onlyProblem(r);
        assertThat(p.field()).isEqualTo("labels.rack");
        assertThat(p.message()).doesNotContain(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-rack", "rack-", "ra ck", "rack=1", "r$"})
    void shouldRejectBadLabelKey(String key) {
        Request r = web01();
        r.labels = Map.of(key, "v");

        FieldProblem p = onlyProblem(r);
        assertThat(p.field()).isEqualTo("labels");
        assertThat(p.message()).startsWith("label key '");
    }

    @Test
    void shouldRejectNullLabelValueAndTooManyLabels() {
        Request nullValue = web01();
        nullValue.labels = new HashMap<>();
        nullValue.labels.put("rack", null);
        Request many = web01();
        many.labels = new HashMap<>();
        IntStream.rangeClosed(0, HostValidator.MAX_LABELS).forEach(i -> many.labels.put("k" + i, "v"));

        assertThat(onlyProblem(nullValue).field()).isEqualTo("labels.rack");
        assertThat(onlyProblem(many)).isEqualTo(new FieldProblem("labels", "at most 32 labels"));
    }

    @Test
    void shouldReportEveryInvalidFieldAtOnce() {
        Request r = new Request();

        assertThat(problems(r)).extracting(FieldProblem::field)
                .containsExactly("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "profile");
    }

    @Test
    void shouldTakeArchitectureWithX8664ByDefault() {
        assertThat(HostValidator.validate(web01().build()).architecture()).isEqualTo(Architecture.X86_64);
        Request arm = web01();
        arm.architecture = "ARM64";
        arm.firmware = "uefi";
        assertThat(HostValidator.validate(arm.build()).architecture()).isEqualTo(Architecture.ARM64);
    }

    @Test
    void shouldRefuseArm64UnderBiosAndUnknownArchitectures() {
        Request arm = web01();
        arm.architecture = "arm64";
        arm.firmware = "bios";
        assertThatThrownBy(() -> HostValidator.validate(arm.build())).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.errors()).extracting(FieldProblem::field, FieldProblem::message)
                        .containsExactly(tuple("architecture", "arm64 boots under UEFI only: set firmware to uefi (or auto)")));
        Request sparc = web01();
        sparc.architecture = "sparc";
        assertThatThrownBy(() -> HostValidator.validate(sparc.build())).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("architecture"));
    }
}
