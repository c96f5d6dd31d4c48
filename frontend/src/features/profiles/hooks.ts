import { useCallback } from 'react';
import { useAsync } from '../../shared/utils/useAsync';
import { getProfile, listProfiles } from './api';

export function useProfiles() {
  const load = useCallback((signal: AbortSignal) => listProfiles(signal), []);
  return useAsync(load);
}

export function useProfile(name: string) {
  const load = useCallback((signal: AbortSignal) => getProfile(name, signal), [name]);
  return useAsync(load);
}
