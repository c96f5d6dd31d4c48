import { ApiError, toApiError } from '../../app/api';

/**
 * For an edit page's save: a 409 without field errors means the record changed since it was
 * loaded (optimistic locking). Marks the page stale and rethrows with a message that says what
 * to do; any other error is rethrown as it is.
 */
export function rethrowStaleVersion(error: unknown, noun: string, markStale: () => void): never {
  const apiError = toApiError(error);
  if (apiError.isConflict && !apiError.hasFieldErrors()) {
    markStale();
    throw new ApiError({
      ...apiError.problem,
      title: `Someone else changed this ${noun}`,
      detail: `${apiError.problem.detail ?? `The ${noun} was modified after you opened it.`} Load the latest version and apply your changes again.`,
    });
  }
  throw error;
}

/** The notice shown on an edit page whose form is based on an outdated version. */
export function StaleVersionNotice({ version, onReload }: { version: number; onReload(): void }) {
  return (
    <div className="alert alert--warning" role="status">
      <p>This form is based on version {version}, which is no longer current.</p>
      <button type="button" className="button button--small" onClick={onReload}>
        Load latest version (discards your edits)
      </button>
    </div>
  );
}
