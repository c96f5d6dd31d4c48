import type { JsonObject } from './api';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, nested) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as JsonObject).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

/**
 * Compares the top-level fields of two snapshots. A created entity has no `before`, a deleted
 * one no `after`; every field then counts as changed.
 */
export function diffSnapshots(before: JsonObject | null, after: JsonObject | null): FieldChange[] {
  const fields = Array.from(new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])).sort();
  return fields.map((field) => {
    const b = before ? before[field] : undefined;
    const a = after ? after[field] : undefined;
    return { field, before: b, after: a, changed: stable(b) !== stable(a) };
  });
}

/** Renders one snapshot value compactly: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  }
  return JSON.stringify(value, null, 2);
}
