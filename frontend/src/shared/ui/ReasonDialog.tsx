import { useState, type FormEvent, type ReactNode } from 'react';
import { toApiError } from '../../app/api';
import { Dialog } from './Dialog';

interface ReasonDialogProps {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The button that closes the dialog without doing anything. */
  dismissLabel?: string;
  /** The text field's label; the API calls it `reason` or `comment`. */
  label?: 'Reason' | 'Comment';
  /** Styles the confirm button as destructive (cancel, reject, abort). */
  danger?: boolean;
  /** Throws on failure; the dialog shows the error and stays open. */
  onConfirm(text: string): Promise<void>;
  onCancel(): void;
}

/**
 * Asks for the reason or comment that goes into the audit log before a state change or a
 * decision; an empty text is refused before anything is sent.
 */
export function ReasonDialog({ title, description, confirmLabel, dismissLabel = 'Cancel', label = 'Reason', danger, onConfirm, onCancel }: ReasonDialogProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError(`Please give a ${label.toLowerCase()}; it is recorded in the audit log.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(text.trim());
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(apiError.fieldErrors.reason ?? apiError.fieldErrors.comment ?? apiError.problem.detail ?? apiError.message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} description={description} onClose={busy ? () => undefined : onCancel}>
      <form onSubmit={submit} noValidate>
        <div className={error ? 'field field--invalid' : 'field'}>
          <label htmlFor="state-reason">{label}</label>
          <textarea
            id="state-reason"
            rows={3}
            value={text}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'state-reason-error' : undefined}
            onChange={(event) => setText(event.target.value)}
          />
          {error && (
            <p className="field__error" id="state-reason-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            {dismissLabel}
          </button>
          <button type="submit" className={danger ? 'button button--danger' : 'button button--primary'} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
