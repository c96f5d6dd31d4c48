package org.bootwarden.system;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Every API error as RFC 7807 problem details; validation errors carry an {@code errors} array. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        p.setProperty("errors", e.errors());
        return p;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        if (e.field() != null) {
            p.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage())));
        }
        return p;
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail duplicate(DuplicateKeyException e) {
        // a race between the pre-check and the insert: the database's unique constraint decided
        String msg = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase();
        String field = msg.contains("hostname") ? "hostname" : msg.contains("uq_host_ip") ? "ip"
                : msg.contains("host_mac") ? "macs" : null;
        return conflict(new ConflictException(field, field == null ? "a unique value is already in use"
                : field + " is already in use by another record"));
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    /** Two people (or a person and a timer) changed the same workflow at once; the later one lost. */
    @ExceptionHandler(org.camunda.bpm.engine.OptimisticLockingException.class)
    ProblemDetail concurrentChange(org.camunda.bpm.engine.OptimisticLockingException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "someone else changed this ticket at the same moment; reload and try again");
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "parameter '" + e.getName() + "' has an invalid value");
        p.setProperty("errors", List.of(new FieldProblem(e.getName(), "invalid value")));
        return p;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Unreadable request body", "the request body is not valid JSON for this resource");
        Throwable cause = ex.getCause();
        if (cause instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().get(0).getFieldName();
            String reason = cause instanceof InvalidFormatException || cause instanceof ValueInstantiationException
                    ? rootMessage(cause) : "has the wrong type";
            p.setDetail(field + ": " + reason);
            p.setProperty("errors", List.of(new FieldProblem(field, reason)));
        }
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server failed to handle the request; the error has been logged");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? "invalid value" : m.lines().findFirst().orElse(m);
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        return p;
    }
}
