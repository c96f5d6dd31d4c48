package org.bootwarden.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What a packaged Spring Boot application (a jar Maven built) accepts as configuration, read from
 * the jar itself: the environment variables its own YAML names as placeholders
 * ({@code ${BOOTWARDEN_DB_URL:...}}), and every property in the configuration metadata of the
 * application and of each library inside it ({@code META-INF/spring-configuration-metadata.json}),
 * which an environment variable reaches through Spring's relaxed binding
 * ({@code BOOTWARDEN_AUTH_SOURCES_0_TYPE} -> {@code bootwarden.auth.sources[0].type}).
 */
final class AppSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String name;
    private final Set<String> placeholders;
    /** property name -> type (null when the metadata names none) */
    private final Map<String, String> properties;
    private final JsonNode config;

    private AppSettings(String name, Set<String> placeholders, Map<String, String> properties, JsonNode config) {
        this.name = name;
        this.placeholders = placeholders;
        this.properties = properties;
        this.config = config;
    }

    /** The application in {@code jar}, configured by {@code configFile} (e.g. {@code application.yml}) in its classes. */
    static AppSettings of(Path jar, String configFile) {
        Set<String> placeholders = new TreeSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode config = null;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String n = entry.getName();
                if (n.equals("BOOT-INF/classes/" + configFile)) {
                    byte[] yaml = zip.getInputStream(entry).readAllBytes();
                    Matcher m = PLACEHOLDER.matcher(new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
                    while (m.find()) {
                        placeholders.add(m.group(1));
                    }
                    config = YAML.readTree(yaml);
                } else if (n.endsWith("META-INF/spring-configuration-metadata.json")) {
                    addMetadata(zip.getInputStream(entry), properties);
                } else if (n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar") && !n.startsWith("BOOT-INF/lib/bootwarden-")) {
                    // libraries' metadata; not Bootwarden's own modules: the backend uses the ISO
                    // worker's classes but never binds its stand-alone settings (IsoWorkerProperties)
                    try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry e = nested.getNextEntry(); e != null; e = nested.getNextEntry()) {
                            if (e.getName().equals("META-INF/spring-configuration-metadata.json")) {
                                addMetadata(new ByteArrayInputStream(nested.readAllBytes()), properties);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        if (config == null) {
            throw new IllegalStateException(jar + " has no BOOT-INF/classes/" + configFile);
        }
        return new AppSettings(jar.getFileName().toString(), placeholders, properties, config);
    }

    private static void addMetadata(InputStream in, Map<String, String> properties) throws IOException {
        JsonNode metadata = JSON.readTree(in);
        for (JsonNode p : metadata.path("properties")) {
            properties.putIfAbsent(p.path("name").asText(), p.hasNonNull("type") ? p.get("type").asText() : null);
        }
    }

    Set<String> placeholders() {
        return placeholders;
    }

    Set<String> propertyNames() {
        return properties.keySet();
    }

    /**
     * Whether the application reads the environment variable {@code key}: its YAML names it, or
     * Spring's environment-variable mapping turns it into a property in the metadata (or into an
     * element of a list, map or nested object property there).
     */
    boolean accepts(String key) {
        return readBy(key).isPresent();
    }

    /** What makes the application read {@code key}: the placeholder, or the property it binds to. */
    java.util.Optional<String> readBy(String key) {
        if (placeholders.contains(key)) {
            return java.util.Optional.of("${" + key + "}");
        }
        SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(key, "x"));
        ConfigurationPropertySource source = ConfigurationPropertySource.from(env);
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (!ConfigurationPropertyName.isValid(p.getKey())) {
                continue;
            }
            ConfigurationPropertyName property = ConfigurationPropertyName.of(p.getKey());
            if (source.getConfigurationProperty(property) != null) {
                return java.util.Optional.of(p.getKey());
            }
            if (!isScalar(p.getValue()) && source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT) {
                return java.util.Optional.of(p.getKey() + " (" + p.getValue() + ")");
            }
        }
        return java.util.Optional.empty();
    }

    /** The keys of {@code keys} that the application does not read (for assertion messages: empty is good). */
    List<String> unknown(java.util.Collection<String> keys) {
        List<String> unknown = new ArrayList<>();
        for (String k : new LinkedHashSet<>(keys)) {
            if (!accepts(k)) {
                unknown.add(k);
            }
        }
        return unknown;
    }

    private static boolean isScalar(String type) {
        if (type == null) {
            return true;
        }
        return type.startsWith("java.lang.") || type.startsWith("java.time.") || type.equals("java.nio.file.Path")
                || type.equals("java.net.URI") || type.equals("java.nio.charset.Charset")
                || type.startsWith("org.springframework.util.unit.") || type.equals("java.io.File")
                || type.equals("java.net.InetAddress");
    }

    /**
     * The HTTP paths of the health endpoint and its groups, as this configuration exposes them:
     * {@code /actuator/health}, and with probes enabled {@code /actuator/health/liveness} and
     * {@code /actuator/health/readiness}, plus every configured group.
     */
    Set<String> healthPaths() {
        JsonNode management = config.path("management");
        String exposed = management.path("endpoints").path("web").path("exposure").path("include").asText("");
        Set<String> paths = new TreeSet<>();
        if (!List.of(exposed.split("\\s*,\\s*")).contains("health") && !exposed.equals("*")) {
            return paths;
        }
        String base = management.path("endpoints").path("web").path("base-path").asText("/actuator");
        paths.add(base + "/health");
        JsonNode health = management.path("endpoint").path("health");
        if (health.path("probes").path("enabled").asBoolean(false)) {
            paths.add(base + "/health/liveness");
            paths.add(base + "/health/readiness");
        }
        health.path("group").fieldNames().forEachRemaining(g -> paths.add(base + "/health/" + g));
        return paths;
    }

    @Override
    public String toString() {
        return name + " (" + placeholders.size() + " environment placeholders, " + properties.size() + " properties)";
    }
}
