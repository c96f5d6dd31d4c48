package org.bootwarden.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small HTTP client for the integration tests, on {@code java.net.http}: paths are sent exactly as
 * given (no re-encoding, so {@code %3A} stays {@code %3A}), JSON bodies from any object, optional HTTP
 * Basic credentials and extra headers.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Map<String, String> headers;

    private Http(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    public static Http anonymous(String base) {
        return new Http(base, Map.of());
    }

    public static Http basic(String base, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Http(base, Map.of("Authorization", "Basic " + credentials));
    }

    /** The same client, sending one more header with every request. */
    public Http withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Http(base, h);
    }

    public Response get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    public Response delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), null);
    }

    public Response post(String path, Object json) {
        return send("POST", path, json(json), "application/json");
    }

    public Response put(String path, Object json) {
        return send("PUT", path, json(json), "application/json");
    }

    public Response postForm(String path, String urlEncodedForm) {
        return send("POST", path, BodyPublishers.ofString(urlEncodedForm), "application/x-www-form-urlencoded");
    }

    /**
     * A GET of a stream that does not end by itself (Server-Sent Events): an answer other than 200
     * is read whole; a 200 is closed after its headers, with an empty body.
     */
    public Response openStream(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        try {
            var r = CLIENT.send(b.build(), BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                return new Response(r.statusCode(), r.headers(), r.statusCode() == 200 ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response send(String method, String path, BodyPublisher body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).method(method, body);
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            var r = CLIENT.send(b.build(), BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static BodyPublisher json(Object body) {
        if (body == null) {
            return BodyPublishers.noBody();
        }
        if (body instanceof String s) {
            return BodyPublishers.ofString(s);
        }
        try {
            return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A response; the body is kept as bytes and read as text or JSON on demand. */
    public record Response(int status, HttpHeaders headers, byte[] bytes) {

        /** Asserts the status (showing the whole response when it differs) and returns this response. */
        public Response expect(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError("expected HTTP " + expectedStatus + " but got " + this);
            }
            return this;
        }

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body(), e);
            }
        }

        /** The first value of the header, or an empty string when the response has none. */
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        public List<String> allHeaders(String name) {
            return headers.allValues(name);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** The {@code field} of every entry in a problem's {@code errors} array. */
        public List<String> errorFields() {
            JsonNode errors = json().path("errors");
            return errors.isArray() ? java.util.stream.StreamSupport.stream(errors.spliterator(), false)
                    .map(e -> e.path("field").asText()).toList() : List.of();
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType() + "\n" + (bytes.length > 4000 ? body().substring(0, 4000) + "..." : body());
        }
    }
}
