import type { TicketKind, TicketStatus } from './api';

type Tone = 'info' | 'warn' | 'error' | 'ok' | 'neutral';

const STATUS: Record<TicketStatus, { label: string; tone: Tone; open: boolean }> = {
  PENDING_APPROVAL: { label: 'Waiting for approval', tone: 'info', open: true },
  BUILDING_ISO: { label: 'Building ISO', tone: 'info', open: true },
  ISO_BUILD_FAILED: { label: 'ISO build failed', tone: 'error', open: true },
  WAITING_FOR_WINDOW: { label: 'Waiting for window', tone: 'info', open: true },
  ARMED: { label: 'Armed', tone: 'warn', open: true },
  INSTALLING: { label: 'Installing', tone: 'warn', open: true },
  HELD: { label: 'Held: install failed', tone: 'error', open: true },
  COMPLETED: { label: 'Completed', tone: 'ok', open: false },
  REJECTED: { label: 'Rejected', tone: 'neutral', open: false },
  EXPIRED: { label: 'Expired', tone: 'neutral', open: false },
  CANCELLED: { label: 'Cancelled', tone: 'neutral', open: false },
  ABORTED: { label: 'Aborted', tone: 'neutral', open: false },
};

export const TICKET_STATUSES = Object.keys(STATUS) as TicketStatus[];

/** Until the host's first boot the requester (or an operator or admin) may still cancel. */
const CANCELLABLE: readonly TicketStatus[] = ['PENDING_APPROVAL', 'BUILDING_ISO', 'WAITING_FOR_WINDOW', 'ARMED'];

export function statusLabel(status: TicketStatus | string): string {
  return STATUS[status as TicketStatus]?.label ?? status;
}

export function isCancellable(status: TicketStatus): boolean {
  return CANCELLABLE.includes(status);
}

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const tone = STATUS[status]?.tone ?? 'neutral';
  return (
    <span className={`badge badge--${tone}`} title={status}>
      {statusLabel(status)}
    </span>
  );
}

const KINDS: Record<TicketKind, string> = {
  PROVISION: 'First install',
  REIMAGE: 'Reinstall',
  EMERGENCY: 'Emergency arm (no approval)',
};

export function kindLabel(kind: TicketKind): string {
  return KINDS[kind] ?? kind;
}

const OUTCOMES: Record<string, string> = { approve: 'Approve', reject: 'Reject', retry: 'Retry', abort: 'Abort' };

export function outcomeLabel(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome.charAt(0).toUpperCase() + outcome.slice(1);
}

/** Outcomes that end the ticket are styled as destructive. */
export function isDestructiveOutcome(outcome: string): boolean {
  return outcome === 'reject' || outcome === 'abort';
}
