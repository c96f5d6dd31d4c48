package org.bootwarden.profiles;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The installer family a profile drives; decides which answer-file format and URLs apply. */
public enum ProfileKind {
    DEBIAN_PRESEED("debian-preseed", "text/plain"),
    UBUNTU_AUTOINSTALL("ubuntu-autoinstall", "text/yaml"),
    KICKSTART("kickstart", "text/plain"),
    IPXE_SCRIPT("ipxe-script", "text/plain");

    private final String json;
    private final String answerContentType;

    ProfileKind(String json, String answerContentType) {
        this.json = json;
        this.answerContentType = answerContentType;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public String answerContentType() {
        return answerContentType;
    }

    @JsonCreator
    public static ProfileKind parse(String s) {
        for (ProfileKind k : values()) {
            if (k.json.equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of debian-preseed, ubuntu-autoinstall, kickstart, ipxe-script");
    }
}
