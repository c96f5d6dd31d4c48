import { isCidr } from '../../shared/utils/cidr';
import type { BootState } from '../hosts/api';
import type { Selection } from './api';

export interface SelectionValues {
  q: string;
  state: BootState | '';
  profile: string;
  label: string;
  subnet: string;
  all: boolean;
}

export const SELECTION_LABELS: Record<string, string> = {
  q: 'Search',
  state: 'Boot state',
  profile: 'Profile',
  label: 'Label',
  subnet: 'Subnet',
  all: 'Every host',
};

export const emptySelection = (): SelectionValues => ({ q: '', state: '', profile: '', label: '', subnet: '', all: false });

export function hasFilter(values: SelectionValues): boolean {
  return Boolean(values.q.trim() || values.state || values.profile || values.label.trim() || values.subnet.trim());
}

/** The checks the form makes before asking the server (which checks the same and more). */
export function selectionErrors(values: SelectionValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.all) return errors;
  const label = values.label.trim();
  if (label && !/^[^=\s]+(=.*)?$/.test(label)) errors.label = 'use key=value, or key for any value (e.g. rack=r12)';
  const subnet = values.subnet.trim();
  if (subnet && !isCidr(subnet)) errors.subnet = 'use CIDR notation, e.g. 10.20.0.0/16';
  return errors;
}

export function toSelection(values: SelectionValues): Selection {
  if (values.all) return { all: true };
  return { q: values.q.trim(), state: values.state, profile: values.profile, label: values.label.trim(), subnet: values.subnet.trim() };
}

/** The server names a selection's label `labels[0]` (its field errors arrive as `labels`). */
export function selectionFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const { labels, label, ...rest } = fieldErrors;
  const merged = [label, labels].filter(Boolean).join(' ');
  return merged ? { ...rest, label: merged } : rest;
}
