import { useState, type FormEvent } from 'react';
import { toApiError } from '../../app/api';
import { Dialog } from '../../shared/ui/Dialog';

interface ReasonDialogProps {
  title: string;
  description: string;
  confirmLabel: string;
  /** Throws on failure; the dialog shows the error and stays open. */
  onConfirm(reason: string): Promise<void>;
  onCancel(): void;
}

/** Asks for the reason that goes into the audit log before a state change. */
export function ReasonDialog({ title, description, confirmLabel, onConfirm, onCancel }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('Please give a reason; it is recorded in the audit log.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(apiError.fieldErrors.reason ?? apiError.problem.detail ?? apiError.message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} description={description} onClose={busy ? () => undefined : onCancel}>
      <form onSubmit={submit} noValidate>
        <div className={error ? 'field field--invalid' : 'field'}>
          <label htmlFor="state-reason">Reason</label>
          <textarea
            id="state-reason"
            rows={3}
            value={reason}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'state-reason-error' : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {error && (
            <p className="field__error" id="state-reason-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
