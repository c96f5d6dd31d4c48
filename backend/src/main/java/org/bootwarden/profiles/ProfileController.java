package org.bootwarden.profiles;

import java.net.URI;
import java.util.List;

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

/** {@code /api/profiles}: OS profiles and their templates. */
@RestController
@RequestMapping("/api/profiles")
class ProfileController {

    private final ProfileService profiles;

    ProfileController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    List<Profile> list() {
        return profiles.list();
    }

    @GetMapping("/{name}")
    Profile get(@PathVariable String name) {
        return profiles.get(name);
    }

    @PostMapping
    ResponseEntity<Profile> create(@RequestBody ProfileRequest request) {
        Profile p = profiles.create(request);
        return ResponseEntity.created(URI.create("/api/profiles/" + p.name())).body(p);
    }

    @PutMapping("/{name}")
    Profile update(@PathVariable String name, @RequestBody ProfileRequest request) {
        return profiles.update(name, request);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestParam(required = false) Integer version) {
        profiles.delete(name, version);
        return ResponseEntity.noContent().build();
    }
}
