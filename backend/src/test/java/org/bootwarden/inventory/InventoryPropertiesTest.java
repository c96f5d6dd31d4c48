package org.bootwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.bootwarden.inventory.InventoryProperties.Feed;
import org.bootwarden.inventory.InventoryProperties.FeedMode;
import org.junit.jupiter.api.Test;

class InventoryPropertiesTest {

    private static Feed feed(String name, String url, String bearer, String user, String password) {
        return new Feed(name, url == null ? null : URI.create(url), bearer, user, password, null, null, null, true);
    }

    @Test
    void shouldDefaultAFeedToUpsertEveryFifteenMinutes() {
        Feed f = feed("cmdb", "https://cmdb.example/api/hosts?key=s3cret", "token", null, null);
        assertThat(f.mode()).isEqualTo(FeedMode.UPSERT);
        assertThat(f.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.displayUrl()).isEqualTo("https://cmdb.example/api/hosts?…");
        assertThat(f.toString()).doesNotContain("token").doesNotContain("s3cret");
        assertThat(FeedMode.CREATE_ONLY.json()).isEqualTo("create-only");
    }

    @Test
    void shouldRefuseFeedsThatCannotWork() {
        assertThatThrownBy(() -> feed("Bad Name", "http://x.example/", null, null, null)).hasMessageContaining("a-z0-9");
        assertThatThrownBy(() -> feed("a", "ftp://x.example/", null, null, null)).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> feed("a", "http://u:p@x.example/", null, null, null)).hasMessageContaining("not in the url");
        assertThatThrownBy(() -> feed("a", "http://x.example/", null, "u", null)).hasMessageContaining("both username and password");
        assertThatThrownBy(() -> feed("a", "http://x.example/", "t", "u", "p")).hasMessageContaining("not both");
        Feed one = feed("a", "http://x.example/", null, null, null);
        assertThatThrownBy(() -> new InventoryProperties(10, null, null, List.of(one, one))).hasMessageContaining("used twice");
        assertThatThrownBy(() -> new InventoryProperties(0, null, null, null)).hasMessageContaining("max-rows");
    }
}
