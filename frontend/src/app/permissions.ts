/**
 * Role -> capability mapping used to decide what the console shows. The backend enforces the
 * same rules; the console only hides controls a user cannot use.
 *
 * - ADMIN: everything.
 * - EDITOR: creates, edits and deletes hosts and profiles.
 * - OPERATOR: arms/disarms hosts and downloads their ISOs.
 * - AUDITOR: reads the audit log and everything else read-only.
 * - REQUESTER / APPROVER: read hosts (their workflow screens live elsewhere).
 */
export type Role = 'ADMIN' | 'EDITOR' | 'OPERATOR' | 'AUDITOR' | 'REQUESTER' | 'APPROVER';

export type Capability =
  | 'hosts:read'
  | 'hosts:edit'
  | 'hosts:arm'
  | 'hosts:iso'
  | 'profiles:read'
  | 'profiles:edit'
  | 'audit:read';

const grants: Record<Role, readonly Capability[]> = {
  ADMIN: ['hosts:read', 'hosts:edit', 'hosts:arm', 'hosts:iso', 'profiles:read', 'profiles:edit', 'audit:read'],
  EDITOR: ['hosts:read', 'hosts:edit', 'profiles:read', 'profiles:edit'],
  OPERATOR: ['hosts:read', 'hosts:arm', 'hosts:iso', 'profiles:read'],
  AUDITOR: ['hosts:read', 'profiles:read', 'audit:read'],
  REQUESTER: ['hosts:read'],
  APPROVER: ['hosts:read'],
};

/** Accepts `ADMIN` as well as Spring's `ROLE_ADMIN` spelling. */
export function normaliseRole(role: string): string {
  return role.toUpperCase().replace(/^ROLE_/, '');
}

export function capabilitiesOf(roles: readonly string[]): Set<Capability> {
  const result = new Set<Capability>();
  for (const role of roles) {
    const granted = grants[normaliseRole(role) as Role];
    granted?.forEach((capability) => result.add(capability));
  }
  return result;
}
