package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bootwarden.support.HostileValues;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Random requests at the machine endpoints, over a plain socket so that nothing is cleaned up on
 * the way: hostile path segments and query parameters, raw and percent-encoded, valid and invalid
 * host ids and tokens, every endpoint under {@code /boot/}. None may answer with a server error or
 * tell anything about the server's insides (stack traces, class or package names, SQL, the servlet
 * container), and the valid host's boot script is the same script whatever the parameters say.
 * The seed is printed with every failure; {@code -Dbootwarden.fuzz.seed=N} repeats a run.
 */
class BootEndpointFuzzIT extends IntegrationTest {

    private static final int REQUESTS = Integer.getInteger("bootwarden.fuzz.requests", 1500);

    /** What a response must never contain. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat (org|java|jdk|com|sun)\\.|org\\.(springframework|bootwarden|apache|h2|camunda|postgresql|mariadb)"
                    + "|java\\.(lang|sql|util|io)|jakarta\\.|com\\.(mysql|zaxxer)|\\bSQL|jdbc:|[Ss]tack ?trace|Caused by|Tomcat"
                    + "|Whitelabel|\\.java:\\d+");

    /**
     * A request target of RFC 3986 characters only; the servlet container refuses others (raw
     * non-ASCII, quotes, braces...) with a bare 400 before Bootwarden sees the request.
     */
    private static final Pattern LEGAL_TARGET = Pattern.compile("([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*");

    private static final List<String> ENDPOINTS = List.of("script", "answer", "installed", "failed", "nocloud/user-data",
            "nocloud/meta-data", "nocloud/vendor-data", "nocloud/other", "other", "script/more", "");

    private static final List<String> PARAMETERS = List.of("mac", "uuid", "platform", "arch", "reason", "x");

    @Test
    void shouldNeverAnswerMachinesWithAServerErrorOrAnInternalDetail() {
        long seed = Long.getLong("bootwarden.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String hostId = createHost(newHost());
        String token = token(hostId);
        String localScript = boot(hostId, token).expect(200).body();
        assertThat(localScript).contains("boot state LOCAL");

        for (int i = 0; i < REQUESTS; i++) {
            boolean validHost = random.nextInt(3) == 0;
            String id = validHost ? hostId : switch (random.nextInt(3)) {
                case 0 -> UUID.randomUUID().toString();
                case 1 -> hostId;
                default -> segment(random);
            };
            String tok = validHost ? token : switch (random.nextInt(3)) {
                case 0 -> token.substring(0, 31) + (token.charAt(31) == 'A' ? 'B' : 'A');
                case 1 -> token;
                default -> segment(random);
            };
            String endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String target = "/boot/" + id + "/" + tok + "/" + endpoint + query(random);
            String method = random.nextInt(5) == 0 ? "POST" : "GET";
            RawHttp.Response r = RawHttp.request(null, port, method, target);
            String what = "seed " + seed + ", request " + i + ": " + method + " " + printable(target) + " -> " + r.status() + "\n"
                    + r.body();

            assertThat(r.status()).as(what).isBetween(200, 499);
            assertThat(LEAK.matcher(r.body()).find()).as("internal detail in " + what).isFalse();
            assertThat(r.headers().values().stream().anyMatch(v -> LEAK.matcher(v).find())).as("internal detail in headers of " + what)
                    .isFalse();
            if (validHost && method.equals("GET") && endpoint.equals("script") && LEGAL_TARGET.matcher(target).matches()) {
                assertThat(r.status()).as(what).isEqualTo(200);
                assertThat(r.body()).as("the valid host's boot script, whatever its parameters: " + what).isEqualTo(localScript);
            }
        }
        // the host was left as it was: no parameter moved it anywhere
        assertThat(host(hostId).path("bootState").asText()).isEqualTo("LOCAL");
    }

    /** A path segment: hostile text, percent-encoded or (sometimes) raw. */
    private static String segment(Random random) {
        String value = HostileValues.next(random);
        return random.nextInt(4) == 0 ? raw(value).replace("/", "").replace("?", "") : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The value as it stands, less what would end the request line (space, CR, LF and the other
     * controls): with those it would be another request, not another target.
     */
    private static String raw(String value) {
        return value.replaceAll("[\\x00-\\x20\\x7f]", "");
    }

    private static String query(Random random) {
        int n = random.nextInt(5);
        if (n == 0) {
            return random.nextBoolean() ? "" : "?";
        }
        StringBuilder q = new StringBuilder("?");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append('&');
            }
            String name = random.nextInt(6) == 0 ? HostileValues.next(random) : PARAMETERS.get(random.nextInt(PARAMETERS.size()));
            String value = HostileValues.next(random);
            boolean raw = random.nextInt(4) == 0;
            q.append(raw ? raw(name).replace("&", "").replace("#", "") : URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(raw ? raw(value).replace("&", "").replace("#", "") : URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }
}
