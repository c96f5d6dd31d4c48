import { useCallback, useEffect, useState } from 'react';
import { useLiveEvents, type LiveFilter } from '../../app/liveEvents';

interface Props {
  /** The events that may change the list. */
  filter: LiveFilter;
  /** The list's data: a new value (any reload, a new page or filter) starts the count afresh. */
  data: unknown;
  reload(): void;
  /** What the list shows, plural, e.g. "hosts". */
  noun: string;
}

/**
 * "3 changes since this list was loaded — Refresh": a list does not reorder itself under the
 * pointer while someone works in it; the user refreshes when ready and keeps page, filters,
 * sort and scroll position.
 */
export function LiveChangesNotice({ filter, data, reload, noun }: Props) {
  const [changes, setChanges] = useState(0);
  const [reset, setReset] = useState(false);

  useEffect(() => {
    setChanges(0);
    setReset(false);
  }, [data]);

  const onMessage = useCallback<Parameters<typeof useLiveEvents>[1]>((message) => {
    if (message.kind === 'reset') setReset(true);
    else setChanges((n) => n + 1);
  }, []);
  useLiveEvents(filter, onMessage);

  if (changes === 0 && !reset) return null;
  const text = reset
    ? `The ${noun} may have changed since this list was loaded.`
    : `${changes} ${changes === 1 ? 'change' : 'changes'} to ${noun} since this list was loaded.`;
  return (
    <div className="alert alert--info live-changes" role="status">
      {text}{' '}
      <button type="button" className="button button--small" onClick={reload}>
        Refresh
      </button>
    </div>
  );
}
