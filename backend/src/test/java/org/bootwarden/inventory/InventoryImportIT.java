package org.bootwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inventory imports over real HTTP against real rows: preview writes nothing, apply writes every
 * row in one transaction or nothing (422 with the rows), matching by hostname, duplicates in the
 * file, addresses of other hosts and addresses moving between hosts, hosts with an open ticket,
 * JSON push, CSV and JSON export that import again unchanged, 10,000 rows, size limits, audit.
 */
class InventoryImportIT extends IntegrationTest {

    private static final String HEADER = "hostname,macs,ip,prefixLength,gateway,dns,vlan,firmware,nicDriver,architecture,profile,labels\r\n";

    @Autowired
    HostRepository hostRepository;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.bootwarden.system.SqlDialect dialect;

    @Autowired
    InventoryImport importer;

    // ---- fixtures ---------------------------------------------------------------------------

    /** A CSV row for fixture number {@code n}: hostname inv-n, its own /24 and MAC. */
    private static String row(int n, String labels) {
        return row(n, subnet(n) + ".10", mac(n, 1), labels);
    }

    private static String row(int n, String ip, String macs, String labels) {
        String net = ip.substring(0, ip.lastIndexOf('.'));
        return "inv-" + n + ".it.example," + macs + "," + ip + ",24," + net + ".1,10.0.2.3,,auto,full,x86_64,debian-12," + labels + "\r\n";
    }

    private static String hostname(int n) {
        return "inv-" + n + ".it.example";
    }

    private Http.Response importCsv(Http http, String csv, String mode) {
        return http.send("POST", "/api/hosts/import?mode=" + mode, BodyPublishers.ofString(csv, StandardCharsets.UTF_8), "text/csv");
    }

    private Http.Response importJson(Http http, String json, String mode) {
        return http.send("POST", "/api/hosts/import?mode=" + mode, BodyPublishers.ofString(json, StandardCharsets.UTF_8),
                "application/json");
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(List.of(params)).query(Long.class).single();
    }

    private JsonNode hostByName(String hostname) {
        JsonNode items = admin().get("/api/hosts?q=" + hostname).expect(200).json().path("items");
        for (JsonNode h : items) {
            if (h.path("hostname").asText().equals(hostname)) {
                return h;
            }
        }
        return null;
    }

    /** A host created through the API from the CSV row of fixture {@code n}; returns its id. */
    private String existing(int n, String labelKey, String labelValue) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("hostname", hostname(n));
        h.put("macs", List.of(mac(n, 1)));
        h.put("ip", subnet(n) + ".10");
        h.put("prefixLength", 24);
        h.put("gateway", subnet(n) + ".1");
        h.put("dns", List.of("10.0.2.3"));
        h.put("profile", "debian-12");
        h.put("labels", Map.of(labelKey, labelValue));
        return createHost(h);
    }

    private static List<String> actions(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("rows").forEach(r -> out.add(r.path("action").asText()));
        return out;
    }

    private static List<String> errorFields(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.path("errors").forEach(e -> out.add(e.path("field").asText()));
        return out;
    }

    private static String errorMessage(JsonNode row, String field) {
        for (JsonNode e : row.path("errors")) {
            if (e.path("field").asText().equals(field)) {
                return e.path("message").asText();
            }
        }
        throw new AssertionError("no error at " + field + " in " + row);
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    void shouldPreviewWithoutWritingRefuseAnApplyWithErrorsAndApplyEveryRowOnceFixed() {
        String tag = "tag-" + next();
        int a = next();
        int b = next();
        int n1 = next();
        int n2 = next();
        String aId = existing(a, "import", tag);
        String bId = existing(b, "import", tag);
        int aVersion = host(aId).path("version").asInt();
        String badGateway = row(n2, "import=" + tag).replace(",24," + subnet(n2) + ".1,", ",24,10.250.250.1,");
        String csv = HEADER + row(n1, "import=" + tag)
                + row(a, subnet(a) + ".20", mac(a, 1), "import=" + tag + ";rack=r9")
                + row(b, "import=" + tag)
                + badGateway;

        JsonNode preview = importCsv(admin(), csv, "preview").expect(200).json();
        assertThat(actions(preview)).containsExactly("create", "update", "unchanged", "error");
        JsonNode rows = preview.path("rows");
        assertThat(rows.get(0).path("row").asInt()).isEqualTo(2);
        assertThat(rows.get(0).path("hostname").asText()).isEqualTo(hostname(n1));
        assertThat(rows.get(1).path("changes")).extracting(JsonNode::asText).containsExactly("ip", "labels");
        assertThat(rows.get(2).path("changes")).isEmpty();
        assertThat(errorFields(rows.get(3))).containsExactly("gateway");
        assertThat(errorMessage(rows.get(3), "gateway")).contains("outside the host's subnet");
        assertThat(preview.path("summary").toString()).isEqualTo("{\"create\":1,\"update\":1,\"unchanged\":1,\"skipped\":0,\"error\":1}");
        assertThat(hostByName(hostname(n1))).as("preview writes nothing").isNull();

        Http.Response rejected = importCsv(admin(), csv, "apply").expect(422);
        assertThat(rejected.contentType()).startsWith("application/problem+json");
        JsonNode problem = rejected.json();
        assertThat(problem.path("title").asText()).isEqualTo("Import rejected");
        assertThat(problem.path("detail").asText()).isEqualTo("1 row has errors; nothing was imported");
        assertThat(actions(problem)).containsExactly("create", "update", "unchanged", "error");
        assertThat(problem.path("summary").path("error").asInt()).isEqualTo(1);
        assertThat(hostByName(hostname(n1))).as("a rejected apply writes nothing").isNull();
        assertThat(host(aId).path("ip").asText()).isEqualTo(subnet(a) + ".10");

        String fixed = HEADER + row(n1, "import=" + tag) + row(a, subnet(a) + ".20", mac(a, 1), "import=" + tag + ";rack=r9")
                + row(b, "import=" + tag) + row(n2, "import=" + tag);
        Instant before = Instant.now();
        JsonNode applied = admin().withHeader("X-File-Name", "rack-9.csv").send("POST", "/api/hosts/import?mode=apply",
                BodyPublishers.ofString(fixed, StandardCharsets.UTF_8), "text/csv").expect(200).json();
        assertThat(actions(applied)).containsExactly("create", "update", "unchanged", "create");

        JsonNode created = hostByName(hostname(n1));
        assertThat(created.path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(created.path("macs").get(0).asText()).isEqualTo(mac(n1, 1));
        assertThat(created.path("labels").path("import").asText()).isEqualTo(tag);
        JsonNode updated = host(aId);
        assertThat(updated.path("ip").asText()).isEqualTo(subnet(a) + ".20");
        assertThat(updated.path("labels").path("rack").asText()).isEqualTo("r9");
        assertThat(updated.path("version").asInt()).isEqualTo(aVersion + 1);
        assertThat(host(bId).path("version").asInt()).as("an unchanged host is not written").isEqualTo(1);
        // the importer is the last editor of what the import changed (separation of duties), not of unchanged hosts
        assertThat(hostRepository.lastEdit(created.path("id").asText()).orElseThrow().by()).isEqualTo("admin");
        assertThat(hostRepository.lastEdit(aId).orElseThrow().at()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(hostRepository.lastEdit(bId).orElseThrow().at()).isBefore(before);
        assertThat(count("select count(*) from host_label where label_key = 'import' and label_value = ?", tag)).isEqualTo(4);

        assertThat(auditActionsOf(created.path("id").asText())).containsExactly("host.created");
        List<JsonNode> aAudit = auditOf(aId);
        assertThat(aAudit).extracting(e -> e.path("action").asText()).containsExactly("host.created", "host.updated");
        assertThat(aAudit.get(1).path("summary").asText()).contains("network settings changed").contains("import: CSV rack-9.csv");
        assertThat(aAudit.get(1).path("before").path("ip").asText()).isEqualTo(subnet(a) + ".10");
        assertThat(aAudit.get(1).path("after").path("ip").asText()).isEqualTo(subnet(a) + ".20");
        assertThat(auditActionsOf(bId)).containsExactly("host.created");
        JsonNode summary = admin().get("/api/audit?action=hosts.imported&actor=admin&from=" + before).expect(200).json()
                .path("items").get(0);
        assertThat(summary.path("summary").asText()).isEqualTo("import from CSV rack-9.csv: 2 created, 1 updated, 1 unchanged");
        assertThat(summary.path("after").path("rows").asInt()).isEqualTo(4);
        assertThat(summary.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldFindDuplicatesInTheFileAndAddressesHeldByOtherHosts() {
        int x = next();
        existing(x, "suite", "it");
        int r2 = next();
        int r3 = next();
        int r4 = next();
        int r6 = next();
        int r7 = next();
        int r8 = next();
        int r9 = next();
        String csv = HEADER
                + row(r2, subnet(x) + ".10", mac(r2, 1), "")                   // row 2: x's IP
                + row(r3, subnet(r3) + ".10", mac(r3, 1) + ";" + mac(x, 1), "") // row 3: x's MAC as the second
                + row(r4, "")                                                   // row 4
                + row(r4, subnet(r4) + ".11", mac(r4, 2), "")                   // row 5: hostname of row 4 again
                + row(r6, "")                                                   // row 6
                + row(r7, subnet(r6) + ".10", mac(r7, 1), "")                   // row 7: row 6's IP
                + row(r8, "")                                                   // row 8
                + row(r9, subnet(r9) + ".10", mac(r8, 1), "");                  // row 9: row 8's MAC
        JsonNode rows = importCsv(admin(), csv, "preview").expect(200).json().path("rows");
        assertThat(errorFields(rows.get(0))).containsExactly("ip");
        assertThat(errorMessage(rows.get(0), "ip")).isEqualTo("IP address " + subnet(x) + ".10 is used by host " + hostname(x));
        assertThat(errorFields(rows.get(1))).containsExactly("macs[1]");
        assertThat(errorMessage(rows.get(1), "macs[1]")).isEqualTo("MAC address " + mac(x, 1) + " is used by host " + hostname(x));
        assertThat(rows.get(2).path("action").asText()).isEqualTo("create");
        assertThat(errorMessage(rows.get(3), "hostname")).isEqualTo(hostname(r4) + " is also on row 4");
        assertThat(rows.get(4).path("action").asText()).isEqualTo("create");
        assertThat(errorMessage(rows.get(5), "ip")).isEqualTo("IP address " + subnet(r6) + ".10 is also on row 6");
        assertThat(rows.get(6).path("action").asText()).isEqualTo("create");
        assertThat(errorMessage(rows.get(7), "macs[0]")).isEqualTo("MAC address " + mac(r8, 1) + " is also on row 8");
    }

    @Test
    void shouldMoveAddressesBetweenHostsOfOneImport() {
        int p = next();
        int q = next();
        String pId = existing(p, "suite", "it");
        String qId = existing(q, "suite", "it");
        // P and Q swap their IP addresses (each moves to the other's /24) and their MACs
        String csv = HEADER + row(p, subnet(q) + ".10", mac(q, 1), "suite=it") + row(q, subnet(p) + ".10", mac(p, 1), "suite=it");
        JsonNode preview = importCsv(admin(), csv, "preview").expect(200).json();
        assertThat(actions(preview)).containsExactly("update", "update");
        assertThat(preview.path("rows").get(0).path("changes")).extracting(JsonNode::asText).containsExactly("macs", "ip", "gateway");
        importCsv(admin(), csv, "apply").expect(200);
        assertThat(host(pId).path("ip").asText()).isEqualTo(subnet(q) + ".10");
        assertThat(host(pId).path("macs").get(0).asText()).isEqualTo(mac(q, 1));
        assertThat(host(qId).path("ip").asText()).isEqualTo(subnet(p) + ".10");
        assertThat(host(qId).path("macs").get(0).asText()).isEqualTo(mac(p, 1));
        assertThat(count("select count(*) from host_mac where host_id in (?, ?)", pId, qId)).isEqualTo(2);
    }

    @Test
    void shouldChangeOnlyTheLabelsOfAHostWithAnOpenTicket() {
        String id = armedHost(3);
        JsonNode armed = host(id);
        String name = armed.path("hostname").asText();
        String ticket = armed.path("openTicketId").asText();
        assertThat(ticket).isNotEmpty();
        String newIp = armed.path("ip").asText().replaceAll("\\.10$", ".11");

        JsonNode refused = importCsv(admin(), "hostname,ip,labels\r\n" + name + "," + newIp + ",suite=it;state=armed\r\n", "apply")
                .expect(422).json().path("rows").get(0);
        assertThat(errorFields(refused)).containsExactly("ip");
        assertThat(errorMessage(refused, "ip")).contains("has open ticket " + ticket).contains("labels can");

        JsonNode labelled = importCsv(admin(), "hostname,labels\r\n" + name + ",suite=it;state=armed\r\n", "apply").expect(200).json();
        assertThat(actions(labelled)).containsExactly("update");
        JsonNode after = host(id);
        assertThat(after.path("labels").path("state").asText()).isEqualTo("armed");
        assertThat(after.path("bootState").asText()).isEqualTo("ARMED");
        assertThat(after.path("openTicketId").asText()).isEqualTo(ticket);
        assertThat(after.path("ip").asText()).isEqualTo(armed.path("ip").asText());
        assertThat(after.path("stateChangedAt").asText()).isEqualTo(armed.path("stateChangedAt").asText());
        assertThat(token(id)).as("the boot token is not touched").isNotEmpty();
    }

    @Test
    void shouldImportJsonAndImportItsOwnExportsAgainUnchanged() throws Exception {
        String tag = "json-" + next();
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> h = newHost();
            h.put("labels", Map.of("export", tag, "note", "a, b=c"));
            h.put("vlan", 100 + i);
            body.add(h);
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        assertThat(actions(importJson(admin(), json, "preview").expect(200).json())).containsExactly("create", "create", "create");
        assertThat(actions(importJson(admin(), json, "apply").expect(200).json())).containsExactly("create", "create", "create");

        Http.Response csvExport = admin().get("/api/hosts/export?format=csv&label=export=" + tag).expect(200);
        assertThat(csvExport.contentType()).startsWith("text/csv");
        assertThat(csvExport.header("Content-Disposition")).contains("bootwarden-hosts.csv");
        List<String> lines = csvExport.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0) + "\r\n").isEqualTo(HEADER);
        List<String> names = body.stream().map(h -> (String) h.get("hostname")).sorted().toList();
        assertThat(lines.subList(1, 4)).extracting(l -> l.substring(0, l.indexOf(','))).containsExactlyElementsOf(names);
        JsonNode csvAgain = importCsv(admin(), csvExport.body(), "apply").expect(200).json();
        assertThat(actions(csvAgain)).containsExactly("unchanged", "unchanged", "unchanged");

        Http.Response jsonExport = admin().get("/api/hosts/export?format=json&label=export=" + tag).expect(200);
        assertThat(jsonExport.contentType()).startsWith("application/json");
        assertThat(jsonExport.json()).hasSize(3);
        assertThat(jsonExport.json().get(0).path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(actions(importJson(admin(), jsonExport.body(), "preview").expect(200).json()))
                .containsExactly("unchanged", "unchanged", "unchanged");
        for (JsonNode h : jsonExport.json()) {
            assertThat(h.path("version").asInt()).as("nothing was written by the re-imports").isEqualTo(1);
        }
        assertThat(admin().get("/api/hosts/export?format=xml").expect(400).errorFields()).containsExactly("format");
        assertThat(admin().get("/api/hosts/export?subnet=10.0.0.0").expect(400).json().path("detail").asText()).contains("CIDR");
    }

    @Test
    void shouldImportTenThousandRowsInOneTransactionAndUpdateThemAgain() {
        String tag = "bulk-" + next();
        int base = next() % 50;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 10_000; i++) {
            // 172.(16 + base / 16).x.y/16 of their own, MACs 52:54:ab:...
            String net = "172." + (16 + base % 16) + ".";
            String ip = net + (i / 200) + "." + (i % 200 + 10);
            String macs = String.format("52:54:%02x:%02x:%02x:%02x", 0xa0 + base % 16, base, (i >> 8) & 255, i & 255);
            csv.append("bulk-").append(i).append('.').append(tag).append(".it.example,").append(macs).append(',').append(ip)
                    .append(",16,").append(net).append("255.1,10.0.2.3,,auto,full,x86_64,debian-12,bulk=").append(tag).append("\r\n");
        }
        long started = System.nanoTime();
        JsonNode created = importCsv(admin(), csv.toString(), "apply").expect(200).json();
        Duration createTime = Duration.ofNanos(System.nanoTime() - started);
        assertThat(created.path("summary").path("create").asInt()).isEqualTo(10_000);
        assertThat(count("select count(*) from host_label where label_key = 'bulk' and label_value = ?", tag)).isEqualTo(10_000);
        assertThat(count("select count(*) from host_mac m join host_label l on l.host_id = m.host_id where l.label_key = 'bulk'"
                + " and l.label_value = ?", tag)).isEqualTo(10_000);

        String relabelled = csv.toString().replace("bulk=" + tag + "\r\n", "bulk=" + tag + ";rev=2\r\n");
        started = System.nanoTime();
        JsonNode updated = importCsv(admin(), relabelled, "apply").expect(200).json();
        Duration updateTime = Duration.ofNanos(System.nanoTime() - started);
        assertThat(updated.path("summary").path("update").asInt()).isEqualTo(10_000);
        assertThat(count("select count(*) from host_label where label_key = 'rev' and host_id in"
                + " (select host_id from host_label where label_key = 'bulk' and label_value = ?)", tag)).isEqualTo(10_000);

        Http.Response export = admin().get("/api/hosts/export?label=bulk=" + tag).expect(200);
        assertThat(export.body().lines().count()).isEqualTo(10_001);
        System.out.printf("10,000-row import on %s: create %d ms, update %d ms%n", dialect.product(), createTime.toMillis(),
                updateTime.toMillis());
        // loose: a per-row round trip pattern would take minutes on the slower databases
        assertThat(createTime.plus(updateTime)).isLessThan(Duration.ofMinutes(3));
    }

    @Test
    void shouldRefuseBodiesBeyondTheLimitsAndUnknownModes() {
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        Http.Response tooLarge = admin().send("POST", "/api/hosts/import", BodyPublishers.ofByteArray(huge), "text/csv").expect(413);
        assertThat(tooLarge.json().path("detail").asText()).contains("larger than 10 MiB");

        StringBuilder rows = new StringBuilder("hostname\r\n");
        for (int i = 0; i <= 10_000; i++) {
            rows.append("h").append(i).append(".example\r\n");
        }
        assertThat(importCsv(admin(), rows.toString(), "preview").expect(400).json().path("errors").get(0).path("message").asText())
                .isEqualTo("has 10001 rows; at most 10000 per file");
        assertThat(importCsv(admin(), HEADER, "bogus").expect(400).errorFields()).containsExactly("mode");
        admin().send("POST", "/api/hosts/import", BodyPublishers.ofString("x"), "text/plain").expect(415);
        assertThat(importJson(admin(), "{}", "preview").expect(400).errorFields()).containsExactly("body");
    }

    @Test
    void shouldLetEditorsImportAndNotOperators() {
        String suffix = "-" + next();
        createUser("inv-editor" + suffix, "pw", "EDITOR");
        createUser("inv-operator" + suffix, "pw", "OPERATOR");
        int n = next();
        importCsv(as("inv-operator" + suffix, "pw"), HEADER + row(n, ""), "preview").expect(403);
        assertThat(actions(importCsv(as("inv-editor" + suffix, "pw"), HEADER + row(n, ""), "apply").expect(200).json()))
                .containsExactly("create");
        as("inv-operator" + suffix, "pw").get("/api/hosts/export?q=" + hostname(n)).expect(200);
        as("inv-operator" + suffix, "pw").get("/api/hosts/import/template.csv").expect(200);
        String id = hostByName(hostname(n)).path("id").asText();
        JsonNode actor = admin().get("/api/audit?action=host.created&targetId=" + id).expect(200).json().path("items").get(0);
        assertThat(actor.path("actor").asText()).isEqualTo("inv-editor" + suffix);
        assertThat(hostRepository.lastEdit(id).orElseThrow().by()).isEqualTo("inv-editor" + suffix);
    }

    @Test
    void shouldWriteNothingWhenAHostChangedBetweenCheckAndWrite() throws Exception {
        // apply runs in a transaction of its own (Spring's proxy), so a failure part-way rolls every write back
        assertThat(org.springframework.aop.support.AopUtils.isAopProxy(importer)).isTrue();
        assertThat(InventoryImport.class.getMethod("apply", List.class, InventoryImport.Options.class, InventoryImport.Actor.class)
                .isAnnotationPresent(org.springframework.transaction.annotation.Transactional.class)).isTrue();
        int n = next();
        String id = existing(n, "suite", "it");
        Host h = hostRepository.findById(id).orElseThrow();
        Host moved = new Host(h.id(), h.hostname(), h.macs(), subnet(n) + ".99", h.prefixLength(), h.gateway(), h.dns(), h.vlan(),
                h.firmware(), h.nicDriver(), h.architecture(), h.profile(), h.labels(), h.bootState(), h.stateReason(), h.stateChangedAt(),
                h.installBoots(), h.lastInstallAt(), h.openTicketId(), h.tokenVersion(), h.version() + 1, h.createdAt(), Instant.now());
        List<String> stale = tx.execute(s -> hostRepository.updateInventory(List.of(
                new HostRepository.InventoryChange(moved, h.version() - 1, false, true, false, true)), "it", Instant.now()));
        assertThat(stale).containsExactly(h.hostname());
        assertThat(host(id).path("ip").asText()).isEqualTo(subnet(n) + ".10");
    }
}
