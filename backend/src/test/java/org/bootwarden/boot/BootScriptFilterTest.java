package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class BootScriptFilterTest {

    @Test
    void shouldTakeHostIdAndTokenFromTheScriptPath() {
        assertThat(BootScriptFilter.scriptPath(get("", "/boot/h-1/tok_EN-2/script"))).containsExactly("h-1", "tok_EN-2");
        assertThat(BootScriptFilter.scriptPath(get("/bw", "/bw/boot/h/t/script"))).containsExactly("h", "t");
    }

    @Test
    void shouldLeaveEveryOtherRequestToTheController() {
        assertThat(BootScriptFilter.scriptPath(get("", "/boot/h/t/answer"))).isNull();
        assertThat(BootScriptFilter.scriptPath(get("", "/boot/h/script"))).isNull();
        assertThat(BootScriptFilter.scriptPath(get("", "/boot/h/t/x/script"))).isNull();
        assertThat(BootScriptFilter.scriptPath(get("", "/boot//t/script"))).isNull();
        assertThat(BootScriptFilter.scriptPath(get("", "/api/hosts/h/script"))).isNull();
        MockHttpServletRequest post = get("", "/boot/h/t/script");
        post.setMethod("POST");
        assertThat(BootScriptFilter.scriptPath(post)).isNull();
    }

    @Test
    void shouldTellAPathThatCannotBeDecodedFromAWellEncodedOne() {
        assertThat(BootScriptFilter.malformedEncoding("/boot/a%4reboot/t/installed")).isTrue();
        assertThat(BootScriptFilter.malformedEncoding("/boot/a/t/installed%")).isTrue();
        assertThat(BootScriptFilter.malformedEncoding("/boot/a/t%2")).isTrue();
        assertThat(BootScriptFilter.malformedEncoding("/boot/a%2e%2E%2f/t/script")).isFalse();
        assertThat(BootScriptFilter.malformedEncoding("/boot/h-1/tok/script")).isFalse();
    }

    private static MockHttpServletRequest get(String contextPath, String uri) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", uri);
        r.setContextPath(contextPath);
        return r;
    }
}
