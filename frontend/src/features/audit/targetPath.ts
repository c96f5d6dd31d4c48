import type { AuditEntry } from './api';

/** Links an audit target to its page when the console has one. */
export function targetPath(entry: Pick<AuditEntry, 'targetType' | 'targetId'>): string | null {
  if (!entry.targetId) return null;
  switch ((entry.targetType ?? '').toLowerCase()) {
    case 'host':
      return `/hosts/${encodeURIComponent(entry.targetId)}`;
    case 'profile':
      return `/profiles/${encodeURIComponent(entry.targetId)}`;
    case 'ticket':
      return `/tickets/${encodeURIComponent(entry.targetId)}`;
    default:
      return null;
  }
}
