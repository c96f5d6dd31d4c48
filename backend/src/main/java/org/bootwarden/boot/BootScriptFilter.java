package org.bootwarden.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.bootwarden.observability.RequestIds;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Limits every request under {@code /boot/} per source address ({@link BootRateLimiter}), then
 * answers {@code GET /boot/{hostId}/{token}/script}, the request every machine makes at every
 * boot, ahead of every other filter and of Spring MVC: in a boot storm this path must cost little
 * more than one primary-key read. This is the endpoint's only handler (docs/openapi.yaml
 * describes it); everything else under {@code /boot/} goes on to {@link BootController}. The decision itself is {@link BootService#answer}'s, as for any caller.
 */
final class BootScriptFilter implements Filter {

    /** What a machine over the rate limit is told (a fixed text, so the rendered script is cached). */
    static final String RATE_LIMITED = "too many boot requests from this address (the server asked to retry later),"
            + " booting the local disk";
    /** The host is not looked up for a request over the limit. */
    static final String RATE_LIMITED_HOST = "this machine";

    private final BootService boot;
    private final BootRateLimiter limiter;
    private final BootRenderer renderer;
    private final BootMetrics metrics;

    BootScriptFilter(BootService boot, BootRateLimiter limiter, BootRenderer renderer, BootMetrics metrics) {
        this.boot = boot;
        this.limiter = limiter;
        this.renderer = renderer;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String[] parts = scriptPath(request);
        long retryAfter = limiter.acquire(peerAddress(request));
        if (retryAfter > 0) {
            rateLimited((HttpServletResponse) res, parts != null, retryAfter);
            return;
        }
        if (malformedEncoding(request.getRequestURI())) {
            // a '%' not followed by two hex digits: the framework could not decode the path (a 500);
            // no machine sends this, so it is refused as what it is
            badRequest((HttpServletResponse) res);
            return;
        }
        if (parts == null) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        // this filter answers ahead of all others, the request-id filter included: it sets the id itself
        RequestIds.begin(request, response);
        BootService.Answer answer;
        try {
            BootRequest br = BootRequest.of(request.getParameter("mac"), request.getParameter("uuid"),
                    request.getParameter("platform"), request.getParameter("arch"), request.getRemoteAddr());
            answer = boot.answer(parts[0], parts[1], br, requestBase(request));
        } finally {
            RequestIds.end();
        }
        write(response, 200, "text/plain;charset=UTF-8", answer.script().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 429 with {@code Retry-After}. The boot script's answer is still a script: it says why and
     * boots the local disk (iPXE itself retries a request answered with {@code Retry-After}
     * within the client script's chain timeout, then tries the next server, then the local disk).
     * Every other machine endpoint answers with a problem detail.
     */
    private void rateLimited(HttpServletResponse response, boolean script, long retryAfter) throws IOException {
        metrics.rateLimited(script ? "script" : "other");
        response.setHeader("Retry-After", Long.toString(retryAfter));
        if (script) {
            write(response, 429, "text/plain;charset=UTF-8",
                    renderer.localScript(RATE_LIMITED_HOST, RATE_LIMITED).getBytes(StandardCharsets.UTF_8));
        } else {
            write(response, 429, "application/problem+json", ("{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"status\":429,"
                    + "\"detail\":\"too many requests to the boot endpoints from this address; retry after " + retryAfter
                    + " s\",\"retryAfterSeconds\":" + retryAfter + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The address the connection came from: the servlet container's own request, under any
     * wrapper (a forwarded-header filter's among them). A machine cannot choose it by sending
     * {@code X-Forwarded-For}.
     */
    static String peerAddress(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        return r.getRemoteAddr();
    }

    /** Whether a request path has a {@code %} that is not followed by two hex digits. */
    static boolean malformedEncoding(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    private static void badRequest(HttpServletResponse response) throws IOException {
        write(response, 400, "application/problem+json", ("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"the request path is not validly percent-encoded\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Every answer of this filter: not cached, not sniffed, with its length. */
    private static void write(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** {hostId, token} for {@code GET <context>/boot/{hostId}/{token}/script}, else null. */
    static String[] scriptPath(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/boot/") || !path.endsWith("/script")) {
            return null;
        }
        String[] segments = path.substring("/boot/".length(), path.length() - "/script".length()).split("/", -1);
        if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
            return null;
        }
        return segments;
    }

    /**
     * The base URL as the client addressed it. Used only to pick which of the configured public
     * URLs to put into an installer's URLs; anything that is not one of them is ignored.
     */
    static String requestBase(HttpServletRequest request) {
        String proto = request.getHeader("X-Forwarded-Proto");
        String host = request.getHeader("X-Forwarded-Host");
        return (proto != null ? proto : request.getScheme()) + "://" + (host != null ? host : request.getHeader("Host"))
                + request.getContextPath();
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<BootScriptFilter> bootScriptFilter(BootService boot, BootRateLimiter limiter, BootRenderer renderer,
                BootMetrics metrics) {
            FilterRegistrationBean<BootScriptFilter> r = new FilterRegistrationBean<>(new BootScriptFilter(boot, limiter, renderer,
                    metrics));
            r.addUrlPatterns("/boot/*");
            r.setOrder(Ordered.HIGHEST_PRECEDENCE);
            r.setName("bootScriptFilter");
            return r;
        }
    }
}
