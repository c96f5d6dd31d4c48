import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { isAbortError, toApiError, type ApiError } from '../../app/api';
import { CheckboxField, ErrorSummary, Field } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { pluralize } from '../../shared/utils/format';
import { BOOT_STATES, type BootState } from '../hosts/api';
import { useProfileNames } from '../hosts/hooks';
import { countMatchingHosts, createSelectionBatch, type Compression } from './api';
import { CompressionField } from './CompressionField';
import { batchPath } from './paths';
import {
  emptySelection,
  hasFilter,
  SELECTION_LABELS,
  selectionErrors,
  selectionFieldErrors,
  toSelection,
  type SelectionValues,
} from './selection';

/** How long the count waits after the last change before it asks the server. */
const COUNT_DELAY_MS = 300;

type Count = { state: 'idle' } | { state: 'counting' } | { state: 'done'; value: number } | { state: 'failed'; error: ApiError };

/** Hosts chosen from the database with the host list's filters; the count of matching hosts follows the filters. */
export function SelectionPanel() {
  const navigate = useNavigate();
  const profiles = useProfileNames();
  const [values, setValues] = useState<SelectionValues>(emptySelection);
  const [compression, setCompression] = useState<Compression>('deflate');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [count, setCount] = useState<Count>({ state: 'idle' });
  const [sending, setSending] = useState(false);
  const [failedSubmits, setFailedSubmits] = useState(0);

  const set = <K extends keyof SelectionValues>(key: K, value: SelectionValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors(({ [key]: _removed, selection: _selection, ...rest }) => rest);
  };

  const { q, state, profile, label, subnet, all } = values;
  useEffect(() => {
    const current: SelectionValues = { q, state, profile, label, subnet, all };
    if ((!all && !hasFilter(current)) || Object.keys(selectionErrors(current)).length > 0) {
      setCount({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setCount({ state: 'counting' });
      try {
        setCount({ state: 'done', value: await countMatchingHosts(toSelection(current), controller.signal) });
      } catch (error) {
        if (!isAbortError(error) && !controller.signal.aborted) setCount({ state: 'failed', error: toApiError(error) });
      }
    }, COUNT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, state, profile, label, subnet, all]);

  const countErrors = count.state === 'failed' ? selectionFieldErrors(count.error.fieldErrors) : {};
  const shown = { ...countErrors, ...errors };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const local = selectionErrors(values);
    if (!values.all && !hasFilter(values)) local.selection = 'give at least one filter, or choose every host';
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFailedSubmits((n) => n + 1);
      return;
    }
    setSending(true);
    try {
      const job = await createSelectionBatch({ ...toSelection(values), compression });
      navigate(batchPath(job.id), { state: { flash: `Batch job created: ${pluralize(job.total, 'host')} selected.` } });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.hasFieldErrors()) {
        setErrors(selectionFieldErrors(apiError.fieldErrors));
        setFailedSubmits((n) => n + 1);
      } else {
        setFailure(apiError);
      }
      setSending(false);
    }
  };

  const profileNames = profiles.data ?? [];
  const disabled = values.all;

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={sending} aria-label="Database selection">
      <p className="muted">
        Every host that matches <strong>all</strong> the filters given, as in the hosts list. The hosts are fixed when the job is created; at
        most 10,000 per job.
      </p>
      <ErrorSummary errors={shown} labels={{ ...SELECTION_LABELS, selection: 'Selection' }} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The batch job could not be created" />}
      <div className="form__grid">
        <Field name="q" label={SELECTION_LABELS.q} error={shown.q} hint="Part of a hostname, an IP address or a MAC.">
          {(props) => <input {...props} type="search" value={values.q} disabled={disabled} onChange={(e) => set('q', e.target.value)} />}
        </Field>
        <Field name="state" label={SELECTION_LABELS.state} error={shown.state}>
          {(props) => (
            <select {...props} value={values.state} disabled={disabled} onChange={(e) => set('state', e.target.value as BootState | '')}>
              <option value="">Any state</option>
              {BOOT_STATES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="profile" label={SELECTION_LABELS.profile} error={shown.profile}>
          {(props) => (
            <select {...props} value={values.profile} disabled={disabled} onChange={(e) => set('profile', e.target.value)}>
              <option value="">Any profile</option>
              {profileNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="label" label={SELECTION_LABELS.label} error={shown.label} hint="key=value, or key for any value.">
          {(props) => (
            <input {...props} value={values.label} placeholder="rack=r12" disabled={disabled} onChange={(e) => set('label', e.target.value)} />
          )}
        </Field>
        <Field name="subnet" label={SELECTION_LABELS.subnet} error={shown.subnet} hint="CIDR: the host's IP address is inside it.">
          {(props) => (
            <input
              {...props}
              className="mono"
              value={values.subnet}
              placeholder="10.20.0.0/16"
              disabled={disabled}
              onChange={(e) => set('subnet', e.target.value)}
            />
          )}
        </Field>
      </div>
      <CheckboxField
        name="all"
        label="Every host (ignore the filters)"
        checked={values.all}
        error={shown.all}
        onChange={(checked) => set('all', checked)}
      />
      <p className="selection-count" id="field-selection" tabIndex={-1} role="status" aria-live="polite">
        {count.state === 'idle' && (Object.keys(selectionErrors(values)).length > 0 ? 'Correct the filters to see how many hosts match.'
          : 'Give at least one filter, or choose every host, to see how many hosts match.')}
        {count.state === 'counting' && 'Counting the matching hosts…'}
        {count.state === 'done' &&
          (count.value === 0 ? 'No host matches these filters.' : `${pluralize(count.value, 'host matches', 'hosts match')} these filters now.`)}
        {count.state === 'failed' && !Object.keys(countErrors).length && `The hosts could not be counted: ${count.error.message}`}
        {count.state === 'failed' && Object.keys(countErrors).length > 0 && 'The server refused these filters (see above).'}
      </p>
      <CompressionField name="sel-compression" value={compression} onChange={setCompression} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={sending}>
          {sending ? 'Creating the job…' : 'Build ISOs of the matching hosts'}
        </button>
      </div>
    </form>
  );
}
