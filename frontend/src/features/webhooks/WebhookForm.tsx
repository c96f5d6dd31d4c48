import { useMemo, useState } from 'react';
import { CheckboxField, ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import { useAsync, type AsyncState } from '../../shared/utils/useAsync';
import { listEventTypes, type WebhookEventType, type WebhookInput } from './api';
import {
  formToWebhook,
  MAX_NAME_LENGTH,
  MAX_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  WEBHOOK_FIELD_LABELS,
  type WebhookFormValues,
} from './webhookForm';

interface WebhookFormProps {
  initial: WebhookFormValues;
  /** `edit`: the endpoint has a secret already; it is kept unless the admin replaces it. */
  mode: 'create' | 'edit';
  submitLabel: string;
  onSubmit(input: WebhookInput): Promise<void>;
  onCancel(): void;
}

/** The events as checkboxes, or every event (also those added in later versions). */
function EventChoices({
  values,
  types,
  error,
  onChange,
}: {
  values: WebhookFormValues;
  types: AsyncState<WebhookEventType[]>;
  error?: string;
  onChange(all: boolean, events: string[]): void;
}) {
  const toggle = (name: string, checked: boolean) =>
    onChange(false, checked ? [...values.events, name] : values.events.filter((candidate) => candidate !== name));
  return (
    <fieldset
      id="field-events"
      tabIndex={-1}
      className={error ? 'field role-choices field--invalid' : 'field role-choices'}
      aria-describedby={error ? 'field-events-hint field-events-error' : 'field-events-hint'}
    >
      <legend>
        {WEBHOOK_FIELD_LABELS.events}
        <span className="field__required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p className="field__hint" id="field-events-hint">
        The endpoint receives these events; “Send test” reaches it whatever they are.
      </p>
      <label className="role-choices__option">
        <input type="checkbox" name="allEvents" checked={values.allEvents} onChange={(e) => onChange(e.target.checked, values.events)} />
        <span>All events</span> <span className="muted small">including those later versions add</span>
      </label>
      {types.error && <ErrorMessage error={types.error} title="Could not load the event types" onRetry={types.reload} />}
      {!types.data && !types.error && <Loading label="Loading event types…" />}
      {(types.data ?? []).map((event) => (
        <label key={event.name} className="role-choices__option">
          <input
            type="checkbox"
            name="events"
            value={event.name}
            disabled={values.allEvents}
            checked={values.allEvents || values.events.includes(event.name)}
            onChange={(e) => toggle(event.name, e.target.checked)}
          />
          <span className="mono">{event.name}</span> <span className="muted small">{event.description}</span>
        </label>
      ))}
      {error && (
        <p className="field__error" id="field-events-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function WebhookForm({ initial, mode, submitLabel, onSubmit, onCancel }: WebhookFormProps) {
  const types = useAsync(listEventTypes);
  const catalogue = useMemo(() => (types.data ?? []).map((type) => type.name), [types.data]);
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(
    initial,
    (v: WebhookFormValues) => formToWebhook(v, mode === 'edit', catalogue),
    onSubmit,
  );
  // on an edit the secret input appears only when the admin chooses to replace the secret
  const [replacing, setReplacing] = useState(mode === 'create');
  const showSecret = replacing || Boolean(errors.secret);
  const secretHint =
    mode === 'create'
      ? `${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters, shared with the receiver, which checks X-Bootwarden-Signature with it. It cannot be read back.`
      : `The new secret: ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters. Give the receiver the same one.`;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={mode === 'create' ? 'New webhook' : 'Edit webhook'} aria-busy={saving}>
      <ErrorSummary errors={errors} labels={WEBHOOK_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The webhook could not be saved" />}
      <div className="form__grid">
        <Field name="name" label={WEBHOOK_FIELD_LABELS.name} error={errors.name} required hint={`Unique, e.g. “salt-master”; at most ${MAX_NAME_LENGTH} characters.`}>
          {(props) => <input {...props} value={values.name} autoComplete="off" onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field name="url" label={WEBHOOK_FIELD_LABELS.url} error={errors.url} required hint="http:// or https://; events are POSTed to it as JSON. Redirects are not followed.">
          {(props) => (
            <input {...props} type="url" inputMode="url" value={values.url} autoComplete="off" spellCheck={false} onChange={(e) => set('url', e.target.value)} />
          )}
        </Field>
        {mode === 'edit' && !showSecret ? (
          <div className="field" id="field-secret">
            <span className="field__label-text">{WEBHOOK_FIELD_LABELS.secret}</span>
            <p>
              <span className="badge badge--ok">set</span> <span className="muted small">write-only: it cannot be shown.</span>{' '}
              <button type="button" className="button button--small" onClick={() => setReplacing(true)}>
                Replace secret
              </button>
            </p>
          </div>
        ) : (
          <Field name="secret" label={mode === 'edit' ? 'New secret' : WEBHOOK_FIELD_LABELS.secret} error={errors.secret} required={mode === 'create'} hint={secretHint}>
            {(props) => (
              <div className="token-reveal__row">
                <input
                  {...props}
                  type="password"
                  autoComplete="new-password"
                  spellCheck={false}
                  value={values.secret}
                  onChange={(e) => set('secret', e.target.value)}
                  autoFocus={mode === 'edit'}
                />
                {mode === 'edit' && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => {
                      set('secret', '');
                      setReplacing(false);
                    }}
                  >
                    Keep current secret
                  </button>
                )}
              </div>
            )}
          </Field>
        )}
        <CheckboxField
          name="enabled"
          label={WEBHOOK_FIELD_LABELS.enabled}
          checked={values.enabled}
          error={errors.enabled}
          hint="A disabled endpoint gets no new deliveries; its pending ones wait until it is enabled again."
          onChange={(checked) => set('enabled', checked)}
        />
      </div>
      <EventChoices
        values={values}
        types={types}
        error={errors.events}
        onChange={(all, events) => {
          set('allEvents', all);
          set('events', events);
        }}
      />
      <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}
