package org.bootwarden.security;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Local users (ADMIN only). */
@RestController
class UserController {

    /** Body of the password call. */
    record PasswordRequest(String password) {
    }

    private final UserAdministration users;

    UserController(UserAdministration users) {
        this.users = users;
    }

    @GetMapping("/api/users")
    List<LocalUser> list() {
        return users.list();
    }

    @PostMapping("/api/users")
    ResponseEntity<LocalUser> create(@RequestBody(required = false) UserAdministration.UserRequest body) {
        LocalUser u = users.create(body);
        return ResponseEntity.created(URI.create("/api/users/" + u.username())).body(u);
    }

    @GetMapping("/api/users/{username}")
    LocalUser get(@PathVariable String username) {
        return users.get(username);
    }

    @PutMapping("/api/users/{username}")
    LocalUser update(@PathVariable String username, @RequestBody(required = false) UserAdministration.UserRequest body) {
        return users.update(username, body);
    }

    @PostMapping("/api/users/{username}/password")
    ResponseEntity<Void> password(@PathVariable String username, @RequestBody(required = false) PasswordRequest body) {
        users.setPassword(username, body == null ? null : body.password());
        return ResponseEntity.noContent().build();
    }
}
