package org.bootwarden.isoworker.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.bootwarden.isoworker.ArtifactStore;
import org.bootwarden.isoworker.DirectoryArtifactStore;
import org.bootwarden.isoworker.ImageKey;
import org.bootwarden.isoworker.PatchingIsoBuilder;
import org.bootwarden.isoworker.IsoToolsConfig;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One running ISO worker: a Camunda external-task client subscribed to {@value
 * IsoWorkerProperties#TOPIC}, long polling the engine's REST API with HTTP Basic. The stand-alone
 * worker app and the backend's embedded worker both run exactly this.
 */
public final class IsoWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IsoWorker.class);
    /** How long {@link #close()} lets a build in progress finish before cutting the connections. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final IsoWorkerProperties props;
    private final PoolingHttpClientConnectionManager connections;
    private final ExternalTaskClient client;
    private final AtomicInteger busy = new AtomicInteger();

    private IsoWorker(IsoWorkerProperties props, BuildIsoHandler handler, Heartbeat heartbeat) {
        this.props = props;
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(4).setMaxConnPerRoute(4).build();
        IsoWorkerProperties.Tasks tasks = props.tasks();
        this.client = ExternalTaskClient.create()
                .baseUrl(props.engineUrl().toString())
                .workerId(props.workerId())
                .maxTasks(tasks.maxTasks())
                .lockDuration(tasks.lockDuration().toMillis())
                .asyncResponseTimeout(tasks.asyncResponseTimeout().toMillis())
                .addInterceptor(new BasicAuthProvider(props.username(), props.password()))
                // back off only when fetching fails (exponentially); with long polling an empty answer
                // needs no pause. Also the heartbeat of a stand-alone worker after each successful fetch.
                .backoffStrategy(heartbeat)
                .customizeHttpClient(b -> b.setConnectionManager(connections).setConnectionManagerShared(true))
                .disableAutoFetching()
                .build();
        client.subscribe(IsoWorkerProperties.TOPIC)
                .lockDuration(tasks.lockDuration().toMillis())
                .variables(BuildIsoHandler.VAR_HOST_ID, BuildIsoHandler.VAR_TICKET_ID)
                .handler((ExternalTask task, ExternalTaskService service) -> {
                    busy.incrementAndGet();
                    try {
                        handler.execute(task, service);
                    } finally {
                        busy.decrementAndGet();
                    }
                })
                .open();
    }

    /** Builds a worker from its settings (tools from Debian's standard paths) and starts fetching. */
    public static IsoWorker start(IsoWorkerProperties props) {
        return start(props, Heartbeat.none());
    }

    /** As {@link #start(IsoWorkerProperties)}, writing {@code heartbeat} after every successful fetch. */
    static IsoWorker start(IsoWorkerProperties props, Heartbeat heartbeat) {
        java.nio.file.Path ipxeDir = CustomIpxeSetup.ipxeDir(props);
        PatchingIsoBuilder builder = new PatchingIsoBuilder(IsoToolsConfig.debianDefaults(ipxeDir, props.workDir()));
        return start(props, ipxeDir, builder::build, new DirectoryArtifactStore(props.artifactDir()), heartbeat);
    }

    static IsoWorker start(IsoWorkerProperties props, BuildIsoHandler.IsoBuild builder, ArtifactStore store) {
        return start(props, props.ipxeDir(), builder, store, Heartbeat.none());
    }

    static IsoWorker start(IsoWorkerProperties props, BuildIsoHandler.IsoBuild builder, ArtifactStore store,
            Heartbeat heartbeat) {
        return start(props, props.ipxeDir(), builder, store, heartbeat);
    }

    /** @param ipxeDir the iPXE binaries the ISOs are built with (their {@code VERSION} goes into the image hash) */
    static IsoWorker start(IsoWorkerProperties props, java.nio.file.Path ipxeDir, BuildIsoHandler.IsoBuild builder,
            ArtifactStore store, Heartbeat heartbeat) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        MediaSpecClient backend = new MediaSpecClient(props.backendUrl(), props.username(), props.password(),
                props.tasks().asyncResponseTimeout(), json);
        String ipxeVersion = ImageKey.ipxeVersion(ipxeDir);
        BuildIsoHandler handler = new BuildIsoHandler(backend, builder, store, ipxeVersion, props.tasks());
        IsoWorker worker = new IsoWorker(props, handler, heartbeat);
        worker.client.start();
        log.info("ISO worker {} polling {} for topic {} (artifacts in {}, iPXE {})", props.workerId(), props.engineUrl(),
                IsoWorkerProperties.TOPIC, props.artifactDir(), ipxeVersion);
        return worker;
    }


    public boolean isActive() {
        return client.isActive();
    }

    /**
     * Stops fetching: a build in progress may finish (up to 30 s), a pending long poll is cut off
     * at once. A task whose answer did not get through stays locked until its lock expires and
     * is then fetched again.
     */
    @Override
    public void close() {
        Thread stopper = new Thread(client::stop, "iso-worker-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            while (busy.get() > 0 && System.nanoTime() < deadline) {
                stopper.join(100);
            }
            connections.close(CloseMode.IMMEDIATE);
            stopper.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("ISO worker {} stopped", props.workerId());
    }
}
