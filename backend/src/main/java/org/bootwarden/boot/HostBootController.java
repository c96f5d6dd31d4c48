package org.bootwarden.boot;

import java.nio.charset.StandardCharsets;

import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostService;
import org.bootwarden.system.InvalidRequestException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A host's boot token and client script, and profile previews (arming is a ticket: see the tickets package). */
@RestController
class HostBootController {

    /** Body of rotate-token. */
    record ReasonRequest(String reason) {
    }

    private final BootService boot;
    private final HostService hosts;

    HostBootController(BootService boot, HostService hosts) {
        this.boot = boot;
        this.hosts = hosts;
    }

    /** A new boot token: images issued before stop working; download the new ISO afterwards. */
    @PostMapping("/api/hosts/{id}/rotate-token")
    Host rotateToken(@PathVariable String id, @RequestBody(required = false) ReasonRequest body) {
        return boot.rotateToken(id, body == null ? null : body.reason());
    }

    /**
     * The client script that the host's ISO ({@code media=cd}), USB image ({@code media=usb}) or
     * floppy image ({@code media=floppy}) carries.
     */
    @GetMapping("/api/hosts/{id}/script")
    ResponseEntity<String> clientScript(@PathVariable String id, @RequestParam(defaultValue = "cd") String media) {
        BootRenderer.Media m = switch (media) {
            case "cd" -> BootRenderer.Media.CD;
            case "usb" -> BootRenderer.Media.USB;
            case "floppy" -> BootRenderer.Media.FLOPPY;
            default -> throw InvalidRequestException.of("media", "must be 'cd', 'usb' or 'floppy'");
        };
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8)).body(boot.clientScript(hosts.get(id), m));
    }

    @GetMapping("/api/profiles/{name}/preview")
    ResponseEntity<String> preview(@PathVariable String name, @RequestParam String host,
            @RequestParam(defaultValue = "script") String file) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8)).body(boot.preview(name, host, file));
    }
}
