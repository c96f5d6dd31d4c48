package org.bootwarden.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bootwarden.system.BootwardenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Per-host boot tokens, derived: HMAC-SHA256(server secret, host id + token version). Nothing
 * secret is stored in the database; re-issuing a host's ISO with a new token version revokes
 * the old token. Every replica must share the secret ({@code BOOTWARDEN_TOKEN_SECRET}); without
 * one, a random secret is created once in the data directory.
 */
@Component
public class BootTokens {

    private static final Logger log = LoggerFactory.getLogger(BootTokens.class);
    private final SecretKeySpec key;
    /** Mac instances are not thread-safe and costly to look up: one per thread. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    @Autowired
    BootTokens(BootwardenProperties props) {
        this(secret(props));
    }

    BootTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the token secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The token of this host at this token version: 32 URL-safe characters (192 bits). */
    public String tokenFor(String hostId, int tokenVersion) {
        byte[] h = macs.get().doFinal(("bootwarden-host-token:" + hostId + ":" + tokenVersion).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 32);
    }

    /**
     * A key for another purpose derived from the server secret (HMAC of the purpose's name):
     * the same on every replica, never stored, independent of the boot tokens.
     */
    public byte[] derivedKey(String purpose) {
        return macs.get().doFinal(("bootwarden-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret for an internal purpose (e.g. a service account's password), derived from the
     * server secret: every replica sharing the secret derives the same value, nothing is stored.
     * 43 URL-safe characters (256 bits); distinct purposes give unrelated values.
     */
    public String derivedSecret(String purpose) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(derivedKey(purpose));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of a presented token. */
    public boolean matches(String hostId, int tokenVersion, String presented) {
        if (presented == null || presented.length() != 32) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(hostId, tokenVersion).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] secret(BootwardenProperties props) {
        if (props.tokenSecret() != null && !props.tokenSecret().isBlank()) {
            return props.tokenSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = props.dataDir().resolve("token-secret");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(props.dataDir());
            byte[] s = new byte[32];
            new SecureRandom().nextBytes(s);
            Path tmp = Files.createTempFile(props.dataDir(), "token-secret", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // non-POSIX file system: rely on the data directory's permissions
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(s), StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException anotherReplicaWasFirst) {
                Files.delete(tmp);
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            log.warn("Generated a boot-token secret in {}; set BOOTWARDEN_TOKEN_SECRET to share one secret between replicas", file);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the boot-token secret " + file, e);
        }
    }
}
