package org.bootwarden.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.bootwarden.isoworker.worker.IsoWorkerProperties;
import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;

/** The /engine-rest filter chain and the media-spec endpoint, as ISO workers and admins meet them. */
class EngineRestSecurityIT extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void shouldAskForCredentialsWithAProblem() {
        Http.Response r = anonymous().get("/engine-rest/engine").expect(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(anonymous().post("/engine-rest/external-task/fetchAndLock", fetch("nothing")).status()).isEqualTo(401);
        assertThat(as("admin", "wrong").get("/engine-rest/engine").status()).isEqualTo(401);
    }

    @Test
    void shouldLetAWorkerUseOnlyTheExternalTaskCalls() {
        String worker = "it-worker-" + next();
        createUser(worker, "pw", "WORKER");
        Http w = as(worker, "pw");

        JsonNode tasks = w.post("/engine-rest/external-task/fetchAndLock", fetch("it-nothing-" + next())).expect(200).json();
        assertThat(tasks.isArray()).isTrue();
        assertThat(w.post("/engine-rest/external-task/no-such-task/complete", Map.of("workerId", worker)).status())
                .as("past the filter chain: the engine's own 404").isEqualTo(404);

        for (String path : List.of("/engine-rest/engine", "/engine-rest/process-definition", "/engine-rest/external-task",
                "/engine-rest/deployment", "/engine-rest/user")) {
            Http.Response r = w.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(w.post("/engine-rest/external-task/some-id/retries", Map.of("retries", 3)).status()).isEqualTo(403);
        assertThat(w.post("/engine-rest/process-definition/key/x/start", Map.of()).status()).isEqualTo(403);
        assertThat(w.get("/api/hosts").status()).as("no reading of the host list").isEqualTo(403);
    }

    @Test
    void shouldLetAnAdminUseTheWholeEngineApi() {
        assertThat(admin().get("/engine-rest/engine").expect(200).json().get(0).path("name").asText()).isEqualTo("default");
        admin().get("/engine-rest/process-definition").expect(200);
        admin().post("/engine-rest/external-task/fetchAndLock", fetch("it-admin-" + next())).expect(200);
    }

    @Test
    void shouldRefuseOtherRolesOnTheEngineApi() {
        String operator = "it-operator-" + next();
        createUser(operator, "pw", "OPERATOR,APPROVER,EDITOR,AUDITOR,REQUESTER");
        assertThat(as(operator, "pw").get("/engine-rest/engine").status()).isEqualTo(403);
        assertThat(as(operator, "pw").post("/engine-rest/external-task/fetchAndLock", fetch("x")).status()).isEqualTo(403);
    }

    @Test
    void shouldGiveWorkersTheMediaSpecUnderWhichTheIsoDownloadCachesTheImage() throws Exception {
        String id = createHost(newHost());
        String worker = "it-worker-" + next();
        createUser(worker, "pw", "WORKER");

        JsonNode spec = as(worker, "pw").get("/api/hosts/" + id + "/media-spec").expect(200).json();

        assertThat(spec.path("hostId").asText()).isEqualTo(id);
        assertThat(spec.path("script").asText()).startsWith("#!ipxe").contains("/boot/" + id + "/");
        assertThat(spec.path("nicDriver").asText()).isEqualTo("FULL");
        assertThat(spec.path("architecture").asText()).isEqualTo("X86_64");
        assertThat(spec.path("firmware").asText()).isEqualTo("auto");
        assertThat(spec.path("volumeId").asText()).startsWith("BW_NODE_");
        String hash = spec.path("hash").asText();
        assertThat(hash).matches("[0-9a-f]{16}");
        assertThat(spec.path("artifact").asText()).isEqualTo(id + "-cd-" + hash + ".iso");
        assertThat(auditActionsOf(id)).contains("host.media-spec-read");

        admin().get("/api/hosts/" + id + "/iso").expect(200);
        assertThat(Files.isRegularFile(dataDir().resolve("iso").resolve(id + "-cd-" + hash + ".iso")))
                .as("the download caches the ISO under the name the media spec announced").isTrue();
    }

    @Test
    void shouldKeepMediaSpecsFromOtherRolesAndAnswer404ForUnknownHosts() {
        String requester = "it-requester-" + next();
        createUser(requester, "pw", "REQUESTER,AUDITOR,EDITOR");
        String id = createHost(newHost());
        assertThat(as(requester, "pw").get("/api/hosts/" + id + "/media-spec").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/hosts/" + id + "/media-spec").status()).isEqualTo(401);
        admin().get("/api/hosts/00000000-0000-0000-0000-000000000000/media-spec").expect(404);
    }

    @Test
    void shouldNotTurnTheStandAloneWorkersClassesIntoBackendBeans() {
        assertThat(context.getBeanNamesForType(IsoWorkerProperties.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.bootwarden.isoworker.worker.IsoWorkerApplication.class)).isEmpty();
    }

    private static Map<String, Object> fetch(String topic) {
        return Map.of("workerId", "it", "maxTasks", 1, "topics", List.of(Map.of("topicName", topic, "lockDuration", 1000)));
    }
}
