package org.bootwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The audit log's hash chain: records are sealed shortly after they are written, and changing,
 * removing or cutting off sealed records in the database is detected and named. Each test puts
 * the database back as it found it (the chain is shared by all integration tests).
 */
class AuditChainIT extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void shouldSealRecordsAndFindTheChainIntact() {
        String hostId = createHost(newHost());
        JsonNode v = verify();
        assertThat(v.path("intact").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.path("checked").asLong()).isPositive();
        assertThat(v.path("unsealed").asLong()).isZero();
        Map<String, Object> row = row("host.created", hostId);
        assertThat(row.get("chain_seq")).isNotNull();
        assertThat((String) row.get("row_hash")).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldNameARecordChangedAfterItWasSealed() {
        String hostId = createHost(newHost());
        verify();
        Map<String, Object> row = row("host.created", hostId);
        jdbc.sql("update audit_event set summary = ? where id = ?").params("nothing to see here", row.get("id")).update();
        try {
            JsonNode v = verify();
            assertThat(v.path("intact").asBoolean()).isFalse();
            assertThat(v.path("brokenRecordId").asText()).isEqualTo(row.get("id"));
            assertThat(v.path("problem").asText()).contains("was changed after it was sealed");
            assertThat(v.path("brokenAt").asLong()).isEqualTo(((Number) row.get("chain_seq")).longValue());
        } finally {
            jdbc.sql("update audit_event set summary = ? where id = ?").params(row.get("summary"), row.get("id")).update();
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    void shouldNoticeADeletedRecordInTheMiddleAndAtTheEnd() {
        String hostId = createHost(newHost());
        admin().post("/api/hosts/" + hostId + "/rotate-token", Map.of("reason", "a second record after the first")).expect(200);
        verify();
        Map<String, Object> middle = row("host.created", hostId);
        deleteAndExpect(middle, "of the chain is missing (deleted)");

        createHost(newHost());
        verify();
        Map<String, Object> last = lowerCaseKeys(jdbc.sql("select * from audit_event where chain_seq ="
                + " (select max(chain_seq) from audit_event)").query().singleRow());
        deleteAndExpect(last, "records at its end were deleted");
    }

    @Test
    void shouldRefuseToSealWithAnotherReplicasKey() {
        verify();
        String ours = jdbc.sql("select key_check from audit_chain_head where id = 1").query(String.class).single();
        jdbc.sql("update audit_chain_head set key_check = ? where id = 1").param("0".repeat(64)).update();
        try {
            String hostId = createHost(newHost());
            JsonNode v = verify();
            assertThat(v.path("intact").asBoolean()).isFalse();
            assertThat(v.path("problem").asText()).contains("set BOOTWARDEN_TOKEN_SECRET to the same value on every replica");
            assertThat(row("host.created", hostId).get("chain_seq")).as("not sealed with a foreign key").isNull();
        } finally {
            jdbc.sql("update audit_chain_head set key_check = ? where id = 1").param(ours).update();
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    void shouldVerifyWhileAnotherSealerHoldsTheChain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("BOOTWARDEN_DB_URL") == null,
                "H2 only: its lock timeout is a second (MariaDB waits 50 s, PostgreSQL for ever)");
        verify();
        String hostId = createHost(newHost());
        // another sealer's transaction holds the chain's head row (as a replica sealing a large backlog would)
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("update audit_chain_head set last_seq = last_seq where id = 1");
            }
            JsonNode busy = verify();
            assertThat(busy.path("intact").asBoolean()).as("what is sealed is intact: " + busy).isTrue();
            assertThat(busy.path("unsealed").asLong()).as("the new record waits for the other sealer").isPositive();
            assertThat(row("host.created", hostId).get("chain_seq")).isNull();
            other.rollback();
        }
        JsonNode v = verify();
        assertThat(v.path("intact").asBoolean()).isTrue();
        assertThat(v.path("unsealed").asLong()).isZero();
        assertThat(row("host.created", hostId).get("chain_seq")).isNotNull();
    }

    @Test
    void shouldExportCsvAndJsonWithTheChainLinks() {
        String hostId = createHost(newHost());
        verify();
        var csv = admin().get("/api/audit/export?format=csv&targetId=" + hostId).expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("bootwarden-audit.csv");
        assertThat(csv.body().lines().findFirst().orElseThrow()).isEqualTo("chain_seq,id,occurred_at,actor,source_address,action,"
                + "target_type,target_id,summary,before_state,after_state,credential,prev_hash,row_hash");
        assertThat(csv.body()).contains(",host.created,host," + hostId + ",");

        JsonNode json = admin().get("/api/audit/export?format=json&targetId=" + hostId).expect(200).json();
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).path("action").asText()).isEqualTo("host.created");
        assertThat(json.get(0).path("row_hash").asText()).hasSize(64);
        assertThat(admin().get("/api/audit/export?format=xml").expect(400).errorFields()).containsExactly("format");
    }

    private void deleteAndExpect(Map<String, Object> row, String problem) {
        jdbc.sql("delete from audit_event where id = ?").param(row.get("id")).update();
        try {
            JsonNode v = verify();
            assertThat(v.path("intact").asBoolean()).as(v.toString()).isFalse();
            assertThat(v.path("problem").asText()).contains(problem);
        } finally {
            jdbc.sql("insert into audit_event (id, occurred_at, actor, source_address, action, target_type, target_id, summary,"
                    + " before_state, after_state, credential, chain_seq, prev_hash, row_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(row.get("id"), row.get("occurred_at"), row.get("actor"), row.get("source_address"), row.get("action"),
                            row.get("target_type"), row.get("target_id"), row.get("summary"), row.get("before_state"),
                            row.get("after_state"), row.get("credential"), row.get("chain_seq"), row.get("prev_hash"), row.get("row_hash"))
                    .update();
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    private JsonNode verify() {
        return admin().get("/api/audit/verify").expect(200).json();
    }

    private Map<String, Object> row(String action, String targetId) {
        return lowerCaseKeys(jdbc.sql("select * from audit_event where action = ? and target_id = ?").params(action, targetId)
                .query().singleRow());
    }

    /** Column names as the database reports them (upper case on H2) -> lower case; values may be null. */
    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> m = new java.util.HashMap<>();
        row.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return m;
    }
}
