package org.bootwarden.hosts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The host's CPU architecture: which iPXE its image carries. ARM64 boots under UEFI only. */
public enum Architecture {
    X86_64, ARM64;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Architecture parse(String s) {
        for (Architecture a : values()) {
            if (a.json().equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("architecture must be one of x86_64, arm64");
    }
}
