package org.bootwarden.boot;

/** What the boot endpoint answered, for the audit log and metrics. */
enum BootDecision {
    LOCAL("boot.local"),
    INSTALL("boot.install"),
    HOLD("boot.hold"),
    DUPLICATE("boot.duplicate"),
    UNKNOWN_HOST("boot.unknown-host"),
    BAD_TOKEN("boot.bad-token"),
    ERROR("boot.error");

    final String action;

    BootDecision(String action) {
        this.action = action;
    }
}
