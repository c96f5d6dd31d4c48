/**
 * Role -> capability mapping used to decide what the console shows. The backend enforces the
 * same rules; the console only hides controls a user cannot use.
 *
 * - ADMIN: everything.
 * - EDITOR: creates, edits and deletes hosts and profiles.
 * - OPERATOR: arms/disarms hosts and downloads their ISOs.
 * - AUDITOR: reads the audit log and everything else read-only.
 * - REQUESTER: files reinstall tickets and cancels their own.
 * - APPROVER: works the approval tasks (never on their own tickets).
 * - Everyone reads tickets and the dashboard; APPROVER, OPERATOR and ADMIN have a task list.
 * - Only ADMIN manages local users, directory role mappings and reads the server's settings.
 * - EDITOR, OPERATOR, AUDITOR and ADMIN see batch jobs (the ISO builder); building ISOs and
 *   downloading them stays with OPERATOR and ADMIN (`hosts:iso`).
 * - Every person keeps their own API tokens; ADMIN sees and revokes everyone's.
 * - Only ADMIN manages webhook endpoints (their targets are what the admin enters).
 * - Only ADMIN runs inventory feeds by hand; whoever edits hosts imports them (CSV), every reader
 *   exports them.
 */
export type Role = 'ADMIN' | 'EDITOR' | 'OPERATOR' | 'AUDITOR' | 'REQUESTER' | 'APPROVER';

export type Capability =
  /** The start page (its sections follow the other capabilities). */
  | 'dashboard:read'
  | 'hosts:read'
  | 'hosts:edit'
  | 'hosts:arm'
  | 'hosts:iso'
  | 'profiles:read'
  | 'profiles:edit'
  | 'audit:read'
  | 'tickets:read'
  | 'tickets:create'
  /** Cancel anyone's ticket (the requester may always cancel their own). */
  | 'tickets:cancel-any'
  | 'tasks:work'
  /** Release a task someone else claimed. */
  | 'tasks:release-any'
  | 'users:admin'
  /** Create, list and revoke one's own API tokens. */
  | 'tokens:own'
  /** See and revoke every user's API tokens. */
  | 'tokens:admin'
  /** The ISO builder's batch jobs (list, progress, failed hosts); building needs `hosts:iso`. */
  | 'batches:read'
  /** Directory group -> role mappings. */
  | 'role-mappings:admin'
  /** The server's effective configuration (read-only). */
  | 'settings:read'
  /** Webhook endpoints, test sends, delivery logs and redeliveries. */
  | 'webhooks:admin'
  /** Run an inventory feed now (docs/inventory.md). */
  | 'feeds:run';

const grants: Record<Role, readonly Capability[]> = {
  ADMIN: [
    'dashboard:read',
    'hosts:read',
    'hosts:edit',
    'hosts:arm',
    'hosts:iso',
    'profiles:read',
    'profiles:edit',
    'audit:read',
    'tickets:read',
    'tickets:create',
    'tickets:cancel-any',
    'tasks:work',
    'tasks:release-any',
    'users:admin',
    'tokens:own',
    'tokens:admin',
    'batches:read',
    'role-mappings:admin',
    'settings:read',
    'webhooks:admin',
    'feeds:run',
  ],
  EDITOR: ['dashboard:read', 'hosts:read', 'hosts:edit', 'profiles:read', 'profiles:edit', 'tickets:read', 'batches:read', 'tokens:own'],
  OPERATOR: [
    'dashboard:read',
    'hosts:read',
    'hosts:arm',
    'hosts:iso',
    'profiles:read',
    'tickets:read',
    'tickets:cancel-any',
    'tasks:work',
    'batches:read',
    'tokens:own',
  ],
  AUDITOR: ['dashboard:read', 'hosts:read', 'profiles:read', 'audit:read', 'tickets:read', 'batches:read', 'tokens:own'],
  REQUESTER: ['dashboard:read', 'hosts:read', 'tickets:read', 'tickets:create', 'tokens:own'],
  APPROVER: ['dashboard:read', 'hosts:read', 'tickets:read', 'tasks:work', 'tokens:own'],
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
