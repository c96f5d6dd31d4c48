import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { toApiError, type ApiError, type FieldError } from '../../app/api';
import { ErrorMessage } from '../../shared/ui/States';
import { pluralize } from '../../shared/utils/format';
import { createCsvBatch, parseRowField, TEMPLATE_URL, type Compression } from './api';
import { CompressionField } from './CompressionField';
import { batchPath } from './paths';

const MAX_BYTES = 10 * 1024 * 1024;

/** Problems with the file as a whole (`file`) go to the file field; the rows' problems into the table. */
function splitProblems(errors: FieldError[]): { fileError?: string; rows: FieldError[] } {
  const fileError = errors.filter((error) => error.field === 'file').map((error) => error.message).join(' ');
  return { fileError: fileError || undefined, rows: errors.filter((error) => error.field !== 'file') };
}

/** A CSV whose rows name existing hosts: the whole file is checked first, every bad row is listed. */
export function CsvBatchPanel() {
  const navigate = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [compression, setCompression] = useState<Compression>('deflate');
  const [fileError, setFileError] = useState<string | undefined>();
  const [rowProblems, setRowProblems] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [refusals, setRefusals] = useState(0);

  // after a refusal: to the list of problems (or the file field), so keyboard and screen-reader users land on it
  useEffect(() => {
    if (refusals === 0) return;
    if (summary.current) summary.current.focus();
    else fileInput.current?.focus();
  }, [refusals]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setRowProblems([]);
    if (!file) {
      setFileError('choose a CSV file');
      fileInput.current?.focus();
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError('the file is larger than 10 MiB');
      fileInput.current?.focus();
      return;
    }
    setFileError(undefined);
    setSending(true);
    try {
      const job = await createCsvBatch(file, compression);
      navigate(batchPath(job.id), { state: { flash: `Batch job created from ${file.name}: ${pluralize(job.total, 'host')}.` } });
    } catch (error) {
      const apiError = toApiError(error);
      const problems = Array.isArray(apiError.problem.errors) ? apiError.problem.errors : [];
      if (apiError.isValidation && problems.length > 0) {
        const split = splitProblems(problems);
        setFileError(split.fileError);
        setRowProblems(split.rows);
        setRefusals((n) => n + 1);
      } else {
        setFailure(apiError);
      }
      setSending(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={sending} aria-label="CSV batch">
      <p className="muted">
        Every row names an <strong>existing</strong> host by <span className="mono">hostname</span> (any letter case); when the file also
        has <span className="mono">ip</span> or <span className="mono">macs</span> they must be the host's. Other columns are ignored. The
        whole file is checked first: if any row is wrong, nothing is built and every problem is listed. UTF-8, comma-separated, with a
        header row; at most 10,000 rows and 10 MiB.{' '}
        <a href={TEMPLATE_URL} download="bootwarden-hosts.csv">
          Download the CSV template
        </a>
      </p>
      {rowProblems.length > 0 && (
        <div className="alert alert--error" role="alert" tabIndex={-1} ref={summary} aria-labelledby="csv-problems-title">
          <p className="alert__title" id="csv-problems-title">
            The file was not accepted: {pluralize(rowProblems.length, 'problem')}. Nothing was built.
          </p>
          <p>Rows are line numbers of the file (the header is row 1), as a spreadsheet numbers them.</p>
          <div className="table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">Problems in the file</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {rowProblems.map((problem, index) => {
                  const { row, column } = parseRowField(problem.field);
                  return (
                    <tr key={`${problem.field}-${index}`}>
                      <td>{row ?? '—'}</td>
                      <td className="mono">{column || '—'}</td>
                      <td>{problem.message}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {failure && <ErrorMessage error={failure} title="The batch job could not be created" />}
      <div className={fileError ? 'field field--invalid' : 'field'}>
        <label htmlFor="field-csv-file">
          CSV file
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <input
          ref={fileInput}
          id="field-csv-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'field-csv-file-error' : undefined}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setFileError(undefined);
            setRowProblems([]);
          }}
        />
        {fileError && (
          <p className="field__error" id="field-csv-file-error">
            {fileError}
          </p>
        )}
      </div>
      <CompressionField name="csv-compression" value={compression} onChange={setCompression} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={sending}>
          {sending ? 'Checking the file…' : 'Build ISOs from this file'}
        </button>
      </div>
    </form>
  );
}
