package org.bootwarden.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private final byte[] key = key();
    private final SecretCipher cipher = new SecretCipher(key, List.of());

    @Test
    void shouldRoundTripAndNeverStoreThePlaintext() {
        String stored = cipher.encrypt("debian-12", "adminPasswordHash", "$6$salt$hash");

        assertThat(stored).startsWith("v1:" + cipher.keyId() + ":").doesNotContain("$6$salt$hash").doesNotContain("salt");
        assertThat(cipher.decrypt("debian-12", "adminPasswordHash", stored)).isEqualTo("$6$salt$hash");
        assertThat(SecretCipher.keyIdOf(stored)).contains(cipher.keyId());
    }

    @Test
    void shouldUseAFreshNonceForEveryValue() {
        String a = cipher.encrypt("p", "s", "same value");
        String b = cipher.encrypt("p", "s", "same value");

        assertThat(a).isNotEqualTo(b);
        byte[] na = Base64.getDecoder().decode(a.substring(a.lastIndexOf(':') + 1));
        byte[] nb = Base64.getDecoder().decode(b.substring(b.lastIndexOf(':') + 1));
        assertThat(java.util.Arrays.copyOf(na, 12)).isNotEqualTo(java.util.Arrays.copyOf(nb, 12));
        assertThat(na).hasSize(12 + "same value".length() + 16);
    }

    @Test
    void shouldRefuseAValueMovedToAnotherProfileOrName() {
        String stored = cipher.encrypt("debian-12", "adminPasswordHash", "secret");

        assertThatThrownBy(() -> cipher.decrypt("rocky-9", "adminPasswordHash", stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("altered, or moved from another profile or name");
        assertThatThrownBy(() -> cipher.decrypt("debian-12", "rootPasswordHash", stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAnAlteredValue() {
        String stored = cipher.encrypt("p", "s", "secret");
        byte[] data = Base64.getDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
        data[14] ^= 1;
        String altered = stored.substring(0, stored.lastIndexOf(':') + 1) + Base64.getEncoder().encodeToString(data);

        assertThatThrownBy(() -> cipher.decrypt("p", "s", altered)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.decrypt("p", "s", "plain text")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not in the form v1:<key id>:<data>");
    }

    @Test
    void shouldNameTheMissingKeyInsteadOfProducingGarbage() {
        String stored = cipher.encrypt("p", "s", "secret");
        SecretCipher other = new SecretCipher(key(), List.of());

        assertThat(other.keyId()).isNotEqualTo(cipher.keyId()).matches("[0-9a-f]{12}");
        assertThatThrownBy(() -> other.decrypt("p", "s", stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was encrypted with key " + cipher.keyId())
                .hasMessageContaining("neither BOOTWARDEN_SECRETS_KEY (key " + other.keyId() + ")");
    }

    @Test
    void shouldDecryptWithAPreviousKeyAfterARotation() {
        String stored = cipher.encrypt("p", "s", "secret");
        SecretCipher rotated = new SecretCipher(key(), List.of(key));

        assertThat(rotated.previousKeyIds()).containsExactly(cipher.keyId());
        assertThat(rotated.decrypt("p", "s", stored)).isEqualTo("secret");
        assertThat(SecretCipher.keyIdOf(rotated.encrypt("p", "s", "secret"))).contains(rotated.keyId());
    }

    @Test
    void shouldRefuseKeysThatAreNotThirtyTwoBytes() {
        assertThatThrownBy(() -> SecretCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[16]), "BOOTWARDEN_SECRETS_KEY"))
                .hasMessage("BOOTWARDEN_SECRETS_KEY decodes to 16 bytes; an AES-256 key is 32 bytes, base64-encoded (openssl rand -base64 32)");
        assertThatThrownBy(() -> SecretCipher.decodeKey("not base64!", "BOOTWARDEN_SECRETS_KEY"))
                .hasMessageStartingWith("BOOTWARDEN_SECRETS_KEY is not base64");
    }
}
