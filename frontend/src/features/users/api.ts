import { api, seg } from '../../app/api';

/** The roles a person can have; WORKER is for ISO-worker service accounts only, never combined. */
export const PERSON_ROLES = ['REQUESTER', 'APPROVER', 'EDITOR', 'OPERATOR', 'AUDITOR', 'ADMIN'] as const;
export const WORKER_ROLE = 'WORKER';
export type UserRole = (typeof PERSON_ROLES)[number] | typeof WORKER_ROLE;

export interface LocalUser {
  username: string;
  displayName: string;
  roles: UserRole[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: UserRole[];
}

export interface UserChanges {
  displayName: string;
  roles: UserRole[];
  enabled: boolean;
}

export function listUsers(signal?: AbortSignal): Promise<LocalUser[]> {
  return api.get<LocalUser[]>('/api/users', undefined, signal);
}

export function getUser(username: string, signal?: AbortSignal): Promise<LocalUser> {
  return api.get<LocalUser>(`/api/users/${seg(username)}`, undefined, signal);
}

export function createUser(input: NewUserInput): Promise<LocalUser> {
  return api.post<LocalUser>('/api/users', input);
}

/** 409 when the change would lock the calling admin out (the message says so). */
export function updateUser(username: string, changes: UserChanges): Promise<LocalUser> {
  return api.put<LocalUser>(`/api/users/${seg(username)}`, changes);
}

export function setUserPassword(username: string, password: string): Promise<void> {
  return api.post<void>(`/api/users/${seg(username)}/password`, { password });
}
