package org.bootwarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.bootwarden.audit.AuditListener;
import org.junit.jupiter.api.Test;

class WebhookEventTypeTest {

    @Test
    void shouldRaiseEventsFromTheAuditRecordsOfLifecycleChanges() {
        assertThat(type("ticket.submitted", null)).contains(WebhookEventType.TICKET_SUBMITTED);
        assertThat(type("ticket.emergency-arm", null)).as("an emergency arm files a ticket too").contains(WebhookEventType.TICKET_SUBMITTED);
        assertThat(type("ticket.approved", null)).contains(WebhookEventType.TICKET_APPROVED);
        assertThat(type("ticket.rejected", null)).contains(WebhookEventType.TICKET_REJECTED);
        assertThat(type("ticket.closed", null)).contains(WebhookEventType.TICKET_CLOSED);
        assertThat(type("host.armed", null)).contains(WebhookEventType.HOST_ARMED);
        assertThat(type("install.completed", null)).contains(WebhookEventType.INSTALL_COMPLETED);
        assertThat(type("install.failed", null)).contains(WebhookEventType.INSTALL_FAILED);
        assertThat(type("host.held", null)).contains(WebhookEventType.HOST_HELD);
    }

    @Test
    void shouldStartAnInstallOnlyWhenTheInstallerIsServedToAnArmedHost() {
        assertThat(type("boot.install", Map.of("bootState", "ARMED"))).contains(WebhookEventType.INSTALL_STARTED);
        assertThat(type("boot.install", null)).as("the installer served again after a reboot").isEmpty();
    }

    @Test
    void shouldIgnoreEverythingElse() {
        for (String action : new String[] {"boot.local", "boot.bad-token", "answer.served", "host.updated", "user.login",
            "webhook.created", "ticket.iso-built"}) {
            assertThat(type(action, null)).as(action).isEmpty();
        }
        assertThat(WebhookEventType.subscribable()).doesNotContain("webhook.test").contains("install.completed");
    }

    private static Optional<WebhookEventType> type(String action, Object before) {
        return WebhookEventType.of(new AuditListener.Recorded("id", Instant.now(), "actor", null, action, "host", "h", "s", before, null));
    }
}
