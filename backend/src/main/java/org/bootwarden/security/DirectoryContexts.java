package org.bootwarden.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.bootwarden.system.BootwardenProperties.Source;
import org.springframework.ldap.core.support.DefaultTlsDirContextAuthenticationStrategy;
import org.springframework.ldap.core.support.LdapContextSource;

/** Connections to one directory: URLs, timeouts, referrals, LDAPS/StartTLS with the source's trust store. */
final class DirectoryContexts {

    private DirectoryContexts() {
    }

    /** A Spring LDAP context source for the directory (not pooled; full DNs everywhere, no base). */
    static LdapContextSource contextSource(Source s) {
        SSLSocketFactory tls = s.trustStore() == null ? null : socketFactory(s);
        LdapContextSource cs = new LdapContextSource() {
            @Override
            protected DirContext getDirContextInstance(Hashtable<String, Object> environment) throws NamingException {
                if (tls == null) {
                    return super.getDirContextInstance(environment);
                }
                DirectorySocketFactory.CURRENT.set(tls);
                try {
                    return super.getDirContextInstance(environment);
                } finally {
                    DirectorySocketFactory.CURRENT.remove();
                }
            }
        };
        cs.setUrls(s.urls().stream().map(Object::toString).toArray(String[]::new));
        cs.setPooled(false);
        Map<String, Object> env = new HashMap<>();
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(s.connectTimeout().toMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(s.readTimeout().toMillis()));
        env.put(Context.REFERRAL, s.referral().name().toLowerCase());
        if (tls != null && s.urls().stream().anyMatch(u -> "ldaps".equals(u.getScheme()))) {
            env.put("java.naming.ldap.factory.socket", DirectorySocketFactory.class.getName());
        }
        cs.setBaseEnvironmentProperties(env);
        if (s.startTls()) {
            DefaultTlsDirContextAuthenticationStrategy strategy = new DefaultTlsDirContextAuthenticationStrategy();
            strategy.setSslSocketFactory(tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault());
            strategy.setShutdownTlsGracefully(true);
            cs.setAuthenticationStrategy(strategy);
        }
        if (s.bindDn() != null && !s.bindDn().isBlank()) {
            cs.setUserDn(s.bindDn());
            cs.setPassword(s.bindPassword() == null ? "" : s.bindPassword());
        } else {
            cs.setAnonymousReadOnly(true);
        }
        cs.afterPropertiesSet();
        return cs;
    }

    static SSLSocketFactory socketFactory(Source s) {
        try (InputStream in = Files.newInputStream(s.trustStore())) {
            KeyStore ks = KeyStore.getInstance(s.trustStoreType());
            ks.load(in, s.trustStorePassword() == null ? null : s.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("bootwarden.auth.sources[" + s.name() + "]: cannot load trust store " + s.trustStore()
                    + " (" + s.trustStoreType() + "): " + e.getMessage(), e);
        }
    }

    /** One entry found: its DN and the values of the attributes asked for (lower-case names). */
    record Entry(String dn, Map<String, List<String>> attributes) {
        String first(String attribute) {
            List<String> v = attributes.get(attribute.toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /**
     * A subtree search; {@code {0}}, {@code {1}} in the filter are replaced by the escaped
     * arguments (JNDI escapes them). A referral at the end of the results (Active Directory's
     * ForestDnsZones, DomainDnsZones, Configuration when searching from the domain root) is skipped.
     */
    static List<Entry> search(DirContext ctx, String base, String filter, Object[] args, String... attributes) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(attributes);
        controls.setCountLimit(1000);
        List<Entry> out = new ArrayList<>();
        NamingEnumeration<SearchResult> results = ctx.search(base, filter, args, controls);
        try {
            while (results.hasMore()) {
                SearchResult r = results.next();
                Map<String, List<String>> attrs = new HashMap<>();
                if (r.getAttributes() != null) {
                    NamingEnumeration<? extends Attribute> all = r.getAttributes().getAll();
                    while (all.hasMore()) {
                        Attribute a = all.next();
                        List<String> values = new ArrayList<>();
                        for (int i = 0; i < a.size(); i++) {
                            values.add(String.valueOf(a.get(i)));
                        }
                        attrs.put(a.getID().toLowerCase(), values);
                    }
                }
                out.add(new Entry(r.getNameInNamespace(), attrs));
            }
        } catch (PartialResultException referral) {
            // referrals are not followed (referral: ignore): what was found so far is the answer
        } finally {
            results.close();
        }
        return out;
    }
}
