package org.bootwarden.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bootwarden.events.EventsProperties;
import org.bootwarden.inventory.InventoryProperties;
import org.bootwarden.isoworker.worker.IsoWorkerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * All of Bootwarden's own settings, bound from {@code bootwarden.*} (environment variables
 * {@code BOOTWARDEN_*} via application.yml).
 *
 * @param dataDir      H2 database, generated ISOs, media and the token secret live here
 * @param publicUrls   base URLs that iPXE clients use, tried in order; baked into ISOs
 * @param adminPassword password of the bootstrap local user {@code admin}; random if blank
 * @param tokenSecret  server secret from which per-host boot tokens are derived; must be the
 *                     same on every replica; if blank, one is generated in the data dir
 * @param ipxeDir      directory holding ipxe.lkrn, ipxe.efi, snponly.efi
 * @param boot         boot endpoint behaviour
 * @param tickets      timeouts of the ticket workflow
 * @param worker       ISO workers: the embedded one and the service account of separate ones
 * @param auth         login sources (local users, LDAP, Active Directory), group-to-role mappings,
 *                     login throttling (docs/security.md)
 * @param apiTokens    lifetimes of API tokens for automation (docs/security.md)
 * @param webhooks     delivery of lifecycle events to webhook endpoints (docs/integrations.md)
 * @param secrets      the key that encrypts profile secrets (docs/security.md)
 * @param inventory    inventory imports: size limits and JSON feeds (docs/inventory.md)
 * @param events       the live event stream {@code /api/events}: polling, resume and limits (docs/integrations.md)
 */
@ConfigurationProperties(prefix = "bootwarden", ignoreUnknownFields = false)
public record BootwardenProperties(
        Path dataDir,
        List<URI> publicUrls,
        String adminPassword,
        String tokenSecret,
        Path ipxeDir,
        @DefaultValue Boot boot,
        @DefaultValue Tickets tickets,
        @DefaultValue Worker worker,
        @DefaultValue Auth auth,
        @DefaultValue ApiTokens apiTokens,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Secrets secrets,
        @DefaultValue InventoryProperties inventory,
        @DefaultValue EventsProperties events) {

    /** Without live event settings: the defaults. */
    public BootwardenProperties(Path dataDir, List<URI> publicUrls, String adminPassword, String tokenSecret, Path ipxeDir,
            Boot boot, Tickets tickets, Worker worker, Auth auth, ApiTokens apiTokens, Webhooks webhooks, Secrets secrets,
            InventoryProperties inventory) {
        this(dataDir, publicUrls, adminPassword, tokenSecret, ipxeDir, boot, tickets, worker, auth, apiTokens, webhooks, secrets,
                inventory, null);
    }

    /** Without login settings: local users only, default throttling. */
    public BootwardenProperties(Path dataDir, List<URI> publicUrls, String adminPassword, String tokenSecret, Path ipxeDir,
            Boot boot, Tickets tickets, Worker worker) {
        this(dataDir, publicUrls, adminPassword, tokenSecret, ipxeDir, boot, tickets, worker, null, null, null, null, null, null);
    }

    /** Without a secrets key: generated in the data directory. */
    public BootwardenProperties(Path dataDir, List<URI> publicUrls, String adminPassword, String tokenSecret, Path ipxeDir,
            Boot boot, Tickets tickets, Worker worker, Auth auth) {
        this(dataDir, publicUrls, adminPassword, tokenSecret, ipxeDir, boot, tickets, worker, auth, null, null, null, null, null);
    }

    /**
     * The key of profile secrets (AES-256-GCM), kept outside the database; the same on every replica.
     *
     * @param key          32 bytes, base64-encoded ({@code openssl rand -base64 32}); blank: one is
     *                     generated once in the data directory ({@code secrets-key})
     * @param previousKeys keys that secrets may still be encrypted with (after a rotation): secrets
     *                     found under one of them are re-encrypted with {@code key} at start
     */
    public record Secrets(String key, List<String> previousKeys) {

        public Secrets {
            previousKeys = previousKeys == null ? List.of()
                    : previousKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        }

        /** Keys are secrets: never in logs or failure analyses. */
        @Override
        public String toString() {
            return "Secrets[key=" + (key == null || key.isBlank() ? "(generated)" : "(set)") + ", previousKeys=" + previousKeys.size() + "]";
        }
    }

    /**
     * @param chainTimeout      how long the client script waits on one server URL before the next
     * @param duplicateWindow   a boot of an INSTALLING host within this time after the installer
     *                          was served is a duplicate request and is answered with local boot
     * @param auditFlushInterval how often recorded LOCAL boot decisions are written in a batch
     * @param rateLimit         requests to {@code /boot/**} per source address (docs/security.md)
     * @param readPoolSize      connections of the boot read pool: a small pool of its own for the
     *                          first read of every boot script request, so LOCAL answers never wait
     *                          behind the main pool's transactions (docs/databases.md)
     */
    public record Boot(
            @DefaultValue("15s") Duration chainTimeout,
            @DefaultValue("60s") Duration duplicateWindow,
            @DefaultValue("500ms") Duration auditFlushInterval,
            @DefaultValue RateLimit rateLimit,
            @DefaultValue("8") int readPoolSize,
            @DefaultValue("2") int installConcurrency) {

        /** The default size of the boot read pool. */
        public static final int DEFAULT_READ_POOL_SIZE = 8;
        /** The default number of installer-path transactions a replica runs at once. */
        public static final int DEFAULT_INSTALL_CONCURRENCY = 2;

        /** Without rate-limit settings: the defaults. */
        public Boot(Duration chainTimeout, Duration duplicateWindow, Duration auditFlushInterval) {
            this(chainTimeout, duplicateWindow, auditFlushInterval, null, DEFAULT_READ_POOL_SIZE, DEFAULT_INSTALL_CONCURRENCY);
        }

        /** With the default boot read pool. */
        public Boot(Duration chainTimeout, Duration duplicateWindow, Duration auditFlushInterval, RateLimit rateLimit) {
            this(chainTimeout, duplicateWindow, auditFlushInterval, rateLimit, DEFAULT_READ_POOL_SIZE, DEFAULT_INSTALL_CONCURRENCY);
        }

        /** With the default install concurrency. */
        public Boot(Duration chainTimeout, Duration duplicateWindow, Duration auditFlushInterval, RateLimit rateLimit, int readPoolSize) {
            this(chainTimeout, duplicateWindow, auditFlushInterval, rateLimit, readPoolSize, DEFAULT_INSTALL_CONCURRENCY);
        }

        @ConstructorBinding
        public Boot {
            rateLimit = rateLimit == null ? new RateLimit(true, 20, 40, null, 100_000) : rateLimit;
            if (readPoolSize < 1 || readPoolSize > 100) {
                throw new IllegalArgumentException("bootwarden.boot.read-pool-size must be between 1 and 100 (is " + readPoolSize + ")");
            }
            if (installConcurrency < 1 || installConcurrency > 1000) {
                throw new IllegalArgumentException("bootwarden.boot.install-concurrency must be between 1 and 1000 (is "
                        + installConcurrency + ")");
            }
        }
    }

    /**
     * A token bucket per source address for the machine endpoints {@code /boot/**}, kept in memory
     * by each replica (so the limit is per replica). A machine has an address of its own, so the
     * defaults leave a boot storm of many machines alone and stop one address that floods.
     *
     * @param enabled      whether requests are limited at all
     * @param rate         requests per second an address may make, on average
     * @param burst        requests an address may make at once (the bucket's size)
     * @param exempt       CIDR blocks never limited (IPv4 or IPv6, e.g. a reverse proxy's address:
     *                     behind one, every machine has the proxy's address)
     * @param maxAddresses addresses tracked at once; beyond them (after idle ones are dropped), new
     *                     addresses share one bucket
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20") double rate,
            @DefaultValue("40") int burst,
            List<String> exempt,
            @DefaultValue("100000") int maxAddresses) {

        public RateLimit {
            exempt = exempt == null ? List.of() : exempt.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
            if (!(rate > 0) || rate > 1_000_000_000 || burst < 1 || maxAddresses < 1) {
                throw new IllegalArgumentException("bootwarden.boot.rate-limit: rate must be above 0, burst and max-addresses"
                        + " at least 1 (rate " + rate + ", burst " + burst + ", max-addresses " + maxAddresses + ")");
            }
        }
    }

    /**
     * Timeouts of the ticket workflow (workflows/README.md), passed to every new ticket; a
     * change affects waits that start after it.
     *
     * @param approvalEscalation an approval still open after this is offered to admins too
     * @param approvalExpiry     an approval still open after this ends the ticket as EXPIRED
     * @param firstBootTimeout   an armed host that does not boot within this is disarmed
     * @param installTimeout     an install without its callback within this puts the host on HELD
     * @param approverNotLastEditor separation of duties: whoever made the host record's last change
     *                           (create, edit, CSV import, token rotation) may not approve or reject
     *                           its tickets (docs/security.md)
     */
    public record Tickets(
            @DefaultValue("PT24H") Duration approvalEscalation,
            @DefaultValue("P7D") Duration approvalExpiry,
            @DefaultValue("PT4H") Duration firstBootTimeout,
            @DefaultValue("PT2H") Duration installTimeout,
            @DefaultValue("true") boolean approverNotLastEditor) {

        /** The timeouts alone; the separation-of-duties rule stays on. */
        public Tickets(Duration approvalEscalation, Duration approvalExpiry, Duration firstBootTimeout, Duration installTimeout) {
            this(approvalEscalation, approvalExpiry, firstBootTimeout, installTimeout, true);
        }

        @ConstructorBinding
        public Tickets {
            for (Duration d : new Duration[] {approvalEscalation, approvalExpiry, firstBootTimeout, installTimeout}) {
                if (d.isNegative() || d.toSeconds() < 1) {
                    throw new IllegalArgumentException("bootwarden.tickets: every timeout must be at least one second");
                }
            }
            if (approvalExpiry.compareTo(approvalEscalation) <= 0) {
                throw new IllegalArgumentException("bootwarden.tickets.approval-expiry (" + approvalExpiry
                        + ") must be longer than approval-escalation (" + approvalEscalation + ")");
            }
        }
    }

    /**
     * ISO workers (docs/iso-worker.md).
     *
     * @param embedded whether this server runs one ISO worker itself (over HTTP against its own
     *                 {@code /engine-rest}); turn off when separate workers run
     * @param password password of the local service account {@code iso-worker} (role WORKER) that
     *                 separate workers log in with; no account is created or changed when blank
     * @param tasks    lock, polling and retry settings of the embedded worker
     */
    public record Worker(
            @DefaultValue("true") boolean embedded,
            String password,
            @DefaultValue IsoWorkerProperties.Tasks tasks) {

        public Worker {
            tasks = tasks == null ? IsoWorkerProperties.Tasks.defaults() : tasks;
        }

        /** The password is a secret: never in logs or failure analyses. */
        @Override
        public String toString() {
            return "Worker[embedded=" + embedded + ", password=" + (password == null || password.isBlank() ? "(none)" : "(set)")
                    + ", tasks=" + tasks + "]";
        }
    }

    @ConstructorBinding
    public BootwardenProperties {
        events = events == null ? EventsProperties.defaults() : events;
        worker = worker == null ? new Worker(true, null, null) : worker;
        auth = auth == null ? new Auth(null, null, null) : auth;
        apiTokens = apiTokens == null ? new ApiTokens(null, null) : apiTokens;
        webhooks = webhooks == null ? Webhooks.defaults() : webhooks;
        secrets = secrets == null ? new Secrets(null, null) : secrets;
        inventory = inventory == null ? new InventoryProperties(10_000, null, null, null) : inventory;
        if (publicUrls == null || publicUrls.isEmpty()) {
            throw new IllegalArgumentException("BOOTWARDEN_PUBLIC_URL (bootwarden.public-urls) must name at least one URL"
                    + " that machines use to reach this server, e.g. http://192.0.2.10:8080");
        }
        for (URI u : publicUrls) {
            String s = u.toString();
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
                    || !s.matches("[A-Za-z0-9._:/\\[\\]~-]+")) {
                throw new IllegalArgumentException("BOOTWARDEN_PUBLIC_URL: '" + s + "' is not usable as a boot server URL:"
                        + " it must be http:// or https:// with a host, an optional port and path, and no query,"
                        + " user info or characters outside letters, digits and ._:/~-");
            }
        }
    }

    /**
     * Who may log in and with which roles (docs/security.md).
     *
     * @param sources      where logins are checked, tried in this order; default: local users only
     * @param roleMappings directory groups (DN or name) to roles, besides those admins keep at
     *                     {@code /api/role-mappings}
     * @param throttle     failed-login limits
     */
    public record Auth(List<Source> sources, List<GroupMapping> roleMappings, @DefaultValue Throttle throttle) {

        public Auth {
            sources = sources == null || sources.isEmpty() ? List.of(Source.local()) : List.copyOf(sources);
            roleMappings = roleMappings == null ? List.of() : List.copyOf(roleMappings);
            throttle = throttle == null ? new Throttle(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15)) : throttle;
            if (sources.stream().noneMatch(s -> s.type() == SourceType.LOCAL)) {
                throw new IllegalArgumentException("bootwarden.auth.sources: list a source of type local too (anywhere in the order):"
                        + " the bootstrap admin and the ISO workers' service accounts are local users");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Source s : sources) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("bootwarden.auth.sources: the name '" + s.name() + "' is used twice");
                }
            }
        }
    }

    /** Kinds of login source. */
    public enum SourceType { LOCAL, LDAP, AD }

    /** What a directory does with a referral in a search result: skip it (default) or chase it. */
    public enum Referral { IGNORE, FOLLOW }

    /**
     * One login source. {@code local} needs only its type; {@code ldap} either binds with
     * {@code userDnPatterns} ({@code {0}} = user name) or searches {@code userSearchFilter} under
     * {@code userSearchBase} (as {@code bindDn} or anonymously) and binds as the entry found;
     * {@code ad} binds as {@code user@domain} and finds groups, nested ones included, with the
     * matching rule in chain.
     *
     * @param name               shown in audit records and {@code /api/me}; default: the type
     * @param urls               {@code ldap://} or {@code ldaps://} URLs, tried in order
     * @param baseDn             search root, e.g. {@code DC=corp,DC=example,DC=test}
     * @param domain             AD only: the UPN suffix ({@code corp.example.test}); default from baseDn
     * @param userDnPatterns     ldap bind mode: DNs relative to nothing, e.g. {@code uid={0},ou=people,dc=corp,dc=example,dc=test}
     * @param userSearchBase     where users are searched (default baseDn)
     * @param userSearchFilter   ldap: {@code (uid={0})}; ad: {@code (&(objectClass=user)(userPrincipalName={0}))}
     * @param groupSearchBase    where groups are searched (default baseDn)
     * @param groupSearchFilter  ldap: {@code (member={0})} ({@code {0}} user DN, {@code {1}} user name);
     *                           ad: {@code (&(objectClass=group)(member:1.2.840.113556.1.4.1941:={0}))}
     * @param groupNameAttribute the attribute that names a group ({@code cn})
     * @param bindDn             service account for searches (ldap); none: anonymous
     * @param bindPassword       its password
     * @param startTls           upgrade {@code ldap://} connections with StartTLS before any bind
     * @param trustStore         PKCS12 or JKS file with the CA(s) to trust for LDAPS/StartTLS; none: the JVM's
     * @param trustStorePassword its password
     * @param trustStoreType     PKCS12 (default) or JKS
     * @param connectTimeout     per connection attempt
     * @param readTimeout        per directory operation
     * @param referral           referrals in search results: ignore (default) or follow
     */
    public record Source(
            String name,
            SourceType type,
            List<URI> urls,
            String baseDn,
            String domain,
            List<String> userDnPatterns,
            String userSearchBase,
            String userSearchFilter,
            String groupSearchBase,
            String groupSearchFilter,
            @DefaultValue("cn") String groupNameAttribute,
            String bindDn,
            String bindPassword,
            boolean startTls,
            Path trustStore,
            String trustStorePassword,
            @DefaultValue("PKCS12") String trustStoreType,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("ignore") Referral referral) {

        public Source {
            if (type == null) {
                throw new IllegalArgumentException("bootwarden.auth.sources: every source needs a type: local, ldap or ad");
            }
            name = name == null || name.isBlank() ? type.name().toLowerCase() : name.strip();
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("bootwarden.auth.sources: name '" + name + "' must be 1-64 of a-z0-9._-");
            }
            urls = urls == null ? List.of() : List.copyOf(urls);
            userDnPatterns = userDnPatterns == null ? List.of() : List.copyOf(userDnPatterns);
            groupNameAttribute = groupNameAttribute == null ? "cn" : groupNameAttribute;
            trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
            referral = referral == null ? Referral.IGNORE : referral;
            if (type != SourceType.LOCAL) {
                String where = "bootwarden.auth.sources[" + name + "]: ";
                if (urls.isEmpty()) {
                    throw new IllegalArgumentException(where + "urls: at least one ldap:// or ldaps:// URL");
                }
                for (URI u : urls) {
                    if (!"ldap".equals(u.getScheme()) && !"ldaps".equals(u.getScheme()) || u.getHost() == null) {
                        throw new IllegalArgumentException(where + "'" + u + "' is not an ldap:// or ldaps:// URL with a host");
                    }
                    if (startTls && "ldaps".equals(u.getScheme())) {
                        throw new IllegalArgumentException(where + "start-tls is for ldap:// URLs; " + u + " is TLS already");
                    }
                }
                if (baseDn == null || baseDn.isBlank()) {
                    throw new IllegalArgumentException(where + "base-dn is required");
                }
                if (type == SourceType.LDAP && userDnPatterns.isEmpty() && (userSearchFilter == null || userSearchFilter.isBlank())) {
                    throw new IllegalArgumentException(where + "set user-dn-patterns (bind) or user-search-filter (search, then bind)");
                }
                if (trustStore != null && !java.nio.file.Files.isReadable(trustStore)) {
                    throw new IllegalArgumentException(where + "trust store " + trustStore + " cannot be read");
                }
            }
        }

        static Source local() {
            return new Source("local", SourceType.LOCAL, null, null, null, null, null, null, null, null, null, null, null, false,
                    null, null, null, null, null, null);
        }

        /** Passwords are secrets: never in logs or failure analyses. */
        @Override
        public String toString() {
            return "Source[name=" + name + ", type=" + type + ", urls=" + urls + ", baseDn=" + baseDn + ", bindDn=" + bindDn
                    + ", startTls=" + startTls + ", trustStore=" + trustStore + "]";
        }
    }

    /**
     * A directory group that gives roles.
     *
     * @param group  the group's DN ({@code CN=Ops,OU=Groups,DC=corp,DC=example,DC=test}) or its name ({@code Ops})
     * @param roles  REQUESTER, APPROVER, EDITOR, OPERATOR, AUDITOR, ADMIN (never WORKER)
     * @param source only for this source's users; none: every directory source
     */
    public record GroupMapping(String group, List<String> roles, String source) {
    }

    /**
     * Failed-login limits, shared by every replica (kept in the database).
     *
     * @param userFailures    failed logins of one user name within {@code window} that lock it
     * @param addressFailures failed logins from one source address within {@code window} that lock it
     * @param window          how far back failures count
     * @param lockout         how long a lock lasts (answered with 429 and Retry-After)
     */
    public record Throttle(
            @DefaultValue("5") int userFailures,
            @DefaultValue("20") int addressFailures,
            @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration lockout) {

        public Throttle {
            if (userFailures < 1 || addressFailures < 1 || window.toSeconds() < 1 || lockout.toSeconds() < 1) {
                throw new IllegalArgumentException("bootwarden.auth.throttle: limits must be at least 1, window and lockout at least 1s");
            }
        }
    }

    /**
     * API tokens for automation (docs/security.md "API tokens").
     *
     * @param defaultLifetime how long a token lives when its creator names no expiry
     * @param maxLifetime     the latest expiry a creator may choose, from the moment of creation
     */
    public record ApiTokens(
            @DefaultValue("30d") Duration defaultLifetime,
            @DefaultValue("365d") Duration maxLifetime) {

        public ApiTokens {
            defaultLifetime = defaultLifetime == null ? Duration.ofDays(30) : defaultLifetime;
            maxLifetime = maxLifetime == null ? Duration.ofDays(365) : maxLifetime;
            if (defaultLifetime.toMinutes() < 1 || maxLifetime.toMinutes() < 1) {
                throw new IllegalArgumentException("bootwarden.api-tokens: default-lifetime and max-lifetime must be at least one minute");
            }
            if (defaultLifetime.compareTo(maxLifetime) > 0) {
                throw new IllegalArgumentException("bootwarden.api-tokens.default-lifetime (" + defaultLifetime
                        + ") must not be longer than max-lifetime (" + maxLifetime + ")");
            }
        }
    }

    /**
     * Webhook deliveries (docs/integrations.md): every replica sends due deliveries, claiming each
     * with a lease in the database so that one replica sends it.
     *
     * @param maxAttempts    attempts per delivery before it is DEAD (visible in the delivery log)
     * @param initialBackoff wait after the first failed attempt; doubled after each further one
     * @param maxBackoff     the longest wait between two attempts
     * @param timeout        per attempt: connecting and receiving the response
     * @param pollInterval   how often a replica looks for due deliveries it was not told about
     *                       (events of other replicas, retries); events of its own are sent at once
     * @param concurrency    deliveries one replica sends at the same time
     * @param retention      finished (DELIVERED, DEAD) deliveries and their attempts are deleted after this
     */
    public record Webhooks(
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("10s") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5s") Duration pollInterval,
            @DefaultValue("4") int concurrency,
            @DefaultValue("30d") Duration retention) {

        public Webhooks {
            if (maxAttempts < 1 || maxAttempts > 50) {
                throw new IllegalArgumentException("bootwarden.webhooks.max-attempts must be between 1 and 50");
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("bootwarden.webhooks.concurrency must be between 1 and 64");
            }
            for (Duration d : new Duration[] {initialBackoff, maxBackoff, timeout, pollInterval, retention}) {
                if (d == null || d.isNegative() || d.toMillis() < 10) {
                    throw new IllegalArgumentException("bootwarden.webhooks: back-offs, timeout, poll interval and retention"
                            + " must be at least 10 ms");
                }
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("bootwarden.webhooks.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
        }

        static Webhooks defaults() {
            return new Webhooks(8, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 4,
                    Duration.ofDays(30));
        }

        /** The wait after {@code failedAttempts} failed attempts: initial, doubled each time, at most max. */
        public Duration backoffAfter(int failedAttempts) {
            Duration d = initialBackoff;
            for (int i = 1; i < failedAttempts && d.compareTo(maxBackoff) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }

    public Path isoDir() {
        return dataDir.resolve("iso");
    }

    public Path mediaDir() {
        return dataDir.resolve("media");
    }
}
