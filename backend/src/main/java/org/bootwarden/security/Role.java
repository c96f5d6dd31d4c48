package org.bootwarden.security;

import java.util.List;

/** What a user may do; a user may have several roles. WORKER is for ISO-worker service accounts only. */
public enum Role {
    REQUESTER, APPROVER, EDITOR, OPERATOR, AUDITOR, ADMIN, WORKER;

    /** Every role a person can hold (the bootstrap admin gets all of them). */
    public static final List<Role> PEOPLE = List.of(REQUESTER, APPROVER, EDITOR, OPERATOR, AUDITOR, ADMIN);
}
