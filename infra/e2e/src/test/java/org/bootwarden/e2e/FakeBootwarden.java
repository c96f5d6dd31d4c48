package org.bootwarden.e2e;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A stand-in for the packaged server, for the harness's self-test only: reads the same
 * environment, answers {@code /actuator/health} (DOWN for the first second, like a starting
 * app) and echoes its {@code BOOTWARDEN_*} / {@code SERVER_*} environment at {@code /env}.
 */
public final class FakeBootwarden {

    private FakeBootwarden() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        InetAddress address = InetAddress.getByName(System.getenv().getOrDefault("SERVER_ADDRESS", "0.0.0.0"));
        long upAt = System.currentTimeMillis() + 1000;
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 8);
        server.createContext("/actuator/health", exchange -> {
            boolean up = System.currentTimeMillis() > upAt;
            byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/env", exchange -> {
            TreeMap<String, String> env = new TreeMap<>();
            System.getenv().forEach((k, v) -> {
                if (k.startsWith("BOOTWARDEN_") || k.startsWith("SERVER_")) {
                    env.put(k, v);
                }
            });
            StringBuilder json = new StringBuilder("{");
            env.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k)
                    .append("\":\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
            byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("FakeBootwarden listening on " + address.getHostAddress() + ":" + port
                + " pid " + ProcessHandle.current().pid());
    }
}
