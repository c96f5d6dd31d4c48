package org.bootwarden.webhooks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bootwarden.boot.BootTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Endpoint secrets at rest and the payload signature. Secrets are stored encrypted (AES-256-GCM)
 * with a key derived from the server secret ({@code BOOTWARDEN_TOKEN_SECRET}), which is not in the
 * database: a copy of the database alone does not reveal them, and every replica sharing the server
 * secret can read them. Payloads are signed with {@code HMAC-SHA256(endpoint secret, body)}.
 */
@Component
class WebhookSecrets {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Autowired
    WebhookSecrets(BootTokens tokens) {
        this(tokens.derivedKey("webhook-secrets"));
    }

    WebhookSecrets(byte[] key) {
        this.key = new SecretKeySpec(Arrays.copyOf(key, 32), "AES");
    }

    String encrypt(String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    /**
     * @throws UnreadableSecretException when the value was sealed with another key (the server
     *     secret changed since the endpoint was saved) or is damaged
     */
    String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new UnreadableSecretException();
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UnreadableSecretException();
        }
    }

    /** The value of {@code X-Bootwarden-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the body. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored secret cannot be decrypted with this server's key. */
    static class UnreadableSecretException extends RuntimeException {
        UnreadableSecretException() {
            super("the endpoint's secret cannot be decrypted with this server's key (was BOOTWARDEN_TOKEN_SECRET changed,"
                    + " or does this replica have another one?): set the endpoint's secret again");
        }
    }
}
