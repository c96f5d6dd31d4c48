package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootwarden.boot.RenderFixtures.T0;
import static org.bootwarden.boot.RenderFixtures.renderer;
import static org.bootwarden.boot.RenderFixtures.urls;
import static org.bootwarden.boot.RenderFixtures.web01;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostRequest;
import org.bootwarden.hosts.HostValidator;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileKind;
import org.bootwarden.support.HostileValues;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.templates.TemplateEngine.RenderException;
import org.yaml.snakeyaml.Yaml;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile values for everything that reaches an iPXE script or an answer file: random mixes of
 * iPXE, shell, YAML, preseed and kickstart syntax, line terminators of every kind, control
 * characters and non-ASCII text. The properties: a validator rejects the value, or the renderer
 * refuses it (a {@link RenderException} naming the template), or the value lands exactly where the
 * template put it: the rendered text is the text rendered with a harmless marker, marker replaced
 * by the value, with the same lines, the same iPXE commands and command separators on each line,
 * and (YAML) the same document tree. Values are placed directly into profiles and host records,
 * bypassing the API's validators, so the renderer's own rules are what is tested.
 */
class ScriptInjectionPropertiesTest {

    /** Harmless in every syntax, and found in no template. */
    private static final String MARKER = "bwvalue7marker";

    /** Everything any consumer of a rendered file may take for the end of a line. */
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]");


    private final BootRenderer renderer = renderer();

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(HostileValues.SYNTAX)),
                Tuple.of(3, Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3)));
        return piece.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("", parts));
    }

    // ---- iPXE ---------------------------------------------------------------------------------

    /** Where a profile value goes in an installer script. */
    enum IpxePlacement {
        SCRIPT_ECHO, SCRIPT_CHAIN_URL, KERNEL_ARGS, KERNEL_URL, INITRD_URL, SANBOOT_URL, LABEL_IN_KERNEL_ARGS,
        DEBIAN_MIRROR_IN_KERNEL_ARGS, ROCKY_REPO_URL, UBUNTU_ISO_URL, CUSTOM_IPXE_ISO_FILE
    }

    @Property(tries = 3000)
    void valuesInInstallerScriptsAreRefusedOrStayArgumentsOfTheirLine(@ForAll("hostile") String value,
            @ForAll IpxePlacement placement) {
        String rendered;
        try {
            rendered = installScript(placement, value);
        } catch (RenderException refused) {
            assertThat(refused.getMessage()).startsWith("profile ");
            outcome("refused", 5);
            return;
        }
        outcome("rendered", 5);
        String baseline = installScript(placement, MARKER);
        assertSameIpxeStructure(rendered, baseline, value);
    }

    @Property(tries = 1000)
    void hostnamesThatBypassedValidationAreRefusedOrChangeNoCommandOfTheClientScript(@ForAll("hostile") String value) {
        Host host = RenderFixtures.withHostname(web01(), "web01" + value + ".lab.example");
        String rendered;
        try {
            rendered = renderer.clientScript(host, RenderFixtures.TOKEN, List.of(RenderFixtures.SERVER), 15_000);
        } catch (RenderException refused) {
            return;
        }
        String baseline = renderer.clientScript(RenderFixtures.withHostname(web01(), "web01" + MARKER + ".lab.example"),
                RenderFixtures.TOKEN, List.of(RenderFixtures.SERVER), 15_000);
        // the hostname's first label and domain are derived from it: no exact comparison, the structure alone
        assertSameIpxeStructure(rendered, baseline, null);
    }

    @Property(tries = 1000)
    void freeTextInLocalBootMessagesNeverLeavesItsEchoLine(@ForAll("hostile") String message) {
        String script = renderer.localScript("web01.lab.example", message);
        List<String> lines = lines(script);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("#!ipxe");
        assertThat(lines.get(1)).startsWith("echo Bootwarden: web01.lab.example: ");
        assertThat(lines.get(2)).isEqualTo("exit 0");
        assertThat(lines.get(3)).as("nothing after the last line break").isEmpty();
        assertThat(ipxeSignature(lines.get(1))).isEqualTo(ipxeSignature("echo Bootwarden: web01.lab.example: text"));
    }

    private String installScript(IpxePlacement placement, String value) {
        Host host = web01();
        Profile profile = switch (placement) {
            case SCRIPT_ECHO -> profile(ProfileKind.IPXE_SCRIPT, null, null, List.of(), null,
                    "#!ipxe\necho installing {{vars.v}} on {{hostname}}\nexit 0\n", value);
            case SCRIPT_CHAIN_URL -> profile(ProfileKind.IPXE_SCRIPT, null, null, List.of(), null,
                    "#!ipxe\nchain {{mediaUrl}}/{{vars.v}}/boot.ipxe || goto failed\nexit 0\n:failed\nimgfetch {{failedUrl}} ||\nexit 1\n",
                    value);
            case KERNEL_ARGS -> profile(ProfileKind.DEBIAN_PRESEED, "auto=true note={{vars.v}} url={{answerUrl}} --- quiet",
                    "http://mirror.example/linux", List.of("http://mirror.example/initrd.gz"), null, null, value);
            case KERNEL_URL -> profile(ProfileKind.KICKSTART, "inst.ks={{answerUrl}}", "http://mirror.example/{{vars.v}}/vmlinuz",
                    List.of("http://mirror.example/initrd.img"), null, null, value);
            case INITRD_URL -> profile(ProfileKind.KICKSTART, "inst.ks={{answerUrl}}", "http://mirror.example/vmlinuz",
                    List.of("http://mirror.example/{{vars.v}}/initrd.img"), null, null, value);
            case SANBOOT_URL -> profile(ProfileKind.KICKSTART, null, null, List.of(), "{{mediaUrl}}/isos/{{vars.v}}.iso", null, value);
            case LABEL_IN_KERNEL_ARGS -> {
                host = RenderFixtures.withLabel(host, "rack", value);
                yield profile(ProfileKind.DEBIAN_PRESEED, "auto=true rack={{labels.rack}} ---", "http://mirror.example/linux",
                        List.of("http://mirror.example/initrd.gz"), null, null, "unused");
            }
            case DEBIAN_MIRROR_IN_KERNEL_ARGS -> withKernelArgsVar(RenderFixtures.seeded("debian-12"), "mirror", value);
            case ROCKY_REPO_URL -> withVariable(RenderFixtures.seeded("rocky-9"), "repoUrl", value);
            case UBUNTU_ISO_URL -> withVariable(RenderFixtures.seeded("ubuntu-24.04"), "isoUrl", value);
            case CUSTOM_IPXE_ISO_FILE -> withVariable(RenderFixtures.seeded("custom-ipxe"), "isoFile", value);
        };
        return renderer.installScript(host, profile, urls(host), 1);
    }

    /** The seeded profile with {@code mirror=...} appended to its kernel arguments (the shipped ones do not use it). */
    private static Profile withKernelArgsVar(Profile p, String var, String value) {
        Profile withArg = new Profile(p.name(), p.description(), p.kind(), p.kernelUrl(), p.initrdUrls(),
                p.kernelArgs() + " mirror={{vars." + var + "}}", p.isoUrl(), p.ipxeScript(), p.answerTemplate(), p.variables(),
                p.reinstallOnReboot(), p.maxInstallBoots(), p.version(), p.createdAt(), p.updatedAt(), p.encryptedSecrets());
        return withVariable(withArg, var, value);
    }

    private static Profile profile(ProfileKind kind, String kernelArgs, String kernelUrl, List<String> initrds, String isoUrl,
            String ipxeScript, String value) {
        return new Profile("hostile", "values under test", kind, kernelUrl, initrds, kernelArgs, isoUrl, ipxeScript, "# none\n",
                Map.of("v", value), true, 3, 1, T0, T0);
    }

    /**
     * The value sits where the marker sat, and every line still has the command, the command
     * separators, setting expansions, comments and quoting it had with the marker ({@code value}
     * null: the structure alone).
     */
    private static void assertSameIpxeStructure(String rendered, String baseline, String value) {
        List<String> got = lines(rendered);
        List<String> expected = lines(baseline);
        assertThat(got).as("lines of the rendered script").hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            assertThat(ipxeSignature(got.get(i))).as("line %d: %s", i + 1, got.get(i)).isEqualTo(ipxeSignature(expected.get(i)));
        }
        if (value != null) {
            // kernel arguments are joined with single spaces: compare with runs of spaces collapsed
            assertThat(collapse(rendered)).isEqualTo(collapse(baseline.replace(MARKER, value)));
        }
    }

    /**
     * What iPXE makes of a line: the command (first token), each token that chains commands
     * ({@code &&}, {@code ||}, {@code ;}), how many settings it expands, whether a token starts a
     * comment, and any quoting or escaping character.
     */
    static List<String> ipxeSignature(String line) {
        List<String> sig = new ArrayList<>();
        String[] tokens = line.strip().split("[ \t]+");
        sig.add("cmd:" + tokens[0]);
        for (String t : tokens) {
            if (t.equals("&&") || t.equals("||") || t.equals(";")) {
                sig.add("sep:" + t);
            }
            if (t.startsWith("#") && !line.strip().startsWith("#!ipxe")) {
                sig.add("comment");
            }
        }
        sig.add("expansions:" + (line.split(Pattern.quote("${"), -1).length - 1));
        sig.add("quoting:" + line.chars().filter(c -> c == '"' || c == '\'' || c == '\\' || c == '`').count());
        sig.add("controls:" + line.chars().filter(c -> c < 0x20 && c != '\t' || c >= 0x7f).count());
        return sig;
    }

    // ---- line-oriented answer files (preseed, kickstart) --------------------------------------

    enum LinePlacement { DEBIAN_ADMIN_USER, DEBIAN_PASSWORD_HASH, DEBIAN_MIRROR, ROCKY_PASSWORD_HASH, ROCKY_REPO_URL, CUSTOM_TEMPLATE }

    @Property(tries = 3000)
    void valuesInLineOrientedAnswerFilesAreRefusedOrStayOnTheirLine(@ForAll("hostile") String value,
            @ForAll LinePlacement placement) {
        String rendered;
        try {
            rendered = lineAnswer(placement, value);
        } catch (RenderException refused) {
            assertThat(refused.getMessage()).startsWith("profile ");
            outcome("refused", 5);
            return;
        }
        outcome("rendered", 5);
        String baseline = lineAnswer(placement, MARKER);
        assertThat(lines(rendered)).as("lines of the answer file").hasSameSizeAs(lines(baseline));
        assertThat(rendered).isEqualTo(baseline.replace(MARKER, value));
    }

    private String lineAnswer(LinePlacement placement, String value) {
        Profile p = switch (placement) {
            case DEBIAN_ADMIN_USER -> withVariable(RenderFixtures.seeded("debian-12"), "adminUser", value);
            case DEBIAN_PASSWORD_HASH -> RenderFixtures.seeded("debian-12");
            case DEBIAN_MIRROR -> withVariable(RenderFixtures.seeded("debian-12"), "mirror", value);
            case ROCKY_PASSWORD_HASH -> RenderFixtures.seeded("rocky-9");
            case ROCKY_REPO_URL -> withVariable(RenderFixtures.seeded("rocky-9"), "repoUrl", value);
            case CUSTOM_TEMPLATE -> new Profile("hostile", "d", ProfileKind.DEBIAN_PRESEED, "http://m/linux", List.of(), null, null,
                    null, "d-i netcfg/get_domain string {{vars.v}}\nd-i preseed/late_command string wget -q {{installedUrl}}\n",
                    Map.of("v", value), true, 3, 1, T0, T0);
        };
        boolean secret = placement == LinePlacement.DEBIAN_PASSWORD_HASH || placement == LinePlacement.ROCKY_PASSWORD_HASH;
        return renderer.answerFile(web01(), p, urls(web01()), secret ? Map.of("adminPasswordHash", value, "rootPasswordHash", value)
                : RenderFixtures.SECRETS);
    }

    // ---- YAML (autoinstall user-data) ----------------------------------------------------------

    enum YamlPlacement { UBUNTU_ADMIN_USER, UBUNTU_PASSWORD_HASH }

    @Property(tries = 3000)
    void valuesInYamlAreRefusedOrStayTheStringTheyWere(@ForAll("hostile") String value, @ForAll YamlPlacement placement) {
        String rendered;
        try {
            rendered = ubuntuUserData(placement, value);
        } catch (RenderException refused) {
            assertThat(refused.getMessage()).startsWith("profile ");
            outcome("refused", 5);
            return;
        }
        outcome("rendered", 5);
        String baseline = ubuntuUserData(placement, MARKER);
        assertThat(lines(rendered)).as("lines of the user-data").hasSameSizeAs(lines(baseline));
        Object expected = replaceMarker(new Yaml().load(baseline), value);
        assertThat((Object) new Yaml().load(rendered)).isEqualTo(expected);
    }

    /** The admin user is a variable, the password hash a secret. */
    private String ubuntuUserData(YamlPlacement placement, String value) {
        Profile ubuntu = RenderFixtures.seeded("ubuntu-24.04");
        return placement == YamlPlacement.UBUNTU_ADMIN_USER
                ? renderer.answerFile(web01(), withVariable(ubuntu, "adminUser", value), urls(web01()), RenderFixtures.SECRETS)
                : renderer.answerFile(web01(), ubuntu, urls(web01()), Map.of("adminPasswordHash", value));
    }

    private static Object replaceMarker(Object node, String value) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(replaceMarker(k, value), replaceMarker(v, value)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> replaceMarker(v, value)).toList();
        }
        return node instanceof String s ? s.replace(MARKER, value) : node;
    }

    // ---- the validators in front of it all -----------------------------------------------------

    /** Nothing a host field may hold after validation can be script syntax. */
    private static final Pattern SAFE_HOST_VALUE = Pattern.compile("[A-Za-z0-9 ._:/=,+@-]*");

    enum HostField { HOSTNAME, MAC, IP, GATEWAY, DNS, LABEL_KEY, LABEL_VALUE }

    @Property(tries = 3000)
    void hostValidationRejectsOrNormalisesToTheSafeAlphabet(@ForAll("hostile") String value, @ForAll HostField field,
            @ForAll boolean prefixed) {
        String v = prefixed ? validPrefix(field) + value : value;
        Map<String, String> labels = new LinkedHashMap<>(Map.of("rack", "r1"));
        if (field == HostField.LABEL_KEY) {
            labels.put(v, "x");
        } else if (field == HostField.LABEL_VALUE) {
            labels.put("note", v);
        }
        HostRequest r = new HostRequest(field == HostField.HOSTNAME ? v : "web01.lab.example",
                List.of(field == HostField.MAC ? v : "52:54:00:12:34:56"), field == HostField.IP ? v : "10.0.2.15", 24,
                field == HostField.GATEWAY ? v : "10.0.2.2", List.of(field == HostField.DNS ? v : "10.0.2.3"), null, "auto",
                "full", null, "debian-12", labels, null);
        HostValidator.Valid valid;
        try {
            valid = HostValidator.validate(r);
        } catch (InvalidRequestException rejected) {
            outcome("refused", 1);
            return;
        }
        outcome("rendered", 1);
        List<String> values = new ArrayList<>(List.of(valid.hostname(), valid.ip(), valid.gateway()));
        values.addAll(valid.macs());
        values.addAll(valid.dns());
        values.addAll(valid.labels().keySet());
        values.addAll(valid.labels().values());
        for (String s : values) {
            assertThat(s).as("validated host value").matches(SAFE_HOST_VALUE);
        }
        assertThat(valid.hostname()).matches("[a-z0-9.-]+");
    }

    private static String validPrefix(HostField field) {
        return switch (field) {
            case HOSTNAME -> "web01.lab.example";
            case MAC -> "52:54:00:12:34:56";
            case IP -> "10.0.2.15";
            case GATEWAY -> "10.0.2.2";
            case DNS -> "10.0.2.3";
            case LABEL_KEY -> "rack";
            case LABEL_VALUE -> "r1";
        };
    }

    /** What a booting client sends is only ever echoed into the audit log after normalisation: one line, a small alphabet. */
    @Property(tries = 2000)
    void bootRequestParametersAreNormalisedBeforeTheyAreEchoed(@ForAll("hostile") String mac, @ForAll("hostile") String uuid,
            @ForAll("hostile") String platform, @ForAll("hostile") String arch) {
        String described = BootRequest.of(mac, uuid, platform, arch, "198.51.100.7").describe();
        assertThat(described).matches("[a-z0-9_:,/ -]*");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Counts what happened to the value, and fails the property when either outcome is rare: a
     * generator whose values are nearly all refused (or nearly all harmless) would prove little.
     */
    private static void outcome(String what, double minPercent) {
        Statistics.label("outcome").collect(what);
        Statistics.label("outcome").coverage(c -> {
            c.check("refused").percentage(p -> p >= minPercent);
            c.check("rendered").percentage(p -> p >= minPercent);
        });
    }

    static List<String> lines(String text) {
        return List.of(LINE_BREAK.split(text, -1));
    }

    private static String collapse(String text) {
        return text.replaceAll(" {2,}", " ");
    }

    /** The profile with one of its variables set to {@code value}. */
    private static Profile withVariable(Profile p, String var, String value) {
        assertThat(p.variables()).containsKey(var);
        Map<String, String> vars = new LinkedHashMap<>(p.variables());
        vars.put(var, value);
        return new Profile(p.name(), p.description(), p.kind(), p.kernelUrl(), p.initrdUrls(), p.kernelArgs(), p.isoUrl(),
                p.ipxeScript(), p.answerTemplate(), vars, p.reinstallOnReboot(), p.maxInstallBoots(), p.version(), p.createdAt(),
                p.updatedAt(), p.encryptedSecrets());
    }
}
