package org.bootwarden.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Batch jobs over real HTTP: a 200-host CSV import to a zip whose every ISO is checked (both El
 * Torito entries, the host's own script with its MAC, IP and token, the manifest's checksums); a
 * bad CSV that creates nothing; selections by label and subnet; CSV of existing hosts; cancelling a
 * running job; the roles.
 */
class BatchApiIT extends IntegrationTest {

    private static final String HEADER = "hostname,macs,ip,prefixLength,gateway,dns,vlan,firmware,nicDriver,profile,labels\r\n";

    @Autowired
    BatchRunner runner;

    @TempDir
    Path tmp;

    // ---- fixtures ---------------------------------------------------------------------------

    /** A CSV row for a new host with fixture number {@code n} (own /24, own MAC). */
    private static String row(int n, String labels) {
        return "batch-" + n + ".it.example," + mac(n, 1) + ";" + mac(n, 2) + "," + subnet(n) + ".10,24," + subnet(n) + ".1,10.0.2.3,,"
                + (n % 2 == 0 ? "bios" : "uefi") + ",full,debian-12," + labels + "\r\n";
    }

    private Http.Response postCsv(Http http, String csv, String query) {
        return http.send("POST", "/api/batches" + query, BodyPublishers.ofString(csv, StandardCharsets.UTF_8), "text/csv");
    }

    /** Polls the job until it reaches {@code status} (or fails the test after a minute and a half). */
    private JsonNode awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode job;
        do {
            job = admin().get("/api/batches/" + id).expect(200).json();
            if (job.path("status").asText().equals(status)) {
                return job;
            }
            assertThat(job.path("status").asText()).as("job %s", job).isIn("QUEUED", "RUNNING");
            pause();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job did not reach " + status + ": " + job);
    }

    /** The interval between two polls. */
    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(List.of(params)).query(Long.class).single();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    void shouldImport200HostsFromCsvAndZipEachHostsOwnIso() throws Exception {
        int first = next();
        StringBuilder csv = new StringBuilder("\uFEFF").append(HEADER);
        List<Integer> numbers = new ArrayList<>();
        numbers.add(first);
        for (int i = 1; i < 200; i++) {
            numbers.add(next());
        }
        String label = "import=" + first;
        numbers.forEach(n -> csv.append(row(n, label + ";rack=r" + (n % 4))));
        long jobsBefore = count("select count(*) from batch_job");

        Http.Response created = postCsv(admin(), csv.toString(), "?import=true").expect(202);
        JsonNode job = created.json();
        String id = job.path("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/batches/" + id);
        assertThat(job.path("kind").asText()).isEqualTo("CSV_IMPORT");
        assertThat(job.path("total").asInt()).isEqualTo(200);
        assertThat(count("select count(*) from batch_job")).isEqualTo(jobsBefore + 1);
        assertThat(count("select count(*) from host_label where label_key = 'import' and label_value = ?", String.valueOf(first)))
                .isEqualTo(200);

        JsonNode done = awaitStatus(id, "DONE");
        assertThat(done.path("done").asInt()).isEqualTo(200);
        assertThat(done.path("failed").asInt()).isZero();
        assertThat(done.path("finishedAt").isNull()).isFalse();

        Http.Response download = admin().get("/api/batches/" + id + "/zip").expect(200);
        assertThat(download.contentType()).isEqualTo("application/zip");
        assertThat(download.header("Content-Disposition")).contains("bootwarden-batch-" + id + ".zip");
        assertThat(download.bytes().length).isEqualTo(done.path("zip").path("size").asLong());
        assertThat(sha256(download.bytes())).isEqualTo(done.path("zip").path("sha256").asText());

        Map<String, byte[]> entries = unzip(download.bytes());
        assertThat(entries).hasSize(202).containsKeys("manifest.csv", "manifest.json");
        List<String> manifest = new String(entries.get("manifest.csv"), StandardCharsets.UTF_8).lines().toList();
        assertThat(manifest).hasSize(201);
        assertThat(manifest.get(0)).isEqualTo("hostname,macs,ip,file,sha256,error");
        JsonNode json = new ObjectMapper().readTree(entries.get("manifest.json")).path("hosts");
        assertThat(json).hasSize(200);

        // every ISO: the manifest's checksum, both El Torito entries, the host's own script
        List<String[]> extract = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = numbers.get(i);
            String hostname = "batch-" + n + ".it.example";
            String[] m = manifest.get(i + 1).split(",", -1);
            assertThat(m).containsExactly(hostname, mac(n, 1) + " " + mac(n, 2), subnet(n) + ".10", hostname + ".iso", m[4], "");
            byte[] iso = entries.get(hostname + ".iso");
            assertThat(iso).as(hostname).isNotNull();
            assertThat(sha256(iso)).as("checksum of %s", hostname).isEqualTo(m[4]);
            assertThat(json.get(i).path("sha256").asText()).isEqualTo(m[4]);
            assertThat(bootCatalogPlatforms(iso)).as("El Torito entries of %s", hostname).containsExactly("BIOS", "UEFI");
            Path file = Files.write(tmp.resolve(hostname + ".iso"), iso);
            extract.add(new String[] {file.toString(), tmp.resolve(hostname + ".ipxe").toString()});
        }
        extractScripts(extract);
        for (int n : numbers) {
            String hostname = "batch-" + n + ".it.example";
            String hostId = jdbc.sql("select id from host where hostname = ?").param(hostname).query(String.class).single();
            String script = Files.readString(tmp.resolve(hostname + ".ipxe"));
            assertThat(script).as(hostname).contains(mac(n, 1)).contains(mac(n, 2)).contains(subnet(n) + ".10")
                    .contains("/boot/" + hostId + "/" + token(hostId) + "/script");
        }

        assertThat(auditActionsOf(id)).containsSubsequence("batch.hosts-imported", "batch.created", "batch.finished",
                "batch.zip-downloaded");
        JsonNode imported = auditOf(id).stream().filter(e -> "batch.hosts-imported".equals(e.path("action").asText())).findFirst()
                .orElseThrow();
        assertThat(imported.path("after").path("rows").asInt()).isEqualTo(200);
        JsonNode names = imported.path("after").path("hostnames");
        assertThat(names).as("the first 100 hostnames, then how many more").hasSize(101);
        assertThat(names.get(100).asText()).isEqualTo("\u2026 and 100 more");
        assertThat(auditOf(id).get(0).path("actor").asText()).isEqualTo("admin");
    }

    @Test
    void shouldRefuseABadCsvWithEveryBadRowAndCreateNothing() {
        int taken = next();
        createHost(Map.of("hostname", "taken-" + taken + ".it.example", "macs", List.of(mac(taken, 1)), "ip", subnet(taken) + ".10",
                "prefixLength", 24, "gateway", subnet(taken) + ".1", "dns", List.of("10.0.2.3"), "profile", "debian-12"));
        int a = next();
        int b = next();
        int c = next();
        int d = next();
        String csv = HEADER
                + row(a, "")                                                            // row 2: good
                + row(b, "").replace(subnet(b) + ".10,", subnet(b) + ".300,")            // row 3: bad IP
                + row(c, "").replace(mac(c, 1), mac(taken, 1))                          // row 4: MAC of an existing host
                + row(d, "").replace("batch-" + d, "batch-" + a)                          // row 5: hostname as row 2
                + row(next(), "").replace("debian-12", "no-such-profile")               // row 6: unknown profile
                + row(next(), "k=<script>alert(1)</script>")                            // row 7: hostile label
                + row(next(), "").replace(",24,", ",=1+23,");                           // row 8: formula
        long hosts = count("select count(*) from host");
        long jobs = count("select count(*) from batch_job");
        long audits = count("select count(*) from audit_event where action like 'batch.%'");

        Http.Response r = postCsv(admin(), csv, "?import=true").expect(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorFields()).containsExactly("row 3: ip", "row 4: macs[0]", "row 5: hostname", "row 6: profile",
                "row 7: labels.k", "row 8: prefixLength");
        assertThat(r.json().path("errors").get(2).path("message").asText()).contains("also on row 2");
        assertThat(r.json().path("errors").get(1).path("message").asText()).contains("already used by host");

        assertThat(count("select count(*) from host")).isEqualTo(hosts);
        assertThat(count("select count(*) from host where hostname = ?", "batch-" + a + ".it.example")).isZero();
        assertThat(count("select count(*) from batch_job")).isEqualTo(jobs);
        assertThat(count("select count(*) from audit_event where action like 'batch.%'")).isEqualTo(audits);

        // not UTF-8: refused with what to do, nothing created
        byte[] latin1 = (HEADER + row(next(), "owner=Jos\u00e9")).getBytes(StandardCharsets.ISO_8859_1);
        Http.Response enc = admin().send("POST", "/api/batches?import=true", BodyPublishers.ofByteArray(latin1), "text/csv").expect(400);
        assertThat(enc.errorFields()).containsExactly("row 2");
        assertThat(enc.json().path("detail").asText()).contains("not valid UTF-8");
        assertThat(count("select count(*) from host")).isEqualTo(hosts);
        assertThat(count("select count(*) from batch_job")).isEqualTo(jobs);
    }

    @Test
    void shouldAcceptAMultipartUploadAndServeTheTemplate() throws Exception {
        Http.Response template = admin().get("/api/batches/template.csv").expect(200);
        assertThat(template.contentType()).startsWith("text/csv");
        assertThat(template.body()).startsWith("hostname,macs,ip,prefixLength,gateway,dns,vlan,firmware,nicDriver,architecture,profile,"
                + "labels\r\n");

        int n = next();
        String boundary = "bw" + n;
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lab.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + HEADER + row(n, "") + "\r\n--" + boundary + "--\r\n";
        Http.Response r = admin().send("POST", "/api/batches?import=true&compression=none", BodyPublishers.ofString(body),
                "multipart/form-data; boundary=" + boundary).expect(202);
        assertThat(r.json().path("description").asText()).isEqualTo("CSV lab.csv: 1 rows, hosts imported");
        assertThat(r.json().path("compression").asText()).isEqualTo("none");
        awaitStatus(r.json().path("id").asText(), "DONE");
    }

    @Test
    void shouldBuildSelectionsByLabelAndSubnetAndCsvsOfExistingHosts() throws Exception {
        int n = next();
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> h = newHost();
            h.put("labels", new LinkedHashMap<>(Map.of("sel", String.valueOf(n), "tier", i == 2 ? "db" : "web")));
            ids.add(createHost(h));
            names.add((String) h.get("hostname"));
        }
        String subnetOfFirst = host(ids.get(0)).path("ip").asText().replaceAll("\\.[0-9]+$", ".0/24");

        JsonNode byLabel = admin().post("/api/batches", Map.of("labels", List.of("sel=" + n))).expect(202).json();
        assertThat(byLabel.path("total").asInt()).isEqualTo(3);
        JsonNode twoLabels = admin().post("/api/batches", Map.of("labels", List.of("sel=" + n, "tier=web"))).expect(202).json();
        assertThat(twoLabels.path("total").asInt()).isEqualTo(2);
        JsonNode bySubnet = admin().post("/api/batches", Map.of("subnet", subnetOfFirst, "state", "LOCAL", "profile", "debian-12"))
                .expect(202).json();
        assertThat(bySubnet.path("total").asInt()).isEqualTo(1);
        assertThat(bySubnet.path("description").asText()).contains("subnet=" + subnetOfFirst);

        awaitStatus(twoLabels.path("id").asText(), "DONE");
        Map<String, byte[]> zip = unzip(admin().get("/api/batches/" + twoLabels.path("id").asText() + "/zip").expect(200).bytes());
        assertThat(zip.keySet()).containsExactlyInAnyOrder(names.get(0) + ".iso", names.get(1) + ".iso", "manifest.csv", "manifest.json");
        awaitStatus(bySubnet.path("id").asText(), "DONE");
        awaitStatus(byLabel.path("id").asText(), "DONE");

        // a CSV naming existing hosts (hostname only, or with matching ip/macs)
        String existing = "hostname,ip\n" + names.get(2).toUpperCase() + "," + host(ids.get(2)).path("ip").asText() + "\n" + names.get(0) + ",\n";
        JsonNode csvJob = postCsv(admin(), existing, "").expect(202).json();
        assertThat(csvJob.path("kind").asText()).isEqualTo("CSV");
        assertThat(csvJob.path("total").asInt()).isEqualTo(2);
        awaitStatus(csvJob.path("id").asText(), "DONE");
        Http.Response wrong = postCsv(admin(), "hostname,ip\n" + names.get(0) + ",10.9.9.9\nnobody-" + n + ".example,\n", "").expect(400);
        assertThat(wrong.errorFields()).containsExactly("row 2: ip", "row 3: hostname");

        Http.Response empty = admin().post("/api/batches", Map.of()).expect(400);
        assertThat(empty.errorFields()).containsExactly("selection");
        assertThat(admin().post("/api/batches", Map.of("labels", List.of("sel=none-" + n))).expect(400).json().path("detail").asText())
                .contains("no host matches");
        assertThat(admin().post("/api/batches", Map.of("subnet", "10.0.0.0/33")).expect(400).json().path("detail").asText())
                .contains("CIDR");
        JsonNode list = admin().get("/api/batches?status=DONE&size=500").expect(200).json();
        assertThat(list.path("items").findValuesAsText("id")).contains(byLabel.path("id").asText(), csvJob.path("id").asText());
    }

    @Test
    void shouldCancelARunningJobBetweenHostsAndLeaveNoZip() throws Exception {
        int n = next();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> h = newHost();
            h.put("labels", new LinkedHashMap<>(Map.of("cancel", String.valueOf(n))));
            createHost(h);
        }
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> held = new AtomicReference<>();
        runner.beforeHost = (jobId, position) -> {
            if (position == 3 && held.compareAndSet(null, jobId)) {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            String id = admin().post("/api/batches", Map.of("labels", List.of("cancel=" + n))).expect(202).json().path("id").asText();
            assertThat(reached.await(60, TimeUnit.SECONDS)).as("job reached host 3").isTrue();
            assertThat(held.get()).isEqualTo(id);
            assertThat(admin().get("/api/batches/" + id + "/zip").expect(409).json().path("detail").asText()).contains("RUNNING");

            JsonNode cancelling = admin().post("/api/batches/" + id + "/cancel", null).expect(200).json();
            assertThat(cancelling.path("status").asText()).isEqualTo("RUNNING");
            assertThat(cancelling.path("cancelRequested").asBoolean()).isTrue();
            release.countDown();

            JsonNode cancelled = awaitStatus(id, "CANCELLED");
            // host 3 was being started when the cancel came: it finishes, nothing after it starts
            assertThat(cancelled.path("done").asInt()).isEqualTo(4);
            assertThat(cancelled.path("zip").isNull()).isTrue();
            try (Stream<Path> files = Files.list(dataDir().resolve("batches"))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.contains(id));
            }
            admin().get("/api/batches/" + id + "/zip").expect(409);
            admin().post("/api/batches/" + id + "/cancel", null).expect(409);
            assertThat(auditActionsOf(id)).containsSubsequence("batch.created", "batch.cancelled", "batch.finished");
        } finally {
            release.countDown();
            runner.beforeHost = (jobId, position) -> {
            };
        }
    }

    @Test
    void shouldListAFailedHostWithItsReasonWhileTheJobRunsAndAfterwards() throws Exception {
        int n = next();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> h = newHost();
            h.put("labels", new LinkedHashMap<>(Map.of("failing", String.valueOf(n))));
            ids.add(createHost(h));
        }
        // the job builds in hostname order; the second host is deleted while the first one is built
        List<JsonNode> ordered = ids.stream().map(this::host).sorted(java.util.Comparator.comparing(h -> h.path("hostname").asText()))
                .toList();
        CountDownLatch atLast = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String deleted = ordered.get(1).path("id").asText();
        // the runner may start the job before the POST has answered: the job is known by its hosts
        runner.beforeHost = (jobId, position) -> {
            if (jdbc.sql("select count(*) from batch_job_host where job_id = ? and host_id = ?").params(jobId, deleted)
                    .query(Long.class).single() == 0) {
                return;
            }
            if (position == 0) {
                admin().delete("/api/hosts/" + deleted + "?version=" + ordered.get(1).path("version").asInt()).expect(204);
            } else if (position == 2) {
                atLast.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            String id = admin().post("/api/batches", Map.of("labels", List.of("failing=" + n), "compression", "none")).expect(202).json()
                    .path("id").asText();
            assertThat(atLast.await(60, TimeUnit.SECONDS)).as("job reached its last host").isTrue();

            JsonNode running = admin().get("/api/batches/" + id + "/failures").expect(200).json();
            assertThat(admin().get("/api/batches/" + id).expect(200).json().path("status").asText()).isEqualTo("RUNNING");
            assertThat(running.path("totalItems").asInt()).isEqualTo(1);
            JsonNode failure = running.path("items").get(0);
            assertThat(failure.path("position").asInt()).isEqualTo(1);
            assertThat(failure.path("hostname").asText()).isEqualTo(ordered.get(1).path("hostname").asText());
            assertThat(failure.path("hostId").asText()).isEqualTo(ordered.get(1).path("id").asText());
            assertThat(failure.path("error").asText()).isEqualTo("host was deleted after the batch job was created");
            release.countDown();

            JsonNode done = awaitStatus(id, "DONE");
            assertThat(done.path("done").asInt()).isEqualTo(2);
            assertThat(done.path("failed").asInt()).isEqualTo(1);
            assertThat(admin().get("/api/batches/" + id + "/failures?size=1&page=0").expect(200).json().path("items"))
                    .extracting(f -> f.path("hostname").asText()).containsExactly(ordered.get(1).path("hostname").asText());
            assertThat(admin().get("/api/batches/" + id + "/failures?page=1&size=1").expect(200).json().path("items")).isEmpty();
            admin().get("/api/batches/" + id + "/failures?size=0").expect(400);
            admin().get("/api/batches/00000000-0000-0000-0000-000000000000/failures").expect(404);
        } finally {
            release.countDown();
            runner.beforeHost = (jobId, position) -> {
            };
        }
    }

    @Test
    void shouldLetEditorsImportButOnlyOperatorsBuildExistingHostsAndDownload() {
        String suffix = "-" + next();
        createUser("editor" + suffix, "pw", "EDITOR");
        createUser("operator" + suffix, "pw", "OPERATOR");
        createUser("auditor" + suffix, "pw", "AUDITOR");
        Http editor = as("editor" + suffix, "pw");
        Http operator = as("operator" + suffix, "pw");
        int n = next();

        JsonNode job = postCsv(editor, HEADER + row(n, ""), "?import=true").expect(202).json();
        assertThat(job.path("requester").asText()).isEqualTo("editor" + suffix);
        Http.Response refused = postCsv(operator, HEADER + row(next(), ""), "?import=true").expect(403);
        assertThat(refused.json().path("detail").asText()).contains("EDITOR or ADMIN");
        postCsv(editor, "hostname\nbatch-" + n + ".it.example\n", "").expect(403);
        editor.post("/api/batches", Map.of("all", true)).expect(403);
        JsonNode done = awaitStatus(job.path("id").asText(), "DONE");
        editor.get("/api/batches/" + done.path("id").asText() + "/zip").expect(403);
        as("auditor" + suffix, "pw").get("/api/batches/" + done.path("id").asText()).expect(200);
        as("auditor" + suffix, "pw").get("/api/batches/" + done.path("id").asText() + "/zip").expect(403);
        operator.get("/api/batches/" + done.path("id").asText() + "/zip").expect(200);
        anonymous().get("/api/batches").expect(401);
    }

    // ---- ISO structure ----------------------------------------------------------------------

    /**
     * The platforms of the bootable El Torito entries, read from the boot catalog that the ISO's
     * Boot Record Volume Descriptor (sector 17) points to: {@code BIOS} for platform 0 (x86),
     * {@code UEFI} for platform 0xEF.
     */
    static List<String> bootCatalogPlatforms(byte[] iso) {
        ByteBuffer b = ByteBuffer.wrap(iso).order(ByteOrder.LITTLE_ENDIAN);
        int brvd = 17 * 2048;
        assertThat(iso[brvd]).as("boot record descriptor type").isEqualTo((byte) 0);
        assertThat(new String(iso, brvd + 1, 5, StandardCharsets.US_ASCII)).isEqualTo("CD001");
        assertThat(new String(iso, brvd + 7, 23, StandardCharsets.US_ASCII)).isEqualTo("EL TORITO SPECIFICATION");
        int catalog = b.getInt(brvd + 0x47) * 2048;
        assertThat(iso[catalog]).as("validation entry").isEqualTo((byte) 1);
        assertThat(iso[catalog + 30] & 0xff).isEqualTo(0x55);
        assertThat(iso[catalog + 31] & 0xff).isEqualTo(0xAA);
        List<String> platforms = new ArrayList<>();
        if ((iso[catalog + 32] & 0xff) == 0x88) {
            platforms.add(platform(iso[catalog + 1] & 0xff));
        }
        int at = catalog + 64;
        while (at + 32 <= catalog + 2048) {
            int header = iso[at] & 0xff;
            if (header != 0x90 && header != 0x91) {
                break;
            }
            int platform = iso[at + 1] & 0xff;
            int entries = (iso[at + 2] & 0xff) | (iso[at + 3] & 0xff) << 8;
            for (int e = 0; e < entries; e++) {
                at += 32;
                if ((iso[at] & 0xff) == 0x88) {
                    platforms.add(platform(platform));
                }
            }
            at += 32;
            if (header == 0x91) {
                break;
            }
        }
        return platforms;
    }

    private static String platform(int id) {
        return switch (id) {
            case 0 -> "BIOS";
            case 0xEF -> "UEFI";
            default -> "platform " + id;
        };
    }

    /** {@code /boot.ipxe} of every ISO, extracted by one xorriso run: {iso, target} pairs. */
    private static void extractScripts(List<String[]> isoAndTarget) throws Exception {
        List<String> argv = new ArrayList<>(List.of("xorriso", "-osirrox", "on"));
        for (String[] p : isoAndTarget) {
            argv.addAll(List.of("-indev", p[0], "-extract", "/boot.ipxe", p[1]));
        }
        Process proc = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as(out).isZero();
    }
}
