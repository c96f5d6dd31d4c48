import { useState } from 'react';
import { toApiError } from '../../app/api';
import { ConfirmDialog } from './Dialog';

interface DeleteButtonProps {
  title: string;
  description: string;
  confirmLabel: string;
  /** Deletes on the server; a failure keeps the dialog open with the server's message. */
  onDelete(): Promise<void>;
  /** After a successful delete (e.g. navigate away). */
  onDeleted(): void;
}

/** A danger button that asks for confirmation, then deletes; shared by the detail pages. */
export function DeleteButton({ title, description, confirmLabel, onDelete, onDeleted }: DeleteButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
      onDeleted();
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(apiError.problem.detail ?? apiError.message);
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      {open && (
        <ConfirmDialog
          title={title}
          description={description}
          confirmLabel={confirmLabel}
          danger
          busy={busy}
          error={error}
          onConfirm={confirm}
          onCancel={() => setOpen(false)}
        />
      )}
    </>
  );
}
