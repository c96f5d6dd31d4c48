import { useState } from 'react';
import { toApiError, type ApiError } from '../../app/api';
import { ErrorMessage } from '../../shared/ui/States';
import { pluralize } from '../../shared/utils/format';
import { auditExportUrl, verifyAuditChain, type AuditFilters, type ChainVerification } from './api';

/** Download links of the log as filtered now. */
export function AuditExport({ filters, filtered }: { filters: AuditFilters; filtered: boolean }) {
  return (
    <section className="panel" aria-labelledby="audit-export-heading">
      <h2 id="audit-export-heading">Export</h2>
      <p className="muted small">
        {filtered ? 'The entries matching the filters' : 'Every entry'}, oldest first, with each record's chain position and hashes.
      </p>
      <p>
        <a className="button" href={auditExportUrl('csv', filters)} download>
          Export CSV
        </a>{' '}
        <a className="button" href={auditExportUrl('json', filters)} download>
          Export JSON
        </a>
      </p>
    </section>
  );
}

function VerificationResult({ result }: { result: ChainVerification }) {
  const unsealed = result.unsealed > 0 ? ` ${pluralize(result.unsealed, 'record')} not sealed yet.` : '';
  if (result.intact) {
    return (
      <div className="alert alert--success" role="status">
        <p className="alert__title">Intact</p>
        <p>
          {pluralize(result.checked, 'record')} checked: every link of the chain is as it was sealed.{unsealed}
        </p>
      </div>
    );
  }
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">Broken</p>
      <p>{result.problem ?? 'The chain does not verify.'}</p>
      <dl className="details details--compact">
        <div className="details__row">
          <dt>First broken link</dt>
          <dd>
            {result.brokenAt !== null ? `record ${result.brokenAt} of the chain` : 'unknown'}
            {result.brokenRecordId && <span className="mono"> ({result.brokenRecordId})</span>}
          </dd>
        </div>
        <div className="details__row">
          <dt>Checked before it</dt>
          <dd>{pluralize(result.checked, 'record')}</dd>
        </div>
      </dl>
      {unsealed && <p>{unsealed.trim()}</p>}
    </div>
  );
}

/** Recomputes the hash chain on the server and tells whether it is intact, or where it breaks. */
export function ChainVerificationPanel() {
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<ChainVerification | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const verify = async () => {
    setChecking(true);
    setError(null);
    try {
      setResult(await verifyAuditChain());
    } catch (failure) {
      setResult(null);
      setError(toApiError(failure));
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="audit-verify-heading" aria-busy={checking}>
      <h2 id="audit-verify-heading">Chain verification</h2>
      <p className="muted small">
        Each record is sealed into a hash chain with a key the database does not hold: a changed, removed or cut-off record breaks
        it.
      </p>
      <p>
        <button type="button" className="button" onClick={verify} disabled={checking}>
          {checking ? 'Verifying…' : 'Verify chain'}
        </button>
      </p>
      {error && <ErrorMessage error={error} title="The chain could not be verified" />}
      {result && !checking && <VerificationResult result={result} />}
    </section>
  );
}
