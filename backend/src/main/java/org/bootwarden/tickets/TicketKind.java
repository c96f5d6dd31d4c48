package org.bootwarden.tickets;

/** Why a ticket exists: a host's first install, a reinstall, or an operator's emergency arm (no approval). */
public enum TicketKind {
    PROVISION, REIMAGE, EMERGENCY
}
