export type Direction = 'asc' | 'desc';

export interface Sort {
  field: string;
  direction: Direction;
}

/** Parses Spring Data's `field,asc` form. */
export function parseSort(value: string | null | undefined, fallback: Sort): Sort {
  if (!value) return fallback;
  const [field, direction] = value.split(',');
  if (!field) return fallback;
  return { field, direction: direction === 'desc' ? 'desc' : 'asc' };
}

export function formatSort(sort: Sort): string {
  return `${sort.field},${sort.direction}`;
}

/** Clicking the active column flips the direction; a new column starts ascending. */
export function toggleSort(current: Sort, field: string): Sort {
  if (current.field === field) return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { field, direction: 'asc' };
}
