import { useCallback, useId, useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { toApiError, type ApiError } from '../../app/api';
import { useCan } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime, pluralize } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import {
  IMPORT_TEMPLATE_URL,
  importHostsCsv,
  importResultOf,
  listFeeds,
  runFeed,
  type FeedStatus,
  type ImportAction,
  type ImportResult,
  type ImportRowResult,
} from './inventory';

/** The most rows the preview table draws at once (a file may have 10,000). */
export const MAX_SHOWN_ROWS = 500;

const ACTION_LABELS: Record<ImportAction, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  skipped: 'skipped',
  error: 'error',
};

const ACTION_BADGES: Record<ImportAction, string> = {
  create: 'badge badge--ok',
  update: 'badge badge--info',
  unchanged: 'badge badge--neutral',
  skipped: 'badge badge--neutral',
  error: 'badge badge--error',
};

type RowFilter = 'all' | 'error' | 'create' | 'update' | 'unchanged';

interface Source {
  name: string;
  /** The chosen file (sent byte for byte) or the pasted text. */
  data: Blob | string;
}

/**
 * Editors import many hosts from a CSV file: the file is checked on the server row by row
 * (preview, nothing written), the table shows each row's action and its per-field errors, and
 * "Import N hosts" writes every row in one go, only once no row has an error.
 */
export function HostImportPage() {
  useDocumentTitle('Import hosts');
  const [source, setSource] = useState<Source | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<{ name: string; result: ImportResult } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  /** Why an apply wrote nothing (422): its rows are in `preview`. */
  const [rejection, setRejection] = useState<string | null>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);

  const check = async (next: Source) => {
    setSource(next);
    setPreview(null);
    setDone(null);
    setError(null);
    setRejection(null);
    setBusy('checking');
    try {
      setPreview(await importHostsCsv(next.data, 'preview', next.name));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (!source) return;
    setError(null);
    setRejection(null);
    setBusy('importing');
    try {
      const result = await importHostsCsv(source.data, 'apply', source.name);
      setDone({ name: source.name, result });
      setPreview(null);
      setSource(null);
    } catch (failure) {
      const apiError = toApiError(failure);
      const rows = importResultOf(apiError);
      if (rows) {
        setPreview(rows);
        setRejection(apiError.message);
      } else {
        setError(apiError);
      }
    } finally {
      setBusy(null);
    }
  };

  const toWrite = preview ? preview.summary.create + preview.summary.update : 0;
  const blocked = !preview || preview.summary.error > 0 || toWrite === 0 || busy !== null;

  return (
    <>
      <PageHeader title="Import hosts" back={{ to: '/hosts', label: 'Hosts' }} />
      {done && <ImportDone name={done.name} result={done.result} />}

      <section className="panel" aria-labelledby="import-file-heading">
        <h2 id="import-file-heading">CSV file</h2>
        <p className="muted small">
          One host per row; the first row names the columns (only <code>hostname</code> is required; a column you leave out keeps
          the existing hosts&apos; values). A row whose hostname exists updates that host, any other row creates one. Nothing is
          written until you import.{' '}
          <a href={IMPORT_TEMPLATE_URL} download>
            Download the template
          </a>
        </p>
        <FileChooser disabled={busy !== null} onFile={(file) => check({ name: file.name, data: file })} />
        <PasteBox disabled={busy !== null} onCheck={(text) => check({ name: 'pasted.csv', data: text })} />
      </section>

      {busy === 'checking' && <Loading label={`Checking ${source?.name ?? 'the file'}…`} />}
      {error && <ErrorMessage error={error} title={error.isConflict ? 'Nothing was imported' : 'The file could not be checked'} />}
      {error?.problem.errors && error.problem.errors.length > 0 && (
        <ul className="plain-list small" aria-label="Problems of the file">
          {error.problem.errors.map((e, i) => (
            <li key={i}>
              <span className="mono">{e.field}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}

      {preview && source && (
        <section className="page-section import-preview" aria-labelledby="import-preview-heading">
          <h2 id="import-preview-heading">Preview of {source.name}</h2>
          <ImportCounts result={preview} />
          {rejection && (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">Nothing was imported</p>
              <p>{rejection}</p>
            </div>
          )}
          {preview.summary.error > 0 ? (
            <Notice kind="warning">
              {pluralize(preview.summary.error, 'row has', 'rows have')} errors. Fix them in the file and choose it again: nothing is
              written until every row is valid.
            </Notice>
          ) : (
            toWrite === 0 && <Notice>Nothing to import: every host in the file is unchanged.</Notice>
          )}
          <div className="form__actions">
            <button type="button" className="button button--primary" disabled={blocked} onClick={apply}>
              {busy === 'importing' ? 'Importing…' : `Import ${pluralize(toWrite, 'host')}`}
            </button>
          </div>
          <ImportRows rows={preview.rows} />
        </section>
      )}

      <FeedsPanel />
    </>
  );
}

function ImportDone({ name, result }: { name: string; result: ImportResult }) {
  const { create, update, unchanged } = result.summary;
  return (
    <div className="alert alert--success" role="status">
      <p className="alert__title">Imported {name}</p>
      <p>
        {pluralize(create, 'host')} created, {update} updated, {unchanged} unchanged. <Link to="/hosts">Show the hosts</Link>
      </p>
    </div>
  );
}

function ImportCounts({ result }: { result: ImportResult }) {
  const { create, update, unchanged, error } = result.summary;
  const items: [string, number][] = [
    ['to create', create],
    ['to update', update],
    ['unchanged', unchanged],
    ['with errors', error],
  ];
  return (
    <ul className="counts" aria-label="Rows by action">
      {items.map(([label, value]) => (
        <li key={label} className="counts__item">
          <span className="counts__value">{value}</span> {label}
        </li>
      ))}
    </ul>
  );
}

function FileChooser({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={over ? 'dropzone dropzone--over' : 'dropzone'}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id}>Choose a CSV file, or drop it here</label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          // the same file chosen again (after fixing it) must fire a change
          event.target.value = '';
        }}
      />
    </div>
  );
}

function PasteBox({ disabled, onCheck }: { disabled: boolean; onCheck(text: string): void }) {
  const [text, setText] = useState('');
  return (
    <details className="paste-box">
      <summary>Or paste the CSV</summary>
      <div className="field">
        <label htmlFor="import-paste">CSV text</label>
        <textarea
          id="import-paste"
          className="code-input"
          rows={8}
          value={text}
          spellCheck={false}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <button type="button" className="button" disabled={disabled || !text.trim()} onClick={() => onCheck(text)}>
        Check pasted CSV
      </button>
    </details>
  );
}

function ImportRows({ rows }: { rows: ImportRowResult[] }) {
  const [filter, setFilter] = useState<RowFilter>(rows.some((r) => r.action === 'error') ? 'error' : 'all');
  const shown = rows.filter((r) => filter === 'all' || r.action === filter);
  const visible = shown.slice(0, MAX_SHOWN_ROWS);
  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="import-filter">Show</label>
          <select id="import-filter" value={filter} onChange={(event) => setFilter(event.target.value as RowFilter)}>
            <option value="all">All rows</option>
            <option value="error">Rows with errors</option>
            <option value="create">Rows that create a host</option>
            <option value="update">Rows that update a host</option>
            <option value="unchanged">Unchanged rows</option>
          </select>
        </div>
      </div>
      {shown.length > MAX_SHOWN_ROWS && (
        <p className="muted small">
          Showing the first {MAX_SHOWN_ROWS} of {shown.length} rows.
        </p>
      )}
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">Rows of the file and what the import does with each</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Hostname</th>
              <th scope="col">Action</th>
              <th scope="col">Changes or errors</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={row.row} aria-invalid={row.action === 'error' ? true : undefined}>
                <td className="mono">{row.row}</td>
                <td className="nowrap">{row.hostname ?? '—'}</td>
                <td>
                  <span className={ACTION_BADGES[row.action]}>{ACTION_LABELS[row.action]}</span>
                </td>
                <td>
                  {row.errors.length > 0 ? (
                    <ul className="plain-list field-errors">
                      {row.errors.map((e, i) => (
                        <li key={i}>
                          <span className="mono">{e.field}</span>: {e.message}
                        </li>
                      ))}
                    </ul>
                  ) : row.changes.length > 0 ? (
                    row.changes.map((field) => (
                      <span key={field} className="chip">
                        {field}
                      </span>
                    ))
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
            {visible.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No rows of this kind.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function describeRun(run: NonNullable<FeedStatus['lastRun']>): string {
  if (run.outcome === 'failed') return `failed: ${run.error ?? 'unknown error'}`;
  const s = run.summary;
  const counts = s ? `${s.create} created, ${s.update} updated, ${s.unchanged} unchanged${s.skipped ? `, ${s.skipped} skipped` : ''}` : '';
  return run.outcome === 'rejected' ? `rejected (${s?.error ?? '?'} rows with errors), nothing written` : counts;
}

/** The JSON feeds configured on the server and their last run; admins may run one now. */
function FeedsPanel() {
  const can = useCan();
  const load = useCallback((signal: AbortSignal) => listFeeds(signal), []);
  const feeds = useAsync(load);
  const [running, setRunning] = useState<string | null>(null);
  const [runError, setRunError] = useState<ApiError | null>(null);

  const run = async (name: string) => {
    setRunning(name);
    setRunError(null);
    try {
      const updated = await runFeed(name);
      feeds.setData((feeds.data ?? []).map((f) => (f.name === name ? updated : f)));
    } catch (failure) {
      setRunError(toApiError(failure));
    } finally {
      setRunning(null);
    }
  };

  if (feeds.loading && !feeds.data) return null;
  if (feeds.error) return <ErrorMessage error={feeds.error} title="Could not load the feeds" onRetry={feeds.reload} />;
  if (!feeds.data || feeds.data.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">JSON feeds</h2>
      <p className="muted small">The server pulls these sources on its own (configured in bootwarden.inventory.feeds).</p>
      {runError && <ErrorMessage error={runError} title="The feed could not be run" />}
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Feed</th>
              <th scope="col">Mode</th>
              <th scope="col">Last run</th>
              <th scope="col">Next run</th>
              {can('feeds:run') && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {feeds.data.map((feed) => (
              <tr key={feed.name}>
                <td>
                  <strong>{feed.name}</strong>
                  <div className="muted small mono">{feed.url}</div>
                </td>
                <td>
                  {feed.mode}
                  {!feed.enabled && <div className="muted small">manual only</div>}
                </td>
                <td>
                  {feed.running ? (
                    <span className="badge badge--info">running</span>
                  ) : feed.lastRun ? (
                    <>
                      <span className={feed.lastRun.outcome === 'ok' ? 'badge badge--ok' : 'badge badge--error'}>{feed.lastRun.outcome}</span>{' '}
                      {formatDateTime(feed.lastRun.finishedAt)}
                      <div className="small">{describeRun(feed.lastRun)}</div>
                    </>
                  ) : (
                    'never'
                  )}
                </td>
                <td>{feed.enabled ? formatDateTime(feed.nextRunAt) : '—'}</td>
                {can('feeds:run') && (
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={running !== null || feed.running}
                      onClick={() => run(feed.name)}
                    >
                      {running === feed.name ? 'Running…' : 'Run now'}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
