import { pluralize } from '../utils/format';

interface PaginationProps {
  /** Zero-based page index, as the API uses. */
  page: number;
  totalPages: number;
  totalItems: number;
  size: number;
  noun: [singular: string, plural?: string];
  onPageChange(page: number): void;
  onSizeChange?(size: number): void;
  sizes?: number[];
}

export function Pagination({
  page,
  totalPages,
  totalItems,
  size,
  noun,
  onPageChange,
  onSizeChange,
  sizes = [25, 50, 100],
}: PaginationProps) {
  const pages = Math.max(totalPages, 1);
  const first = totalItems === 0 ? 0 : page * size + 1;
  const last = Math.min((page + 1) * size, totalItems);
  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination__summary" aria-live="polite">
        {totalItems === 0
          ? `No ${noun[1] ?? `${noun[0]}s`}`
          : `${first}–${last} of ${pluralize(totalItems, noun[0], noun[1])} · page ${page + 1} of ${pages}`}
      </p>
      <div className="pagination__controls">
        {onSizeChange && (
          <label className="inline-label">
            Per page
            <select value={size} onChange={(event) => onSizeChange(Number(event.target.value))}>
              {sizes.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="button button--small" onClick={() => onPageChange(0)} disabled={page <= 0}>
          First
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => onPageChange(page - 1)}
          disabled={page <= 0}
        >
          Previous
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => onPageChange(page + 1)}
          disabled={page + 1 >= pages}
        >
          Next
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => onPageChange(pages - 1)}
          disabled={page + 1 >= pages}
        >
          Last
        </button>
      </div>
    </nav>
  );
}
