import type { Sort } from '../utils/sort';

interface SortableHeaderProps {
  field: string;
  label: string;
  sort: Sort;
  onSort(field: string): void;
}

/** A column header whose button toggles sorting; the state is exposed with aria-sort. */
export function SortableHeader({ field, label, sort, onSort }: SortableHeaderProps) {
  const active = sort.field === field;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort}>
      <button type="button" className="sort-button" onClick={() => onSort(field)}>
        {label}
        <span className="sort-button__icon" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
