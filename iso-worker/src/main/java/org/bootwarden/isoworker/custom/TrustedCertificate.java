package org.bootwarden.isoworker.custom;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An X.509 certificate the organisation trusts for HTTPS boot ({@code TRUST=} and {@code CERT=}
 * of the iPXE build). Made only by {@link #parsePem}, which accepts nothing but PEM {@code
 * CERTIFICATE} blocks that parse as X.509, are CA or self-signed certificates and are valid now.
 * What reaches the build is {@link #pem()}, re-encoded from the parsed DER bytes: none of the
 * submitted text is passed on.
 */
public final class TrustedCertificate {

    /** Largest PEM text accepted in one call. */
    public static final int MAX_PEM_CHARS = 64 * 1024;
    /** Most certificates accepted in one call. */
    public static final int MAX_CERTIFICATES = 8;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END ([A-Z0-9 ]+)-----");

    private final byte[] der;
    private final String subject;
    private final String sha256;

    private TrustedCertificate(byte[] der, String subject) {
        this.der = der.clone();
        this.subject = subject;
        this.sha256 = sha256(der);
    }

    /**
     * The certificates in {@code pem} (one or more {@code -----BEGIN CERTIFICATE-----} blocks;
     * text between blocks is ignored, as openssl does).
     *
     * @param now the time at which each certificate must be valid
     * @throws IllegalArgumentException naming the first problem: not PEM, a private key or other
     *     block type, not X.509, neither a CA nor self-signed, expired or not yet valid, too large
     */
    public static List<TrustedCertificate> parsePem(String pem, Date now) {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("certificate PEM text is larger than " + MAX_PEM_CHARS + " characters");
        }
        if (pem.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("the PEM text contains a private key: give only the CA certificate"
                    + " (never upload private keys)");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        List<TrustedCertificate> result = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            int n = result.size() + 1;
            if (!"CERTIFICATE".equals(m.group(1)) || !m.group(1).equals(m.group(3))) {
                throw new IllegalArgumentException("PEM block " + n + " is '" + m.group(1)
                        + "', expected only CERTIFICATE blocks");
            }
            if (n > MAX_CERTIFICATES) {
                throw new IllegalArgumentException("more than " + MAX_CERTIFICATES + " certificates");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + n + " is not valid base64");
            }
            X509Certificate cert;
            try {
                cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException | ClassCastException e) {
                throw new IllegalArgumentException("PEM block " + n + " is not an X.509 certificate: " + e.getMessage());
            }
            String subject = cert.getSubjectX500Principal().getName();
            boolean selfSigned = cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
            if (cert.getBasicConstraints() < 0 && !selfSigned) {
                throw new IllegalArgumentException("certificate " + n + " (" + subject + ") is neither a CA certificate"
                        + " nor self-signed: give the CA that issued the server's certificate");
            }
            try {
                cert.checkValidity(now);
            } catch (CertificateExpiredException e) {
                throw new IllegalArgumentException("certificate " + n + " (" + subject + ") expired on "
                        + cert.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new IllegalArgumentException("certificate " + n + " (" + subject + ") is not valid before "
                        + cert.getNotBefore().toInstant());
            }
            try {
                result.add(new TrustedCertificate(cert.getEncoded(), subject));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("certificate " + n + " cannot be encoded: " + e.getMessage());
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found (expected -----BEGIN CERTIFICATE----- ...)");
        }
        return List.copyOf(result);
    }

    /** {@link #parsePem(String, Date)} checked against the current time. */
    public static List<TrustedCertificate> parsePem(String pem) {
        return parsePem(pem, new Date());
    }

    /** Canonical PEM of the DER bytes (64-character lines, {@code \n}). */
    public String pem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    /** RFC 2253 subject name. */
    public String subject() {
        return subject;
    }

    /** Lower-case hex SHA-256 of the DER bytes (what iPXE's {@code TRUST=} records). */
    public String sha256() {
        return sha256;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedCertificate other && other.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "TrustedCertificate[" + subject + ", sha256=" + sha256 + "]";
    }
}
