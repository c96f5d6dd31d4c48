package org.bootwarden.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.bootwarden.audit.AuditListener;
import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostService;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.tickets.Ticket;
import org.bootwarden.tickets.TicketService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the audit records of lifecycle changes into webhook events (the outbox): in the
 * transaction of the change, the event with its JSON body and one PENDING delivery per enabled
 * endpoint that subscribes to it. Nothing is written when no endpoint subscribes. After the
 * commit this replica's dispatcher is woken, so the event goes out at once; if the change rolls
 * back, so does its event.
 */
@Component
class WebhookOutbox implements AuditListener {

    private final WebhookStore store;
    private final HostService hosts;
    private final TicketService tickets;
    private final ObjectMapper json;
    private final WebhookDispatcher dispatcher;

    WebhookOutbox(WebhookStore store, HostService hosts, TicketService tickets, ObjectMapper json, WebhookDispatcher dispatcher) {
        this.store = store;
        this.hosts = hosts;
        this.tickets = tickets;
        this.json = json;
        this.dispatcher = dispatcher;
    }

    @Override
    public void recorded(Recorded r) {
        Optional<WebhookEventType> type = WebhookEventType.of(r);
        if (type.isEmpty()) {
            return;
        }
        List<WebhookStore.EndpointRow> subscribers = store.enabledEndpoints().stream()
                .filter(e -> e.receives(type.get().wireName)).toList();
        if (subscribers.isEmpty()) {
            return;
        }
        // the event's id is its audit record's id: a receiver can look the change up in the audit log
        store.insertEvent(r.id(), type.get().wireName, r.occurredAt(), payload(r, type.get()));
        for (WebhookStore.EndpointRow e : subscribers) {
            store.insertDelivery(UUID.randomUUID().toString(), e.id(), r.id(), r.occurredAt(), null, null, null);
        }
        wakeAfterCommit();
    }

    /** The body every subscriber of the event receives: the event, and the host and ticket as they are now. */
    private String payload(Recorded r, WebhookEventType type) {
        Host host = null;
        Ticket ticket = null;
        if ("ticket".equals(r.targetType())) {
            ticket = ticket(r.targetId());
            host = ticket == null ? null : host(ticket.hostId());
        } else if ("host".equals(r.targetType())) {
            host = host(r.targetId());
            ticket = host == null || host.openTicketId() == null ? null : ticket(host.openTicketId());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id());
        body.put("type", type.wireName);
        body.put("occurredAt", r.occurredAt());
        body.put("actor", r.actor());
        body.put("summary", r.summary());
        body.put("host", host);
        body.put("ticket", ticket);
        return write(body);
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook payload", e);
        }
    }

    private Host host(String id) {
        try {
            return hosts.get(id);
        } catch (NotFoundException gone) {
            return null;
        }
    }

    private Ticket ticket(String id) {
        try {
            return tickets.get(id);
        } catch (NotFoundException gone) {
            return null;
        }
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wake();
                }
            });
        } else {
            dispatcher.wake();
        }
    }
}
