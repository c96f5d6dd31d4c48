package org.bootwarden.isoworker.worker;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The stand-alone ISO worker ({@code java -jar bootwarden-iso-worker-*-exec.jar}): no web server,
 * settings from {@code iso-worker.yml} and the environment ({@code BOOTWARDEN_WORKER_*}).
 *
 * <p>Deliberately not a {@code @Configuration}/{@code @SpringBootApplication}: this jar is also a
 * library on the backend's class path, and the backend scans {@code org.bootwarden}; nothing here
 * may turn into a backend bean.
 */
@EnableAutoConfiguration
@EnableConfigurationProperties(IsoWorkerProperties.class)
public class IsoWorkerApplication {

    /** Spring defaults for this process: its own config file name, so it never reads the backend's application.yml. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.config.name", "iso-worker",
            "spring.main.keep-alive", "true");

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(IsoWorkerApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(DEFAULTS);
        app.run(args);
    }

    /**
     * Started once the settings are bound and validated; closed when the context closes. Writes
     * the heartbeat file that container health checks read ({@link Heartbeat}).
     */
    @Bean(destroyMethod = "close")
    IsoWorker isoWorker(IsoWorkerProperties props) {
        return IsoWorker.start(props, Heartbeat.inWorkDir(props));
    }
}
