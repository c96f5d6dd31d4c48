import { useCallback } from 'react';
import { useAsync } from '../../shared/utils/useAsync';
import { getTicket, listTasks, listTickets, type TaskScope, type TicketQuery } from './api';

export function useTicketsPage(query: TicketQuery) {
  const { mine, status, open, hostId, q, page, size } = query;
  const load = useCallback(
    (signal: AbortSignal) => listTickets({ mine, status, open, hostId, q, page, size }, signal),
    [mine, status, open, hostId, q, page, size],
  );
  return useAsync(load);
}

export function useTicket(id: string) {
  const load = useCallback((signal: AbortSignal) => getTicket(id, signal), [id]);
  return useAsync(load);
}

export function useTasksPage(scope: TaskScope, page: number, size: number) {
  const load = useCallback((signal: AbortSignal) => listTasks(scope, page, size, signal), [scope, page, size]);
  return useAsync(load);
}
