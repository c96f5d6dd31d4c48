package org.bootwarden.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.bootwarden.hosts.BootState;
import org.bootwarden.hosts.HostCsv;
import org.bootwarden.hosts.HostQuery;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.system.BootwardenProperties;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Inventory import and export (docs/inventory.md): {@code POST /api/hosts/import} (a CSV file or a
 * JSON array; preview or apply), the CSV template, {@code GET /api/hosts/export}, and the JSON feeds'
 * status and manual runs.
 */
@RestController
@RequestMapping("/api/hosts")
class InventoryController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InventoryController.class);
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final InventoryImport importer;
    private final InventoryFeeds feeds;
    private final HostExport export;
    private final InventoryProperties props;
    private final ObjectMapper json;

    InventoryController(InventoryImport importer, InventoryFeeds feeds, HostExport export, BootwardenProperties props, ObjectMapper json) {
        this.importer = importer;
        this.feeds = feeds;
        this.export = export;
        this.props = props.inventory();
        this.json = json;
    }

    @GetMapping("/import/template.csv")
    ResponseEntity<String> template() {
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("bootwarden-hosts.csv").build().toString())
                .body(HostCsv.TEMPLATE);
    }

    /** A CSV file as the request body; {@code X-File-Name} names it in the audit log. */
    @PostMapping(path = "/import", consumes = "text/csv")
    ImportResult importCsv(InputStream body, @RequestParam(defaultValue = "preview") String mode,
            @RequestHeader(name = "X-File-Name", required = false) String fileName) throws IOException {
        boolean apply = apply(mode);
        List<ImportRow> rows = ImportRows.fromCsv(read(body), props.maxRows());
        String name = fileName == null || fileName.isBlank() ? "upload" : HostCsv.abbreviate(fileName.strip());
        return run(rows, apply, "CSV " + name);
    }

    /** A JSON array of host objects (pushed by a CMDB or a script). */
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportResult importJson(InputStream body, @RequestParam(defaultValue = "preview") String mode) throws IOException {
        boolean apply = apply(mode);
        return run(ImportRows.fromJson(read(body), props.maxRows(), false, json), apply, "JSON");
    }

    private ImportResult run(List<ImportRow> rows, boolean apply, String source) {
        InventoryImport.Options options = new InventoryImport.Options(false, source);
        return apply ? importer.apply(rows, options, InventoryImport.Actor.current()) : importer.preview(rows, options);
    }

    /**
     * Written straight to the response in the request's own thread (no async dispatch, which a
     * session-less caller's security context would not survive): the headers first, then the hosts
     * as they are read.
     */
    @GetMapping("/export")
    void export(@RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String q, @RequestParam(required = false) BootState state,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String label,
            @RequestParam(required = false) String subnet, HttpServletResponse response) throws IOException {
        if (!format.equals("csv") && !format.equals("json")) {
            throw InvalidRequestException.of("format", "must be 'csv' or 'json'");
        }
        HostQuery filters = new HostQuery(q, state, profile, label, subnet, null, 0, 1);
        HostRepository.checkFilters(filters);
        response.setStatus(HttpStatus.OK.value());
        response.setContentType((format.equals("csv") ? CSV : MediaType.APPLICATION_JSON).toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("bootwarden-hosts." + format)
                .build().toString());
        OutputStream out = response.getOutputStream();
        try {
            if (format.equals("csv")) {
                export.csv(filters, out);
            } else {
                export.json(filters, out);
            }
        } catch (IOException | RuntimeException e) {
            // the status line may be sent: the client then sees a cut-off download, and the log says why
            log.warn("host export ({}) ended early: {}", format, e.toString(), e);
            throw e;
        }
    }

    @GetMapping("/import/feeds")
    List<InventoryFeeds.FeedStatus> feeds() {
        return feeds.list();
    }

    @PostMapping("/import/feeds/{name}/run")
    InventoryFeeds.FeedStatus runFeed(@PathVariable String name) {
        return feeds.runNow(name);
    }

    /** 422 with every row's result: the apply had rows with errors and wrote nothing. */
    @ExceptionHandler(ImportRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(ImportRejectedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        p.setTitle("Import rejected");
        p.setType(URI.create("about:blank"));
        p.setProperty("rows", e.result().rows());
        p.setProperty("summary", e.result().summary());
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** 413: the body is larger than {@code bootwarden.inventory.max-bytes}. */
    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        p.setTitle("Import too large");
        p.setType(URI.create("about:blank"));
        p.setProperty("errors", List.of(new FieldProblem("body", e.getMessage())));
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    private byte[] read(InputStream body) throws IOException {
        int max = props.maxBytesInt();
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new BodyTooLargeException("the import is larger than " + describe(max) + " (bootwarden.inventory.max-bytes); split it");
        }
        return bytes;
    }

    private static String describe(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static boolean apply(String mode) {
        return switch (mode) {
            case "preview" -> false;
            case "apply" -> true;
            default -> throw InvalidRequestException.of("mode", "must be 'preview' (check every row, write nothing) or 'apply'");
        };
    }
}
