package org.bootwarden.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Server-Sent Events client over real HTTP (java.net.http), reading the stream line by line on
 * a thread of its own: the frames received so far, the keepalive comments, whether the server
 * ended the stream. A refused request keeps its status and body.
 */
public final class SseClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: {@code id:}, {@code event:} and the {@code data:} parsed as JSON. */
    public record Event(String id, String type, JsonNode data) {
    }

    private final int status;
    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> body = new CopyOnWriteArrayList<>();
    private final AtomicInteger keepalives = new AtomicInteger();
    private volatile boolean ended;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.status = response.statusCode();
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code base + path} with these request headers (credentials, Last-Event-ID). */
    public static SseClient open(String base, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        try {
            return new SseClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (var it = lines.iterator(); it.hasNext();) {
                String line = it.next();
                if (status != 200) {
                    body.add(line);
                } else if (line.isEmpty()) {
                    if (type != null || data.length() > 0) {
                        events.add(new Event(id, type == null ? "message" : type, parse(data.toString())));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    if (line.substring(1).strip().equals("keepalive")) {
                        keepalives.incrementAndGet();
                    }
                } else if (line.startsWith("id:")) {
                    id = value(line, 3);
                } else if (line.startsWith("event:")) {
                    type = value(line, 6);
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(value(line, 5));
                }
            }
        } catch (RuntimeException e) {
            // closed by close(), or the connection broke: either way the stream is over
        } finally {
            ended = true;
        }
    }

    private static String value(String line, int from) {
        String v = line.substring(from);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data is not JSON: " + s, e);
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Every event received so far, in order. */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    public List<Event> events(String type) {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    public int keepalives() {
        return keepalives.get();
    }

    /** Whether the server ended the stream (or the connection broke). */
    public boolean ended() {
        return ended;
    }

    /** The body of a refused request, once it has been read. */
    public JsonNode json() {
        try {
            reader.join(10_000);
            return JSON.readTree(String.join("\n", body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
