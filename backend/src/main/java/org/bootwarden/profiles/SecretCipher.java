package org.bootwarden.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bootwarden.system.BootwardenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts profile secrets with AES-256-GCM under a key kept outside the database
 * ({@code BOOTWARDEN_SECRETS_KEY}, or a key generated once in the data directory). Every value
 * gets a fresh random 96-bit nonce; the profile's and the secret's names are authenticated with
 * it (additional data), so a ciphertext copied to another profile or name does not decrypt.
 * Stored form: {@code v1:<key id>:<base64(nonce | ciphertext | tag)>}; the key id (an HMAC of a
 * fixed text under the key) says which key wrote a value without revealing anything about it.
 */
@Component
class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A secret cannot be read: its key is unknown here, or the stored value was altered. */
    static class SecretUnreadableException extends IllegalStateException {
        SecretUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecretKeySpec key;
    private final String keyId;
    private final Map<String, SecretKeySpec> previous;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    SecretCipher(BootwardenProperties props) {
        this(currentKey(props), props.secrets().previousKeys().stream().map(k -> decodeKey(k, "BOOTWARDEN_SECRETS_PREVIOUS_KEYS"))
                .toList());
    }

    SecretCipher(byte[] key, List<byte[]> previousKeys) {
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = idOf(key);
        Map<String, SecretKeySpec> prev = new LinkedHashMap<>();
        for (byte[] k : previousKeys) {
            prev.put(idOf(k), new SecretKeySpec(k, "AES"));
        }
        prev.remove(keyId);
        this.previous = Map.copyOf(prev);
    }

    /** The id of the key that encrypts now. */
    String keyId() {
        return keyId;
    }

    /** The ids of the previous keys this server can still decrypt with. */
    List<String> previousKeyIds() {
        return new ArrayList<>(previous.keySet());
    }

    String encrypt(String profile, String name, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(profile, name));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The plaintext of a stored secret, with the current key or a previous one. */
    String decrypt(String profile, String name, String stored) {
        String id = keyIdOf(stored).orElseThrow(() -> new SecretUnreadableException("secret " + name + " of profile " + profile
                + " is not in the form " + VERSION + ":<key id>:<data> (altered in the database?)", null));
        SecretKeySpec k = id.equals(keyId) ? key : previous.get(id);
        if (k == null) {
            throw new SecretUnreadableException("secret " + name + " of profile " + profile + " was encrypted with key " + id
                    + ", which is neither BOOTWARDEN_SECRETS_KEY (key " + keyId + ") nor one of BOOTWARDEN_SECRETS_PREVIOUS_KEYS"
                    + " (" + (previous.isEmpty() ? "none" : String.join(", ", previous.keySet())) + ")", null);
        }
        try {
            byte[] data = Base64.getDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            c.updateAAD(aad(profile, name));
            return new String(c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new SecretUnreadableException("secret " + name + " of profile " + profile + " does not decrypt with key " + id
                    + ": the stored value was altered, or moved from another profile or name", e);
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException("secret " + name + " of profile " + profile + " cannot be decrypted: " + e, e);
        }
    }

    /** The id of the key a stored value was written with; empty when it is not a stored secret. */
    static Optional<String> keyIdOf(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.split(":", 3);
        return parts.length == 3 && parts[0].equals(VERSION) && parts[1].matches("[0-9a-f]{12}") ? Optional.of(parts[1])
                : Optional.empty();
    }

    private static byte[] aad(String profile, String name) {
        return ("bootwarden-profile-secret:" + profile + ":" + name).getBytes(StandardCharsets.UTF_8);
    }

    static String idOf(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal("bootwarden-secrets-key-id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] decodeKey(String text, String setting) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64: give 32 random bytes, base64-encoded"
                    + " (openssl rand -base64 32)");
        }
        if (k.length != 32) {
            throw new IllegalArgumentException(setting + " decodes to " + k.length + " bytes; an AES-256 key is 32 bytes,"
                    + " base64-encoded (openssl rand -base64 32)");
        }
        return k;
    }

    private static byte[] currentKey(BootwardenProperties props) {
        String configured = props.secrets().key();
        if (configured != null && !configured.isBlank()) {
            return decodeKey(configured, "BOOTWARDEN_SECRETS_KEY");
        }
        Path file = props.dataDir().resolve("secrets-key");
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file), "the key file " + file);
            }
            Files.createDirectories(props.dataDir());
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Path tmp = Files.createTempFile(props.dataDir(), "secrets-key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // non-POSIX file system: rely on the data directory's permissions
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(k), StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                Files.delete(tmp);
                return decodeKey(Files.readString(file), "the key file " + file);
            }
            log.warn("Generated the profile-secrets key in {}; set BOOTWARDEN_SECRETS_KEY to share one key between replicas"
                    + " (and keep a copy: without it the profiles' secrets cannot be read)", file);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the profile-secrets key " + file, e);
        }
    }
}
