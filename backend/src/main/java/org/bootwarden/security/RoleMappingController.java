package org.bootwarden.security;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Directory group -> role mappings (ADMIN only; audited). */
@RestController
class RoleMappingController {

    private final RoleMappings mappings;

    RoleMappingController(RoleMappings mappings) {
        this.mappings = mappings;
    }

    @GetMapping("/api/role-mappings")
    List<RoleMapping> list() {
        return mappings.list();
    }

    @PostMapping("/api/role-mappings")
    ResponseEntity<RoleMapping> create(@RequestBody(required = false) RoleMappings.MappingRequest body) {
        RoleMapping m = mappings.create(body);
        return ResponseEntity.created(URI.create("/api/role-mappings/" + m.id())).body(m);
    }

    @GetMapping("/api/role-mappings/{id}")
    RoleMapping get(@PathVariable String id) {
        return mappings.get(id);
    }

    @PutMapping("/api/role-mappings/{id}")
    RoleMapping update(@PathVariable String id, @RequestBody(required = false) RoleMappings.MappingRequest body) {
        return mappings.update(id, body);
    }

    @DeleteMapping("/api/role-mappings/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        mappings.delete(id);
        return ResponseEntity.noContent().build();
    }
}
