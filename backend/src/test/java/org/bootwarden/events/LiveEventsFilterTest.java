package org.bootwarden.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Which audit records become {@code change} events for roles other than AUDITOR and ADMIN; the limits' validation. */
class LiveEventsFilterTest {

    @Test
    void shouldPassChangesOfHostsTicketsProfilesAndBatches() {
        assertThat(LiveEvents.isChange("host.created", "host")).isTrue();
        assertThat(LiveEvents.isChange("host.held", "host")).isTrue();
        assertThat(LiveEvents.isChange("install.completed", "host")).isTrue();
        assertThat(LiveEvents.isChange("ticket.approved", "ticket")).isTrue();
        assertThat(LiveEvents.isChange("profile.updated", "profile")).isTrue();
        assertThat(LiveEvents.isChange("batch.finished", "batch")).isTrue();
    }

    @Test
    void shouldPassOnlyTheBootAnswerThatChangesTheHost() {
        assertThat(LiveEvents.isChange("boot.install", "host")).isTrue();
        for (String noise : new String[] {"boot.local", "boot.hold", "boot.duplicate", "boot.unknown-host", "boot.bad-token",
            "boot.error"}) {
            assertThat(LiveEvents.isChange(noise, "host")).as(noise).isFalse();
        }
    }

    @Test
    void shouldLeaveOutOtherTargetsAndDownloads() {
        assertThat(LiveEvents.isChange("user.login", "user")).isFalse();
        assertThat(LiveEvents.isChange("token.created", "api-token")).isFalse();
        assertThat(LiveEvents.isChange("webhook.created", "webhook")).isFalse();
        assertThat(LiveEvents.isChange("role-mapping.created", "role-mapping")).isFalse();
        assertThat(LiveEvents.isChange("inventory.feed-failed", "feed")).isFalse();
        assertThat(LiveEvents.isChange("host.iso-downloaded", "host")).isFalse();
        assertThat(LiveEvents.isChange("batch.zip-downloaded", "batch")).isFalse();
        assertThat(LiveEvents.isChange("host.media-spec-read", "host")).isFalse();
        assertThat(LiveEvents.isChange("something", null)).isFalse();
    }

    @Test
    void shouldRefuseLimitsThatCannotWork() {
        assertThat(EventsProperties.defaults().maxStreams()).isEqualTo(500);
        assertThat(EventsProperties.defaults().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> new EventsProperties(Duration.ofMillis(1), null, 1000, 500, 5, 1000, null))
                .hasMessageContaining("poll-interval");
        assertThatThrownBy(() -> new EventsProperties(null, null, 1000, 0, 5, 1000, null)).hasMessageContaining("max-streams");
        assertThatThrownBy(() -> new EventsProperties(null, null, 1000, 500, 5, 1, null)).hasMessageContaining("queue-limit");
    }
}
