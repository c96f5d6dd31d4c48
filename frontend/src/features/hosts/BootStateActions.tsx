import { useState } from 'react';
import { armHost, canArm, canDisarm, disarmHost, type Host } from './api';
import { ReasonDialog } from './ReasonDialog';

interface BootStateActionsProps {
  host: Host;
  onChanged(host: Host): void;
}

type Pending = 'arm' | 'disarm' | null;

/** Arm / Disarm buttons for operators; each asks for a reason first. */
export function BootStateActions({ host, onChanged }: BootStateActionsProps) {
  const [pending, setPending] = useState<Pending>(null);

  const run = async (reason: string) => {
    const updated = pending === 'arm' ? await armHost(host.id, reason) : await disarmHost(host.id, reason);
    setPending(null);
    onChanged(updated);
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
      {pending && (
        <ReasonDialog
          title={pending === 'arm' ? `Arm ${host.hostname}` : `Disarm ${host.hostname}`}
          description={
            pending === 'arm'
              ? `At its next boot ${host.hostname} will install profile ${host.profile ?? '(none)'} and its disk will be overwritten.`
              : `${host.hostname} will boot from its local disk again.`
          }
          confirmLabel={pending === 'arm' ? 'Arm host' : 'Disarm host'}
          onConfirm={run}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
