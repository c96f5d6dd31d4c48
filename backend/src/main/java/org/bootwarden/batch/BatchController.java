package org.bootwarden.batch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.bootwarden.hosts.HostCsv;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.Page;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/batches}: batch jobs that build many hosts' ISOs into one zip (docs/batches.md). */
@RestController
@RequestMapping("/api/batches")
class BatchController {

    /** The largest CSV accepted (10,000 rows fit easily). */
    static final int MAX_CSV_BYTES = 10 * 1024 * 1024;

    private final BatchService batches;

    BatchController(BatchService batches) {
        this.batches = batches;
    }

    @GetMapping(path = "/template.csv")
    ResponseEntity<String> template() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("bootwarden-hosts.csv").build().toString())
                .body(HostCsv.TEMPLATE);
    }

    /** A CSV upload as multipart form data (part {@code file}). */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BatchJob> upload(@RequestPart("file") MultipartFile file,
            @RequestParam(name = "import", defaultValue = "false") boolean importHosts,
            @RequestParam(required = false) String compression) throws IOException {
        if (file.getSize() > MAX_CSV_BYTES) {
            throw tooLarge();
        }
        return accepted(batches.createFromCsv(file.getBytes(), file.getOriginalFilename(), importHosts, compression));
    }

    /** A CSV upload as the request body ({@code Content-Type: text/csv}). */
    @PostMapping(consumes = "text/csv")
    ResponseEntity<BatchJob> csv(InputStream body, @RequestParam(name = "import", defaultValue = "false") boolean importHosts,
            @RequestParam(required = false) String compression,
            @RequestHeader(name = "X-File-Name", required = false) String fileName) throws IOException {
        byte[] bytes = body.readNBytes(MAX_CSV_BYTES + 1);
        if (bytes.length > MAX_CSV_BYTES) {
            throw tooLarge();
        }
        return accepted(batches.createFromCsv(bytes, fileName, importHosts, compression));
    }

    /** A selection of hosts from the database (JSON). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchJob> select(@RequestBody(required = false) BatchService.Selection selection) {
        return accepted(batches.createFromSelection(selection));
    }

    @GetMapping
    Page<BatchJob> list(@RequestParam(required = false) BatchStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return batches.list(status, page, size);
    }

    @GetMapping("/{id}")
    ResponseEntity<BatchJob> get(@PathVariable String id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(batches.get(id));
    }

    /** The hosts whose ISO could not be built, with the reason (as soon as each fails). */
    @GetMapping("/{id}/failures")
    Page<BatchRepository.Failure> failures(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return batches.failures(id, page, size);
    }

    @PostMapping("/{id}/cancel")
    BatchJob cancel(@PathVariable String id) {
        return batches.cancel(id);
    }

    @GetMapping("/{id}/zip")
    ResponseEntity<Resource> zip(@PathVariable String id) {
        Path zip = batches.zip(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(BatchJob.zipFileName(id)).build().toString())
                .body(new FileSystemResource(zip));
    }

    private static ResponseEntity<BatchJob> accepted(BatchJob job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/batches/" + job.id())).body(job);
    }

    private static InvalidRequestException tooLarge() {
        return InvalidRequestException.of("file", "the file is larger than " + MAX_CSV_BYTES / (1024 * 1024) + " MiB");
    }
}
