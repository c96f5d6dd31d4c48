package org.bootwarden.profiles;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OS profile: how to start the installer (a kernel + initrds + arguments, an ISO to sanboot,
 * or a whole custom iPXE script) and the answer-file template the installer fetches. Templates
 * and {@code kernelArgs} are Mustache; {@code variables} are the profile's own values
 * ({@code {{vars.name}}}); {@code encryptedSecrets} its secrets ({@code {{secrets.name}}}, answer
 * files only), encrypted ({@link SecretCipher}; null: declared, no value yet), never shown:
 * the JSON has {@code secrets} with whether each is set.
 */
public record Profile(
        String name,
        String description,
        ProfileKind kind,
        String kernelUrl,
        List<String> initrdUrls,
        String kernelArgs,
        String isoUrl,
        String ipxeScript,
        String answerTemplate,
        Map<String, String> variables,
        boolean reinstallOnReboot,
        int maxInstallBoots,
        int version,
        Instant createdAt,
        Instant updatedAt,
        @JsonIgnore Map<String, String> encryptedSecrets) {

    /** Whether a secret has a value; the value itself is never part of a profile's JSON. */
    public record SecretState(boolean set) {
    }

    /** A profile without secrets. */
    public Profile(String name, String description, ProfileKind kind, String kernelUrl, List<String> initrdUrls,
            String kernelArgs, String isoUrl, String ipxeScript, String answerTemplate, Map<String, String> variables,
            boolean reinstallOnReboot, int maxInstallBoots, int version, Instant createdAt, Instant updatedAt) {
        this(name, description, kind, kernelUrl, initrdUrls, kernelArgs, isoUrl, ipxeScript, answerTemplate, variables,
                reinstallOnReboot, maxInstallBoots, version, createdAt, updatedAt, null);
    }

    public Profile {
        encryptedSecrets = encryptedSecrets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(encryptedSecrets));
    }

    /** The secrets' names and whether each has a value. */
    @JsonProperty("secrets")
    public Map<String, SecretState> secrets() {
        Map<String, SecretState> out = new LinkedHashMap<>();
        encryptedSecrets.forEach((k, v) -> out.put(k, new SecretState(v != null)));
        return out;
    }

    /** How the installer is started. */
    public enum BootMethod { KERNEL, SANBOOT, SCRIPT }

    public BootMethod bootMethod() {
        if (ipxeScript != null && !ipxeScript.isBlank()) {
            return BootMethod.SCRIPT;
        }
        if (isoUrl != null && !isoUrl.isBlank()) {
            return BootMethod.SANBOOT;
        }
        return BootMethod.KERNEL;
    }
}
