import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { TICKET_CHANGES, useLiveRefresh } from '../../app/liveEvents';
import { TASKS_CHANGED } from '../../shared/utils/tasksChanged';
import { listTasks } from './api';

/**
 * The number of open tasks of the caller's groups, for the navigation: one small request
 * (page size 1) on every page change, after every claim, decision or new ticket here, and after
 * ticket events from the live stream (someone else's work). A failure only hides the count.
 */
export function OpenTaskCount() {
  const { pathname } = useLocation();
  const [changes, setChanges] = useState(0);
  const [count, setCount] = useState<number | null>(null);

  const bump = useCallback(() => setChanges((n) => n + 1), []);
  useEffect(() => {
    window.addEventListener(TASKS_CHANGED, bump);
    return () => window.removeEventListener(TASKS_CHANGED, bump);
  }, [bump]);
  useLiveRefresh(TICKET_CHANGES, bump);

  useEffect(() => {
    const controller = new AbortController();
    listTasks('group', 0, 1, controller.signal).then(
      (page) => setCount(page.totalItems),
      () => undefined,
    );
    return () => controller.abort();
  }, [pathname, changes]);

  if (!count) return null;
  return (
    <span className="count" title={`${count} open task${count === 1 ? '' : 's'} for your groups`}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden"> ({count} open)</span>
    </span>
  );
}
