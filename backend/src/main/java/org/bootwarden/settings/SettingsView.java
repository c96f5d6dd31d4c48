package org.bootwarden.settings;

import java.time.Instant;
import java.util.List;

/**
 * The server's effective configuration as {@code GET /api/settings} shows it: groups of items,
 * each with its value and where it is set. Secrets never appear: their items say only whether
 * they are set ({@code secret: true}).
 *
 * @param readAt when this server read it
 * @param groups in display order
 */
record SettingsView(Instant readAt, List<Group> groups) {

    /** One section of the settings screen. */
    record Group(String id, String title, List<Item> items) {
    }

    /**
     * One setting or detected fact.
     *
     * @param id       stable key ({@code bootwarden.public-urls}, {@code detected.database-product})
     * @param label    what a person calls it
     * @param value    a string, a list of strings, or null (not set); for a secret only "set" or "not set"
     * @param secret   the value is a secret and is never shown
     * @param property the property that sets it, if it is a setting
     * @param env      the environment variable that sets it, if there is one
     * @param source   {@code environment}, {@code configuration}, {@code default}, {@code generated} or {@code detected}
     * @param origin   where exactly (e.g. {@code environment variable BOOTWARDEN_PUBLIC_URL}, a file and line)
     */
    record Item(String id, String label, Object value, boolean secret, String property, String env, String source,
            String origin) {
    }
}
