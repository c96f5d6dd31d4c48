package org.bootwarden.isobuild;

import java.nio.file.Path;

import org.bootwarden.boot.BootRenderer;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostService;
import org.bootwarden.isoworker.IsoBuildException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/hosts/{id}/iso}: the host's hybrid boot ISO (BIOS + UEFI, CD and USB); {@code
 * /usb}: the same for a USB stick; {@code /floppy}: a 1.44 MB floppy image (BIOS only); {@code
 * /media-spec}: the ISO's inputs, for ISO workers.
 */
@RestController
class IsoController {

    private final HostService hosts;
    private final IsoService isos;

    IsoController(HostService hosts, IsoService isos) {
        this.hosts = hosts;
        this.isos = isos;
    }

    @GetMapping("/api/hosts/{id}/iso")
    ResponseEntity<Resource> iso(@PathVariable String id) {
        Host host = hosts.get(id);
        return download(isos.imageFor(host, BootRenderer.Media.CD), "application/x-iso9660-image", host.hostname() + ".iso");
    }

    /** The same hybrid image for writing to a USB stick (BIOS local boot then uses drive 0x81). */
    @GetMapping("/api/hosts/{id}/usb")
    ResponseEntity<Resource> usb(@PathVariable String id) {
        Host host = hosts.get(id);
        return download(isos.imageFor(host, BootRenderer.Media.USB), "application/octet-stream", host.hostname() + "-usb.img");
    }

    /** A 1.44 MB floppy image for BIOS-only machines (the local disk is BIOS drive 0x80). */
    @GetMapping("/api/hosts/{id}/floppy")
    ResponseEntity<Resource> floppy(@PathVariable String id) {
        Host host = hosts.get(id);
        return download(isos.imageFor(host, BootRenderer.Media.FLOPPY), "application/octet-stream", host.hostname() + "-floppy.img");
    }

    /**
     * What an ISO worker needs to build this host's hybrid ISO: the client script for media
     * {@code cd}, NIC driver, firmware, architecture, volume id, and the cache hash and file name
     * under which {@code /iso} will find the image.
     */
    @GetMapping("/api/hosts/{id}/media-spec")
    ResponseEntity<IsoService.MediaSpec> mediaSpec(@PathVariable String id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(isos.mediaSpec(hosts.get(id)));
    }

    private static ResponseEntity<Resource> download(Path file, String contentType, String filename) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(contentType))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(new FileSystemResource(file));
    }

    @ExceptionHandler(IsoBuildException.class)
    ResponseEntity<ProblemDetail> buildFailed(IsoBuildException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("ISO build failed");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
