package org.bootwarden.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bootwarden.boot.BootTokens;
import org.bootwarden.system.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seals audit records into a hash chain and verifies it. Records are written without a link
 * (so recording never waits for a global lock); about once a second the sealer appends every
 * unsealed record, oldest first, to the chain: chain_seq = previous + 1, prev_hash = the previous
 * record's row_hash, row_hash = HMAC-SHA256(key, prev_hash + canonical content). The key is
 * derived from the server secret, which is not in the database: whoever can only write the
 * database cannot re-seal a changed record. {@link #verify()} recomputes the chain and names
 * the first broken link: a changed record, a removed one, or a cut-off tail.
 */
@Component
public class AuditChain {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final int BATCH = 2000;
    private static final String CONTENT = "id, occurred_at, actor, source_address, action, target_type, target_id, summary,"
            + " before_state, after_state, credential";

    /** The outcome of a verification. */
    public record Verification(boolean intact, long checked, long unsealed, Long brokenAt, String brokenRecordId, String problem) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final SqlDialect dialect;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final SecretKeySpec key;
    private final String keyCheck;
    private volatile boolean keyMismatchLogged;

    AuditChain(JdbcClient jdbc, JdbcTemplate jdbcTemplate, SqlDialect dialect, TransactionTemplate tx, ObjectMapper json,
            BootTokens tokens) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.dialect = dialect;
        this.tx = tx;
        this.json = json;
        this.key = new SecretKeySpec(tokens.derivedKey("audit-chain"), "HmacSHA256");
        this.keyCheck = HexFormat.of().formatHex(mac().doFinal("bootwarden-audit-chain-key-check".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Thrown when the chain was sealed with another key: this replica's server secret differs. */
    static final class KeyMismatch extends IllegalStateException {
        KeyMismatch() {
            super("the audit chain was sealed with another key: this server's secret differs from the one the other"
                    + " servers on this database use; set BOOTWARDEN_TOKEN_SECRET to the same value on every replica");
        }
    }

    /** Appends every unsealed record to the chain; returns how many were sealed. */
    @Scheduled(fixedDelayString = "${bootwarden.audit.seal-interval:1s}", initialDelayString = "${bootwarden.audit.seal-interval:1s}")
    public long seal() {
        return trySeal().sealed();
    }

    /** How a sealing run went: how many records it sealed, and whether another sealer held the chain. */
    private record Sealing(long sealed, boolean busy) {
    }

    private Sealing trySeal() {
        long total = 0;
        int n;
        try {
            do {
                Integer sealed = tx.execute(status -> sealBatch());
                n = sealed == null ? 0 : sealed;
                total += n;
            } while (n == BATCH);
        } catch (KeyMismatch e) {
            if (!keyMismatchLogged) {
                log.error("audit records are not being sealed: {}", e.getMessage());
                keyMismatchLogged = true;
            }
        } catch (TransientDataAccessException e) {
            // another sealer (a replica, or this one's scheduled run) held the chain's head row longer
            // than the database's lock timeout: it is sealing the same records; the next run goes on
            log.debug("audit sealing skipped this time: the chain is being sealed elsewhere ({})", e.getMessage());
            return new Sealing(total, true);
        }
        return new Sealing(total, false);
    }

    private int sealBatch() {
        // the head row is the chain's lock: one sealer at a time, on any replica
        jdbc.sql("update audit_chain_head set last_seq = last_seq where id = 1").update();
        String check = jdbc.sql("select key_check from audit_chain_head where id = 1").query(String.class).optional().orElse(null);
        if (check == null) {
            jdbc.sql("update audit_chain_head set key_check = ? where id = 1").param(keyCheck).update();
        } else if (!check.equals(keyCheck)) {
            throw new KeyMismatch();
        }
        Object[] head = jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        long seq = (Long) head[0];
        String prev = (String) head[1];
        List<String[]> rows = jdbc.sql("select " + CONTENT + " from audit_event where chain_seq is null order by occurred_at, id"
                + dialect.page(0, BATCH)).query((rs, n) -> contentFrom(rs, 1)).list();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Object[]> updates = new ArrayList<>(rows.size());
        Mac mac = mac();
        for (String[] row : rows) {
            seq++;
            String hash = link(mac, prev, row);
            updates.add(new Object[] {seq, prev, hash, row[0]});
            prev = hash;
        }
        jdbcTemplate.batchUpdate("update audit_event set chain_seq = ?, prev_hash = ?, row_hash = ? where id = ? and chain_seq is null",
                updates);
        jdbc.sql("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1").params(seq, prev).update();
        return rows.size();
    }

    /** Seals what is pending, then recomputes the whole chain. */
    public Verification verify() {
        // whatever is pending is sealed first; while another sealer holds the chain, try again (a few
        // times: what that sealer does not get to is reported as unsealed)
        for (int attempt = 0; attempt < 5 && trySeal().busy(); attempt++) {
            log.debug("audit chain busy, sealing again before verifying");
        }
        String check = jdbc.sql("select key_check from audit_chain_head where id = 1").query(String.class).optional().orElse(null);
        if (check != null && !check.equals(keyCheck)) {
            return broken(0, 0, null, null, new KeyMismatch().getMessage());
        }
        long unsealed = jdbc.sql("select count(*) from audit_event where chain_seq is null").query(Long.class).single();
        Object[] head = jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        long last = (Long) head[0];
        Mac mac = mac();
        String prev = "genesis";
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            long from = expectedSeq;
            List<Object[]> page = jdbc.sql("select chain_seq, prev_hash, row_hash, " + CONTENT + " from audit_event"
                    + " where chain_seq >= ? and chain_seq <= ? order by chain_seq" + dialect.page(0, 5000)).params(from, last)
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), contentFrom(rs, 4)}).list();
            if (page.isEmpty()) {
                break;
            }
            for (Object[] r : page) {
                long seq = (Long) r[0];
                String[] content = (String[]) r[3];
                if (seq != expectedSeq) {
                    return broken(checked, unsealed, expectedSeq, null, "record " + expectedSeq + " of the chain is missing (deleted)");
                }
                if (!prev.equals(r[1])) {
                    return broken(checked, unsealed, seq, content[0], "record " + seq + " does not link to record " + (seq - 1)
                            + " (a record before it was replaced)");
                }
                String hash = link(mac, prev, content);
                if (!hash.equals(r[2])) {
                    return broken(checked, unsealed, seq, content[0], "record " + seq + " (" + content[0]
                            + ") was changed after it was sealed");
                }
                prev = hash;
                expectedSeq++;
                checked++;
            }
        }
        if (checked != last || !prev.equals(head[1])) {
            return broken(checked, unsealed, checked + 1, null, "the chain ends at record " + checked + " but " + head[0]
                    + " were sealed: records at its end were deleted");
        }
        return new Verification(true, checked, unsealed, null, null, null);
    }

    private static Verification broken(long checked, long unsealed, Long at, String id, String problem) {
        log.error("audit chain broken: {}", problem);
        return new Verification(false, checked, unsealed, at, id, problem);
    }

    private String link(Mac mac, String prev, String[] content) {
        try {
            // the credential (V14) is hashed only when set: records sealed before it existed keep their hashes
            List<String> hashed = Arrays.asList(content);
            byte[] canonical = json.writeValueAsBytes(content[10] == null ? hashed.subList(0, 10) : hashed);
            mac.update(prev.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '\n');
            return HexFormat.of().formatHex(mac.doFinal(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] contentFrom(ResultSet rs, int first) throws SQLException {
        String[] c = new String[11];
        for (int i = 0; i < c.length; i++) {
            c[i] = rs.getString(first + i);
        }
        return c;
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
