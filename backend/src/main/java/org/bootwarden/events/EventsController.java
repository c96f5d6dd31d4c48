package org.bootwarden.events;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /api/events}: what changes in Bootwarden, live, as Server-Sent Events ({@link LiveEvents}). */
@RestController
class EventsController {

    /** When a refused client should try again: streams end often enough (timeouts, reconnects) for one to free up. */
    private static final long RETRY_AFTER_SECONDS = 10;

    private final LiveEvents events;
    private final ObjectMapper json;

    EventsController(LiveEvents events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /**
     * Opens a stream; {@code Last-Event-ID} (or {@code ?lastEventId=} for clients that cannot set
     * headers) resumes after that event. 429 with Retry-After when the server has too many open.
     */
    @GetMapping("/api/events")
    SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam, Authentication auth,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader
                : lastEventIdParam != null && !lastEventIdParam.isBlank() ? lastEventIdParam : null;
        boolean full = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.equals("ROLE_AUDITOR") || a.equals("ROLE_ADMIN"));
        HttpSession session = request.getSession(false);
        EventStream stream;
        try {
            stream = events.open(auth.getName(), full, session == null ? null : session.getId(), lastEventId);
        } catch (LiveEvents.TooManyStreams e) {
            long retry = RETRY_AFTER_SECONDS;
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            p.setTitle("Too many live event streams");
            p.setProperty("retryAfterSeconds", retry);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(retry));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), p);
            return null;
        }
        // no buffering in a reverse proxy (nginx) or compression: every event at once
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        return stream.emitter();
    }
}
