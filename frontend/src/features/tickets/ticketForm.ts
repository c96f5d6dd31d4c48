import { localInputToIso } from '../../shared/utils/format';
import type { TicketInput } from './api';

export interface TicketFormValues {
  hostId: string;
  /** Empty: the host's profile. */
  profile: string;
  reason: string;
  /** `datetime-local` value, local time. */
  windowStart: string;
}

export const TICKET_FIELD_LABELS: Record<keyof TicketFormValues, string> = {
  hostId: 'Host',
  profile: 'Profile',
  reason: 'Reason',
  windowStart: 'Earliest start',
};

export function emptyTicketForm(hostId = ''): TicketFormValues {
  return { hostId, profile: '', reason: '', windowStart: '' };
}

/** Checks what the browser can check; the earliest start goes out as ISO-8601 with offset (UTC). */
export function formToInput(values: TicketFormValues): { input: TicketInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const reason = values.reason.trim();
  if (!values.hostId) errors.hostId = 'Choose the host to reinstall.';
  if (!reason) errors.reason = 'Say why; approvers read it and it goes into the audit log.';
  else if (reason.length > 500) errors.reason = 'At most 500 characters.';
  const windowStart = localInputToIso(values.windowStart);
  if (values.windowStart && !windowStart) errors.windowStart = 'Not a valid date and time.';
  const input: TicketInput = { hostId: values.hostId, reason };
  if (values.profile) input.profile = values.profile;
  if (windowStart) input.windowStart = windowStart;
  return { input, errors };
}
