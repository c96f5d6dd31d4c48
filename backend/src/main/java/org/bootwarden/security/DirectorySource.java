package org.bootwarden.security;

/** One directory that checks passwords and tells a user's groups (generic LDAP or Active Directory). */
interface DirectorySource {

    String name();

    /**
     * Checks the password and reads the user's groups.
     *
     * @throws org.springframework.security.authentication.BadCredentialsException unknown user or wrong password
     *         (the next source is tried)
     * @throws LoginRefusedException the account may not log in (disabled, locked, expired...)
     * @throws DirectoryUnavailableException the directory cannot be reached or failed
     */
    DirectoryIdentity authenticate(String username, String password);

    /** The directory cannot be reached (or answered with an error that is not about the user). */
    class DirectoryUnavailableException extends RuntimeException {
        DirectoryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
