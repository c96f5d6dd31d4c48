package org.bootwarden.observability;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code BOOTWARDEN_LOG_FORMAT}: {@code text} (default, one readable line per event) or
 * {@code json} (one JSON object per line, Elastic Common Schema); {@code ecs}, {@code logstash}
 * and {@code gelf} name Spring Boot's structured formats directly. Sets
 * {@code logging.structured.format.console} before logging starts, unless that is set itself.
 * Every format carries the request id ({@code requestId}, see {@link RequestIds}).
 */
public class LogFormat implements EnvironmentPostProcessor {

    static final String VARIABLE = "BOOTWARDEN_LOG_FORMAT";
    private static final String PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String structured = structuredFormat(environment.getProperty(VARIABLE));
        if (structured != null && !environment.containsProperty(PROPERTY)) {
            environment.getPropertySources().addLast(new MapPropertySource("bootwarden-log-format", Map.of(PROPERTY, structured)));
        }
    }

    /** Spring Boot's structured format for the setting, or null for plain text. */
    static String structuredFormat(String setting) {
        String s = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "", "text" -> null;
            case "json", "ecs" -> "ecs";
            case "logstash", "gelf" -> s;
            default -> throw new IllegalArgumentException(VARIABLE + "='" + setting + "' is not a log format: use text (default),"
                    + " json, ecs, logstash or gelf");
        };
    }
}
