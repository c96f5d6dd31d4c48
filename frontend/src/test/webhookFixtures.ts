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
