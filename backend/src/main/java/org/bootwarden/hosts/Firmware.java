package org.bootwarden.hosts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which firmware the host boots with; {@code auto} lets the ISO serve both. */
public enum Firmware {
    BIOS, UEFI, AUTO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Firmware parse(String s) {
        for (Firmware f : values()) {
            if (f.json().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("firmware must be one of bios, uefi, auto");
    }
}
