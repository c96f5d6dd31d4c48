package org.bootwarden.security;

/** What a user may do; a user may have several roles. */
public enum Role {
    REQUESTER, APPROVER, EDITOR, OPERATOR, AUDITOR, ADMIN
}
