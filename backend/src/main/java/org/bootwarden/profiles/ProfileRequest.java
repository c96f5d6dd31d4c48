package org.bootwarden.profiles;

import java.util.List;
import java.util.Map;

/** A profile as a client sends it; checked by {@link ProfileService}. */
public record ProfileRequest(String name, String description, String kind, String kernelUrl, List<String> initrdUrls,
        String kernelArgs, String isoUrl, String ipxeScript, String answerTemplate, Map<String, String> variables,
        Boolean reinstallOnReboot, Integer maxInstallBoots, Integer version) {
}
