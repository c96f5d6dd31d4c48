package org.bootwarden.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bootwarden.audit.AuditListener;

/**
 * The lifecycle events endpoints can subscribe to, each raised by the audit record of the change
 * it reports (docs/integrations.md lists them with their audit actions).
 */
enum WebhookEventType {
    TICKET_SUBMITTED("ticket.submitted", "a reimage or provisioning ticket was filed (emergency arms too)"),
    TICKET_APPROVED("ticket.approved", "an approver (or an admin) approved a ticket"),
    TICKET_REJECTED("ticket.rejected", "an approver (or an admin) rejected a ticket"),
    TICKET_CLOSED("ticket.closed", "a ticket ended (completed, rejected, expired, cancelled, aborted)"),
    HOST_ARMED("host.armed", "the host’s next boot installs"),
    INSTALL_STARTED("install.started", "the installer was served to the armed host"),
    INSTALL_COMPLETED("install.completed", "the installer reported “install complete”"),
    INSTALL_FAILED("install.failed", "the installer reported a failure"),
    HOST_HELD("host.held", "the host was put on HELD without a callback (limits, timeout)"),
    /** Sent only by "test" to one endpoint; cannot be subscribed to. */
    WEBHOOK_TEST("webhook.test", "a test send to one endpoint");

    /** Audit action -> event; {@code boot.install} needs a look at the record (see {@link #of}). */
    private static final Map<String, WebhookEventType> BY_ACTION = Map.of(
            "ticket.submitted", TICKET_SUBMITTED,
            "ticket.emergency-arm", TICKET_SUBMITTED,
            "ticket.approved", TICKET_APPROVED,
            "ticket.rejected", TICKET_REJECTED,
            "ticket.closed", TICKET_CLOSED,
            "host.armed", HOST_ARMED,
            "install.completed", INSTALL_COMPLETED,
            "install.failed", INSTALL_FAILED,
            "host.held", HOST_HELD);

    final String wireName;
    final String description;

    WebhookEventType(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** An event type endpoints can subscribe to, as {@code GET /api/webhooks/event-types} lists it. */
    record Subscribable(String name, String description) {
    }

    /** Every type an endpoint can subscribe to (all but the test event), in the order of a ticket's life. */
    static List<Subscribable> catalogue() {
        return List.of(TICKET_SUBMITTED, TICKET_APPROVED, TICKET_REJECTED, HOST_ARMED, INSTALL_STARTED, INSTALL_COMPLETED,
                INSTALL_FAILED, HOST_HELD, TICKET_CLOSED).stream().map(t -> new Subscribable(t.wireName, t.description)).toList();
    }

    /**
     * The event an audit record raises, if any. {@code boot.install} is recorded for every
     * installer served; only the first of an install (the host was ARMED) is {@code install.started}.
     */
    static Optional<WebhookEventType> of(AuditListener.Recorded r) {
        if ("boot.install".equals(r.action())) {
            return r.before() instanceof Map<?, ?> m && "ARMED".equals(m.get("bootState"))
                    ? Optional.of(INSTALL_STARTED) : Optional.empty();
        }
        return Optional.ofNullable(BY_ACTION.get(r.action()));
    }

    static Optional<WebhookEventType> byWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The wire names endpoints may subscribe to. */
    static List<String> subscribable() {
        return Arrays.stream(values()).filter(t -> t != WEBHOOK_TEST).map(t -> t.wireName).toList();
    }
}
