package org.bootwarden.profiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PostConstruct;

import org.bootwarden.audit.AuditService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before the server answers anything: the profile secrets in the database must be readable with
 * this server's key. Every stored secret is decrypted once; one written with a previous key
 * ({@code BOOTWARDEN_SECRETS_PREVIOUS_KEYS}) is re-encrypted with the current one; one that
 * neither key reads stops the start with a message that says which key is missing. The key's id
 * is kept in {@code app_setting} ({@code secrets.key-id}), so that a replica started with another
 * key stops too, even while no profile has secrets yet. Once per database, the password hashes the
 * shipped profiles used to keep as plain variables ({@code adminPasswordHash},
 * {@code rootPasswordHash}) become secrets.
 */
@Component
@DependsOn("flywayInitializer")
class ProfileSecretsStartup {

    private static final Logger log = LoggerFactory.getLogger(ProfileSecretsStartup.class);
    static final String KEY_ID_SETTING = "secrets.key-id";
    static final String MOVED_SETTING = "migrated.profile-secret-variables";
    /** The variables the shipped profiles of earlier releases kept password hashes in. */
    static final Set<String> LEGACY_SECRET_VARIABLES = Set.of("adminPasswordHash", "rootPasswordHash");

    private final ProfileRepository profiles;
    private final SecretCipher cipher;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditService audit;

    ProfileSecretsStartup(ProfileRepository profiles, SecretCipher cipher, JdbcClient jdbc, TransactionTemplate tx, AuditService audit) {
        this.profiles = profiles;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    @PostConstruct
    void start() {
        tx.executeWithoutResult(status -> {
            checkKeyId();
            reencryptAndVerify();
            moveLegacyVariables();
            setting(KEY_ID_SETTING, cipher.keyId());
        });
    }

    private void checkKeyId() {
        Optional<String> known = settingValue(KEY_ID_SETTING);
        if (known.isPresent() && !known.get().equals(cipher.keyId()) && !cipher.previousKeyIds().contains(known.get())) {
            throw new IllegalStateException("This database's profile secrets are kept with key " + known.get()
                    + ", but this server's BOOTWARDEN_SECRETS_KEY is key " + cipher.keyId() + ": start it with the key the other"
                    + " replicas (or the previous start) used, or, to rotate, with the new key as BOOTWARDEN_SECRETS_KEY and the"
                    + " old one in BOOTWARDEN_SECRETS_PREVIOUS_KEYS (docs/security.md)");
        }
    }

    private void reencryptAndVerify() {
        for (Map.Entry<String, Map<String, String>> profile : profiles.allSecrets().entrySet()) {
            Map<String, String> updated = new LinkedHashMap<>();
            List<String> rotated = new ArrayList<>();
            profile.getValue().forEach((name, stored) -> {
                if (stored == null) {
                    updated.put(name, null);
                    return;
                }
                String plaintext;
                try {
                    plaintext = cipher.decrypt(profile.getKey(), name, stored);
                } catch (SecretCipher.SecretUnreadableException e) {
                    throw new IllegalStateException("Profile secrets cannot be read with this server's keys: " + e.getMessage()
                            + ". Start with BOOTWARDEN_SECRETS_KEY set to the key they were written with (docs/security.md)", e);
                }
                if (SecretCipher.keyIdOf(stored).orElseThrow().equals(cipher.keyId())) {
                    updated.put(name, stored);
                } else {
                    updated.put(name, cipher.encrypt(profile.getKey(), name, plaintext));
                    rotated.add(name);
                }
            });
            if (!rotated.isEmpty()) {
                profiles.updateSecrets(profile.getKey(), updated);
                audit.recordAs("system", null, "profile.secrets-reencrypted", "profile", profile.getKey(), "secrets of profile "
                        + profile.getKey() + " re-encrypted with key " + cipher.keyId() + ": " + String.join(", ", rotated), null,
                        Map.of("keyId", cipher.keyId(), "secrets", rotated));
                log.info("Re-encrypted the secrets {} of profile {} with key {}", rotated, profile.getKey(), cipher.keyId());
            }
        }
    }

    /**
     * Password hashes that earlier releases' shipped profiles kept as plain variables become
     * secrets, with the answer template's {@code {{vars.x}}} changed to {@code {{secrets.x}}}. A
     * variable that kernel arguments, URLs or an iPXE script use stays a variable (secrets reach
     * answer files only), with a warning.
     */
    private void moveLegacyVariables() {
        if (settingValue(MOVED_SETTING).isPresent()) {
            return;
        }
        for (String name : jdbc.sql("select name from os_profile order by name").query(String.class).list()) {
            Profile p = profiles.find(name).orElseThrow();
            Map<String, String> vars = new LinkedHashMap<>(p.variables());
            Map<String, String> secrets = new LinkedHashMap<>(p.encryptedSecrets());
            String answer = p.answerTemplate();
            List<String> moved = new ArrayList<>();
            for (String var : LEGACY_SECRET_VARIABLES.stream().sorted().toList()) {
                if (!vars.containsKey(var) || secrets.containsKey(var)) {
                    continue;
                }
                String ref = "vars." + var;
                if (mentions(p.kernelArgs(), ref) || mentions(p.ipxeScript(), ref) || mentions(p.kernelUrl(), ref)
                        || mentions(p.isoUrl(), ref) || p.initrdUrls().stream().anyMatch(u -> mentions(u, ref))) {
                    log.warn("Profile {} keeps {} as a plain variable: its kernel arguments, URLs or iPXE script use it, and"
                            + " secrets reach answer files only", name, var);
                    continue;
                }
                String value = vars.remove(var);
                secrets.put(var, value == null || value.isEmpty() ? null : cipher.encrypt(name, var, value));
                answer = answer == null ? null : answer.replaceAll("\\{\\{\\s*([{&]?)\\s*vars\\." + var + "\\b", "{{$1secrets." + var);
                moved.add(var);
            }
            if (moved.isEmpty()) {
                continue;
            }
            Profile after = new Profile(p.name(), p.description(), p.kind(), p.kernelUrl(), p.initrdUrls(), p.kernelArgs(), p.isoUrl(),
                    p.ipxeScript(), answer, vars, p.reinstallOnReboot(), p.maxInstallBoots(), p.version(), p.createdAt(),
                    p.updatedAt(), secrets);
            if (!profiles.update(after, p.version())) {
                throw new IllegalStateException("profile " + name + " changed while its password hashes were moved to secrets");
            }
            // before and after by name only: the values must not reach the audit log
            audit.recordAs("system", null, "profile.updated", "profile", name, "profile " + name + " updated: "
                    + String.join(", ", moved) + " moved from variables to encrypted secrets", Map.of("variables", moved),
                    Map.of("secrets", moved));
            log.info("Profile {}: {} moved from plain variables to encrypted secrets", name, moved);
        }
        setting(MOVED_SETTING, "true");
    }

    private static boolean mentions(String template, String ref) {
        return template != null && template.matches("(?s).*\\{\\{\\s*[{&]?\\s*" + java.util.regex.Pattern.quote(ref) + "\\b.*");
    }

    private Optional<String> settingValue(String key) {
        return jdbc.sql("select setting_value from app_setting where setting_key = ?").param(key).query(String.class).optional();
    }

    private void setting(String key, String value) {
        if (jdbc.sql("update app_setting set setting_value = ? where setting_key = ?").params(value, key).update() == 0) {
            try {
                jdbc.sql("insert into app_setting (setting_key, setting_value) values (?, ?)").params(key, value).update();
            } catch (org.springframework.dao.DuplicateKeyException anotherReplicaWasFirst) {
                jdbc.sql("update app_setting set setting_value = ? where setting_key = ?").params(value, key).update();
            }
        }
    }
}
