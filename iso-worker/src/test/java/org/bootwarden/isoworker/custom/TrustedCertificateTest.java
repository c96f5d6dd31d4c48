package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedCertificateTest {

    @Test
    void shouldAcceptCaCertificatesAndReencodeThem() throws IOException {
        String pem = "issued by our PKI team\r\n" + FakeIpxe.pem("ca.pem").replace("\n", "\r\n") + FakeIpxe.pem("ca2.pem");

        List<TrustedCertificate> certs = TrustedCertificate.parsePem(pem);

        assertThat(certs).extracting(TrustedCertificate::subject)
                .containsExactly("CN=Bootwarden Test Root CA,O=Bootwarden Test", "CN=Bootwarden Test Second CA,O=Bootwarden Test");
        assertThat(certs.get(0).pem()).isEqualTo(FakeIpxe.pem("ca.pem"));
        assertThat(certs.get(0).sha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldRefuseALeafCertificate() throws IOException {
        assertThatThrownBy(() -> TrustedCertificate.parsePem(FakeIpxe.pem("leaf.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither a CA certificate nor self-signed");
    }

    @Test
    void shouldRefuseExpiredCertificates() throws IOException {
        Date in2200 = Date.from(Instant.parse("2200-01-01T00:00:00Z"));

        assertThatThrownBy(() -> TrustedCertificate.parsePem(FakeIpxe.pem("ca.pem"), in2200))
                .hasMessageContaining("expired on 2126-");
    }

    @Test
    void shouldRefusePrivateKeysOtherBlocksGarbageAndNothing() throws IOException {
        assertThatThrownBy(() -> TrustedCertificate.parsePem(FakeIpxe.pem("ca.pem")
                + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"))
                .hasMessageContaining("private key");
        assertThatThrownBy(() -> TrustedCertificate.parsePem("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("expected only CERTIFICATE blocks");
        assertThatThrownBy(() -> TrustedCertificate.parsePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .hasMessageContaining("not an X.509 certificate");
        assertThatThrownBy(() -> TrustedCertificate.parsePem("$(reboot)"))
                .hasMessageContaining("no PEM certificate found");
        assertThatThrownBy(() -> TrustedCertificate.parsePem("x".repeat(TrustedCertificate.MAX_PEM_CHARS + 1)))
                .hasMessageContaining("larger than");
    }
}
