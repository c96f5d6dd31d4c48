package org.bootwarden.audit;

/**
 * An authentication that names the credential it was made with, for the audit log's
 * {@code credential} column (e.g. {@code token:<id>} for an API token), so that auditors can tell
 * an owner's own actions from those of the automation holding one of their tokens.
 */
public interface AuditedCredential {

    /** A short label of the credential, at most 64 characters. */
    String auditCredential();
}
