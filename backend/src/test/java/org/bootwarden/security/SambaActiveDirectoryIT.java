package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.bootwarden.support.RealDirectories;
import org.bootwarden.system.BootwardenProperties.Referral;
import org.bootwarden.system.BootwardenProperties.Source;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Active Directory logins against a real Samba AD domain controller that this test provisions in
 * a temporary directory (realm CORP.EXAMPLE.TEST, LDAP on 127.0.0.1:389 and LDAPS on 636 with a
 * CA made by the test; Samba's LDAP ports are fixed) and stops at the end. Samba keeps its default
 * "ldap server require strong auth": simple binds only over TLS, as a real AD.
 *
 * <p>Skipped with the reason when samba is not installed or port 389/636 is taken (another run);
 * under {@code CI=true} it fails instead. Not run again in the MariaDB/PostgreSQL passes of the
 * test command ({@code BOOTWARDEN_DB_URL} set): it does not touch the database.
 */
class SambaActiveDirectoryIT {

    private static final String BASE = "DC=corp,DC=example,DC=test";
    private static Path dir;
    private static Path trustStore;
    private static Process samba;

    @BeforeAll
    static void startDomainController() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("BOOTWARDEN_DB_URL") == null,
                "real-directory tests run in the H2 pass only (they do not use the database)");
        RealDirectories.require(RealDirectories.installed("samba") && RealDirectories.installed("samba-tool"),
                "Samba AD DC is not installed (Debian: samba samba-ad-dc samba-ad-provision winbind krb5-user ldb-tools)");
        RealDirectories.require(!RealDirectories.listening(389) && !RealDirectories.listening(636),
                "127.0.0.1:389 or :636 is in use (another directory or test run); Samba's LDAP ports cannot be moved");
        dir = Files.createTempDirectory("bootwarden-samba-");
        Path conf = dir.resolve("etc/smb.conf");
        RealDirectories.run(dir, Duration.ofMinutes(2), "samba-tool", "domain", "provision", "--targetdir=" + dir,
                "--realm=CORP.EXAMPLE.TEST", "--domain=CORP", "--server-role=dc", "--dns-backend=NONE", "--adminpass=Adm1n-Passw0rd!",
                "--use-rfc2307", "--host-name=dc1", "--option=interfaces=lo", "--option=bind interfaces only=yes",
                "--option=server services=ldap", "--option=log file=" + dir + "/log.%m");
        for (String group : List.of("Provisioning-Editors", "Provisioning-Operators", "Provisioning-Approvers", "Provisioning-Auditors",
                "Platform-Team")) {
            tool(conf, "group", "add", group);
        }
        user(conf, "alice", "--given-name=Alice", "--surname=Editor");
        user(conf, "bob");
        user(conf, "carol");
        user(conf, "dave");
        user(conf, "frank");
        user(conf, "erin");
        user(conf, "dora");
        user(conf, "hank");
        user(conf, "gina", "--must-change-at-next-login");
        tool(conf, "group", "addmembers", "Provisioning-Editors", "alice,dora,hank,gina");
        tool(conf, "group", "addmembers", "Provisioning-Operators", "alice,bob,Platform-Team");
        tool(conf, "group", "addmembers", "Provisioning-Approvers", "carol");
        tool(conf, "group", "addmembers", "Provisioning-Auditors", "dave");
        // frank is an operator only through Platform-Team, a member of Provisioning-Operators
        tool(conf, "group", "addmembers", "Platform-Team", "frank");
        tool(conf, "user", "disable", "dora");
        tool(conf, "user", "setexpiry", "hank", "--days=0");

        Path tls = Files.createDirectories(dir.resolve("tls"));
        trustStore = RealDirectories.testCa(tls, "dc1.corp.example.test");
        String smb = Files.readString(conf).replace("[global]", "[global]\n\ttls enabled = yes\n\ttls keyfile = " + tls.resolve("key.pem")
                + "\n\ttls certfile = " + tls.resolve("cert.pem") + "\n\ttls cafile = " + tls.resolve("ca.pem"));
        Files.writeString(conf, smb);

        Path log = dir.resolve("samba.stdout");
        samba = new ProcessBuilder("samba", "-i", "-s", conf.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealDirectories.awaitPort(636, samba, Duration.ofSeconds(60), log);
        RealDirectories.awaitPort(389, samba, Duration.ofSeconds(30), log);
    }

    @AfterAll
    static void stopDomainController() {
        RealDirectories.stop(samba);
        RealDirectories.delete(dir);
    }

    private static void tool(Path conf, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "samba-tool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        cmd[args.length + 1] = "-s";
        cmd[args.length + 2] = conf.toString();
        RealDirectories.run(dir, Duration.ofMinutes(1), cmd);
    }

    private static void user(Path conf, String name, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "user";
        args[1] = "create";
        args[2] = name;
        String[] withPassword = new String[args.length + 1];
        System.arraycopy(args, 0, withPassword, 0, 3);
        withPassword[3] = password(name);
        System.arraycopy(options, 0, withPassword, 4, options.length);
        tool(conf, withPassword);
    }

    static String password(String user) {
        return Character.toUpperCase(user.charAt(0)) + user.substring(1) + "-Passw0rd!";
    }

    /** The AD source as an operator would configure it: LDAPS with the CA's trust store. */
    static Source ldaps(Path store) {
        return new Source("corp-ad", SourceType.AD, List.of(URI.create("ldaps://127.0.0.1:636")), BASE, null, null, null, null, null,
                null, "cn", null, null, false, store, "changeit", "PKCS12", Duration.ofSeconds(5), Duration.ofSeconds(10), Referral.IGNORE);
    }

    private static final List<RoleMapping> MAPPINGS = List.of(
            mapping("CN=Provisioning-Editors,CN=Users," + BASE, Role.EDITOR),
            mapping("Provisioning-Operators", Role.OPERATOR),
            mapping("provisioning-approvers", Role.APPROVER),
            mapping("cn=provisioning-auditors, cn=users, dc=corp, dc=example, dc=test", Role.AUDITOR));

    private static RoleMapping mapping(String group, Role role) {
        return new RoleMapping("m-" + group, group, List.of(role), "*", "configuration", null, null);
    }

    private static Set<Role> login(String user) {
        DirectoryIdentity id = new ActiveDirectory(ldaps(trustStore)).authenticate(user, password(user));
        assertThat(id.source()).isEqualTo("corp-ad");
        return RoleMappings.rolesFor(MAPPINGS, id);
    }

    @Test
    void shouldGiveEachGroupsUsersTheMappedRolesOverLdapsWithTheTestCa() {
        assertThat(login("alice")).containsExactlyInAnyOrder(Role.EDITOR, Role.OPERATOR);
        assertThat(login("bob")).containsExactly(Role.OPERATOR);
        assertThat(login("carol")).containsExactly(Role.APPROVER);
        assertThat(login("dave")).containsExactly(Role.AUDITOR);
    }

    @Test
    void shouldAcceptTheUpnAndTheDomainFormOfTheName() {
        DirectoryIdentity upn = new ActiveDirectory(ldaps(trustStore)).authenticate("alice@corp.example.test", password("alice"));
        DirectoryIdentity down = new ActiveDirectory(ldaps(trustStore)).authenticate("CORP\\alice", password("alice"));

        assertThat(upn.username()).isEqualTo("alice").isEqualTo(down.username());
        assertThat(upn.dn()).isEqualToIgnoringCase("CN=Alice Editor,CN=Users," + BASE);
        assertThat(upn.displayName()).isEqualTo("Alice Editor");
    }

    @Test
    void shouldFollowNestedGroupMembership() {
        DirectoryIdentity frank = new ActiveDirectory(ldaps(trustStore)).authenticate("frank", password("frank"));

        assertThat(frank.groups()).extracting(DirectoryIdentity.DirectoryGroup::name)
                .contains("Platform-Team", "Provisioning-Operators");
        assertThat(RoleMappings.rolesFor(MAPPINGS, frank)).containsExactly(Role.OPERATOR);
    }

    @Test
    void shouldFindNoRoleForAUserInNoMappedGroup() {
        // LoginSources refuses such a user with NO_MAPPED_GROUP (DirectoryLoginIT shows the response and audit)
        assertThat(login("erin")).isEmpty();
    }

    @Test
    void shouldRefuseWrongPasswordsAndUnknownUsersAlike() {
        ActiveDirectory ad = new ActiveDirectory(ldaps(trustStore));

        assertThatThrownBy(() -> ad.authenticate("alice", "Wrong-Passw0rd!")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> ad.authenticate("nobody", "Wrong-Passw0rd!")).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void shouldRefuseADisabledAccountWithItsReason() {
        assertThatThrownBy(() -> new ActiveDirectory(ldaps(trustStore)).authenticate("dora", password("dora")))
                .isInstanceOfSatisfying(LoginRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LoginRefusal.ACCOUNT_DISABLED);
                    assertThat(e.detail()).contains("533");
                });
    }

    @Test
    void shouldRefuseExpiredAccountsAndPasswordsThatMustChange() {
        ActiveDirectory ad = new ActiveDirectory(ldaps(trustStore));

        assertThatThrownBy(() -> ad.authenticate("hank", password("hank"))).isInstanceOfSatisfying(LoginRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(LoginRefusal.ACCOUNT_EXPIRED));
        assertThatThrownBy(() -> ad.authenticate("gina", password("gina"))).isInstanceOfSatisfying(LoginRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(LoginRefusal.PASSWORD_MUST_CHANGE));
    }

    @Test
    void shouldNotTrustTheDirectoryWithoutTheTrustStore() {
        // the JVM's default trust store does not know the test CA: the TLS handshake fails, so the source is unavailable
        Source noStore = ldaps(null);
        assertThatThrownBy(() -> new ActiveDirectory(noStore).authenticate("alice", password("alice")))
                .isInstanceOf(DirectorySource.DirectoryUnavailableException.class);
    }

    @Test
    void shouldSayThatPlainLdapSimpleBindsNeedTls() {
        Source plain = new Source("corp-ad", SourceType.AD, List.of(URI.create("ldap://127.0.0.1:389")), BASE, null, null, null, null,
                null, null, "cn", null, null, false, null, null, "PKCS12", Duration.ofSeconds(5), Duration.ofSeconds(10), Referral.IGNORE);

        assertThatThrownBy(() -> new ActiveDirectory(plain).authenticate("alice", password("alice")))
                .isInstanceOf(DirectorySource.DirectoryUnavailableException.class).hasMessageContaining("TLS");
    }
}
