import type { WebhookEndpoint, WebhookInput } from './api';

export const ALL_EVENTS = '*';

export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 200;
export const MAX_NAME_LENGTH = 100;

export interface WebhookFormValues {
  name: string;
  url: string;
  /** Empty on an edit keeps the current secret. */
  secret: string;
  /** Every event, now and those added later. */
  allEvents: boolean;
  events: string[];
  enabled: boolean;
}

export const WEBHOOK_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  url: 'URL',
  secret: 'Secret',
  events: 'Events',
  enabled: 'Enabled',
};

export function emptyWebhookForm(): WebhookFormValues {
  return { name: '', url: '', secret: '', allEvents: false, events: [], enabled: true };
}

export function webhookToForm(endpoint: WebhookEndpoint): WebhookFormValues {
  const all = endpoint.events.includes(ALL_EVENTS);
  return { name: endpoint.name, url: endpoint.url, secret: '', allEvents: all, events: all ? [] : endpoint.events, enabled: endpoint.enabled };
}

/**
 * Checks what the browser can check (the server checks everything again and its field errors land
 * at the same fields). `existing`: an update, where an empty secret keeps the current one.
 */
/**
 * The request for the form's values, or the errors that keep it from being sent. `catalogue`: the
 * subscribable event names in the server's order (events are sent in that order).
 */
export function formToWebhook(
  values: WebhookFormValues,
  existing: boolean,
  catalogue: readonly string[] = [],
): { input: WebhookInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = values.name.trim();
  if (!name) errors.name = 'is required';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `at most ${MAX_NAME_LENGTH} characters`;
  const url = values.url.trim();
  if (!url) errors.url = 'is required: the http:// or https:// URL events are POSTed to';
  else if (!/^https?:\/\/[^/?#]+/i.test(url)) errors.url = 'must be an http:// or https:// URL with a host';
  const secret = values.secret;
  if (!secret && !existing) errors.secret = `is required: at least ${MIN_SECRET_LENGTH} characters, shared with the receiver`;
  else if (secret && (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH)) {
    errors.secret = `${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`;
  }
  // in the catalogue's order whatever order they were checked in; names it does not list (yet) last
  const known = catalogue.filter((name) => values.events.includes(name));
  const events = values.allEvents ? [ALL_EVENTS] : [...known, ...[...new Set(values.events)].filter((name) => !known.includes(name))];
  if (events.length === 0) errors.events = 'choose at least one event, or all events';
  const input: WebhookInput = { name, url, events, enabled: values.enabled };
  if (secret) input.secret = secret;
  return { input, errors };
}
