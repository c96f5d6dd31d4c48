package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bootwarden.support.RealDirectories;
import org.bootwarden.system.BootwardenProperties.Referral;
import org.bootwarden.system.BootwardenProperties.Source;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * The generic LDAP mode against a real OpenLDAP slapd that this test starts with its own
 * configuration (memberOf and refint overlays, TLS with a CA made by the test) on free ports of
 * 127.0.0.1, loads {@code directory/corp.ldif} into with ldapadd, and stops at the end.
 * Skipped with the reason when slapd is not installed (fails under {@code CI=true}).
 */
class OpenLdapIT {

    private static final String BASE = "dc=corp,dc=example,dc=test";
    private static Path dir;
    private static Path trustStore;
    private static Process slapd;
    private static int ldapPort;
    private static int ldapsPort;

    @BeforeAll
    static void startSlapd() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("BOOTWARDEN_DB_URL") == null,
                "real-directory tests run in the H2 pass only (they do not use the database)");
        RealDirectories.require(RealDirectories.installed("/usr/sbin/slapd") && RealDirectories.installed("ldapadd"),
                "OpenLDAP is not installed (Debian: slapd ldap-utils)");
        dir = Files.createTempDirectory("bootwarden-slapd-");
        Files.createDirectories(dir.resolve("data"));
        Path tls = Files.createDirectories(dir.resolve("tls"));
        trustStore = RealDirectories.testCa(tls, "ldap.corp.example.test");
        Files.writeString(dir.resolve("slapd.conf"), """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include /etc/ldap/schema/nis.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                moduleload refint
                pidfile  @DIR@/slapd.pid
                argsfile @DIR@/slapd.args
                TLSCACertificateFile @TLS@/ca.pem
                TLSCertificateFile   @TLS@/cert.pem
                TLSCertificateKeyFile @TLS@/key.pem

                database mdb
                maxsize 104857600
                suffix "dc=corp,dc=example,dc=test"
                rootdn "cn=admin,dc=corp,dc=example,dc=test"
                rootpw secret
                directory @DIR@/data
                index objectClass eq
                index uid,cn,mail eq
                index member,memberOf eq

                overlay memberof
                memberof-group-oc groupOfNames
                memberof-member-ad member
                memberof-memberof-ad memberOf
                memberof-refint TRUE

                overlay refint
                refint_attributes member
                """.replace("@DIR@", dir.toString()).replace("@TLS@", tls.toString()));
        ldapPort = RealDirectories.freePort();
        ldapsPort = RealDirectories.freePort();
        Path log = dir.resolve("slapd.log");
        slapd = new ProcessBuilder("/usr/sbin/slapd", "-d", "0", "-f", dir.resolve("slapd.conf").toString(), "-h",
                "ldap://127.0.0.1:" + ldapPort + "/ ldaps://127.0.0.1:" + ldapsPort + "/")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealDirectories.awaitPort(ldapPort, slapd, Duration.ofSeconds(30), log);
        RealDirectories.awaitPort(ldapsPort, slapd, Duration.ofSeconds(10), log);
        Path ldif = dir.resolve("corp.ldif");
        try (var in = OpenLdapIT.class.getResourceAsStream("/directory/corp.ldif")) {
            Files.copy(in, ldif);
        }
        RealDirectories.run(dir, Duration.ofSeconds(30), "ldapadd", "-x", "-H", "ldap://127.0.0.1:" + ldapPort, "-D",
                "cn=admin," + BASE, "-w", "secret", "-f", ldif.toString());
    }

    @AfterAll
    static void stopSlapd() {
        RealDirectories.stop(slapd);
        RealDirectories.delete(dir);
    }

    private static final List<RoleMapping> MAPPINGS = List.of(
            new RoleMapping("1", "CN=Provisioning-Editors,OU=Groups," + BASE, List.of(Role.EDITOR), "*", "configuration", null, null),
            new RoleMapping("2", "Provisioning-Operators", List.of(Role.OPERATOR), "*", "configuration", null, null),
            new RoleMapping("3", "Provisioning-Approvers", List.of(Role.APPROVER), "corp-ldap", "configuration", null, null),
            new RoleMapping("4", "Provisioning-Auditors", List.of(Role.AUDITOR), "other-source", "configuration", null, null));

    /** Search (as the service account), then bind, over StartTLS on the plain port. */
    private static Source startTls(Path store) {
        return new Source("corp-ldap", SourceType.LDAP, List.of(URI.create("ldap://127.0.0.1:" + ldapPort)), BASE, null, null,
                "ou=people," + BASE, "(uid={0})", "ou=groups," + BASE, null, "cn", "cn=admin," + BASE, "secret", true, store, "changeit",
                "PKCS12", Duration.ofSeconds(5), Duration.ofSeconds(10), Referral.IGNORE);
    }

    /** Bind at a DN pattern over LDAPS; groups searched anonymously. */
    private static Source ldapsBind() {
        return new Source("corp-ldap", SourceType.LDAP, List.of(URI.create("ldaps://127.0.0.1:" + ldapsPort)), BASE, null,
                List.of("uid={0},ou=people," + BASE), null, null, null, "(member={0})", "cn", null, null, false, trustStore, "changeit",
                "PKCS12", Duration.ofSeconds(5), Duration.ofSeconds(10), Referral.IGNORE);
    }

    @Test
    void shouldSearchThenBindOverStartTlsAndMapGroupsByDnAndName() {
        DirectoryIdentity alice = new LdapDirectory(startTls(trustStore)).authenticate("ldap-alice", "Alice-Passw0rd!");

        assertThat(alice.dn()).isEqualTo("uid=ldap-alice,ou=people," + BASE);
        assertThat(alice.displayName()).isEqualTo("Alice Editor");
        assertThat(RoleMappings.rolesFor(MAPPINGS, alice)).containsExactlyInAnyOrder(Role.EDITOR, Role.OPERATOR);
    }

    @Test
    void shouldBindAtTheDnPatternOverLdaps() {
        LdapDirectory ldap = new LdapDirectory(ldapsBind());

        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-carol", "Carol-Passw0rd!"))).containsExactly(Role.APPROVER);
        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-bob", "Bob-Passw0rd!"))).containsExactly(Role.OPERATOR);
        // a mapping for another source does not count; erin is in no group
        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-dave", "Dave-Passw0rd!"))).isEmpty();
        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-erin", "Erin-Passw0rd!"))).isEmpty();
    }

    @Test
    void shouldRefuseWrongPasswordsAndUnknownUsers() {
        assertThatThrownBy(() -> new LdapDirectory(startTls(trustStore)).authenticate("ldap-alice", "wrong"))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> new LdapDirectory(startTls(trustStore)).authenticate("nobody", "wrong"))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> new LdapDirectory(ldapsBind()).authenticate("ldap-alice", "wrong"))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void shouldNotTrustTheDirectoryWithoutTheTrustStore() {
        assertThatThrownBy(() -> new LdapDirectory(startTls(null)).authenticate("ldap-alice", "Alice-Passw0rd!"))
                .isInstanceOf(DirectorySource.DirectoryUnavailableException.class);
    }
}
