package org.bootwarden.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.Page;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Webhook endpoints kept by admins, their test sends, delivery logs and redeliveries. Every change
 * is audited ({@code webhook.created|updated|deleted|test-sent|redelivered}); secrets are never
 * returned and never audited.
 */
@Service
class Webhooks {

    /** Body of create and update; on update a missing or blank secret keeps the current one. */
    record WebhookRequest(String name, String url, String secret, List<String> events, Boolean enabled) {
    }

    static final String ALL_EVENTS = "*";

    private final WebhookStore store;
    private final WebhookSecrets secrets;
    private final WebhookDispatcher dispatcher;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    Webhooks(WebhookStore store, WebhookSecrets secrets, WebhookDispatcher dispatcher, AuditService audit, TransactionTemplate tx,
            ObjectMapper json, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    List<WebhookEndpoint> list() {
        Map<String, WebhookEndpoint.Counts> counts = store.countsByEndpoint();
        Map<String, WebhookEndpoint.LastDelivery> last = store.lastDeliveries(null);
        return store.endpoints().stream()
                .map(e -> view(e, counts.getOrDefault(e.id(), WebhookEndpoint.Counts.NONE), last.get(e.id()))).toList();
    }

    WebhookEndpoint get(String id) {
        WebhookStore.EndpointRow e = row(id);
        return view(e, store.countsByEndpoint().getOrDefault(id, WebhookEndpoint.Counts.NONE), store.lastDeliveries(id).get(id));
    }

    @Transactional
    WebhookEndpoint create(WebhookRequest r) {
        Valid v = validate(r, null);
        Instant now = Instant.now(clock);
        WebhookStore.EndpointRow e = new WebhookStore.EndpointRow(UUID.randomUUID().toString(), v.name(), v.url(),
                secrets.encrypt(v.secret()), v.events(), v.enabled(), AuditService.currentActor(), now, now);
        store.insertEndpoint(e);
        WebhookEndpoint created = get(e.id());
        audit.record("webhook.created", "webhook", e.id(), "webhook endpoint " + v.name() + " (" + v.url() + ") receives "
                + v.events() + (v.enabled() ? "" : ", disabled"), null, auditView(created, false));
        return created;
    }

    @Transactional
    WebhookEndpoint update(String id, WebhookRequest r) {
        WebhookStore.EndpointRow before = row(id);
        Valid v = validate(r, before);
        boolean newSecret = v.secret() != null;
        store.updateEndpoint(new WebhookStore.EndpointRow(id, v.name(), v.url(), newSecret ? secrets.encrypt(v.secret()) : before.secretEnc(),
                v.events(), v.enabled(), before.createdBy(), before.createdAt(), Instant.now(clock)));
        WebhookEndpoint after = get(id);
        audit.record("webhook.updated", "webhook", id, "webhook endpoint " + v.name() + " changed" + (newSecret ? " (new secret)" : ""),
                auditView(view(before, null, null), false), auditView(after, newSecret));
        return after;
    }

    /** Deletes the endpoint and its delivery log; pending deliveries are not sent. */
    @Transactional
    void delete(String id) {
        WebhookStore.EndpointRow before = row(id);
        store.deleteEndpoint(id);
        audit.record("webhook.deleted", "webhook", id, "webhook endpoint " + before.name() + " (" + before.url() + ") deleted with its"
                + " delivery log", auditView(view(before, null, null), false), null);
    }

    /**
     * Sends a {@code webhook.test} event to the endpoint now, whatever its event filter and even
     * when it is disabled, and returns the delivery with the attempt's result. Test deliveries are
     * not retried.
     */
    WebhookDelivery test(String id) {
        WebhookStore.EndpointRow e = row(id);
        String actor = AuditService.currentActor();
        String deliveryId = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            Instant now = Instant.now(clock);
            String eventId = UUID.randomUUID().toString();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", eventId);
            body.put("type", WebhookEventType.WEBHOOK_TEST.wireName);
            body.put("occurredAt", now);
            body.put("actor", actor);
            body.put("summary", "test delivery to webhook endpoint " + e.name() + ", requested by " + actor);
            body.put("host", null);
            body.put("ticket", null);
            body.put("webhook", Map.of("id", e.id(), "name", e.name()));
            store.insertEvent(eventId, WebhookEventType.WEBHOOK_TEST.wireName, now, write(body));
            // held by this replica from the start: the dispatchers leave it to this call
            store.insertDelivery(deliveryId, e.id(), eventId, now, null, dispatcher.replica(), now.plus(dispatcher.lease()));
            audit.record("webhook.test-sent", "webhook", e.id(), "test delivery " + deliveryId + " to webhook endpoint " + e.name(),
                    null, Map.of("delivery", deliveryId));
        });
        dispatcher.attempt(deliveryId);
        return delivery(id, deliveryId);
    }

    Page<WebhookDelivery> deliveries(String id, String status, int page, int size) {
        row(id);
        if (page < 0 || size < 1 || size > 200) {
            throw new InvalidRequestException(List.of(new FieldProblem(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and 200")));
        }
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (s != null && !Set.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED, WebhookDelivery.DEAD).contains(s)) {
            throw InvalidRequestException.of("status", "must be PENDING, DELIVERED or DEAD");
        }
        return store.deliveries(id, s, page, size);
    }

    /** One delivery with its log and the body it sends. */
    WebhookDelivery delivery(String id, String deliveryId) {
        WebhookDelivery d = store.delivery(id, deliveryId)
                .orElseThrow(() -> new NotFoundException("no delivery '" + deliveryId + "' of webhook endpoint '" + id + "'"));
        return new WebhookDelivery(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.status(), d.attempts(), d.nextAttemptAt(),
                d.lastStatusCode(), d.lastError(), d.redeliveryOf(), d.createdAt(), d.finishedAt(), d.log(), parse(store.payload(d.eventId())));
    }

    /**
     * Sends a finished (DELIVERED or DEAD) delivery's event to the endpoint again, as a new
     * delivery with attempts of its own; the body is the same, so receivers can recognise it by
     * the event id.
     */
    @Transactional
    WebhookDelivery redeliver(String id, String deliveryId) {
        WebhookStore.EndpointRow e = row(id);
        WebhookDelivery d = store.delivery(id, deliveryId)
                .orElseThrow(() -> new NotFoundException("no delivery '" + deliveryId + "' of webhook endpoint '" + id + "'"));
        if (WebhookDelivery.PENDING.equals(d.status())) {
            throw new ConflictException("status", "delivery " + deliveryId + " is still PENDING (next attempt at " + d.nextAttemptAt()
                    + "); only DELIVERED or DEAD deliveries can be sent again");
        }
        String newId = UUID.randomUUID().toString();
        store.insertDelivery(newId, id, d.eventId(), Instant.now(clock), d.id(), null, null);
        audit.record("webhook.redelivered", "webhook", id, "event " + d.eventId() + " (" + d.eventType() + ") sent again to webhook"
                + " endpoint " + e.name() + " as delivery " + newId + " (was " + d.status() + ")", Map.of("delivery", d.id()),
                Map.of("delivery", newId));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wake();
                }
            });
        }
        return store.delivery(id, newId).orElseThrow();
    }

    // ---- validation and views --------------------------------------------------------------

    private record Valid(String name, String url, String secret, List<String> events, boolean enabled) {
    }

    /** The request checked field by field; {@code secret} null on an update that keeps the current one. */
    private Valid validate(WebhookRequest r, WebhookStore.EndpointRow existing) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = r == null || r.name() == null ? "" : r.name().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > 100 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(new FieldProblem("name", "at most 100 characters, no control characters"));
        } else if (store.nameTaken(name, existing == null ? null : existing.id())) {
            throw new ConflictException("name", "another webhook endpoint is named " + name);
        }
        String url = r == null || r.url() == null ? "" : r.url().strip();
        String urlProblem = urlProblem(url);
        if (urlProblem != null) {
            problems.add(new FieldProblem("url", urlProblem));
        }
        String secret = r == null || r.secret() == null || r.secret().isBlank() ? null : r.secret();
        if (secret == null && existing == null) {
            problems.add(new FieldProblem("secret", "is required: at least 16 characters, shared with the receiver, which checks"
                    + " X-Bootwarden-Signature with it"));
        } else if (secret != null && (secret.length() < 16 || secret.length() > 200 || secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            problems.add(new FieldProblem("secret", "16 to 200 characters, no control characters"));
        }
        List<String> events = events(r == null ? null : r.events(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        boolean enabled = r.enabled() == null || r.enabled();
        return new Valid(name, url, secret, events, enabled);
    }

    private static List<String> events(List<String> requested, List<FieldProblem> problems) {
        if (requested == null || requested.isEmpty()) {
            problems.add(new FieldProblem("events", "at least one of " + String.join(", ", WebhookEventType.subscribable())
                    + ", or \"*\" for all"));
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (String e : requested) {
            String t = e == null ? "" : e.strip();
            if (!t.equals(ALL_EVENTS) && !WebhookEventType.subscribable().contains(t)) {
                problems.add(new FieldProblem("events", "unknown event '" + t + "'; known: " + String.join(", ",
                        WebhookEventType.subscribable()) + ", or \"*\" for all"));
                return List.of();
            }
            events.add(t);
        }
        return events.contains(ALL_EVENTS) ? List.of(ALL_EVENTS) : List.copyOf(events);
    }

    /** Why the URL cannot be a webhook target, or null. Admins choose targets; see docs/integrations.md on SSRF. */
    static String urlProblem(String url) {
        if (url.isEmpty()) {
            return "is required: the http:// or https:// URL events are POSTed to";
        }
        if (url.length() > 2000) {
            return "at most 2000 characters";
        }
        try {
            URI u = new URI(url);
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                return "must be an http:// or https:// URL with a host";
            }
            if (u.getRawUserInfo() != null) {
                return "must not carry user info (the URL is shown in the API): the receiver checks the signature instead";
            }
            if (u.getRawFragment() != null) {
                return "must not have a fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
    }

    private WebhookStore.EndpointRow row(String id) {
        return store.endpoint(id).orElseThrow(() -> new NotFoundException("no webhook endpoint '" + id + "'"));
    }

    private static WebhookEndpoint view(WebhookStore.EndpointRow e, WebhookEndpoint.Counts counts, WebhookEndpoint.LastDelivery last) {
        return new WebhookEndpoint(e.id(), e.name(), e.url(), e.events(), e.enabled(), e.createdBy(), e.createdAt(), e.updatedAt(),
                counts, last);
    }

    /** What the audit log keeps of an endpoint: its settings, whether the secret changed, never the secret. */
    private static Map<String, Object> auditView(WebhookEndpoint e, boolean secretChanged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("url", e.url());
        m.put("events", e.events());
        m.put("enabled", e.enabled());
        if (secretChanged) {
            m.put("secretChanged", true);
        }
        return m;
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException ex) {
            return json.getNodeFactory().textNode(payload);
        }
    }
}
