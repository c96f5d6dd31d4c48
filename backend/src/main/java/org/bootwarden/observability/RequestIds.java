package org.bootwarden.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

/**
 * The request id of a {@code /boot/**} or {@code /api/**} request: the caller's
 * {@code X-Request-Id} when it is a plain token (letters, digits, {@code ._:-}, at most 64
 * characters; anything else could forge log lines), else a new random one (16 hex digits). It is
 * in the logging MDC as {@code requestId} while the request is handled, and echoed in the
 * response's {@code X-Request-Id}. Set by {@link RequestIdFilter}, and by the boot endpoint's own
 * filter, which answers ahead of every other filter; costs one header read and one random number.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** Puts the request's id into the MDC and the response; call {@link #end()} in a finally block. */
    public static String begin(HttpServletRequest request, HttpServletResponse response) {
        String id = accepted(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        return id;
    }

    public static void end() {
        MDC.remove(MDC_KEY);
    }

    /** The caller's id when it is safe to log, else a new one. */
    static String accepted(String given) {
        if (given != null && ACCEPTED.matcher(given).matches()) {
            return given;
        }
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
