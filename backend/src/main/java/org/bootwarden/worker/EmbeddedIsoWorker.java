package org.bootwarden.worker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.bootwarden.isoworker.worker.IsoWorker;
import org.bootwarden.isoworker.worker.IsoWorkerProperties;
import org.bootwarden.system.BootwardenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one ISO worker this server runs itself ({@code bootwarden.worker.embedded}, default on), so
 * a single process is a complete installation. It is the same {@link IsoWorker} a separate worker
 * runs, over HTTP against this server's own {@code /engine-rest} on 127.0.0.1, as {@code
 * iso-worker-embedded}. It starts once the application is ready (web server up, service accounts
 * in place) and stops first on shutdown, before the web server.
 */
@Component
class EmbeddedIsoWorker implements ApplicationListener<ApplicationReadyEvent>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedIsoWorker.class);

    private final BootwardenProperties props;
    private final WorkerCredentials credentials;
    private volatile boolean running;
    private IsoWorker worker;

    EmbeddedIsoWorker(BootwardenProperties props, WorkerCredentials credentials) {
        this.props = props;
        this.credentials = credentials;
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        if (!props.worker().embedded()) {
            log.info("No embedded ISO worker (bootwarden.worker.embedded=false): separate workers build the ISOs");
            return;
        }
        if (worker != null || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        worker = IsoWorker.start(settings(web.getWebServer().getPort()));
    }

    /** The embedded worker's settings: this server on loopback, its data directory, its own account. */
    IsoWorkerProperties settings(int port) {
        URI base = URI.create("http://127.0.0.1:" + port);
        return new IsoWorkerProperties(base.resolve("/engine-rest"), base, WorkerCredentials.EMBEDDED_USER,
                credentials.embeddedPassword(), "embedded@" + hostname(), props.isoDir(), props.ipxeDir(),
                props.dataDir().resolve("tmp"), props.worker().tasks());
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName() + "#" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "localhost#" + ProcessHandle.current().pid();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before everything else, in particular before the web server it talks to. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** Whether the worker is fetching tasks now (for tests and health). */
    boolean isActive() {
        IsoWorker w = worker;
        return w != null && w.isActive();
    }
}
