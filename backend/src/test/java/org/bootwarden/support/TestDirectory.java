package org.bootwarden.support;

import java.io.InputStream;
import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;

/**
 * An in-memory LDAP directory (UnboundID) on 127.0.0.1 and a free port, holding
 * {@code directory/corp.ldif}: users ldap-alice, ldap-bob, ldap-carol, ldap-dave, ldap-erin (password
 * {@code Name-Passw0rd!}), groups Provisioning-{Editors,Operators,Approvers,Auditors} under
 * {@code ou=groups}. The service account {@code cn=admin,dc=corp,dc=example,dc=test} / {@code secret}.
 */
public final class TestDirectory {

    public static final String BASE = "dc=corp,dc=example,dc=test";
    public static final String ADMIN_DN = "cn=admin," + BASE;
    public static final String ADMIN_PASSWORD = "secret";

    private final InMemoryDirectoryServer server;

    private TestDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    public static TestDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.addAdditionalBindCredentials(ADMIN_DN, ADMIN_PASSWORD);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            try (InputStream in = TestDirectory.class.getResourceAsStream("/directory/corp.ldif")) {
                server.importFromLDIF(true, new LDIFReader(in));
            }
            server.startListening();
            return new TestDirectory(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-memory test directory", e);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    public void stop() {
        server.shutDown(true);
    }
}
