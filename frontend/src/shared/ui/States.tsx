import type { ReactNode } from 'react';
import type { ApiError } from '../../app/api';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

interface ErrorMessageProps {
  error: ApiError;
  /** What was being done, e.g. "Could not load hosts". */
  title?: string;
  onRetry?: () => void;
}

export function ErrorMessage({ error, title, onRetry }: ErrorMessageProps) {
  const detail = error.isForbidden
    ? 'You do not have permission to do this.'
    : error.isNetworkError
      ? error.message
      : error.problem.detail || error.message;
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title ?? error.title}</p>
      {detail && <p>{detail}</p>}
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {children}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role="status">
      {children}
    </div>
  );
}
