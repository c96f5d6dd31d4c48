package org.bootwarden.isoworker.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.bootwarden.isoworker.ArtifactStore;
import org.bootwarden.isoworker.ImageKey;
import org.bootwarden.isoworker.IsoBuildException;
import org.bootwarden.isoworker.IsoSpec;
import org.camunda.bpm.client.exception.NotFoundException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code bootwarden-iso-build} task: fetch the host's media spec from the backend,
 * build the hybrid ISO into the artifact store under the backend's cache name (unless it is
 * there already), complete with {@code isoScriptHash} and {@code isoArtifact}.
 *
 * <p>Decisions: bad input no retry can fix → BPMN error {@code ISO_BUILD_FAILED} with the reason
 * (the ticket's operators see it); technical failure → {@code handleFailure} with one retry fewer
 * and the configured delay (no retries left: an incident); the engine answering 404 (the ticket
 * was cancelled meanwhile) → logged, nothing else.
 */
final class BuildIsoHandler implements ExternalTaskHandler {

    static final String ERROR_CODE = "ISO_BUILD_FAILED";
    static final String VAR_HOST_ID = "hostId";
    static final String VAR_TICKET_ID = "ticketId";
    static final String VAR_SCRIPT_HASH = "isoScriptHash";
    static final String VAR_ARTIFACT = "isoArtifact";

    private static final Logger log = LoggerFactory.getLogger(BuildIsoHandler.class);

    /** Builds one ISO to a file; {@code IsoBuilder::build} in production. */
    @FunctionalInterface
    interface IsoBuild {
        void build(IsoSpec spec, Path output);
    }

    private final MediaSpecClient backend;
    private final IsoBuild builder;
    private final ArtifactStore store;
    private final String ipxeVersion;
    private final IsoWorkerProperties.Tasks tasks;

    BuildIsoHandler(MediaSpecClient backend, IsoBuild builder, ArtifactStore store, String ipxeVersion,
            IsoWorkerProperties.Tasks tasks) {
        this.backend = backend;
        this.builder = builder;
        this.store = store;
        this.ipxeVersion = ipxeVersion;
        this.tasks = tasks;
    }

    @Override
    public void execute(ExternalTask task, ExternalTaskService service) {
        String ticketId = String.valueOf((Object) task.getVariable(VAR_TICKET_ID));
        String hostId = task.getVariable(VAR_HOST_ID);
        Map<String, Object> result;
        try {
            result = build(ticketId, hostId);
        } catch (BuildFailure.Permanent e) {
            log.warn("Ticket {}: ISO build for host {} failed, no retry can fix it: {}", ticketId, hostId, e.getMessage());
            answer(ticketId, "BPMN error " + ERROR_CODE,
                    () -> service.handleBpmnError(task, ERROR_CODE, e.getMessage(), Map.of()));
            return;
        } catch (RuntimeException e) {
            int retries = task.getRetries() == null ? tasks.retries() : Math.max(0, task.getRetries() - 1);
            long delay = tasks.delayBefore(retries).toMillis();
            if (retries > 0) {
                log.warn("Ticket {}: ISO build for host {} failed ({}); {} retries left, next in {} ms",
                        ticketId, hostId, e.getMessage(), retries, delay);
            } else {
                log.error("Ticket {}: ISO build for host {} failed, no retries left: incident ({})",
                        ticketId, hostId, e.getMessage(), e);
            }
            answer(ticketId, "failure", () -> service.handleFailure(task, e.getMessage(), stackTrace(e), retries, delay));
            return;
        }
        answer(ticketId, "complete", () -> service.complete(task, result));
        log.info("Ticket {}: ISO for host {} ready as {}", ticketId, hostId, result.get(VAR_ARTIFACT));
    }

    private Map<String, Object> build(String ticketId, String hostId) {
        MediaSpec spec = backend.fetch(hostId);
        if (!hostId.equals(spec.hostId()) || spec.script() == null || spec.hash() == null || spec.nicDriver() == null
                || spec.architecture() == null) {
            throw new BuildFailure.Technical("incomplete media spec from the backend for host " + hostId);
        }
        String expected = ImageKey.hash(spec.script(), spec.nicDriver(), spec.architecture(), ipxeVersion);
        if (!expected.equals(spec.hash())) {
            throw new BuildFailure.Technical("the backend's image hash " + spec.hash() + " differs from this worker's "
                    + expected + ": worker and backend must use the same iPXE binaries (VERSION " + ipxeVersion + ")");
        }
        String name = ImageKey.fileName(hostId, ImageKey.CD, spec.hash());
        try {
            if (store.contains(name)) {
                log.info("Ticket {}: ISO {} for host {} already built", ticketId, name, spec.hostname());
            } else {
                IsoSpec iso = isoSpec(spec);
                store.put(name, file -> builder.build(iso, file));
            }
            store.deleteOthers(ImageKey.prefix(hostId, ImageKey.CD), name);
        } catch (IsoBuildException e) {
            throw new BuildFailure.Permanent("building the ISO of " + spec.hostname() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BuildFailure.Technical("cannot store ISO " + name + ": " + e, e);
        }
        return Map.of(VAR_SCRIPT_HASH, spec.hash(), VAR_ARTIFACT, name);
    }

    private static IsoSpec isoSpec(MediaSpec spec) {
        try {
            return new IsoSpec(spec.volumeId(), spec.script(), spec.nicDriver(), spec.architecture());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BuildFailure.Permanent("the media spec of host " + spec.hostId() + " is not buildable: "
                    + e.getMessage(), e);
        }
    }

    /** Sends the answer; a 404 means the task is gone (ticket cancelled): nobody wants the result any more. */
    private static void answer(String ticketId, String what, Runnable call) {
        try {
            call.run();
        } catch (NotFoundException e) {
            log.info("Ticket {}: the ISO build task is gone (ticket cancelled?), {} no longer wanted", ticketId, what);
        }
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) : s;
    }
}
