import { api, buildQuery, requestJson, seg, type ApiError, type FieldError } from '../../app/api';
import type { HostQuery } from './api';

/** What an import does to one row's host (`skipped` only happens in create-only feeds). */
export type ImportAction = 'create' | 'update' | 'unchanged' | 'skipped' | 'error';

export interface ImportRowResult {
  /** CSV: the line of the file (the header is row 1); JSON: the position in the array. */
  row: number;
  hostname: string | null;
  action: ImportAction;
  /** Field names without the row: `ip`, `macs[1]`, `labels.rack`, `row` (the row as a whole). */
  errors: FieldError[];
  /** For an update, the fields that change. */
  changes: string[];
}

export interface ImportSummary {
  create: number;
  update: number;
  unchanged: number;
  skipped: number;
  error: number;
}

export interface ImportResult {
  rows: ImportRowResult[];
  summary: ImportSummary;
}

export type ImportMode = 'preview' | 'apply';

export const IMPORT_TEMPLATE_URL = '/api/hosts/import/template.csv';

/** A header value must be ISO-8859-1: other characters of a file name become `_`. */
function headerSafe(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').slice(0, 200);
}

/**
 * Sends a CSV file (its bytes as they are: the server checks the encoding) or pasted text to
 * `POST /api/hosts/import`: `preview` checks every row and writes nothing;
 * `apply` writes every row or nothing (a 422 ApiError then carries the rows, see {@link importResultOf}).
 */
export function importHostsCsv(csv: string | Blob, mode: ImportMode, fileName?: string): Promise<ImportResult> {
  return requestJson<ImportResult>('/api/hosts/import', {
    method: 'POST',
    query: { mode },
    rawBody: { contentType: 'text/csv', data: csv },
    headers: fileName ? { 'X-File-Name': headerSafe(fileName) } : undefined,
  });
}

/** The per-row results of a refused apply (422), or null for any other error. */
export function importResultOf(error: ApiError): ImportResult | null {
  const { rows, summary } = error.problem as { rows?: unknown; summary?: unknown };
  return error.status === 422 && Array.isArray(rows) && summary && typeof summary === 'object'
    ? { rows: rows as ImportRowResult[], summary: summary as ImportSummary }
    : null;
}

export type ExportFormat = 'csv' | 'json';

/** A download link of every host matching the list's filters (no paging), sorted by hostname. */
export function exportHostsUrl(format: ExportFormat, filters: Partial<HostQuery>): string {
  const { q, state, profile, label, subnet } = filters;
  return `/api/hosts/export${buildQuery({ format, q, state, profile, label, subnet })}`;
}

export interface FeedRun {
  startedAt: string;
  finishedAt: string;
  /** `schedule` or `manual: <user>` */
  trigger: string;
  outcome: 'ok' | 'rejected' | 'failed';
  summary: ImportSummary | null;
  error: string | null;
  /** The first rows with errors of a rejected run. */
  errors: ImportRowResult[];
}

export interface FeedStatus {
  name: string;
  url: string;
  mode: 'upsert' | 'create-only';
  /** ISO-8601 duration, e.g. PT15M */
  interval: string;
  enabled: boolean;
  nextRunAt: string | null;
  running: boolean;
  runningOn: string | null;
  runningSince: string | null;
  lastRun: FeedRun | null;
}

export function listFeeds(signal?: AbortSignal): Promise<FeedStatus[]> {
  return api.get<FeedStatus[]>('/api/hosts/import/feeds', undefined, signal);
}

/** Runs the feed now (ADMIN); answers the feed with this run as `lastRun`. */
export function runFeed(name: string): Promise<FeedStatus> {
  return api.post<FeedStatus>(`/api/hosts/import/feeds/${seg(name)}/run`);
}
