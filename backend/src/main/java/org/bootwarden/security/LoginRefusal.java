package org.bootwarden.security;

/**
 * Why a login was refused, as the caller and the audit log are told. Only reasons that the
 * caller could not learn without the right password are specific: a wrong password and an
 * unknown user name are the same {@link #BAD_CREDENTIALS}, so anonymous callers cannot probe
 * for user names. Active Directory's sub-codes (the {@code data} of an LDAP bind failure) map to
 * {@link #fromActiveDirectory(String)}.
 */
enum LoginRefusal {
    BAD_CREDENTIALS("wrong user name or password"),
    ACCOUNT_DISABLED("the account is disabled"),
    ACCOUNT_LOCKED("the account is locked out by the directory; ask its administrators or wait for the lockout to end"),
    ACCOUNT_EXPIRED("the account has expired"),
    PASSWORD_EXPIRED("the password has expired; change it in the directory first"),
    PASSWORD_MUST_CHANGE("the password must be changed before the first login; change it in the directory first"),
    LOGON_HOURS("the account may not log in at this time of day"),
    WORKSTATION("the account may not log in from this workstation"),
    NO_MAPPED_GROUP("you are in no directory group that gives a Bootwarden role; ask an administrator to map one of your groups"),
    DIRECTORY_UNAVAILABLE("wrong user name or password, or a directory could not be reached; try again later"),
    THROTTLED("too many failed logins; wait before trying again");

    private final String message;

    LoginRefusal(String message) {
        this.message = message;
    }

    String message() {
        return message;
    }

    /**
     * Active Directory's bind-failure sub-code (hex, as in "{@code data 52e}"): 525 user not
     * found and 52e wrong password are both {@link #BAD_CREDENTIALS}; unknown codes too.
     */
    static LoginRefusal fromActiveDirectory(String subCode) {
        if (subCode == null) {
            return BAD_CREDENTIALS;
        }
        return switch (subCode.toLowerCase()) {
            case "530" -> LOGON_HOURS;
            case "531" -> WORKSTATION;
            case "532" -> PASSWORD_EXPIRED;
            case "533" -> ACCOUNT_DISABLED;
            case "701" -> ACCOUNT_EXPIRED;
            case "773" -> PASSWORD_MUST_CHANGE;
            case "775" -> ACCOUNT_LOCKED;
            default -> BAD_CREDENTIALS; // 525 (no such user), 52e (wrong password), anything else
        };
    }
}
