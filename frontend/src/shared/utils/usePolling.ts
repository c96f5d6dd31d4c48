import { useEffect, useRef } from 'react';

/**
 * Calls `poll` at once and then every `intervalMs` while the tab is visible; a hidden tab pauses
 * the timer and becoming visible again polls at once. Each call gets a signal that is aborted
 * when the component goes away. `poll` may change identity freely (the latest one is used).
 * With `immediate` false the first call waits one interval (the caller has just loaded the data).
 */
export function usePolling(
  poll: (signal: AbortSignal) => void | Promise<void>,
  intervalMs: number,
  enabled = true,
  immediate = true,
) {
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  }, [poll]);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const schedule = () => {
      clearTimeout(timer);
      if (!controller.signal.aborted && !document.hidden) timer = setTimeout(tick, intervalMs);
    };
    const tick = async () => {
      if (running || document.hidden || controller.signal.aborted) return;
      running = true;
      try {
        await latest.current(controller.signal);
      } catch {
        // the poller shows its own errors; keep polling
      } finally {
        running = false;
        schedule();
      }
    };
    const onVisibility = () => {
      if (document.hidden) clearTimeout(timer);
      else void tick();
    };

    document.addEventListener('visibilitychange', onVisibility);
    if (immediate) void tick();
    else schedule();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled, immediate]);
}
