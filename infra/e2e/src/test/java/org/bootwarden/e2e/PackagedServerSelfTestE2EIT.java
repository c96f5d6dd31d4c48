package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link PackagedServer}'s process handling without the product: environment, waiting
 * for health, restart on the same port and data directory, stop, and a failing start-up
 * reported with the log's tail. The process is {@link FakeBootwarden}.
 */
class PackagedServerSelfTestE2EIT {

    @Test
    void startsWithTheUsersEnvironmentWaitsForHealthAndRestartsOnTheSamePortAndData() throws Exception {
        try (PackagedServer server = PackagedServer.launching("selftest-fake", fakeCommand())
                .publicUrl("http://10.0.2.2:1,http://10.0.2.2:2")) {
            server.start();
            JsonNode env = Api.JSON.readTree(get(server.baseUrl() + "/env"));
            assertThat(env.path("SERVER_PORT").asText()).isEqualTo(Integer.toString(server.port()));
            assertThat(env.path("SERVER_ADDRESS").asText()).isEqualTo("127.0.0.1");
            assertThat(env.path("BOOTWARDEN_DATA_DIR").asText()).isEqualTo(server.dataDir().toString());
            assertThat(env.path("BOOTWARDEN_PUBLIC_URL").asText()).isEqualTo("http://10.0.2.2:1,http://10.0.2.2:2");
            assertThat(env.path("BOOTWARDEN_ADMIN_PASSWORD").asText()).isEqualTo(server.adminPassword());
            assertThat(env.path("BOOTWARDEN_IPXE_DIR").asText()).isEqualTo(E2E.ipxeDir().toString());

            server.restart();
            JsonNode again = Api.JSON.readTree(get(server.baseUrl() + "/env"));
            assertThat(again).isEqualTo(env);

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> get(server.baseUrl() + "/env")).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aServerThatDiesDuringStartUpFailsWithItsLogTail() {
        PackagedServer server = PackagedServer.launching("selftest-dies", List.of(java().toString(),
                "-cp", "/nonexistent", "org.example.NoSuchMain"));

        assertThatThrownBy(server::start).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited with code 1 during start-up")
                .hasMessageContaining("org.example.NoSuchMain");
    }

    private static List<String> fakeCommand() throws Exception {
        Path classes = Path.of(FakeBootwarden.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return List.of(java().toString(), "-cp", classes.toString(), FakeBootwarden.class.getName());
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
