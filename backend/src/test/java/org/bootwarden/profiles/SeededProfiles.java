package org.bootwarden.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;

/**
 * The shipped example profiles ({@code classpath:profiles/*.yml}) as {@link Profile} records, read
 * with {@link ProfileSeeder#read} exactly as the seeder reads them, for rendering tests.
 */
public final class SeededProfiles {

    public static final List<String> NAMES = List.of("custom-ipxe", "debian-12", "rocky-9", "ubuntu-24.04");
    static final Instant SEEDED_AT = Instant.parse("2025-01-01T00:00:00Z");

    private SeededProfiles() {
    }

    /**
     * The seeded profile {@code name}, with {@code values} filled into its variables; a value for
     * a secret marks the secret as set (render with the plaintext passed to the renderer).
     */
    public static Profile load(String name, Map<String, String> values) {
        ProfileRequest r;
        try {
            r = ProfileSeeder.read(new ClassPathResource("profiles/" + name + ".yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> vars = new LinkedHashMap<>(r.variables());
        Map<String, String> secrets = new LinkedHashMap<>();
        if (r.secrets() != null) {
            r.secrets().keySet().forEach(k -> secrets.put(k, null));
        }
        values.forEach((k, v) -> {
            if (secrets.containsKey(k)) {
                // a secret with a value: what is stored is the cipher's business; renderers get the plaintext separately
                secrets.put(k, "(encrypted in the database)");
            } else if (!vars.containsKey(k)) {
                throw new IllegalArgumentException("profile " + name + " has no variable or secret " + k);
            } else {
                vars.put(k, v);
            }
        });
        return new Profile(r.name(), r.description(), ProfileKind.parse(r.kind()), blankToNull(r.kernelUrl()),
                r.initrdUrls(), r.kernelArgs() == null ? null : r.kernelArgs().strip(), blankToNull(r.isoUrl()),
                blankToNull(r.ipxeScript()), r.answerTemplate() == null ? "" : r.answerTemplate(), vars,
                r.reinstallOnReboot() == null || r.reinstallOnReboot(), r.maxInstallBoots() == null ? 3 : r.maxInstallBoots(),
                1, SEEDED_AT, SEEDED_AT, secrets);
    }

    /** The secrets of seeded profile {@code name} (declared without values). */
    public static List<String> unsetSecrets(String name) {
        return ProfileService.unsetSecrets(load(name, Map.of()));
    }

    /** The variables of seeded profile {@code name} that ship without a value. */
    public static List<String> unsetVariables(String name) {
        return ProfileService.unsetVariables(load(name, Map.of()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
