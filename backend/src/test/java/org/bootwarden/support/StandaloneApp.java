package org.bootwarden.support;

import java.nio.file.Path;

import org.bootwarden.BootwardenApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application in a context of its own (not the shared one of {@link IntegrationTest}),
 * on a database the test chooses, on a random port. Settings are passed as command-line arguments,
 * which win over application.yml.
 */
public record StandaloneApp(ConfigurableApplicationContext context, String adminPassword) implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    public static StandaloneApp start(Path dataDir, String jdbcUrl, String user, String password) {
        return start(dataDir, jdbcUrl, user, password, new String[0]);
    }

    /**
     * The same, with more settings ({@code --name=value}), which win over the ones above; e.g. a
     * second replica on the database of the shared test context must keep that context's
     * {@code --bootwarden.admin-password}.
     */
    public static StandaloneApp start(Path dataDir, String jdbcUrl, String user, String password, String... settings) {
        // one value per name: Spring joins repeated command-line options with commas
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        args.put("server.port", "0");
        args.put("spring.datasource.url", jdbcUrl);
        args.put("spring.datasource.username", user);
        args.put("spring.datasource.password", password);
        args.put("bootwarden.data-dir", dataDir.toString());
        args.put("bootwarden.admin-password", "standalone-admin-password");
        args.put("bootwarden.token-secret", IntegrationTest.TOKEN_SECRET);
        args.put("bootwarden.secrets.key", IntegrationTest.SECRETS_KEY);
        args.put("bootwarden.public-urls", "http://10.0.2.2:8080");
        args.put("bootwarden.ipxe-dir", Path.of("..", ".cache", "ipxe").toAbsolutePath().normalize().toString());
        args.put("bootwarden.worker.embedded", "false");
        // an engine name of its own: Camunda's static registry (which /engine-rest resolves names in)
        // keeps one engine per name, and closing this context would unregister the shared one's
        args.put("camunda.bpm.process-engine-name", "standalone" + STARTED.incrementAndGet());
        for (String setting : settings) {
            if (!setting.startsWith("--") || setting.indexOf('=') < 0) {
                throw new IllegalArgumentException("settings are --name=value: " + setting);
            }
            args.put(setting.substring(2, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        String adminPassword = args.get("bootwarden.admin-password");
        String[] argv = args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BootwardenApplication.class).run(argv);
        return new StandaloneApp(ctx, adminPassword);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public Http admin() {
        return Http.basic(baseUrl(), "admin", adminPassword);
    }

    @Override
    public void close() {
        context.close();
    }
}
