import { useState } from 'react';
import { armHost, canArm, canDisarm, disarmHost, rotateHostToken, type Host } from './api';
import { ReasonDialog } from './ReasonDialog';

interface BootStateActionsProps {
  host: Host;
  /** After an action; `message` replaces the default "is now STATE" notice. */
  onChanged(host: Host, message?: string): void;
}

type Pending = 'arm' | 'disarm' | 'rotate' | null;

const ACTIONS = {
  arm: { call: armHost, title: 'Arm', confirm: 'Arm host' },
  disarm: { call: disarmHost, title: 'Disarm', confirm: 'Disarm host' },
  rotate: { call: rotateHostToken, title: 'New boot token for', confirm: 'Issue new token' },
} as const;

/** Arm / Disarm / new boot token, for operators; each asks for a reason first. */
export function BootStateActions({ host, onChanged }: BootStateActionsProps) {
  const [pending, setPending] = useState<Pending>(null);

  const run = async (reason: string) => {
    if (!pending) return;
    const action = pending;
    const updated = await ACTIONS[action].call(host.id, reason);
    setPending(null);
    onChanged(
      updated,
      action === 'rotate' ? `${updated.hostname} has a new boot token: download its new image and attach it.` : undefined,
    );
  };

  return (
    <>
      <button
        type="button"
        className="button button--primary"
        disabled={!canArm(host.bootState)}
        title={canArm(host.bootState) ? 'The next boot installs the profile' : 'Only a LOCAL or HELD host can be armed'}
        onClick={() => setPending('arm')}
      >
        Arm
      </button>
      <button
        type="button"
        className="button"
        disabled={!canDisarm(host.bootState)}
        title={canDisarm(host.bootState) ? 'Boot from local disk again' : 'Only an ARMED, INSTALLING or HELD host can be disarmed'}
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
      {pending && (
        <ReasonDialog
          title={`${ACTIONS[pending].title} ${host.hostname}`}
          description={
            pending === 'arm'
              ? `At its next boot ${host.hostname} will install profile ${host.profile ?? '(none)'} and its disk will be overwritten.`
              : pending === 'disarm'
                ? `${host.hostname} will boot from its local disk again.`
                : `Every ISO, USB or floppy image of ${host.hostname} issued so far stops working at once. Download and attach the new image afterwards.`
          }
          confirmLabel={ACTIONS[pending].confirm}
          onConfirm={run}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
