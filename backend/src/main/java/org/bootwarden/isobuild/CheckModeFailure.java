package org.bootwarden.isobuild;

import java.util.List;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --check} when the application cannot even start (the database does not answer, a
 * setting does not bind): the same report {@link StartupCheck} prints, with the failed check and
 * the root cause, instead of only a stack trace; the process then exits 1 as any failed start
 * does. Registered in {@code META-INF/spring.factories}, so it hears failures before any bean exists.
 */
public final class CheckModeFailure implements ApplicationListener<ApplicationFailedEvent> {

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        if (!List.of(event.getArgs()).contains("--check")) {
            return;
        }
        System.out.println("Bootwarden configuration check:");
        System.out.println("  [FAIL] " + describe(event.getException(), databaseUrl(event.getApplicationContext())));
        System.out.println("Configuration check FAILED");
    }

    /** {@code "<check>: <what went wrong>"} for a start-up failure. */
    static String describe(Throwable failure, String databaseUrl) {
        Throwable root = failure;
        boolean database = false;
        boolean binding = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            database |= t instanceof java.sql.SQLException || t.getClass().getName().startsWith("com.zaxxer.hikari.")
                    || t.getClass().getName().startsWith("org.flywaydb.")
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException;
            binding |= t instanceof BindException;
            root = t;
        }
        String cause = root.getMessage() == null ? root.getClass().getName() : root.getMessage().strip();
        if (binding) {
            return "settings: " + cause;
        }
        if (database) {
            return "database: " + (databaseUrl == null ? "" : databaseUrl + " ") + "not usable: " + cause;
        }
        return "start-up: " + cause;
    }

    /** The JDBC URL without its parameters (which may carry credentials). */
    private static String databaseUrl(ConfigurableApplicationContext context) {
        if (context == null) {
            return null;
        }
        String url = context.getEnvironment().getProperty("spring.datasource.url");
        if (url == null) {
            return null;
        }
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }
}
