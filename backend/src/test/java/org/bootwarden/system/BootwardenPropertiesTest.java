package org.bootwarden.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootwardenPropertiesTest {

    @Test
    void shouldAcceptHttpAndHttpsServerUrlsWithPortsAndPaths() {
        assertThatNoException().isThrownBy(() -> props("http://10.0.2.2:8080", "https://boot.example.org/bootwarden",
                "http://[2001:db8::1]:8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://boot.example.org", "http://boot.example.org/?x=1", "http://user@boot.example.org",
        "boot.example.org:8080", "http://boot.example.org/a$b", "http://boot.example.org/#frag"})
    void shouldRefuseUrlsThatCannotBeBakedIntoAClientScript(String url) {
        assertThatThrownBy(() -> props(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BOOTWARDEN_PUBLIC_URL");
    }

    @Test
    void shouldRequireAtLeastOneUrl() {
        assertThatThrownBy(() -> new BootwardenProperties(Path.of("data"), List.of(), null, null, Path.of("ipxe"), null, null, null))
                .hasMessageContaining("at least one URL");
    }

    private static BootwardenProperties props(String... urls) {
        return new BootwardenProperties(Path.of("data"), java.util.Arrays.stream(urls).map(URI::create).toList(), null, null,
                Path.of("ipxe"), null, null, null);
    }

    @Test
    void shouldRequireApprovalExpiryLongerThanEscalation() {
        assertThatThrownBy(() -> new BootwardenProperties.Tickets(java.time.Duration.ofHours(24), java.time.Duration.ofHours(2),
                java.time.Duration.ofHours(4), java.time.Duration.ofHours(2)))
                .hasMessageContaining("approval-expiry (PT2H) must be longer than approval-escalation (PT24H)");
    }

    @Test
    void shouldRefuseZeroTimeouts() {
        assertThatThrownBy(() -> new BootwardenProperties.Tickets(java.time.Duration.ofHours(1), java.time.Duration.ofHours(2),
                java.time.Duration.ZERO, java.time.Duration.ofHours(2)))
                .hasMessageContaining("at least one second");
    }

    @Test
    void shouldGiveApiTokensADefaultLifetimeNoLongerThanTheMaximum() {
        org.assertj.core.api.Assertions.assertThat(props("http://10.0.2.2:8080").apiTokens())
                .isEqualTo(new BootwardenProperties.ApiTokens(java.time.Duration.ofDays(30), java.time.Duration.ofDays(365)));
        assertThatThrownBy(() -> new BootwardenProperties.ApiTokens(java.time.Duration.ofDays(90), java.time.Duration.ofDays(30)))
                .hasMessageContaining("default-lifetime (PT2160H) must not be longer than max-lifetime (PT720H)");
        assertThatThrownBy(() -> new BootwardenProperties.ApiTokens(java.time.Duration.ofSeconds(30), java.time.Duration.ofDays(30)))
                .hasMessageContaining("at least one minute");
    }

    @Test
    void shouldDoubleTheWebhookBackoffUpToItsMaximum() {
        BootwardenProperties.Webhooks w = new BootwardenProperties.Webhooks(8, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), 4,
                java.time.Duration.ofDays(30));
        assertThat(List.of(w.backoffAfter(1), w.backoffAfter(2), w.backoffAfter(3), w.backoffAfter(4), w.backoffAfter(7)))
                .extracting(java.time.Duration::toSeconds).containsExactly(10L, 20L, 40L, 60L, 60L);
        assertThatThrownBy(() -> new BootwardenProperties.Webhooks(0, w.initialBackoff(), w.maxBackoff(), w.timeout(),
                w.pollInterval(), 4, w.retention())).hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new BootwardenProperties.Webhooks(8, java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1),
                w.timeout(), w.pollInterval(), 4, w.retention())).hasMessageContaining("max-backoff");
    }
}
