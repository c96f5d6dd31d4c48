package org.bootwarden.security;

import java.security.SecureRandom;
import java.util.List;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.BootwardenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bootstrap local user {@code admin}. With {@code BOOTWARDEN_ADMIN_PASSWORD} set, admin has
 * that password (set at every start, so it also resets a forgotten one); without it, a random
 * password is generated when admin is first created and printed once.
 */
@Component
@Order(1)
class BootstrapAdmin implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final LocalUsers users;
    private final PasswordEncoder encoder;
    private final BootwardenProperties props;
    private final AuditService audit;

    BootstrapAdmin(LocalUsers users, PasswordEncoder encoder, BootwardenProperties props, AuditService audit) {
        this.users = users;
        this.encoder = encoder;
        this.props = props;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        String configured = props.adminPassword();
        boolean exists = users.passwordHash(ADMIN).isPresent();
        if (configured != null && !configured.isBlank()) {
            if (!exists) {
                users.create(ADMIN, encoder.encode(configured), "Bootstrap administrator", Role.PEOPLE);
                audit.record("user.created", "user", ADMIN, "bootstrap admin created (password from BOOTWARDEN_ADMIN_PASSWORD)", null, null);
            } else if (!encoder.matches(configured, users.passwordHash(ADMIN).get())) {
                users.setPassword(ADMIN, encoder.encode(configured));
                audit.record("user.password-reset", "user", ADMIN, "admin password set from BOOTWARDEN_ADMIN_PASSWORD", null, null);
            }
        } else if (!exists) {
            String generated = randomPassword();
            users.create(ADMIN, encoder.encode(generated), "Bootstrap administrator", Role.PEOPLE);
            audit.record("user.created", "user", ADMIN, "bootstrap admin created with a generated password", null, null);
            // printed once, on purpose: this is the only place the generated password ever appears
            System.out.println();
            System.out.println("==================================================================");
            System.out.println(" Bootwarden bootstrap user:  admin");
            System.out.println(" Generated password:         " + generated);
            System.out.println(" (shown only now; set BOOTWARDEN_ADMIN_PASSWORD to choose one)");
            System.out.println("==================================================================");
            System.out.println();
            log.warn("Bootstrap user 'admin' created with a generated password (printed above, once)");
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
