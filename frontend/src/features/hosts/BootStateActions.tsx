import { useState } from 'react';
import { ReasonDialog } from '../../shared/ui/ReasonDialog';
import { canDisarm, disarmHost, emergencyArmBlocker, emergencyArmHost, rotateHostToken, type Host } from './api';

interface BootStateActionsProps {
  host: Host;
  /** After an action; `message` replaces the default "is now STATE" notice. */
  onChanged(host: Host, message?: string): void;
}

type Pending = 'arm' | 'disarm' | 'rotate';

function describe(action: Pending, host: Host): { title: string; confirm: string; description: string; danger?: boolean } {
  switch (action) {
    case 'arm':
      return {
        title: `Emergency arm ${host.hostname}`,
        confirm: 'Arm now, without approval',
        danger: true,
        description:
          `This skips the approval: at its next boot ${host.hostname} installs profile ${host.profile ?? '(none)'} ` +
          'and its disk is overwritten. It is filed as an EMERGENCY ticket in your name and audited; ' +
          'for a planned reinstall, request one instead.',
      };
    case 'disarm':
      return {
        title: `Disarm ${host.hostname}`,
        confirm: 'Disarm host',
        description: host.openTicketId
          ? `${host.hostname} boots from its local disk again. Its open ticket ${host.openTicketId} is cancelled ` +
            'while that is still possible, otherwise its workflow is ended and the ticket ABORTED.'
          : `${host.hostname} boots from its local disk again.`,
      };
    case 'rotate':
      return {
        title: `New boot token for ${host.hostname}`,
        confirm: 'Issue new token',
        description: `Every ISO, USB or floppy image of ${host.hostname} issued so far stops working at once. Download and attach the new image afterwards.`,
      };
  }
}

/** Emergency arm / Disarm / new boot token, for operators; each asks for a reason first. */
export function BootStateActions({ host, onChanged }: BootStateActionsProps) {
  const [pending, setPending] = useState<Pending | null>(null);
  const armBlocker = emergencyArmBlocker(host);

  const run = async (reason: string) => {
    if (!pending) return;
    const action = pending;
    const call = action === 'arm' ? emergencyArmHost : action === 'disarm' ? disarmHost : rotateHostToken;
    const updated = await call(host.id, reason);
    setPending(null);
    onChanged(
      updated,
      action === 'rotate'
        ? `${updated.hostname} has a new boot token: download its new image and attach it.`
        : action === 'arm' && updated.openTicketId
          ? `${updated.hostname} is now ${updated.bootState} (emergency ticket ${updated.openTicketId}).`
          : undefined,
    );
  };

  const dialog = pending && describe(pending, host);
  return (
    <>
      <button
        type="button"
        className="button button--danger"
        disabled={armBlocker !== null}
        title={armBlocker ?? 'Skips the approval: the next boot installs at once (audited as an emergency)'}
        onClick={() => setPending('arm')}
      >
        Emergency arm
      </button>
      <button
        type="button"
        className="button"
        disabled={!canDisarm(host)}
        title={
          canDisarm(host)
            ? 'Boot from local disk again; cancels or aborts the open ticket'
            : 'Only a host with an open ticket, or an ARMED, INSTALLING or HELD host, can be disarmed'
        }
        onClick={() => setPending('disarm')}
      >
        Disarm
      </button>
      <button
        type="button"
        className="button"
        disabled={host.bootState === 'INSTALLING'}
        title={
          host.bootState === 'INSTALLING'
            ? 'Not while installing: the installer uses the current token'
            : 'Every image issued before stops working; download the new one afterwards'
        }
        onClick={() => setPending('rotate')}
      >
        New boot token
      </button>
      {dialog && (
        <ReasonDialog
          title={dialog.title}
          description={dialog.description}
          confirmLabel={dialog.confirm}
          danger={dialog.danger}
          onConfirm={run}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
