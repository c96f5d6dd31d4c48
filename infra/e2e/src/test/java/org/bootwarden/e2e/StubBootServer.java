package org.bootwarden.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A throwaway boot server for the harness's self-test (not the product): answers every GET
 * with the iPXE script {@code answer} returns for the request URI, and remembers the requests.
 * Listens on 127.0.0.1 (the guest sees it at 10.0.2.2).
 */
final class StubBootServer implements AutoCloseable {

    private final HttpServer server;
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    StubBootServer(Function<URI, String> answer) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            byte[] body = answer.apply(exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Base URL as the guest sees it. */
    String guestUrl() {
        return "http://" + E2E.HOST_FROM_GUEST + ":" + port();
    }

    List<URI> requests() {
        return List.copyOf(requests);
    }

    Optional<URI> firstRequest() {
        return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(0));
    }

    URI awaitRequest(Duration timeout) {
        return E2E.await("a request to the stub boot server", timeout, this::firstRequest,
                () -> "no request");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
