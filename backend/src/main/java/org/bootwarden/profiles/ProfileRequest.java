package org.bootwarden.profiles;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A profile as a client sends it; checked by {@link ProfileService}.
 *
 * @param secrets the complete set of the profile's secrets, by name: a string sets (or replaces)
 *                the value, {@code ""} keeps the name without a value, {@code null} or an object
 *                (such as the {@code {"set": true}} a GET returned) keeps the current value; a
 *                name left out is removed. Null altogether: the secrets stay as they are.
 */
public record ProfileRequest(String name, String description, String kind, String kernelUrl, List<String> initrdUrls,
        String kernelArgs, String isoUrl, String ipxeScript, String answerTemplate, Map<String, String> variables,
        Boolean reinstallOnReboot, Integer maxInstallBoots, Integer version, Map<String, JsonNode> secrets) {

    /** Without secrets: they stay as they are. */
    public ProfileRequest(String name, String description, String kind, String kernelUrl, List<String> initrdUrls,
            String kernelArgs, String isoUrl, String ipxeScript, String answerTemplate, Map<String, String> variables,
            Boolean reinstallOnReboot, Integer maxInstallBoots, Integer version) {
        this(name, description, kind, kernelUrl, initrdUrls, kernelArgs, isoUrl, ipxeScript, answerTemplate, variables,
                reinstallOnReboot, maxInstallBoots, version, null);
    }
}
