package org.bootwarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.bootwarden.support.TestDirectory;
import org.bootwarden.system.BootwardenProperties.Referral;
import org.bootwarden.system.BootwardenProperties.Source;
import org.bootwarden.system.BootwardenProperties.SourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

/** The generic LDAP source against an in-memory directory: bind at a DN pattern, search then bind, groups to roles. */
class LdapDirectoryTest {

    private static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.start();
    }

    @AfterAll
    static void stop() {
        directory.stop();
    }

    private static final List<RoleMapping> MAPPINGS = List.of(
            new RoleMapping("1", "cn=provisioning-editors,ou=groups," + TestDirectory.BASE, List.of(Role.EDITOR), "*", "api", null, null),
            new RoleMapping("2", "PROVISIONING-OPERATORS", List.of(Role.OPERATOR, Role.REQUESTER), "*", "api", null, null),
            new RoleMapping("3", "Provisioning-Auditors", List.of(Role.AUDITOR, Role.WORKER), "ldap", "api", null, null));

    private static Source source(List<String> patterns, String searchFilter) {
        return new Source("ldap", SourceType.LDAP, List.of(URI.create(directory.url())), TestDirectory.BASE, null, patterns, null,
                searchFilter, "ou=groups," + TestDirectory.BASE, null, "cn", searchFilter == null ? null : TestDirectory.ADMIN_DN,
                searchFilter == null ? null : TestDirectory.ADMIN_PASSWORD, false, null, null, null, null, null, Referral.IGNORE);
    }

    @Test
    void shouldBindAtTheDnPatternAndMapGroupsByDnAndByName() {
        LdapDirectory ldap = new LdapDirectory(source(List.of("uid={0},ou=people," + TestDirectory.BASE), null));

        DirectoryIdentity alice = ldap.authenticate("ldap-alice", "Alice-Passw0rd!");

        assertThat(alice.dn()).isEqualTo("uid=ldap-alice,ou=people," + TestDirectory.BASE);
        assertThat(alice.groups()).extracting(DirectoryIdentity.DirectoryGroup::name)
                .containsExactlyInAnyOrder("Provisioning-Editors", "Provisioning-Operators");
        assertThat(RoleMappings.rolesFor(MAPPINGS, alice)).containsExactlyInAnyOrder(Role.EDITOR, Role.OPERATOR, Role.REQUESTER);
    }

    @Test
    void shouldSearchThenBind() {
        LdapDirectory ldap = new LdapDirectory(source(List.of(), "(&(objectClass=inetOrgPerson)(uid={0}))"));

        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-bob", "Bob-Passw0rd!"))).containsExactlyInAnyOrder(Role.OPERATOR,
                Role.REQUESTER);
        assertThatThrownBy(() -> ldap.authenticate("ldap-bob", "wrong")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> ldap.authenticate("nobody", "wrong")).isInstanceOf(BadCredentialsException.class);
        // a filter-injection attempt is just an unknown name
        assertThatThrownBy(() -> ldap.authenticate("*)(uid=*", "Bob-Passw0rd!")).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void shouldGiveNoRoleToAUserInNoMappedGroupAndNeverWorker() {
        LdapDirectory ldap = new LdapDirectory(source(List.of("uid={0},ou=people," + TestDirectory.BASE), null));

        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-erin", "Erin-Passw0rd!"))).isEmpty();
        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-carol", "Carol-Passw0rd!"))).isEmpty();
        assertThat(RoleMappings.rolesFor(MAPPINGS, ldap.authenticate("ldap-dave", "Dave-Passw0rd!"))).containsExactly(Role.AUDITOR);
    }

    @Test
    void shouldReportAnUnreachableDirectoryAsUnavailable() {
        Source dead = new Source("dead", SourceType.LDAP, List.of(URI.create("ldap://127.0.0.1:1")), TestDirectory.BASE, null,
                List.of("uid={0},ou=people," + TestDirectory.BASE), null, null, null, null, "cn", null, null, false, null, null, null,
                Duration.ofSeconds(2), null, Referral.IGNORE);

        assertThatThrownBy(() -> new LdapDirectory(dead).authenticate("ldap-alice", "Alice-Passw0rd!"))
                .isInstanceOf(DirectorySource.DirectoryUnavailableException.class);
    }

    @Test
    void shouldMapActiveDirectorySubCodesToReasonsWithoutTellingUnknownUsersFromWrongPasswords() {
        assertThat(LoginRefusal.fromActiveDirectory("525")).isEqualTo(LoginRefusal.BAD_CREDENTIALS);
        assertThat(LoginRefusal.fromActiveDirectory("52e")).isEqualTo(LoginRefusal.BAD_CREDENTIALS);
        assertThat(LoginRefusal.fromActiveDirectory("530")).isEqualTo(LoginRefusal.LOGON_HOURS);
        assertThat(LoginRefusal.fromActiveDirectory("531")).isEqualTo(LoginRefusal.WORKSTATION);
        assertThat(LoginRefusal.fromActiveDirectory("532")).isEqualTo(LoginRefusal.PASSWORD_EXPIRED);
        assertThat(LoginRefusal.fromActiveDirectory("533")).isEqualTo(LoginRefusal.ACCOUNT_DISABLED);
        assertThat(LoginRefusal.fromActiveDirectory("701")).isEqualTo(LoginRefusal.ACCOUNT_EXPIRED);
        assertThat(LoginRefusal.fromActiveDirectory("773")).isEqualTo(LoginRefusal.PASSWORD_MUST_CHANGE);
        assertThat(LoginRefusal.fromActiveDirectory("775")).isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
        assertThat(ActiveDirectory.subCode(new RuntimeException(
                "[LDAP: error code 49 - 80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data 775, v2580]")))
                .isEqualTo("775");
        assertThat(ActiveDirectory.domainOf("DC=corp,DC=Example,DC=test")).isEqualTo("corp.example.test");
    }
}
