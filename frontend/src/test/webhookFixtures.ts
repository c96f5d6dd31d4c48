import type { WebhookDelivery, WebhookEndpoint } from '../features/webhooks/api';

export function aWebhook(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 'b7d1c0de-0000-4000-8000-000000000001',
    name: 'salt-master',
    url: 'https://salt.example.org:8000/hook/bootwarden',
    events: ['install.completed', 'host.held'],
    enabled: true,
    createdBy: 'ada',
    createdAt: '2025-01-10T08:00:00Z',
    updatedAt: '2025-01-11T08:00:00Z',
    deliveries: { pending: 1, delivered: 12, dead: 2 },
    lastDelivery: { id: 'd0000000-0000-4000-8000-000000000001', eventType: 'install.completed', status: 'DELIVERED', lastStatusCode: 204, createdAt: '2025-01-12T09:00:00Z' },
    ...overrides,
  };
}

export function aDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'd0000000-0000-4000-8000-000000000001',
    endpointId: aWebhook().id,
    eventId: 'e0000000-0000-4000-8000-000000000001',
    eventType: 'install.completed',
    status: 'DELIVERED',
    attempts: 1,
    nextAttemptAt: null,
    lastStatusCode: 204,
    lastError: null,
    redeliveryOf: null,
    createdAt: '2025-01-12T09:00:00Z',
    finishedAt: '2025-01-12T09:00:01Z',
    log: [{ attempt: 1, startedAt: '2025-01-12T09:00:00Z', durationMs: 42, statusCode: 204, outcome: 'DELIVERED', error: null, sender: 'replica-a' }],
    ...overrides,
  };
}

/** What `GET /api/webhooks/event-types` answers. */
export const EVENT_TYPES = [
  { name: 'ticket.submitted', description: 'a reimage or provisioning ticket was filed (emergency arms too)' },
  { name: 'ticket.approved', description: 'an approver (or an admin) approved a ticket' },
  { name: 'ticket.rejected', description: 'an approver (or an admin) rejected a ticket' },
  { name: 'host.armed', description: 'the host’s next boot installs' },
  { name: 'install.started', description: 'the installer was served to the armed host' },
  { name: 'install.completed', description: 'the installer reported “install complete”' },
  { name: 'install.failed', description: 'the installer reported a failure' },
  { name: 'host.held', description: 'the host was put on HELD without a callback (limits, timeout)' },
  { name: 'ticket.closed', description: 'a ticket ended (completed, rejected, expired, cancelled, aborted)' },
];
