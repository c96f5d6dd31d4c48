import type { ReactNode } from 'react';

/** One term/description pair inside a `<dl className="details">`. */
export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
