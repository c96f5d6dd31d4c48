package org.bootwarden.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LogFormatTest {

    @Test
    void shouldMapTheSettingToSpringBootsStructuredFormats() {
        assertThat(LogFormat.structuredFormat(null)).isNull();
        assertThat(LogFormat.structuredFormat("")).isNull();
        assertThat(LogFormat.structuredFormat("text")).isNull();
        assertThat(LogFormat.structuredFormat("JSON")).isEqualTo("ecs");
        assertThat(LogFormat.structuredFormat("ecs")).isEqualTo("ecs");
        assertThat(LogFormat.structuredFormat("logstash")).isEqualTo("logstash");
        assertThat(LogFormat.structuredFormat("gelf")).isEqualTo("gelf");
        assertThatThrownBy(() -> LogFormat.structuredFormat("xml")).hasMessageContaining("BOOTWARDEN_LOG_FORMAT='xml'");
    }

    @Test
    void shouldSwitchTheConsoleToJsonUnlessConfiguredOtherwise() {
        StandardEnvironment env = environment(Map.of("BOOTWARDEN_LOG_FORMAT", "json"));
        new LogFormat().postProcessEnvironment(env, null);
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");

        StandardEnvironment explicit = environment(Map.of("BOOTWARDEN_LOG_FORMAT", "json", "logging.structured.format.console", "logstash"));
        new LogFormat().postProcessEnvironment(explicit, null);
        assertThat(explicit.getProperty("logging.structured.format.console")).isEqualTo("logstash");

        StandardEnvironment text = environment(Map.of());
        new LogFormat().postProcessEnvironment(text, null);
        assertThat(text.containsProperty("logging.structured.format.console")).isFalse();
    }

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", values));
        return env;
    }
}
