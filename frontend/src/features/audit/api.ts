import { api, buildQuery, type Page } from '../../app/api';

export type JsonObject = Record<string, unknown>;

export interface AuditEntry {
  id: string | number;
  occurredAt: string;
  actor: string;
  sourceAddress: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string | null;
  before: JsonObject | null;
  after: JsonObject | null;
  /** What the actor acted with when not their own login: `token:<id>` for an API token. */
  credential?: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetId?: string;
  /** ISO-8601 instants */
  from?: string;
  to?: string;
  page: number;
  size: number;
}

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/api/audit', { ...query }, signal);
}

export type AuditFilters = Pick<AuditQuery, 'actor' | 'action' | 'targetId' | 'from' | 'to'>;
export type ExportFormat = 'csv' | 'json';

/** A download link of every record matching the filters (oldest first, with the chain's hashes). */
export function auditExportUrl(format: ExportFormat, { actor, action, targetId, from, to }: AuditFilters): string {
  return `/api/audit/export${buildQuery({ format, actor, action, targetId, from, to })}`;
}

/** The outcome of recomputing the audit log's hash chain. */
export interface ChainVerification {
  intact: boolean;
  /** Records verified (up to the first broken one). */
  checked: number;
  /** Records written but not sealed yet (normally 0). */
  unsealed: number;
  brokenAt: number | null;
  brokenRecordId: string | null;
  problem: string | null;
}

export function verifyAuditChain(signal?: AbortSignal): Promise<ChainVerification> {
  return api.get<ChainVerification>('/api/audit/verify', undefined, signal);
}

/** "via API token <id>" for a record made with an API token; null for one made with a login. */
export function credentialLabel(entry: Pick<AuditEntry, 'credential'>): string | null {
  if (!entry.credential) return null;
  return entry.credential.startsWith('token:') ? `via API token ${entry.credential.slice('token:'.length)}` : `via ${entry.credential}`;
}
