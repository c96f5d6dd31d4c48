package org.bootwarden.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.yaml.snakeyaml.Yaml;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;

class RequestIdsTest {

    @Test
    void shouldKeepACallersPlainIdAndReplaceAnythingElse() {
        assertThat(RequestIds.accepted("req-42.a:b_C")).isEqualTo("req-42.a:b_C");
        assertThat(RequestIds.accepted(null)).matches("[0-9a-f]{16}");
        assertThat(RequestIds.accepted("two words")).matches("[0-9a-f]{16}");
        assertThat(RequestIds.accepted("forged\nINFO line")).matches("[0-9a-f]{16}");
        assertThat(RequestIds.accepted("x".repeat(65))).matches("[0-9a-f]{16}");
        assertThat(RequestIds.accepted(null)).isNotEqualTo(RequestIds.accepted(null));
    }

    @Test
    void shouldPutTheIdIntoTheMdcAndTheResponseForTheRequestOnly() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
        request.addHeader("X-Request-Id", "abc-123");
        MockHttpServletResponse response = new MockHttpServletResponse();

        RequestIds.begin(request, response);
        assertThat(MDC.get("requestId")).isEqualTo("abc-123");
        RequestIds.end();

        assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123");
        assertThat(MDC.get("requestId")).isNull();
    }

    /** The text log pattern's correlation part (application.yml): {@code [id] } in a request, nothing outside one. */
    @Test
    @SuppressWarnings("unchecked")
    void shouldShowTheIdInTextLogLinesOfRequestsOnly() throws Exception {
        Map<String, Object> yml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yml = new Yaml().load(in);
        }
        String correlation = (String) ((Map<String, Object>) ((Map<String, Object>) yml.get("logging")).get("pattern")).get("correlation");
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(correlation + "%m");
        layout.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("test");

        LoggingEvent inRequest = new LoggingEvent("test", logger, ch.qos.logback.classic.Level.INFO, "boot answered", null, null);
        inRequest.setMDCPropertyMap(Map.of("requestId", "abc-123"));
        LoggingEvent outside = new LoggingEvent("test", logger, ch.qos.logback.classic.Level.INFO, "scheduled flush", null, null);
        outside.setMDCPropertyMap(Map.of());

        assertThat(layout.doLayout(inRequest)).isEqualTo("[abc-123] boot answered");
        assertThat(layout.doLayout(outside)).isEqualTo("scheduled flush");
    }
}
