package org.bootwarden.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Installs the shipped example profiles ({@code classpath:profiles/*.yml}) once each: a profile
 * an administrator deleted is not brought back on the next start.
 */
@Component
@Order(10)
class ProfileSeeder implements ApplicationRunner {

    private final ProfileService profiles;
    private final JdbcClient jdbc;

    ProfileSeeder(ProfileService profiles, JdbcClient jdbc) {
        this.profiles = profiles;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:profiles/*.yml")) {
            ProfileRequest req = read(r);
            String key = "seeded.profile." + req.name();
            boolean seeded = jdbc.sql("select count(*) from app_setting where setting_key = ?").param(key)
                    .query(Long.class).single() > 0;
            if (!seeded) {
                profiles.seed(req);
                jdbc.sql("insert into app_setting (setting_key, setting_value) values (?, ?)").params(key, "true").update();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static ProfileRequest read(Resource r) throws IOException {
        Map<String, Object> y;
        try (InputStream in = r.getInputStream()) {
            y = new Yaml().load(in);
        }
        String answer = (String) y.get("answerTemplate");
        if (y.get("answerTemplateResource") instanceof String res) {
            try (InputStream in = new ClassPathResource(res).getInputStream()) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Map<String, Object> rawVars = (Map<String, Object>) y.getOrDefault("variables", Map.of());
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        rawVars.forEach((k, v) -> vars.put(k, v == null ? "" : String.valueOf(v)));
        // secrets are declared by name only: their values are set by an editor, never shipped
        Map<String, com.fasterxml.jackson.databind.JsonNode> secrets = new java.util.LinkedHashMap<>();
        for (String secret : (List<String>) y.getOrDefault("secrets", List.of())) {
            secrets.put(secret, com.fasterxml.jackson.databind.node.TextNode.valueOf(""));
        }
        return new ProfileRequest((String) y.get("name"), (String) y.get("description"), (String) y.get("kind"),
                (String) y.get("kernelUrl"), (List<String>) y.getOrDefault("initrdUrls", List.of()),
                (String) y.get("kernelArgs"), (String) y.get("isoUrl"), (String) y.get("ipxeScript"), answer, vars,
                (Boolean) y.get("reinstallOnReboot"), (Integer) y.get("maxInstallBoots"), null, secrets);
    }
}
