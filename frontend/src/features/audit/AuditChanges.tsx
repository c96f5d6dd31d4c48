import { useState } from 'react';
import type { AuditEntry } from './api';
import { diffSnapshots, formatValue } from './diff';

/** The before/after diff of one audit entry, changed fields first. */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  if (!entry.before && !entry.after) return <p className="muted">This entry records no data snapshot.</p>;

  const changes = diffSnapshots(entry.before, entry.after);
  const changed = changes.filter((change) => change.changed);
  const visible = showUnchanged ? changes : changed;
  const unchangedCount = changes.length - changed.length;
  const checkboxId = `audit-${entry.id}-unchanged`;

  return (
    <div className="diff">
      {visible.length === 0 ? (
        <p className="muted">No field changed.</p>
      ) : (
        <table className="table table--compact diff__table">
          <caption className="visually-hidden">Changes recorded by this entry</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((change) => (
              <tr key={change.field} className={change.changed ? 'diff__row--changed' : undefined}>
                <th scope="row" className="mono">
                  {change.field}
                  {change.changed && <span className="visually-hidden"> (changed)</span>}
                </th>
                <td className="diff__before">
                  <pre>{entry.before ? formatValue(change.before) : '—'}</pre>
                </td>
                <td className="diff__after">
                  <pre>{entry.after ? formatValue(change.after) : '—'}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unchangedCount > 0 && entry.before && entry.after && (
        <div className="field--checkbox">
          <input
            type="checkbox"
            id={checkboxId}
            checked={showUnchanged}
            onChange={(event) => setShowUnchanged(event.target.checked)}
          />
          <label htmlFor={checkboxId}>Show {unchangedCount} unchanged fields</label>
        </div>
      )}
    </div>
  );
}
