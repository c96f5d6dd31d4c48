package org.bootwarden.isobuild;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks the configuration an operator is most likely to get wrong. At every start, problems
 * are logged as warnings; with {@code --check} the results are printed and the process exits:
 * 0 when everything is usable, 1 when not (so it can gate a deployment or a systemd unit).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StartupCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupCheck.class);

    /** One check's outcome; {@code fatal} problems make {@code --check} fail. */
    record Result(String name, boolean ok, boolean fatal, String detail) {
    }

    private final BootwardenProperties props;
    private final IsoService isos;
    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ConfigurableApplicationContext context;

    StartupCheck(BootwardenProperties props, IsoService isos, JdbcClient jdbc, SqlDialect dialect,
            ConfigurableApplicationContext context) {
        this.props = props;
        this.isos = isos;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Result> results = check();
        if (args.containsOption("check")) {
            System.out.println("Bootwarden configuration check:");
            results.forEach(r -> System.out.println("  [" + (r.ok() ? " OK " : r.fatal() ? "FAIL" : "WARN") + "] "
                    + r.name() + ": " + r.detail()));
            boolean failed = results.stream().anyMatch(r -> !r.ok() && r.fatal());
            System.out.println(failed ? "Configuration check FAILED" : "Configuration check passed");
            int code = SpringApplication.exit(context, () -> failed ? 1 : 0);
            System.exit(code);
        }
        results.stream().filter(r -> !r.ok()).forEach(r -> log.warn("Configuration: {}: {}", r.name(), r.detail()));
    }

    List<Result> check() {
        List<Result> results = new ArrayList<>();
        try {
            jdbc.sql("select count(*) from host").query(Long.class).single();
            results.add(new Result("database", true, true, dialect.product() + " reachable, schema migrated"));
        } catch (RuntimeException e) {
            results.add(new Result("database", false, true, "not usable: " + e.getMessage()));
        }
        results.add(dataDir());
        List<String> tools = isos.checkTools();
        results.add(tools.isEmpty()
                ? new Result("boot images", true, true, "iPXE binaries in " + props.ipxeDir() + " and ISO tools present")
                : new Result("boot images", false, true, String.join("; ", tools)));
        for (URI url : props.publicUrls()) {
            results.add(publicUrl(url));
        }
        return results;
    }

    private Result dataDir() {
        Path dir = props.dataDir();
        try {
            Path probe = Files.createTempFile(Files.createDirectories(dir), ".check", ".tmp");
            Files.delete(probe);
            return new Result("data directory", true, true, dir.toAbsolutePath() + " is writable");
        } catch (IOException | RuntimeException e) {
            return new Result("data directory", false, true, dir.toAbsolutePath() + " is not writable: " + e.getMessage());
        }
    }

    /** A public URL that names this machine's loopback can never be reached by another machine. */
    static Result publicUrl(URI url) {
        String host = url.getHost();
        boolean loopback = "localhost".equalsIgnoreCase(host);
        try {
            loopback |= host != null && host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")
                    && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IOException e) {
            // a literal address that does not parse was refused at binding already
        }
        return loopback
                ? new Result("public URL", false, false, url + " points at this machine's loopback: other machines cannot"
                        + " reach it; set BOOTWARDEN_PUBLIC_URL to an address they can reach")
                : new Result("public URL", true, false, url + " (written into every boot image)");
    }
}
