package org.bootwarden.hosts;

import java.time.Instant;

/**
 * The last change a person made to a host record: created it, edited it, imported it from a CSV,
 * or rotated its boot token. Boot-state changes by machines and by the ticket workflow are not edits.
 *
 * @param by the user name (as in the audit log)
 * @param at when
 */
public record HostEdit(String by, Instant at) {
}
