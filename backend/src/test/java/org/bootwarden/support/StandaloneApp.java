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

    public static StandaloneApp start(Path dataDir, String jdbcUrl, String user, String password) {
        return start(dataDir, jdbcUrl, user, password, new String[0]);
    }

    /**
     * The same, with more settings ({@code --name=value}), which win over the ones above; e.g. a
     * second replica on the database of the shared test context must keep that context's
     * {@code --bootwarden.admin-password}.
     */
    public static StandaloneApp start(Path dataDir, String jdbcUrl, String user, String password, String... settings) {
        String adminPassword = "standalone-admin-password";
        for (String setting : settings) {
            if (setting.startsWith("--bootwarden.admin-password=")) {
                adminPassword = setting.substring("--bootwarden.admin-password=".length());
            }
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--bootwarden.data-dir=" + dataDir,
                "--bootwarden.admin-password=" + adminPassword,
                "--bootwarden.token-secret=" + IntegrationTest.TOKEN_SECRET,
                "--bootwarden.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "--bootwarden.public-urls=http://10.0.2.2:8080",
                "--bootwarden.ipxe-dir=" + Path.of("..", ".cache", "ipxe").toAbsolutePath().normalize(),
                "--bootwarden.worker.embedded=false"));
        args.addAll(java.util.List.of(settings));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BootwardenApplication.class).run(args.toArray(String[]::new));
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
