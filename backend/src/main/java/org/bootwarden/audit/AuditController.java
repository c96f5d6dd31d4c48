package org.bootwarden.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.Page;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read access to the audit log: search, export, and verification of its hash chain. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditService audit;
    private final AuditChain chain;

    AuditController(AuditService audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
    }

    /** Recomputes the hash chain; {@code intact: false} names the first broken link. */
    @GetMapping("/verify")
    AuditChain.Verification verify() {
        return chain.verify();
    }

    /** Every matching record, oldest first, with its chain link, as CSV or JSON (a download). */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw InvalidRequestException.of("format", "must be 'csv' or 'json'");
        }
        AuditQuery q = new AuditQuery(actor, action, targetId, from, to, 0, Integer.MAX_VALUE);
        StreamingResponseBody body = out -> write(format, q, out);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"bootwarden-audit." + format + "\"")
                .contentType(format.equals("csv") ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : MediaType.APPLICATION_JSON)
                .body(body);
    }

    private void write(String format, AuditQuery q, OutputStream out) throws IOException {
        if (format.equals("csv")) {
            audit.exportCsv(q, out);
        } else {
            audit.exportJson(q, out);
        }
    }

    @GetMapping
    Page<AuditEvent> search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
        }
        return audit.search(new AuditQuery(actor, action, targetId, from, to, page, size));
    }
}
