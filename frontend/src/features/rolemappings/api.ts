import { api, seg } from '../../app/api';
import type { PERSON_ROLES } from '../users/api';

export type MappedRole = (typeof PERSON_ROLES)[number];

/** A directory group and the roles it gives; `origin` configuration is read-only (change the settings). */
export interface RoleMapping {
  /** A UUID, or `config-N` for the N-th mapping in the settings. */
  id: string;
  /** A DN (compared as a DN) or a group name (case-insensitive). */
  group: string;
  roles: MappedRole[];
  /** A directory login source's name, or `*` for every directory source. */
  source: string;
  origin: 'configuration' | 'api';
  createdAt: string | null;
  updatedAt: string | null;
}

export interface RoleMappingInput {
  group: string;
  roles: MappedRole[];
  source: string;
}

export const ANY_SOURCE = '*';

export function listRoleMappings(signal?: AbortSignal): Promise<RoleMapping[]> {
  return api.get<RoleMapping[]>('/api/role-mappings', undefined, signal);
}

export function getRoleMapping(id: string, signal?: AbortSignal): Promise<RoleMapping> {
  return api.get<RoleMapping>(`/api/role-mappings/${seg(id)}`, undefined, signal);
}

export function createRoleMapping(input: RoleMappingInput): Promise<RoleMapping> {
  return api.post<RoleMapping>('/api/role-mappings', input);
}

export function updateRoleMapping(id: string, input: RoleMappingInput): Promise<RoleMapping> {
  return api.put<RoleMapping>(`/api/role-mappings/${seg(id)}`, input);
}

export function deleteRoleMapping(id: string): Promise<void> {
  return api.delete(`/api/role-mappings/${seg(id)}`);
}

/** `config-2` -> `bootwarden.auth.role-mappings[1]`: where a mapping from the settings is set. */
export function configuredProperty(id: string): string | null {
  const match = /^config-(\d+)$/.exec(id);
  return match ? `bootwarden.auth.role-mappings[${Number(match[1]) - 1}]` : null;
}
