package org.bootwarden.audit;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar bootwarden.jar --verify-audit}: verifies the audit log's hash chain against
 * the configured database and exits 0 when it is intact, 1 (naming the first broken link) when
 * not. Needs the same environment as the server (database, and the token secret the chain's key
 * is derived from).
 */
@Component
class AuditVerifyCommand implements ApplicationRunner {

    private final AuditChain chain;
    private final ConfigurableApplicationContext context;

    AuditVerifyCommand(AuditChain chain, ConfigurableApplicationContext context) {
        this.chain = chain;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("verify-audit")) {
            return;
        }
        AuditChain.Verification v = chain.verify();
        System.out.println(v.intact()
                ? "Audit chain intact: " + v.checked() + " records verified"
                : "Audit chain BROKEN after " + v.checked() + " good records: " + v.problem());
        int code = SpringApplication.exit(context, () -> v.intact() ? 0 : 1);
        System.exit(code);
    }
}
