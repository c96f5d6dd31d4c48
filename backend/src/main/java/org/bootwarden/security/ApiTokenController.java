package org.bootwarden.security;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: every person creates, lists and revokes their own; admins list and revoke everyone's. */
@RestController
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api/tokens")
    List<ApiToken> list(@RequestParam(defaultValue = "false") boolean all) {
        return tokens.list(all);
    }

    /** The answer carries the token itself, this once; it cannot be read again. */
    @PostMapping("/api/tokens")
    ResponseEntity<ApiTokens.CreatedToken> create(@RequestBody(required = false) ApiTokens.TokenRequest body) {
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(tokens.create(body));
    }

    @DeleteMapping("/api/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
