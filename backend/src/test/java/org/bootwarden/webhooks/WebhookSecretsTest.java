package org.bootwarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    private final WebhookSecrets secrets = new WebhookSecrets("a key derived from the server secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldSignTheBodyWithHmacSha256AsHex() {
        // RFC 4231, test case 2
        assertThat(WebhookSecrets.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void shouldStoreSecretsEncryptedAndReadThemBack() {
        String stored = secrets.encrypt("the endpoint's shared secret");
        assertThat(stored).startsWith("v1:").doesNotContain("shared secret");
        assertThat(secrets.encrypt("the endpoint's shared secret")).as("a fresh IV every time").isNotEqualTo(stored);
        assertThat(secrets.decrypt(stored)).isEqualTo("the endpoint's shared secret");
    }

    @Test
    void shouldRefuseSecretsSealedWithAnotherServerSecretOrDamaged() {
        String stored = secrets.encrypt("the endpoint's shared secret");
        WebhookSecrets otherServer = new WebhookSecrets("another server secret, another key".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> otherServer.decrypt(stored)).isInstanceOf(WebhookSecrets.UnreadableSecretException.class)
                .hasMessageContaining("BOOTWARDEN_TOKEN_SECRET");
        String damaged = stored.substring(0, stored.length() - 4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> secrets.decrypt(damaged)).isInstanceOf(WebhookSecrets.UnreadableSecretException.class);
        assertThatThrownBy(() -> secrets.decrypt("plain text")).isInstanceOf(WebhookSecrets.UnreadableSecretException.class);
    }
}
