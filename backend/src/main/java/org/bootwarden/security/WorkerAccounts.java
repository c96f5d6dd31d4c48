package org.bootwarden.security;

import java.util.List;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.worker.WorkerCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ISO workers' local service accounts, role WORKER only, kept in line with the settings at
 * every start (audited when changed): {@code iso-worker} with {@code BOOTWARDEN_WORKER_PASSWORD}
 * (untouched when that is blank), and {@code iso-worker-embedded} with its derived password,
 * created and enabled by a replica with {@code bootwarden.worker.embedded: true}. A replica
 * without an embedded worker leaves that account alone: other replicas on the same database may
 * run one (its password is derived from the token secret, known only to the replicas). Runs after
 * {@link BootstrapAdmin} and before the embedded worker starts (on application ready).
 */
@Component
@Order(2)
class WorkerAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WorkerAccounts.class);

    private final LocalUsers users;
    private final PasswordEncoder encoder;
    private final BootwardenProperties props;
    private final WorkerCredentials credentials;
    private final AuditService audit;

    WorkerAccounts(LocalUsers users, PasswordEncoder encoder, BootwardenProperties props, WorkerCredentials credentials,
            AuditService audit) {
        this.users = users;
        this.encoder = encoder;
        this.props = props;
        this.credentials = credentials;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        String configured = props.worker().password();
        if (configured != null && !configured.isBlank()) {
            ensure(WorkerCredentials.SEPARATE_USER, configured, "ISO worker service account",
                    "password from BOOTWARDEN_WORKER_PASSWORD");
        }
        boolean embedded = props.worker().embedded();
        if (embedded) {
            ensure(WorkerCredentials.EMBEDDED_USER, credentials.embeddedPassword(), "Embedded ISO worker",
                    "password derived from the token secret");
        }
        if (embedded && !users.enabled(WorkerCredentials.EMBEDDED_USER)) {
            users.setEnabled(WorkerCredentials.EMBEDDED_USER, true);
            audit.record("user.enabled", "user", WorkerCredentials.EMBEDDED_USER,
                    "embedded ISO worker account enabled (bootwarden.worker.embedded=true)", null, null);
        }
    }

    private void ensure(String username, String password, String displayName, String source) {
        var hash = users.passwordHash(username);
        if (hash.isEmpty()) {
            users.create(username, encoder.encode(password), displayName, List.of(Role.WORKER));
            audit.record("user.created", "user", username, "service account " + username + " created with role WORKER (" + source + ")",
                    null, null);
            log.info("Service account '{}' created with role WORKER", username);
            return;
        }
        if (!encoder.matches(password, hash.get())) {
            users.setPassword(username, encoder.encode(password));
            audit.record("user.password-reset", "user", username, "service account " + username + ": " + source, null, null);
        }
        List<String> roles = users.roles(username);
        if (!roles.equals(List.of(Role.WORKER.name()))) {
            users.setRoles(username, List.of(Role.WORKER));
            audit.record("user.roles-changed", "user", username, "service account " + username + " reset to role WORKER only",
                    String.join(",", roles), Role.WORKER.name());
        }
    }
}
