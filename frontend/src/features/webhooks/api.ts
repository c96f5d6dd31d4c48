import { api, seg, type Page } from '../../app/api';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

/** A webhook endpoint as the API shows it: never its secret (every endpoint has one). */
export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  /** The event types it receives, or `['*']` for all. */
  events: string[];
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  deliveries: { pending: number; delivered: number; dead: number };
  /** Its newest delivery; null when it has none yet. */
  lastDelivery: LastDelivery | null;
}

/** An endpoint's newest delivery, as the endpoint list shows it. */
export interface LastDelivery {
  id: string;
  eventType: string;
  status: DeliveryStatus;
  /** The HTTP status of its latest attempt; null before an answer came. */
  lastStatusCode: number | null;
  createdAt: string;
}

/** An event type endpoints can subscribe to. */
export interface WebhookEventType {
  name: string;
  description: string;
}

/** One attempt of a delivery. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  /** The HTTP status the endpoint answered; null when no answer came. */
  statusCode: number | null;
  outcome: 'DELIVERED' | 'FAILED';
  error: string | null;
  /** The replica that sent it. */
  sender: string;
}

/** One event for one endpoint, with every attempt. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  /** The delivery an admin sent again, when this is a redelivery. */
  redeliveryOf: string | null;
  createdAt: string;
  finishedAt: string | null;
  log: DeliveryAttempt[];
  /** The body sent (only when one delivery is read). */
  payload?: unknown;
}

/** Create and update; on an update a missing or empty `secret` keeps the current one. */
export interface WebhookInput {
  name: string;
  url: string;
  secret?: string;
  events: string[];
  enabled: boolean;
}

const base = '/api/webhooks';

export function listWebhooks(signal?: AbortSignal): Promise<WebhookEndpoint[]> {
  return api.get<WebhookEndpoint[]>(base, undefined, signal);
}

export function getWebhook(id: string, signal?: AbortSignal): Promise<WebhookEndpoint> {
  return api.get<WebhookEndpoint>(`${base}/${seg(id)}`, undefined, signal);
}

export function createWebhook(input: WebhookInput): Promise<WebhookEndpoint> {
  return api.post<WebhookEndpoint>(base, input);
}

export function updateWebhook(id: string, input: WebhookInput): Promise<WebhookEndpoint> {
  return api.put<WebhookEndpoint>(`${base}/${seg(id)}`, input);
}

export function deleteWebhook(id: string): Promise<void> {
  return api.delete(`${base}/${seg(id)}`);
}

/** The event types endpoints can subscribe to, in the order of a ticket's life. */
export function listEventTypes(signal?: AbortSignal): Promise<WebhookEventType[]> {
  return api.get<WebhookEventType[]>(`${base}/event-types`, undefined, signal);
}

/** Sends a `webhook.test` event now and answers with the delivery and its attempt. */
export function testWebhook(id: string): Promise<WebhookDelivery> {
  return api.post<WebhookDelivery>(`${base}/${seg(id)}/test`);
}

export interface DeliveryQuery {
  status?: DeliveryStatus | '';
  page: number;
  size: number;
}

/** The delivery log, newest first. */
export function listDeliveries(id: string, query: DeliveryQuery, signal?: AbortSignal): Promise<Page<WebhookDelivery>> {
  return api.get<Page<WebhookDelivery>>(`${base}/${seg(id)}/deliveries`, { ...query }, signal);
}

export function getDelivery(id: string, deliveryId: string, signal?: AbortSignal): Promise<WebhookDelivery> {
  return api.get<WebhookDelivery>(`${base}/${seg(id)}/deliveries/${seg(deliveryId)}`, undefined, signal);
}

/** Sends a DELIVERED or DEAD delivery's event again, as a new delivery. */
export function redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
  return api.post<WebhookDelivery>(`${base}/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`);
}
