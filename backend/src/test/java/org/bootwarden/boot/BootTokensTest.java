package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.bootwarden.system.BootwardenProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootTokensTest {

    private static final String HOST_A = "0b9e7c3a-5d1f-4e2a-9c8b-7a6f5e4d3c21";
    private static final String HOST_B = "6c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";

    @TempDir
    Path dataDir;

    static BootTokens tokens(String secret) {
        return new BootTokens(secret.getBytes(StandardCharsets.UTF_8));
    }

    static BootTokens tokens() {
        return tokens("a-test-secret-of-more-than-16-bytes");
    }

    @Test
    void shouldDeriveTheSameUrlSafeTokenEveryTime() {
        String token = tokens().tokenFor(HOST_A, 1);

        assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(tokens().tokenFor(HOST_A, 1)).isEqualTo(token);
        assertThat(tokens().matches(HOST_A, 1, token)).isTrue();
    }

    @Test
    void shouldRefuseHostATokenForHostB() {
        BootTokens t = tokens();
        String tokenOfA = t.tokenFor(HOST_A, 1);

        assertThat(t.tokenFor(HOST_B, 1)).isNotEqualTo(tokenOfA);
        assertThat(t.matches(HOST_B, 1, tokenOfA)).isFalse();
    }

    @Test
    void shouldRevokeTheOldTokenWhenTheTokenVersionChanges() {
        BootTokens t = tokens();
        String v1 = t.tokenFor(HOST_A, 1);

        assertThat(t.matches(HOST_A, 2, v1)).isFalse();
        assertThat(t.matches(HOST_A, 2, t.tokenFor(HOST_A, 2))).isTrue();
    }

    @Test
    void shouldDeriveDifferentTokensFromADifferentSecret() {
        String token = tokens().tokenFor(HOST_A, 1);

        assertThat(tokens("another-secret-of-enough-length").matches(HOST_A, 1, token)).isFalse();
    }

    @Test
    void shouldRejectTokensOfTheWrongLengthOrMissing() {
        BootTokens t = tokens();
        String token = t.tokenFor(HOST_A, 1);

        assertThat(t.matches(HOST_A, 1, null)).isFalse();
        assertThat(t.matches(HOST_A, 1, "")).isFalse();
        assertThat(t.matches(HOST_A, 1, token.substring(0, 31))).isFalse();
        assertThat(t.matches(HOST_A, 1, token + "x")).isFalse();
        assertThat(t.matches(HOST_A, 1, token.substring(0, 31) + (token.charAt(31) == 'A' ? 'B' : 'A'))).isFalse();
    }

    @Test
    void shouldRefuseASecretShorterThan16Bytes() {
        assertThatThrownBy(() -> tokens("too-short")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void shouldUseTheConfiguredSecret() {
        BootTokens fromProps = new BootTokens(props("a-test-secret-of-more-than-16-bytes"));

        assertThat(fromProps.tokenFor(HOST_A, 1)).isEqualTo(tokens().tokenFor(HOST_A, 1));
        assertThat(dataDir.resolve("token-secret")).doesNotExist();
    }

    @Test
    void shouldGenerateAPrivateSecretOnceAndKeepItAcrossRestarts() throws Exception {
        String first = new BootTokens(props("")).tokenFor(HOST_A, 1);

        Path secret = dataDir.resolve("token-secret");
        assertThat(secret).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(new BootTokens(props(null)).tokenFor(HOST_A, 1)).isEqualTo(first);
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("token-secret");
        }
    }

    private BootwardenProperties props(String secret) {
        return new BootwardenProperties(dataDir, List.of(URI.create("http://10.0.2.2:8080")), "", secret, dataDir.resolve("ipxe"),
                new BootwardenProperties.Boot(null, null, null), null, null);
    }
}
