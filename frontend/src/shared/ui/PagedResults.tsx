import type { ReactNode } from 'react';
import type { Page } from '../../app/api';
import type { AsyncState } from '../utils/useAsync';
import { Pagination } from './Pagination';
import { EmptyState, ErrorMessage, Loading } from './States';

interface PagedResultsProps<T> {
  state: AsyncState<Page<T>>;
  noun: [singular: string, plural?: string];
  /** e.g. "Could not load hosts" */
  errorTitle: string;
  /** Shown when the page is empty; `filtered` picks the second title and offers "Clear filters". */
  emptyTitles: [unfiltered: string, filtered: string];
  filtered: boolean;
  onClearFilters(): void;
  /** Extra content of the empty state without filters (e.g. "add the first host"). */
  emptyHint?: ReactNode;
  onPageChange(page: number): void;
  onSizeChange?(size: number): void;
  /** Renders the items; `busy` is true while the next page loads (the old one stays visible). */
  children(items: T[], busy: boolean): ReactNode;
}

/** The states every paged list shows: error, first load, empty (with or without filters), items + paging. */
export function PagedResults<T>({
  state,
  noun,
  errorTitle,
  emptyTitles,
  filtered,
  onClearFilters,
  emptyHint,
  onPageChange,
  onSizeChange,
  children,
}: PagedResultsProps<T>) {
  const data = state.data;
  return (
    <>
      {state.error && <ErrorMessage error={state.error} title={errorTitle} onRetry={state.reload} />}
      {state.loading && !data && <Loading label={`Loading ${noun[1] ?? `${noun[0]}s`}…`} />}
      {data && data.items.length === 0 && (
        <EmptyState title={filtered ? emptyTitles[1] : emptyTitles[0]}>
          {filtered ? (
            <button type="button" className="button" onClick={onClearFilters}>
              Clear filters
            </button>
          ) : (
            emptyHint
          )}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <>
          {children(data.items, state.loading)}
          <Pagination
            page={data.page}
            totalPages={data.totalPages}
            totalItems={data.totalItems}
            size={data.size}
            noun={noun}
            onPageChange={onPageChange}
            onSizeChange={onSizeChange}
          />
        </>
      )}
    </>
  );
}
