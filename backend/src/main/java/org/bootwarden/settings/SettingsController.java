package org.bootwarden.settings;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/settings}: the server's effective, non-secret configuration (ADMIN). */
@RestController
class SettingsController {

    private final EffectiveSettings settings;

    SettingsController(EffectiveSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/api/settings")
    ResponseEntity<SettingsView> settings() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(settings.read());
    }
}
