package org.bootwarden.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Fetches a feed's JSON document: one GET with the feed's credentials and timeout, redirects not
 * followed (credentials must not travel to another address), at most {@code maxBytes} read.
 */
@Component
class FeedClient {

    /** The fetch failed; the message says why in words an operator can act on. */
    static final class FeedException extends Exception {
        FeedException(String message) {
            super(message);
        }
    }

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    byte[] fetch(InventoryProperties.Feed feed, int maxBytes) throws FeedException, InterruptedException {
        HttpClient client = clients.computeIfAbsent(feed.name() + "|" + feed.timeout(), k -> HttpClient.newBuilder()
                .connectTimeout(feed.timeout()).followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build());
        HttpRequest.Builder request = HttpRequest.newBuilder(feed.url()).timeout(feed.timeout()).GET()
                .header("Accept", "application/json")
                .header("User-Agent", "Bootwarden inventory feed " + feed.name());
        if (feed.bearerToken() != null && !feed.bearerToken().isBlank()) {
            request.header("Authorization", "Bearer " + feed.bearerToken().strip());
        } else if (feed.username() != null && !feed.username().isBlank()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((feed.username() + ":" + feed.password())
                    .getBytes(StandardCharsets.UTF_8)));
        }
        String where = feed.displayUrl();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new FeedException("could not connect to " + where + " within " + feed.timeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            throw new FeedException(where + " did not answer within " + feed.timeout().toMillis() + " ms");
        } catch (ConnectException e) {
            throw new FeedException("could not connect to " + where + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + ")");
        } catch (IOException e) {
            throw new FeedException("fetching " + where + " failed: " + e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                throw new FeedException(where + " answered HTTP " + status + " (a redirect to "
                        + response.headers().firstValue("Location").orElse("?") + "); redirects are not followed: configure the final URL");
            }
            if (status != 200) {
                byte[] start = body.readNBytes(200);
                String text = new String(start, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
                throw new FeedException(where + " answered HTTP " + status + (status == 401 || status == 403
                        ? " (check the feed's credentials)" : "") + (text.isEmpty() ? "" : ": " + text));
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.isEmpty() && !type.contains("json")) {
                throw new FeedException(where + " answered " + type + ", not JSON (a login page or an error page?)");
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FeedException(where + " sent more than " + maxBytes + " bytes (bootwarden.inventory.max-bytes)");
            }
            return bytes;
        } catch (IOException e) {
            throw new FeedException("reading the answer of " + where + " failed: " + e);
        }
    }
}
