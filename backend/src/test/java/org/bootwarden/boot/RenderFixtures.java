package org.bootwarden.boot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bootwarden.hosts.Architecture;
import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.Firmware;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.NicDriver;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileKind;
import org.bootwarden.profiles.SeededProfiles;
import org.bootwarden.templates.TemplateEngine;

/** Hosts, profiles and URLs for the renderer tests: fixed ids, token and times so the output is stable. */
final class RenderFixtures {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final String TOKEN = "tK9xQ2mV7bN4cR8sL1dF6gH3jW5pZ0yA";
    static final String SERVER = "http://10.0.2.2:8080";
    static final String SECOND_SERVER = "http://boot.example:8080";
    /** {@code openssl passwd -6 -salt bwtestsalt bootwarden} */
    static final String PASSWORD_HASH = "$6$bwtestsalt$ACK7lleAhlkcIdaAoyF.a6zdS1mob4wuB4IYqd./IkgDof.cJfXVxvUbqHA3hBmRy4ixfBw4pqcZtrOWCFKGC1";

    private RenderFixtures() {
    }

    static BootRenderer renderer() {
        return new BootRenderer(new TemplateEngine());
    }

    /** One NIC, no VLAN, one DNS server, its own domain. */
    static Host web01() {
        return host("0b9e7c3a-5d1f-4e2a-9c8b-7a6f5e4d3c21", "web01.lab.example", List.of("52:54:00:12:34:56"), "10.0.2.15", 24,
                "10.0.2.2", List.of("10.0.2.3"), null, Firmware.AUTO, NicDriver.FULL, Map.of("rack", "r1"));
    }

    /** Two NICs on VLAN 42, two DNS servers, a /26, UEFI with the firmware's NIC driver. */
    static Host db02OnVlan() {
        return host("6c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e", "db02.prod.example", List.of("52:54:00:aa:bb:01", "52:54:00:aa:bb:02"),
                "192.168.42.20", 26, "192.168.42.1", List.of("192.168.42.53", "192.168.42.54"), 42, Firmware.UEFI,
                NicDriver.SNPONLY, Map.of("rack", "r7", "role", "db"));
    }

    static Host withVlan(Host h, Integer vlan) {
        return host(h.id(), h.hostname(), h.macs(), h.ip(), h.prefixLength(), h.gateway(), h.dns(), vlan, h.firmware(),
                h.nicDriver(), h.labels());
    }

    static Host withHostname(Host h, String hostname) {
        return new Host(h.id(), hostname, h.macs(), h.ip(), h.prefixLength(), h.gateway(), h.dns(), h.vlan(), h.firmware(),
                h.nicDriver(), h.architecture(), h.profile(), h.labels(), h.bootState(), h.stateReason(), h.stateChangedAt(), h.installBoots(),
                h.lastInstallAt(), h.openTicketId(), h.tokenVersion(), h.version(), h.createdAt(), h.updatedAt());
    }

    static Host withLabel(Host h, String key, String value) {
        return host(h.id(), h.hostname(), h.macs(), h.ip(), h.prefixLength(), h.gateway(), h.dns(), h.vlan(), h.firmware(),
                h.nicDriver(), Map.of(key, value));
    }

    static Host host(String id, String hostname, List<String> macs, String ip, int prefix, String gateway, List<String> dns,
            Integer vlan, Firmware firmware, NicDriver nicDriver, Map<String, String> labels) {
        return new Host(id, hostname, macs, ip, prefix, gateway, dns, vlan, firmware, nicDriver, Architecture.X86_64, "debian-12", labels,
                BootState.ARMED, "armed: test", T0, 0, null, null, 1, 3, T0, T0);
    }

    static BootUrls urls(Host h) {
        return new BootUrls(SERVER, h.id(), TOKEN);
    }

    /** The plaintext of the seeded profiles' secrets, as the boot service passes them to the renderer. */
    static final Map<String, String> SECRETS = Map.of("adminPasswordHash", PASSWORD_HASH, "rootPasswordHash", PASSWORD_HASH);

    /** A seeded profile with every blank variable given a value and its secrets set ({@link #SECRETS}). */
    static Profile seeded(String name) {
        return switch (name) {
            case "debian-12" -> SeededProfiles.load(name, Map.of("adminPasswordHash", PASSWORD_HASH));
            case "ubuntu-24.04" -> SeededProfiles.load(name, Map.of("adminPasswordHash", PASSWORD_HASH));
            case "rocky-9" -> SeededProfiles.load(name, Map.of("rootPasswordHash", PASSWORD_HASH));
            case "custom-ipxe" -> SeededProfiles.load(name, Map.of("isoFile", "tools/memtest86.iso"));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** An installer ISO booted with iPXE's sanboot (isoUrl set, no script). */
    static Profile rescueSanboot() {
        return new Profile("rescue-sanboot", "Rescue ISO over HTTP", ProfileKind.KICKSTART, null, List.of(), null,
                "{{mediaUrl}}/rescue/{{vars.isoFile}}", null, "# no answer file\n", Map.of("isoFile", "systemrescue-11.02.iso"),
                false, 3, 1, T0, T0);
    }

    /** A profile whose templates are given; for the unsafe-value tests. */
    static Profile profile(ProfileKind kind, String kernelArgs, String ipxeScript, String answerTemplate, Map<String, String> vars) {
        return new Profile("hostile", "templates under test", kind, ipxeScript == null ? "http://mirror.example/linux" : null,
                ipxeScript == null ? List.of("http://mirror.example/initrd.gz") : List.of(), kernelArgs, null, ipxeScript,
                answerTemplate, vars, true, 3, 1, T0, T0);
    }
}
