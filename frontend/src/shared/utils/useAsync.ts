import { useCallback, useEffect, useState } from 'react';
import { isAbortError, toApiError, type ApiError } from '../../app/api';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Runs the loader again (keeps the previous data while loading). */
  reload(): void;
  /** Replaces the data locally, e.g. with the entity a mutation returned. */
  setData(data: T): void;
}

/**
 * Runs `loader` whenever its identity changes (wrap it in useCallback with its inputs) and
 * aborts the previous request. Keeps stale data visible while a new page loads.
 */
export function useAsync<T>(loader: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loader(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted || isAbortError(failure)) return;
        setError(toApiError(failure));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [loader, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback((value: T) => {
    setData(value);
    setError(undefined);
  }, []);

  return { data, error, loading, reload, setData: replace };
}
