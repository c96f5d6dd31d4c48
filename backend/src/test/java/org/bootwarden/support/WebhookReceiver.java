package org.bootwarden.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 and a free port (the JDK's HTTP server): records every request
 * (headers, body, time) and answers with the statuses queued by the test, then with the default.
 * {@link #verifies} checks a request's {@code X-Bootwarden-Signature} as a receiver would.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(Instant at, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), "");
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("webhook body is not JSON: " + bodyText(), e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private volatile int defaultStatus = 200;
    private volatile long delayMillis;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            WebhookReceiver r = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                int status = r.next(new Received(Instant.now(), headers, body));
                if (r.delayMillis > 0) {
                    try {
                        // an endpoint that takes its time, so that deliveries overlap (the replicas test)
                        Thread.sleep(r.delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized int next(Received request) {
        received.add(request);
        notifyAll();
        Integer queued = statuses.poll();
        return queued != null ? queued : defaultStatus;
    }

    /** The URL of this receiver with the given path. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests are answered with these statuses, in order; after them, the default. */
    public synchronized WebhookReceiver thenAnswer(Integer... codes) {
        statuses.addAll(List.of(codes));
        return this;
    }

    public WebhookReceiver answerByDefault(int status) {
        defaultStatus = status;
        return this;
    }

    public WebhookReceiver delay(long millis) {
        delayMillis = millis;
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests that match, waiting up to {@code timeoutMillis} until there are at least {@code count}. */
    public synchronized List<Received> await(Predicate<Received> matching, int count, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            List<Received> found = received.stream().filter(matching).toList();
            long left = deadline - System.currentTimeMillis();
            if (found.size() >= count || left <= 0) {
                return found;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    /** Whether the request's signature is {@code sha256=} + hex HMAC-SHA256 of its body with {@code secret}. */
    public static boolean verifies(Received r, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(r.body()));
            return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    r.header("X-Bootwarden-Signature").getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
