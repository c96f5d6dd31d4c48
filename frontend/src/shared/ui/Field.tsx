import { useEffect, useRef, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  required: boolean | undefined;
}

interface FieldProps {
  /** Used for the control's id (`field-<name>`) and name. */
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Renders the control with the ids and ARIA attributes that tie it to its label and error. */
  children: (control: ControlProps) => ReactNode;
  className?: string;
}

/** A labelled form control with an optional hint and an inline error below it. */
export function Field({ name, label, error, hint, required, children, className }: FieldProps) {
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({
        id,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        required: required || undefined,
      })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

interface CheckboxFieldProps {
  name: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
}

export function CheckboxField({ name, label, checked, onChange, error, hint, disabled }: CheckboxFieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', 'field--checkbox', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <div className="field__checkbox-row">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface ErrorSummaryProps {
  title?: string;
  errors: Record<string, string>;
  labels: Record<string, string>;
  /** Increment on each failed submit to move keyboard focus to the summary. */
  focusToken?: number;
}

/** Lists all form errors at the top of a form, linking each to its field. */
export function ErrorSummary({ title = 'Please correct the highlighted fields', errors, labels, focusToken = 0 }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusToken > 0) ref.current?.focus();
  }, [focusToken]);
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert__title">{title}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field in labels ? (
              <a href={`#field-${field}`}>
                {labels[field]}: {message}
              </a>
            ) : (
              <span>
                {field}: {message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FormActionsProps {
  submitLabel: string;
  saving: boolean;
  /** Shown on the submit button while saving. */
  savingLabel?: string;
  onCancel(): void;
}

/** A form's submit and cancel buttons, both disabled while it is being saved. */
export function FormActions({ submitLabel, saving, savingLabel = 'Saving…', onCancel }: FormActionsProps) {
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary" disabled={saving}>
        {saving ? savingLabel : submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel} disabled={saving}>
        Cancel
      </button>
    </div>
  );
}
