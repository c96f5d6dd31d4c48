package org.bootwarden.webhooks;

import java.net.URI;
import java.util.List;

import org.bootwarden.system.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhook endpoints, test sends, delivery logs and redeliveries (ADMIN only; audited). */
@RestController
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/api/webhooks")
    List<WebhookEndpoint> list() {
        return webhooks.list();
    }

    @GetMapping("/api/webhooks/event-types")
    List<WebhookEventType.Subscribable> eventTypes() {
        return WebhookEventType.catalogue();
    }

    @PostMapping("/api/webhooks")
    ResponseEntity<WebhookEndpoint> create(@RequestBody(required = false) Webhooks.WebhookRequest body) {
        WebhookEndpoint e = webhooks.create(body);
        return ResponseEntity.created(URI.create("/api/webhooks/" + e.id())).body(e);
    }

    @GetMapping("/api/webhooks/{id}")
    WebhookEndpoint get(@PathVariable String id) {
        return webhooks.get(id);
    }

    @PutMapping("/api/webhooks/{id}")
    WebhookEndpoint update(@PathVariable String id, @RequestBody(required = false) Webhooks.WebhookRequest body) {
        return webhooks.update(id, body);
    }

    @DeleteMapping("/api/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/webhooks/{id}/test")
    WebhookDelivery test(@PathVariable String id) {
        return webhooks.test(id);
    }

    @GetMapping("/api/webhooks/{id}/deliveries")
    Page<WebhookDelivery> deliveries(@PathVariable String id, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return webhooks.deliveries(id, status, page, size);
    }

    @GetMapping("/api/webhooks/{id}/deliveries/{deliveryId}")
    WebhookDelivery delivery(@PathVariable String id, @PathVariable String deliveryId) {
        return webhooks.delivery(id, deliveryId);
    }

    @PostMapping("/api/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<WebhookDelivery> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.redeliver(id, deliveryId));
    }
}
