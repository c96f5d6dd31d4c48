package org.bootwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** One host's life, as the audit log tells it: who, from where, what changed. */
class AuditTrailIT extends IntegrationTest {

    @Test
    void shouldRecordTheWholeInstallLifecycleWithActorSourceAndBeforeAfter() {
        Map<String, Object> h = newHost(createArmableProfile(3));
        String id = createHost(h);
        String hostname = (String) h.get("hostname");
        String token = token(id);
        arm(id).expect(200);
        boot(id, token, "mac=" + mac(1, 1)).expect(200);
        anonymous().get("/boot/" + id + "/" + token + "/answer").expect(200);
        anonymous().get("/boot/" + id + "/" + token + "/installed").expect(200);

        List<JsonNode> events = auditOf(id);

        assertThat(events).extracting(e -> e.path("action").asText())
                .containsSubsequence("host.created", "host.armed", "boot.install", "answer.served", "install.completed");
        events.forEach(e -> {
            // people and machines act from an address; the ticket workflow acts on their behalf
            assertThat(e.path("sourceAddress").asText()).as(e.toString())
                    .isEqualTo(e.path("actor").asText().equals("workflow") ? "null" : "127.0.0.1");
            assertThat(e.path("targetType").asText()).isEqualTo("host");
            assertThat(e.path("targetId").asText()).isEqualTo(id);
            assertThat(e.path("id").asText()).isNotBlank();
        });

        JsonNode created = event(events, "host.created");
        assertThat(created.path("actor").asText()).isEqualTo("admin");
        assertThat(created.path("before").isNull()).isTrue();
        assertThat(created.path("after").path("hostname").asText()).isEqualTo(hostname);
        assertThat(created.path("after").path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(created.path("after").has("tokenVersion")).isFalse();

        JsonNode armed = event(events, "host.armed");
        assertThat(armed.path("actor").asText()).isEqualTo("workflow");
        assertThat(armed.path("before").path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(armed.path("after").path("bootState").asText()).isEqualTo("ARMED");
        String ticketId = armed.path("after").path("ticket").asText();
        JsonNode emergency = event(auditOf(ticketId), "ticket.emergency-arm");
        assertThat(emergency.path("actor").asText()).isEqualTo("admin");
        assertThat(emergency.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(emergency.path("summary").asText()).endsWith(": integration test");

        JsonNode install = event(events, "boot.install");
        assertThat(install.path("actor").asText()).isEqualTo("host:" + hostname);
        assertThat(install.path("before").path("bootState").asText()).isEqualTo("ARMED");
        assertThat(install.path("after").path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(install.path("after").path("installBoots").asInt()).isEqualTo(1);
        assertThat(install.path("summary").asText()).contains("mac " + mac(1, 1));

        JsonNode served = event(events, "answer.served");
        assertThat(served.path("actor").asText()).isEqualTo("host:" + hostname);
        assertThat(served.path("summary").asText()).contains("answer file");

        JsonNode completed = event(events, "install.completed");
        assertThat(completed.path("actor").asText()).isEqualTo("host:" + hostname);
        assertThat(completed.path("before").path("bootState").asText()).isEqualTo("INSTALLING");
        assertThat(completed.path("after").path("bootState").asText()).isEqualTo("LOCAL");
    }

    @Test
    void shouldCountEveryLocalBootEvenWhenIdenticalAnswersAreMergedIntoOneRecord() {
        String id = createHost(newHost());
        String token = token(id);
        for (int i = 0; i < 7; i++) {
            boot(id, token, "mac=" + mac(1, 1) + "&platform=pcbios").expect(200);
        }

        List<JsonNode> local = auditOf(id).stream().filter(e -> e.path("action").asText().equals("boot.local")).toList();

        long counted = local.stream().mapToLong(e -> {
            var m = java.util.regex.Pattern.compile("\\[(\\d+) times within").matcher(e.path("summary").asText());
            return m.find() ? Long.parseLong(m.group(1)) : 1;
        }).sum();
        assertThat(counted).as("boot.local records %s", local).isEqualTo(7);
        assertThat(local.size()).as("identical answers within one flush interval share a record").isLessThan(7);
    }

    @Test
    void shouldRecordAnUpdateWithTheStateBeforeAndAfter() {
        Map<String, Object> h = newHost();
        String id = createHost(h);
        h.put("version", 1);
        h.put("vlan", 7);

        admin().put("/api/hosts/" + id, h).expect(200);

        JsonNode updated = event(auditOf(id), "host.updated");
        assertThat(updated.path("before").path("vlan").isNull()).isTrue();
        assertThat(updated.path("after").path("vlan").asInt()).isEqualTo(7);
        assertThat(updated.path("summary").asText()).contains("network settings changed");
    }

    @Test
    void shouldFilterByActionActionPrefixAndActor() {
        String id = armedHost(3);
        boot(id, token(id)).expect(200);
        auditOf(id);

        JsonNode exact = admin().get("/api/audit?targetId=" + id + "&action=host.armed").expect(200).json();
        JsonNode prefix = admin().get("/api/audit?targetId=" + id + "&action=boot.*").expect(200).json();
        String hostname = host(id).path("hostname").asText();
        JsonNode byActor = admin().get("/api/audit?actor=host:" + hostname).expect(200).json();

        assertThat(exact.path("totalItems").asLong()).isEqualTo(1);
        assertThat(prefix.path("items")).extracting(e -> e.path("action").asText()).containsOnly("boot.install");
        assertThat(byActor.path("items")).extracting(e -> e.path("targetId").asText()).containsOnly(id);
        admin().get("/api/audit?size=0").expect(400);
    }

    private static JsonNode event(List<JsonNode> events, String action) {
        return events.stream().filter(e -> e.path("action").asText().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + events));
    }
}
