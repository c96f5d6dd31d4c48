package org.bootwarden.isobuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class StartupCheckTest {

    @Test
    void shouldWarnAboutPublicUrlsThatOtherMachinesCannotReach() {
        for (String url : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080"}) {
            StartupCheck.Result r = StartupCheck.publicUrl(URI.create(url));
            assertThat(r.ok()).as(url).isFalse();
            assertThat(r.fatal()).as(url).isFalse();
            assertThat(r.detail()).contains("BOOTWARDEN_PUBLIC_URL");
        }
    }

    @Test
    void shouldAcceptReachableLookingPublicUrls() {
        for (String url : new String[] {"http://10.0.2.2:8080", "https://boot.example.org/bw", "http://[2001:db8::1]:8080"}) {
            assertThat(StartupCheck.publicUrl(URI.create(url)).ok()).as(url).isTrue();
        }
    }
}
