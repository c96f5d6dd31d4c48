import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api';
import { DeleteButton } from './DeleteButton';

function renderButton(onDelete: () => Promise<void>, onDeleted = vi.fn()) {
  render(
    <DeleteButton
      title="Delete web-01?"
      description="This cannot be undone."
      confirmLabel="Delete host"
      onDelete={onDelete}
      onDeleted={onDeleted}
    />,
  );
  return { user: userEvent.setup(), onDeleted };
}

describe('DeleteButton', () => {
  it('deletes only after confirmation, then reports it', async () => {
    const onDelete = vi.fn(() => Promise.resolve());
    const { user, onDeleted } = renderButton(onDelete);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onDelete).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('dialog', { name: 'Delete web-01?' })).getByRole('button', { name: 'Delete host' }));

    expect(onDelete).toHaveBeenCalledTimes(1);
    expect(onDeleted).toHaveBeenCalledTimes(1);
  });

  it('keeps the dialog open with the server message when the delete is refused', async () => {
    const refused = new ApiError({ status: 409, title: 'Conflict', detail: 'host web-01 is ARMED; disarm it first' });
    const { user, onDeleted } = renderButton(() => Promise.reject(refused));

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete host' }));

    expect(await within(dialog).findByText('host web-01 is ARMED; disarm it first')).toBeInTheDocument();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('closes without deleting when cancelled', async () => {
    const onDelete = vi.fn(() => Promise.resolve());
    const { user } = renderButton(onDelete);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onDelete).not.toHaveBeenCalled();
  });
});
