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
    TICKET_SUBMITTED("ticket.submitted"),
    TICKET_APPROVED("ticket.approved"),
    TICKET_REJECTED("ticket.rejected"),
    TICKET_CLOSED("ticket.closed"),
    HOST_ARMED("host.armed"),
    INSTALL_STARTED("install.started"),
    INSTALL_COMPLETED("install.completed"),
    INSTALL_FAILED("install.failed"),
    HOST_HELD("host.held"),
    /** Sent only by "test" to one endpoint; cannot be subscribed to. */
    WEBHOOK_TEST("webhook.test");

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

    WebhookEventType(String wireName) {
        this.wireName = wireName;
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
