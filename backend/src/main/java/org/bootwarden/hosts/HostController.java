package org.bootwarden.hosts;

import java.net.URI;

import org.bootwarden.system.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/hosts}: the host inventory. */
@RestController
@RequestMapping("/api/hosts")
class HostController {

    private final HostService hosts;

    HostController(HostService hosts) {
        this.hosts = hosts;
    }

    @GetMapping
    Page<Host> search(@RequestParam(required = false) String q, @RequestParam(required = false) BootState state,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String label,
            @RequestParam(required = false) String subnet, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
        }
        return hosts.search(new HostQuery(q, state, profile, label, subnet, sort, page, size));
    }

    @GetMapping("/{id}")
    Host get(@PathVariable String id) {
        return hosts.get(id);
    }

    @PostMapping
    ResponseEntity<Host> create(@RequestBody HostRequest request) {
        Host h = hosts.create(request);
        return ResponseEntity.created(URI.create("/api/hosts/" + h.id())).body(h);
    }

    @PutMapping("/{id}")
    Host update(@PathVariable String id, @RequestBody HostRequest request) {
        return hosts.update(id, request);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @RequestParam(required = false) Integer version) {
        hosts.delete(id, version);
        return ResponseEntity.noContent().build();
    }
}
