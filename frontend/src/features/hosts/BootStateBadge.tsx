import type { BootState } from './api';

const descriptions: Record<BootState, string> = {
  LOCAL: 'Boots from local disk',
  ARMED: 'Installs at next boot',
  INSTALLING: 'Installation in progress',
  HELD: 'Held: needs an operator',
};

export function BootStateBadge({ state }: { state: BootState }) {
  return (
    <span className={`badge badge--${state.toLowerCase()}`} title={descriptions[state]}>
      {state}
    </span>
  );
}

export function bootStateDescription(state: BootState): string {
  return descriptions[state];
}
