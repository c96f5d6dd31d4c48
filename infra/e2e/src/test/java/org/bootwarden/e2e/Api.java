package org.bootwarden.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A small client for the packaged server: {@code /api/**} with HTTP Basic {@code admin:<password>},
 * boot endpoints without credentials (as a machine calls them). Unexpected answers fail with
 * the method, URL, status, body and the server log's tail.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String authorization;
    private final Supplier<String> serverLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(String baseUrl, String user, String password, Supplier<String> serverLog) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.serverLog = serverLog;
    }

    // ---- hosts ---------------------------------------------------------------------------

    /** {@code POST /api/hosts} -> 201 with the host (its {@code id}, {@code bootState}). */
    JsonNode createHost(Object json) {
        return expectJson(send("POST", "/api/hosts", json), 201);
    }

    JsonNode getHost(String id) {
        return expectJson(send("GET", "/api/hosts/" + id, null), 200);
    }

    String bootState(String id) {
        return getHost(id).path("bootState").asText();
    }

    /** {@code DELETE /api/hosts/{id}}: any 2xx. */
    void deleteHost(String id) {
        HttpResponse<String> response = send("DELETE", "/api/hosts/" + id, null);
        expect(response, 200, 202, 204);
    }

    /** {@code POST /api/hosts/{id}/arm} with {@code {"reason": ...}}: any 2xx. */
    JsonNode arm(String id, String reason) {
        ObjectNode body = JSON.createObjectNode().put("reason", reason);
        HttpResponse<String> response = send("POST", "/api/hosts/" + id + "/arm", body);
        expect(response, 200, 201, 202, 204);
        return parse(response);
    }

    /** {@code POST /api/hosts/{id}/disarm} with {@code {"reason": ...}}: any 2xx. */
    JsonNode disarm(String id, String reason) {
        ObjectNode body = JSON.createObjectNode().put("reason", reason);
        HttpResponse<String> response = send("POST", "/api/hosts/" + id + "/disarm", body);
        expect(response, 200, 201, 202, 204);
        return parse(response);
    }

    /**
     * Removes a test's host whatever state the test left it in, so the next test can reuse the
     * guest's IP and MAC: an INSTALLING host reports a failed install (-> HELD), ARMED or HELD
     * hosts are disarmed, then the host is deleted.
     */
    void removeHost(String id) {
        String state = bootState(id);
        if ("INSTALLING".equals(state)) {
            getAnonymous("/boot/" + id + "/" + bootToken(id) + "/failed?reason=e2e-cleanup");
            state = bootState(id);
        }
        if ("ARMED".equals(state) || "HELD".equals(state)) {
            disarm(id, "e2e cleanup");
        }
        deleteHost(id);
    }

    /** The host's boot token, read from its client script ({@code .../boot/{id}/{token}/script}). */
    String bootToken(String id) {
        String script = clientScript(id);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("/boot/" + java.util.regex.Pattern.quote(id) + "/([^/\\s?]+)/script").matcher(script);
        if (!m.find()) {
            throw new AssertionError("client script of host " + id + " names no /boot/" + id
                    + "/{token}/script URL:\n" + script);
        }
        return m.group(1);
    }

    /** {@code GET /api/hosts/{id}/script}: the client iPXE script embedded in the host's ISO. */
    String clientScript(String id) {
        HttpResponse<String> response = send("GET", "/api/hosts/" + id + "/script", null);
        expect(response, 200);
        return response.body();
    }

    /**
     * {@code GET /api/hosts/{id}/iso} into {@code target}; waits while the server answers 202
     * (still building). Checks the result is an ISO 9660 image.
     */
    Path downloadIso(String id, Path target) {
        return downloadImage(id, "iso", target);
    }

    /** {@code GET /api/hosts/{id}/usb}: the same hybrid image, scripted for booting from a USB stick. */
    Path downloadUsb(String id, Path target) {
        return downloadImage(id, "usb", target);
    }

    /**
     * {@code GET /api/hosts/{id}/floppy}: the 1.44 MB BIOS floppy image. Checks its size and boot
     * signature.
     */
    Path downloadFloppy(String id, Path target) {
        return downloadImage(id, "floppy", target, Api::checkFloppy);
    }

    private Path downloadImage(String id, String kind, Path target) {
        return downloadImage(id, kind, target, Api::checkIso);
    }

    private Path downloadImage(String id, String kind, Path target, java.util.function.Consumer<Path> check) {
        URI uri = uri("/api/hosts/" + id + "/" + kind);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<Path> response = call(authorized(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() == 200) {
                check.accept(target);
                return target;
            }
            if (response.statusCode() != 202 || System.nanoTime() > deadline) {
                throw new AssertionError("GET " + uri + " -> " + response.statusCode() + ": "
                        + readQuietly(target) + "\nserver log (tail):\n" + serverLog.get());
            }
            E2E.sleep(Duration.ofMillis(500));
        }
    }

    // ---- users, tickets, tasks --------------------------------------------------------------

    /** {@code POST /api/users} -> 201: a local user with these roles. */
    JsonNode createUser(String username, String password, String... roles) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        java.util.Arrays.stream(roles).forEach(body.putArray("roles")::add);
        return expectJson(send("POST", "/api/users", body), 201);
    }

    /** The same server as another user. */
    Api as(String user, String password) {
        return new Api(baseUrl, user, password, serverLog);
    }

    /** {@code POST /api/tickets} -> 201: the ticket. */
    JsonNode submitTicket(String hostId, String reason) {
        ObjectNode body = JSON.createObjectNode().put("hostId", hostId).put("reason", reason);
        return expectJson(send("POST", "/api/tickets", body), 201);
    }

    /** {@code GET /api/tickets/{id}}: the ticket, its open tasks and its timeline. */
    JsonNode ticket(String id) {
        return expectJson(send("GET", "/api/tickets/" + id, null), 200);
    }

    /** The caller's group task of the ticket with this key (waits up to the API timeout for it). */
    JsonNode task(String ticketId, String key) {
        return E2E.await("task " + key + " of ticket " + ticketId, TIMEOUT, () -> {
            JsonNode page = expectJson(send("GET", "/api/tasks?ticket=" + ticketId, null), 200);
            for (JsonNode t : page.path("items")) {
                if (key.equals(t.path("key").asText())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }, () -> ticket(ticketId).toString());
    }

    /** {@code POST /api/tasks/{id}/complete} -> 200: the ticket as the workflow left it. */
    JsonNode completeTask(String taskId, String outcome, String comment) {
        ObjectNode body = JSON.createObjectNode().put("outcome", outcome).put("comment", comment);
        return expectJson(send("POST", "/api/tasks/" + taskId + "/complete", body), 200);
    }

    /** Waits (up to {@code timeout}) for the ticket's status. */
    JsonNode awaitTicketStatus(String id, String status, Duration timeout) {
        return E2E.await("ticket " + id + " status " + status, timeout,
                () -> Optional.of(ticket(id)).filter(t -> status.equals(t.path("ticket").path("status").asText())),
                () -> ticket(id).toString());
    }

    /** A GET with the caller's credentials that must answer 200 with JSON. */
    JsonNode getJson(String path) {
        return expectJson(send("GET", path, null), 200);
    }

    // ---- profiles ------------------------------------------------------------------------

    /** {@code POST /api/profiles} -> 201; 409 (already there) is accepted and yields null. */
    JsonNode createProfile(Object json) {
        HttpResponse<String> response = send("POST", "/api/profiles", json);
        if (response.statusCode() == 409) {
            return null;
        }
        return expectJson(response, 201);
    }

    /** {@code GET /api/profiles/{name}} -> 200. */
    JsonNode getProfile(String name) {
        return expectJson(send("GET", "/api/profiles/" + name, null), 200);
    }

    // ---- batches -------------------------------------------------------------------------

    /** {@code POST /api/batches?QUERY} with the CSV as {@code text/csv}: 202 and the job. */
    JsonNode createBatch(String query, String csv) {
        HttpRequest request = authorized(uri("/api/batches" + query)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build();
        return expectJson(call(request, HttpResponse.BodyHandlers.ofString()), 202);
    }

    /** Waits (up to {@code timeout}) until the batch job is DONE; fails at once if it ends otherwise. */
    JsonNode awaitBatchDone(String id, Duration timeout) {
        return E2E.await("batch job " + id + " DONE", timeout, () -> {
            JsonNode job = expectJson(send("GET", "/api/batches/" + id, null), 200);
            String status = job.path("status").asText();
            if (!status.equals("DONE") && !status.equals("QUEUED") && !status.equals("RUNNING")) {
                throw new AssertionError("batch job ended " + job);
            }
            return status.equals("DONE") ? Optional.of(job) : Optional.empty();
        }, () -> send("GET", "/api/batches/" + id, null).body());
    }

    /** {@code GET /api/hosts?QUERY}: one page of hosts. */
    JsonNode searchHosts(String query) {
        return expectJson(send("GET", "/api/hosts?" + query, null), 200);
    }

    /** {@code GET /api/batches/{id}/zip} into {@code target}. */
    Path downloadBatchZip(String id, Path target) {
        HttpResponse<Path> response = call(authorized(uri("/api/batches/" + id + "/zip")).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/batches/" + id + "/zip -> " + response.statusCode() + ": " + readQuietly(target));
        }
        return target;
    }

    // ---- audit ---------------------------------------------------------------------------

    /** {@code GET /api/audit?targetId=ID&size=200} -> the {@code items}. */
    List<JsonNode> audit(String targetId) {
        JsonNode page = expectJson(send("GET", "/api/audit?targetId="
                + URLEncoder.encode(targetId, StandardCharsets.UTF_8) + "&size=200", null), 200);
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    List<String> auditActions(String targetId) {
        return audit(targetId).stream().map(item -> item.path("action").asText()).toList();
    }

    /** Waits (up to {@code timeout}) for an audit entry with {@code action} for the host. */
    JsonNode awaitAudit(String targetId, String action, Duration timeout) {
        return E2E.await("audit action " + action + " for " + targetId, timeout,
                () -> audit(targetId).stream().filter(i -> action.equals(i.path("action").asText())).findFirst(),
                () -> auditActions(targetId).toString());
    }

    /** Waits (up to {@code timeout}) for the host's {@code bootState}. */
    void awaitBootState(String id, String state, Duration timeout) {
        E2E.await("host " + id + " bootState " + state, timeout,
                () -> state.equals(bootState(id)) ? Optional.of(state) : Optional.empty(),
                () -> bootState(id) + ", audit " + auditActions(id));
    }

    // ---- boot endpoints (no credentials) -------------------------------------------------

    /** A plain GET without credentials, as iPXE or an installer sends it. */
    HttpResponse<String> getAnonymous(String pathAndQuery) {
        return call(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET without credentials with extra headers (name, value, ...). */
    HttpResponse<String> getAnonymous(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return call(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- metrics -------------------------------------------------------------------------

    /** {@code GET /actuator/prometheus} (admin) -> 200: the metrics as Prometheus text. */
    String prometheus() {
        HttpResponse<String> response = call(authorized(uri("/actuator/prometheus")).setHeader("Accept", "text/plain").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /actuator/prometheus -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The value of the first series of {@code name} whose labels include all of {@code labels} (0 when none). */
    double metric(String name, String... labels) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                + "(\\{[^}]*\\})? (\\S+)$").matcher(prometheus());
        while (m.find()) {
            String series = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    // ---- plumbing ------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String path, Object json) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = authorized(uri(path));
        if (json != null) {
            try {
                String text = json instanceof String s ? s : JSON.writeValueAsString(json);
                body = HttpRequest.BodyPublishers.ofString(text);
                builder.header("Content-Type", "application/json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return call(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json, text/plain, */*");
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e
                    + "\nserver log (tail):\n" + serverLog.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode expectJson(HttpResponse<String> response, int status) {
        expect(response, status);
        return parse(response);
    }

    private JsonNode parse(HttpResponse<String> response) {
        if (response.body() == null || response.body().isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(describe(response) + " is not JSON: " + e.getMessage());
        }
    }

    private void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new AssertionError(describe(response) + " (expected " + java.util.Arrays.toString(statuses)
                + ")\nserver log (tail):\n" + serverLog.get());
    }

    private static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.request().uri() + " -> "
                + response.statusCode() + " " + response.body();
    }

    private static void checkIso(Path iso) {
        try {
            byte[] bytes = Files.readAllBytes(iso);
            boolean iso9660 = bytes.length > 0x8006
                    && new String(bytes, 0x8001, 5, StandardCharsets.US_ASCII).equals("CD001");
            if (!iso9660) {
                throw new AssertionError(iso + " (" + bytes.length + " bytes) is not an ISO 9660 image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkFloppy(Path image) {
        try {
            byte[] bytes = Files.readAllBytes(image);
            if (bytes.length != 1_474_560 || (bytes[510] & 0xff) != 0x55 || (bytes[511] & 0xff) != 0xAA) {
                throw new AssertionError(image + " (" + bytes.length
                        + " bytes) is not a 1,474,560-byte floppy image with a 0x55AA boot signature");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable body)";
        }
    }
}
