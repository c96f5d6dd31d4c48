import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { TASKS_CHANGED } from '../../shared/utils/tasksChanged';
import { listTasks } from './api';

/**
 * The number of open tasks of the caller's groups, for the navigation: one small request
 * (page size 1) on every page change and after every claim, decision or new ticket. A failure
 * only hides the count.
 */
export function OpenTaskCount() {
  const { pathname } = useLocation();
  const [changes, setChanges] = useState(0);
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    const bump = () => setChanges((n) => n + 1);
    window.addEventListener(TASKS_CHANGED, bump);
    return () => window.removeEventListener(TASKS_CHANGED, bump);
  }, []);

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
