import { api, type Page } from '../../app/api';
import { listAudit, type AuditEntry } from '../audit/api';
import { BOOT_STATES, type BootState } from '../hosts/api';
import { listTickets, type Ticket, type TicketStatus } from '../tickets/api';

/** The statuses of open tickets, in workflow order. */
export const OPEN_STATUSES: TicketStatus[] = [
  'PENDING_APPROVAL',
  'BUILDING_ISO',
  'ISO_BUILD_FAILED',
  'WAITING_FOR_WINDOW',
  'ARMED',
  'INSTALLING',
  'HELD',
];

/** Tickets an operator has to retry or abort. */
export const ATTENTION_STATUSES: TicketStatus[] = ['HELD', 'ISO_BUILD_FAILED'];

export type Counts<K extends string> = Record<K, number>;

/** One page-size-1 request per key; the page's `totalItems` is the count. */
async function countEach<K extends string>(keys: readonly K[], count: (key: K) => Promise<Page<unknown>>): Promise<Counts<K>> {
  const totals = await Promise.all(keys.map(async (key) => [key, (await count(key)).totalItems] as const));
  return Object.fromEntries(totals) as Counts<K>;
}

export function countHostsByState(signal?: AbortSignal): Promise<Counts<BootState>> {
  return countEach(BOOT_STATES, (state) => api.get<Page<unknown>>('/api/hosts', { state, page: 0, size: 1 }, signal));
}

export function countOpenTicketsByStatus(signal?: AbortSignal): Promise<Counts<TicketStatus>> {
  return countEach(OPEN_STATUSES, (status) => listTickets({ status, open: true, page: 0, size: 1 }, signal));
}

export function ticketsNeedingAttention(signal?: AbortSignal): Promise<Page<Ticket>> {
  return listTickets({ status: ATTENTION_STATUSES.join(','), open: true, page: 0, size: 20 }, signal);
}

/** The newest boot decisions (`boot.*` audit entries), newest first. */
export function latestBootDecisions(size: number, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return listAudit({ action: 'boot.*', page: 0, size }, signal);
}
