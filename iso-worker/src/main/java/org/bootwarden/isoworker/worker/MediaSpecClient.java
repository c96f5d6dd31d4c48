package org.bootwarden.isoworker.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks the backend what goes onto a host's ISO: {@code GET <backend>/api/hosts/{id}/media-spec}
 * with the worker's HTTP Basic credentials.
 */
class MediaSpecClient {

    /** Answers about the host itself: asking again gives the same answer. */
    private static final Set<Integer> PERMANENT = Set.of(400, 404, 409, 410, 422);
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final URI backend;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;

    MediaSpecClient(URI backend, String username, String password, Duration timeout, ObjectMapper json) {
        String base = backend.toString();
        this.backend = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = json;
    }

    /**
     * @throws BuildFailure.Permanent if the host id is malformed or the backend rejects the host
     *     (404 unknown, 409/422 not buildable)
     * @throws BuildFailure.Technical if the backend cannot be reached or fails otherwise
     */
    MediaSpec fetch(String hostId) {
        if (hostId == null || !HOST_ID.matcher(hostId).matches()) {
            throw new BuildFailure.Permanent("the task's hostId '" + hostId + "' is not a host id");
        }
        URI uri = backend.resolve("api/hosts/" + hostId + "/media-spec");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BuildFailure.Technical("backend unreachable at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure.Technical("interrupted while asking " + uri, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return json.readValue(response.body(), MediaSpec.class);
            } catch (IOException e) {
                throw new BuildFailure.Technical("unreadable media spec from " + uri + ": " + e.getMessage(), e);
            }
        }
        String detail = detail(response.body());
        if (PERMANENT.contains(status)) {
            throw new BuildFailure.Permanent("the backend refused host " + hostId + " (" + status + "): " + detail);
        }
        if (status == 401 || status == 403) {
            throw new BuildFailure.Technical("the backend refused the worker's credentials (" + status
                    + "): check bootwarden.worker.username/password and that the user has role WORKER");
        }
        throw new BuildFailure.Technical("the backend answered " + status + " for " + uri + ": " + detail);
    }

    /** The problem detail's {@code detail}, else the (shortened) body. */
    private String detail(String body) {
        try {
            String d = json.readTree(body).path("detail").asText("");
            if (!d.isBlank()) {
                return d;
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
