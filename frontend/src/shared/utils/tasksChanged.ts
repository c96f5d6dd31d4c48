/** Fired after anything that may change the task list, so the navigation's task count follows. */
export const TASKS_CHANGED = 'bootwarden:tasks-changed';

/** Awaits `call`, then tells listeners that the task list may have changed. */
export async function changingTasks<T>(call: Promise<T>): Promise<T> {
  const result = await call;
  window.dispatchEvent(new Event(TASKS_CHANGED));
  return result;
}
