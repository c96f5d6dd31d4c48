package org.bootwarden.profiles;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An OS profile: how to start the installer (a kernel + initrds + arguments, an ISO to sanboot,
 * or a whole custom iPXE script) and the answer-file template the installer fetches. Templates
 * and {@code kernelArgs} are Mustache; {@code variables} are the profile's own values
 * ({@code {{vars.name}}}).
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
        Instant updatedAt) {

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
