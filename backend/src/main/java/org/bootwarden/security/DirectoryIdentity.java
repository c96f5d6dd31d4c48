package org.bootwarden.security;

import java.util.List;

/**
 * Who a directory says a user is: the user name Bootwarden records (AD: sAMAccountName), the
 * entry's DN, a display name and every group the user is in (AD: nested ones too).
 */
record DirectoryIdentity(String source, String username, String dn, String displayName, List<DirectoryGroup> groups) {

    /** A group: its DN and its name (the group-name attribute, usually cn). */
    record DirectoryGroup(String dn, String name) {
    }
}
