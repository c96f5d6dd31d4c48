package org.bootwarden.profiles;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bootwarden.audit.AuditService;
import org.bootwarden.templates.Escapers;
import org.bootwarden.templates.TemplateEngine;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** OS profiles: validated, templates compiled on save, every change audited. */
@Service
public class ProfileService {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern URL = Pattern.compile("(https?://|\\{\\{)[^\\s]+");

    private static final int MAX_SECRETS = 32;
    private static final int MAX_SECRET_LENGTH = 4096;

    private final ProfileRepository profiles;
    private final TemplateEngine templates;
    private final AuditService audit;
    private final Clock clock;
    private final SecretCipher cipher;

    ProfileService(ProfileRepository profiles, TemplateEngine templates, AuditService audit, Clock clock, SecretCipher cipher) {
        this.profiles = profiles;
        this.templates = templates;
        this.audit = audit;
        this.clock = clock;
        this.cipher = cipher;
    }

    public List<Profile> list() {
        return profiles.findAll();
    }

    public Optional<Profile> find(String name) {
        return name == null ? Optional.empty() : profiles.find(name);
    }

    public Profile get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("no profile named '" + name + "'"));
    }

    @Transactional
    public Profile create(ProfileRequest r) {
        Profile p = validate(r, null);
        if (profiles.find(p.name()).isPresent()) {
            throw new ConflictException("name", "a profile named '" + p.name() + "' already exists");
        }
        profiles.insert(p);
        audit.record("profile.created", "profile", p.name(), "profile " + p.name() + " created" + secretsNote(null, p), null, p);
        return p;
    }

    @Transactional
    public Profile update(String name, ProfileRequest r) {
        Profile before = get(name);
        if (r.name() != null && !r.name().equals(name)) {
            throw InvalidRequestException.of("name", "a profile cannot be renamed; create a new one instead");
        }
        if (r.version() == null) {
            throw InvalidRequestException.of("version", "is required for an update (the version you last read)");
        }
        Profile p = validate(r, before);
        if (!profiles.update(p, r.version())) {
            throw new ConflictException(null, "profile " + name + " was changed by someone else since version "
                    + r.version() + "; reload it and apply your change again");
        }
        Profile after = get(name);
        audit.record("profile.updated", "profile", name, "profile " + name + " updated" + secretsNote(before, after), before, after);
        return after;
    }

    /** Which secrets a change set, cleared or removed (by name: values never reach the audit log). */
    private static String secretsNote(Profile before, Profile after) {
        Map<String, String> was = before == null ? Map.of() : before.encryptedSecrets();
        List<String> set = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        after.encryptedSecrets().forEach((k, v) -> {
            if (v != null && !v.equals(was.get(k))) {
                set.add(k);
            } else if (v == null && was.get(k) != null) {
                cleared.add(k);
            }
        });
        List<String> removed = was.keySet().stream().filter(k -> !after.encryptedSecrets().containsKey(k)).toList();
        List<String> notes = new ArrayList<>();
        if (!set.isEmpty()) {
            notes.add("secrets set: " + String.join(", ", set));
        }
        if (!cleared.isEmpty()) {
            notes.add("secrets cleared: " + String.join(", ", cleared));
        }
        if (!removed.isEmpty()) {
            notes.add("secrets removed: " + String.join(", ", removed));
        }
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    /** Secrets a profile declares without a value; a host cannot be armed until they are set. */
    public static List<String> unsetSecrets(Profile p) {
        return p.encryptedSecrets().entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /**
     * The profile's secrets in plaintext, for the one place they are rendered: the answer file of
     * an INSTALLING host asked for with its token (BootService). Secrets without a value are left out.
     *
     * @throws IllegalStateException when a secret cannot be decrypted (altered, or another key)
     */
    public Map<String, String> secretValues(Profile p) {
        Map<String, String> out = new LinkedHashMap<>();
        p.encryptedSecrets().forEach((k, v) -> {
            if (v != null) {
                out.put(k, cipher.decrypt(p.name(), k, v));
            }
        });
        return out;
    }

    @Transactional
    public void delete(String name, Integer version) {
        Profile before = get(name);
        long users = profiles.countHostsUsing(name);
        if (users > 0) {
            throw new ConflictException("name", "profile " + name + " is used by " + users + " host(s); move them to another profile first");
        }
        if (!profiles.delete(name, version == null ? before.version() : version)) {
            throw new ConflictException(null, "profile " + name + " was changed since version " + version);
        }
        audit.record("profile.deleted", "profile", name, "profile " + name + " deleted", before, null);
    }

    /** Inserts a shipped example profile (used once per profile by {@link ProfileSeeder}). */
    @Transactional
    public void seed(ProfileRequest r) {
        Profile p = validate(r, null);
        if (profiles.find(p.name()).isEmpty()) {
            profiles.insert(p);
            audit.record("profile.created", "profile", p.name(), "example profile " + p.name() + " installed", null, p);
        }
    }

    /** Variables a profile declares but has not been given a value for; a host cannot be armed until they are set. */
    public static List<String> unsetVariables(Profile p) {
        return p.variables().entrySet().stream().filter(e -> e.getValue() == null || e.getValue().isBlank())
                .map(Map.Entry::getKey).toList();
    }

    private Profile validate(ProfileRequest r, Profile existing) {
        List<FieldProblem> errors = new ArrayList<>();
        String name = existing != null ? existing.name() : r.name() == null ? null : r.name().trim();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldProblem("name", "must be 1-64 lower-case letters, digits, '.', '_' or '-'"));
        }
        String description = r.description() == null ? "" : r.description().trim();
        if (description.isEmpty() || description.length() > 500) {
            errors.add(new FieldProblem("description", "is required (at most 500 characters)"));
        }
        ProfileKind kind = null;
        if (r.kind() == null) {
            errors.add(new FieldProblem("kind", "is required: debian-preseed, ubuntu-autoinstall, kickstart or ipxe-script"));
        } else {
            try {
                kind = ProfileKind.parse(r.kind());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("kind", e.getMessage()));
            }
        }
        String kernelUrl = blankToNull(r.kernelUrl());
        String isoUrl = blankToNull(r.isoUrl());
        String ipxeScript = blankToNull(r.ipxeScript());
        List<String> initrds = r.initrdUrls() == null ? List.of()
                : r.initrdUrls().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        checkUrl("kernelUrl", kernelUrl, errors);
        checkUrl("isoUrl", isoUrl, errors);
        for (int i = 0; i < initrds.size(); i++) {
            checkUrl("initrdUrls[" + i + "]", initrds.get(i), errors);
        }
        if (initrds.size() > 8) {
            errors.add(new FieldProblem("initrdUrls", "at most 8 initrds"));
        }
        if (kind == ProfileKind.IPXE_SCRIPT && ipxeScript == null) {
            errors.add(new FieldProblem("ipxeScript", "an ipxe-script profile needs its script"));
        } else if (ipxeScript == null && isoUrl == null && kernelUrl == null && kind != null) {
            errors.add(new FieldProblem("kernelUrl", "give a kernel (with initrds), an ISO to sanboot, or an iPXE script"));
        }
        if (ipxeScript != null && !ipxeScript.startsWith("#!ipxe")) {
            errors.add(new FieldProblem("ipxeScript", "must start with the line #!ipxe"));
        }
        String kernelArgs = r.kernelArgs() == null ? null : r.kernelArgs().strip();
        if (kernelArgs != null && kernelArgs.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            errors.add(new FieldProblem("kernelArgs", "must be one line"));
        }
        compile("kernelArgs", kernelArgs, errors);
        compile("ipxeScript", ipxeScript, errors);
        compile("answerTemplate", r.answerTemplate(), errors);
        compile("kernelUrl", kernelUrl, errors);
        compile("isoUrl", isoUrl, errors);
        Map<String, String> vars = new LinkedHashMap<>();
        if (r.variables() == null && existing != null) {
            vars.putAll(existing.variables()); // a client that does not know variables keeps them
        } else if (r.variables() != null) {
            r.variables().forEach((k, v) -> {
                if (k == null || !VAR_NAME.matcher(k).matches()) {
                    errors.add(new FieldProblem("variables", "variable name '" + k + "' must be a letter followed by letters, digits or '_'"));
                } else if (v != null && (v.length() > 1000 || v.chars().anyMatch(c -> c < 0x20))) {
                    errors.add(new FieldProblem("variables." + k, "at most 1000 characters, no line breaks or control characters"));
                } else {
                    vars.put(k, v == null ? "" : v);
                }
            });
        }
        Map<String, String> secrets = secrets(name, r.secrets(), existing, errors);
        int maxBoots = r.maxInstallBoots() == null ? 3 : r.maxInstallBoots();
        if (maxBoots < 1 || maxBoots > 20) {
            errors.add(new FieldProblem("maxInstallBoots", "must be between 1 and 20"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Instant now = Instant.now(clock);
        return new Profile(name, description, kind, kernelUrl, initrds, kernelArgs, isoUrl, ipxeScript,
                r.answerTemplate() == null ? "" : r.answerTemplate(), vars,
                r.reinstallOnReboot() == null || r.reinstallOnReboot(), maxBoots,
                existing == null ? 1 : existing.version() + 1, existing == null ? now : existing.createdAt(), now, secrets);
    }

    /**
     * The profile's secrets after the request, encrypted: a string sets the value ({@code ""}:
     * declared without one), null or an object keeps the current value, a name left out is
     * removed; no {@code secrets} at all keeps them as they are. Problems never repeat a value.
     */
    private Map<String, String> secrets(String profile, Map<String, com.fasterxml.jackson.databind.JsonNode> requested,
            Profile existing, List<FieldProblem> errors) {
        Map<String, String> current = existing == null ? Map.of() : existing.encryptedSecrets();
        if (requested == null) {
            return new LinkedHashMap<>(current);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (requested.size() > MAX_SECRETS) {
            errors.add(new FieldProblem("secrets", "at most " + MAX_SECRETS + " secrets"));
            return out;
        }
        requested.forEach((k, v) -> {
            if (k == null || !VAR_NAME.matcher(k).matches()) {
                errors.add(new FieldProblem("secrets", "secret name '" + k + "' must be a letter followed by letters, digits or '_'"));
            } else if (v == null || v.isNull() || v.isObject()) {
                out.put(k, current.get(k));
            } else if (!v.isTextual()) {
                errors.add(new FieldProblem("secrets." + k, "secret " + k + " must be a string (the new value), \"\" (no value)"
                        + " or null (keep)"));
            } else if (v.asText().isEmpty()) {
                out.put(k, null);
            } else {
                String value = v.asText();
                String unsafe = Escapers.unsafeForAnswerFiles(value);
                if (value.length() > MAX_SECRET_LENGTH) {
                    errors.add(new FieldProblem("secrets." + k, "secret " + k + ": at most " + MAX_SECRET_LENGTH + " characters"));
                } else if (unsafe != null) {
                    errors.add(new FieldProblem("secrets." + k, "secret " + k + " " + unsafe));
                } else if (profile != null) {
                    out.put(k, cipher.encrypt(profile, k, value));
                }
            }
        });
        return out;
    }

    private void compile(String field, String template, List<FieldProblem> errors) {
        if (template == null) {
            return;
        }
        try {
            templates.compile(field, template);
        } catch (TemplateEngine.RenderException e) {
            errors.add(new FieldProblem(field, "template error: " + e.getMessage()));
        }
    }

    private static void checkUrl(String field, String url, List<FieldProblem> errors) {
        if (url != null && (!URL.matcher(url).matches() || url.length() > 1000)) {
            errors.add(new FieldProblem(field, "must be an http:// or https:// URL (or start with a {{variable}}), without spaces"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
