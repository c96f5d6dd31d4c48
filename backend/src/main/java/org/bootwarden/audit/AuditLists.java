package org.bootwarden.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists in audit records are capped: a record's before/after state is a TEXT column (64 KiB on
 * MariaDB/MySQL), and an import of 10,000 hosts naming every one of them would not fit. The
 * count is always recorded next to such a list; the individual records (one per host) name
 * every host.
 */
public final class AuditLists {

    /** How many names a list in an audit record keeps. */
    public static final int MAX_NAMES = 100;

    private AuditLists() {
    }

    /**
     * The first {@link #MAX_NAMES} of {@code names}, followed by {@code "… and N more"} when there
     * are more; the list itself when it is short enough.
     */
    public static List<String> capped(List<String> names) {
        return capped(names, MAX_NAMES);
    }

    static List<String> capped(List<String> names, int max) {
        if (names.size() <= max) {
            return List.copyOf(names);
        }
        List<String> out = new ArrayList<>(names.subList(0, max));
        out.add("\u2026 and " + (names.size() - max) + " more");
        return List.copyOf(out);
    }
}
