import { useCallback } from 'react';
import { useAsync } from '../../shared/utils/useAsync';
import { listProfiles } from '../profiles/api';
import { getHost, listHosts, type HostQuery } from './api';

export function useHost(id: string) {
  const load = useCallback((signal: AbortSignal) => getHost(id, signal), [id]);
  return useAsync(load);
}

export function useHostsPage(query: HostQuery) {
  const { q, state, profile, label, subnet, page, size, sort } = query;
  const load = useCallback(
    (signal: AbortSignal) => listHosts({ q, state, profile, label, subnet, page, size, sort }, signal),
    [q, state, profile, label, subnet, page, size, sort],
  );
  return useAsync(load);
}

/** Profile names for filters and the host form's profile select. */
export function useProfileNames() {
  const load = useCallback(
    async (signal: AbortSignal) => (await listProfiles(signal)).map((profile) => profile.name).sort(),
    [],
  );
  return useAsync(load);
}
