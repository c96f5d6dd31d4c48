import { PERSON_ROLES, type UserRole } from '../users/api';
import type { PersonRole } from '../users/userForm';
import type { NewTokenInput } from './api';

/** A preset lifetime (ISO-8601 duration) or a date of the user's choice. */
export type ExpiryChoice = 'P7D' | 'P30D' | 'P90D' | 'P365D' | 'date';

export const EXPIRY_CHOICES: { value: ExpiryChoice; label: string }[] = [
  { value: 'P7D', label: 'in 7 days' },
  { value: 'P30D', label: 'in 30 days' },
  { value: 'P90D', label: 'in 90 days' },
  { value: 'P365D', label: 'in 1 year' },
  { value: 'date', label: 'on a date…' },
];

export interface TokenFormValues {
  name: string;
  roles: UserRole[];
  /** Named `lifetime` after the request field its errors come back on. */
  lifetime: ExpiryChoice;
  /** `yyyy-mm-dd` (a date input), when `lifetime` is `date`; named after the request field. */
  expiresAt: string;
}

export const TOKEN_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  roles: 'Roles',
  lifetime: 'Expires',
  expiresAt: 'Expiry date',
};

export const MAX_NAME_LENGTH = 100;

export function emptyTokenForm(): TokenFormValues {
  return { name: '', roles: [], lifetime: 'P30D', expiresAt: '' };
}

/** The person roles among the user's, in the usual order: what a token may be given. */
export function grantableRoles(roles: readonly string[]): PersonRole[] {
  const held = new Set(roles.map((role) => role.toUpperCase().replace(/^ROLE_/, '')));
  return PERSON_ROLES.filter((role) => held.has(role));
}

/** The end of the chosen local day, as an instant. */
export function endOfLocalDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return Number.isNaN(end.getTime()) ? null : end;
}

export function formToNewToken(values: TokenFormValues, now: Date = new Date()): { input: NewTokenInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = values.name.trim();
  if (!name) errors.name = 'say what the token is for';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `at most ${MAX_NAME_LENGTH} characters`;
  const roles = PERSON_ROLES.filter((role) => values.roles.includes(role));
  if (roles.length === 0) errors.roles = 'choose at least one role';
  const input: NewTokenInput = { name, roles };
  if (values.lifetime === 'date') {
    const end = endOfLocalDay(values.expiresAt);
    if (!values.expiresAt) errors.expiresAt = 'choose the last day the token works';
    else if (!end) errors.expiresAt = 'not a date';
    else if (end.getTime() <= now.getTime()) errors.expiresAt = 'must be in the future';
    else input.expiresAt = end.toISOString();
  } else {
    input.lifetime = values.lifetime;
  }
  return { input, errors };
}
