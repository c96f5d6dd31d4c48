import type { DeliveryStatus } from './api';

const TONE: Record<DeliveryStatus, string> = {
  PENDING: 'badge--warn',
  DELIVERED: 'badge--ok',
  DEAD: 'badge--error',
};

/** PENDING (amber), DELIVERED (green), DEAD (red). */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <span className={`badge ${TONE[status]}`}>{status}</span>;
}
