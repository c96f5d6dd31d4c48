import { PERSON_ROLES, WORKER_ROLE, type LocalUser, type NewUserInput, type UserChanges, type UserRole } from './api';

export type AccountKind = 'person' | 'service';
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface UserFormValues {
  username: string;
  displayName: string;
  /** Create only. */
  password: string;
  kind: AccountKind;
  /** The person roles checked (ignored for a service account, which is WORKER only). */
  roles: PersonRole[];
  /** Edit only. */
  enabled: boolean;
}

export const USER_FIELD_LABELS: Record<string, string> = {
  username: 'User name',
  displayName: 'Display name',
  password: 'Password',
  roles: 'Roles',
  enabled: 'Account enabled',
};

export const ROLE_HINTS: Record<PersonRole, string> = {
  REQUESTER: 'files reinstall tickets',
  APPROVER: 'approves or rejects tickets (never their own)',
  EDITOR: 'edits hosts and profiles',
  OPERATOR: 'arms and disarms hosts, downloads ISOs, retries failed installs',
  AUDITOR: 'reads the audit log and verifies its chain',
  ADMIN: 'everything, including users',
};

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 12;

export function emptyUserForm(): UserFormValues {
  return { username: '', displayName: '', password: '', kind: 'person', roles: [], enabled: true };
}

export function userToForm(user: LocalUser): UserFormValues {
  const service = user.roles.includes(WORKER_ROLE);
  return {
    username: user.username,
    displayName: user.displayName,
    password: '',
    kind: service ? 'service' : 'person',
    roles: service ? [] : (user.roles.filter((role) => role !== WORKER_ROLE) as PersonRole[]),
    enabled: user.enabled,
  };
}

/** A service account is WORKER alone; a person has the checked roles, in the offered order. */
export function rolesOf(values: Pick<UserFormValues, 'kind' | 'roles'>): UserRole[] {
  return values.kind === 'service' ? [WORKER_ROLE] : PERSON_ROLES.filter((role) => values.roles.includes(role));
}

export function passwordError(password: string): string | undefined {
  if (!password) return 'is required';
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  return undefined;
}

function rolesAndName(values: UserFormValues, errors: Record<string, string>) {
  const roles = rolesOf(values);
  if (roles.length === 0) errors.roles = 'choose at least one role';
  const displayName = values.displayName.trim();
  if (displayName.length > 200) errors.displayName = 'at most 200 characters';
  return { roles, displayName };
}

export function formToNewUser(values: UserFormValues): { input: NewUserInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const username = values.username.trim();
  if (!username) errors.username = 'is required';
  else if (!USERNAME_PATTERN.test(username)) errors.username = "1-64 characters: lower-case letters, digits, '.', '_', '-'";
  const password = passwordError(values.password);
  if (password) errors.password = password;
  const { roles, displayName } = rolesAndName(values, errors);
  return { input: { username, displayName, password: values.password, roles }, errors };
}

export function formToUserChanges(values: UserFormValues): { input: UserChanges; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const { roles, displayName } = rolesAndName(values, errors);
  return { input: { displayName, roles, enabled: values.enabled }, errors };
}
