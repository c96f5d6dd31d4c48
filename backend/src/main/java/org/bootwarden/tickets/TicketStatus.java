package org.bootwarden.tickets;

/** Where a ticket stands; the open ones hold the host (at most one open ticket per host). */
public enum TicketStatus {
    PENDING_APPROVAL(true),
    BUILDING_ISO(true),
    ISO_BUILD_FAILED(true),
    WAITING_FOR_WINDOW(true),
    ARMED(true),
    INSTALLING(true),
    HELD(true),
    COMPLETED(false),
    REJECTED(false),
    EXPIRED(false),
    CANCELLED(false),
    ABORTED(false);

    final boolean open;

    TicketStatus(boolean open) {
        this.open = open;
    }

    public boolean isOpen() {
        return open;
    }
}
