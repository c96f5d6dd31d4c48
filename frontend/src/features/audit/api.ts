import { api, type Page } from '../../app/api';

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
