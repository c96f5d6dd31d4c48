package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bootwarden.support.Golden;
import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.bootwarden.support.RawHttp;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The per-address limit on {@code /boot/**} over real connections. The tests' usual address,
 * 127.0.0.1, is exempt in the integration-test settings (rate 5/s, burst 10); these tests connect
 * from other loopback addresses (127.0.42.x), each its own machine.
 */
class BootRateLimitIT extends IntegrationTest {

    private static final int BURST = 10;

    @Test
    void shouldAnswerAnAddressOverTheLimitWith429AndAScriptThatBootsLocal() throws Exception {
        String hostId = createHost(newHost());
        String token = token(hostId);
        String path = "/boot/" + hostId + "/" + token + "/script?mac=52:54:00:00:00:01&platform=pcbios&arch=x86_64";
        double limitedBefore = metric("endpoint=\"script\"");

        List<RawHttp.Response> answers = new ArrayList<>();
        RawHttp.Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            RawHttp.Response r = RawHttp.request("127.0.42.1", port, "GET", path);
            if (r.status() == 429) {
                limited = r;
            } else {
                answers.add(r);
            }
        }
        assertThat(limited).as("a 429 within 200 back-to-back requests").isNotNull();
        assertThat(answers.size()).as("the burst was served first").isGreaterThanOrEqualTo(BURST);
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("boot state LOCAL");
        });
        assertThat(limited.header("Retry-After")).as("one token takes 0.2 s at 5/s").isEqualTo("1");
        assertThat(limited.header("Content-Type")).startsWith("text/plain");
        assertThat(limited.header("Cache-Control")).isEqualTo("no-store");
        Golden.assertMatches("local/rate-limited.ipxe", limited.body());

        // the limit is on the connection's address: a forwarded-for header does not get around it
        assertThat(RawHttp.request("127.0.42.1", port, "GET", path, Map.of("X-Forwarded-For", "198.51.100.77")).status())
                .isEqualTo(429);
        // other machines and the exempt address are not affected
        assertThat(RawHttp.request("127.0.42.2", port, "GET", path).status()).isEqualTo(200);
        assertThat(boot(hostId, token).expect(200).body()).contains("boot state LOCAL");
        assertThat(metric("endpoint=\"script\"") - limitedBefore).isGreaterThanOrEqualTo(2);

        // the address gets a token back within the second Retry-After named
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        int status;
        do {
            Thread.sleep(50);
            status = RawHttp.request("127.0.42.1", port, "GET", path).status();
        } while (status == 429 && Instant.now().isBefore(deadline));
        assertThat(status).as("served again after waiting").isEqualTo(200);
    }

    @Test
    void shouldAnswerOtherMachineEndpointsOverTheLimitWithAProblem() throws Exception {
        String hostId = createHost(newHost());
        String token = token(hostId);
        String path = "/boot/" + hostId + "/" + token + "/installed";
        double limitedBefore = metric("endpoint=\"other\"");

        RawHttp.Response limited = null;
        int served = 0;
        for (int i = 0; i < 200 && limited == null; i++) {
            RawHttp.Response r = RawHttp.request("127.0.42.3", port, "GET", path);
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
                served++;
            }
        }
        assertThat(limited).isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(BURST);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        JsonNode problem = new ObjectMapper().readTree(limited.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("title").asText()).isEqualTo("Too many requests");
        assertThat(problem.path("retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(metric("endpoint=\"other\"") - limitedBefore).isGreaterThanOrEqualTo(1);
        // the console and the API are not machine endpoints: never limited here
        Http.anonymous("http://127.0.0.1:" + port).get("/actuator/health").expect(200);
    }

    private double metric(String label) {
        String text = admin().get("/actuator/prometheus").expect(200).body();
        Matcher m = Pattern.compile("(?m)^bootwarden_boot_rate_limited_total\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
