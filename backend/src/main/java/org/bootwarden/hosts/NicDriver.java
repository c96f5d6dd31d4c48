package org.bootwarden.hosts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which iPXE build the host's ISO uses under UEFI: {@code full} (all drivers, including Hyper-V
 * netvsc) or {@code snponly} (the UEFI firmware's own NIC driver). BIOS always uses the full build.
 */
public enum NicDriver {
    FULL, SNPONLY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NicDriver parse(String s) {
        for (NicDriver d : values()) {
            if (d.json().equalsIgnoreCase(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("nicDriver must be one of full, snponly");
    }
}
