import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export const DEFAULT_PAGE_SIZE = 50;

/** `page` (zero-based) and `size` from the URL, with sane fallbacks for hand-edited values. */
export function readPaging(params: URLSearchParams, defaultSize = DEFAULT_PAGE_SIZE): { page: number; size: number } {
  const page = Number(params.get('page') ?? 0);
  const size = Number(params.get('size') ?? defaultSize);
  return {
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    size: Number.isInteger(size) && size > 0 ? size : defaultSize,
  };
}

/**
 * A list page's filters live in the URL (shareable, back button works). `update` writes changes
 * (an empty value removes the parameter); any change other than the page itself goes back to the
 * first page. `clear` drops every filter.
 */
export function useUrlQuery() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | number | undefined>) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === '' || value === undefined) next.delete(key);
          else next.set(key, String(value));
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  return { params, update, clear };
}
