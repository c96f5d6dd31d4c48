import { api, requestJson, seg, type Page } from '../../app/api';
import type { BootState, Host } from '../hosts/api';

export type BatchStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';
export type BatchKind = 'CSV_IMPORT' | 'CSV' | 'SELECTION';
export type Compression = 'deflate' | 'none';

export const BATCH_STATUSES: BatchStatus[] = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'];

/** A batch job as GET /api/batches/{id} returns it (docs/batches.md). */
export interface BatchJob {
  id: string;
  kind: BatchKind;
  status: BatchStatus;
  description: string;
  compression: Compression;
  total: number;
  /** ISOs built so far. */
  done: number;
  /** Hosts whose ISO could not be built (listed by GET /api/batches/{id}/failures). */
  failed: number;
  requester: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequested: boolean;
  error: string | null;
  /** When DONE. */
  zip: { fileName: string; size: number; sha256: string; url: string } | null;
}

/** A host of a job whose ISO could not be built. */
export interface BatchFailure {
  /** 0-based position of the host in the job (file or hostname order). */
  position: number;
  hostId: string;
  hostname: string;
  error: string;
}

/** The hosts of a selection: every filter given must match (as in the hosts list). */
export interface Selection {
  q?: string;
  state?: BootState | '';
  profile?: string;
  /** `key=value` or `key` */
  label?: string;
  /** CIDR */
  subnet?: string;
  all?: boolean;
  compression?: Compression;
}

/** What goes onto a host's hybrid ISO (GET /api/hosts/{id}/media-spec; every read is audited). */
export interface MediaSpec {
  hostId: string;
  hostname: string;
  volumeId: string;
  /** The iPXE client script for a CD: it carries the host's boot token. */
  script: string;
  nicDriver: 'FULL' | 'SNPONLY';
  firmware: 'bios' | 'uefi' | 'auto';
  architecture: 'X86_64' | 'ARM64';
  /** Image cache key. */
  hash: string;
  /** File name in the image directory. */
  artifact: string;
}

export const TEMPLATE_URL = '/api/batches/template.csv';

export const isActive = (job: Pick<BatchJob, 'status'>) => job.status === 'QUEUED' || job.status === 'RUNNING';

export function listBatches(query: { status?: string; page: number; size: number }, signal?: AbortSignal): Promise<Page<BatchJob>> {
  return api.get<Page<BatchJob>>('/api/batches', { ...query }, signal);
}

export function getBatch(id: string, signal?: AbortSignal): Promise<BatchJob> {
  return api.get<BatchJob>(`/api/batches/${seg(id)}`, undefined, signal);
}

export function listBatchFailures(id: string, page: number, size: number, signal?: AbortSignal): Promise<Page<BatchFailure>> {
  return api.get<Page<BatchFailure>>(`/api/batches/${seg(id)}/failures`, { page, size }, signal);
}

/**
 * A job from a CSV whose rows name existing hosts (column `hostname`; `ip` and `macs`, when
 * given, must be the host's). Sent as multipart so the file's bytes reach the server as they
 * are (it checks the encoding). A bad file is a 400 with every problem in `errors` (`row N: column`).
 */
export function createCsvBatch(file: File, compression: Compression): Promise<BatchJob> {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestJson<BatchJob>('/api/batches', { method: 'POST', body: form, query: { compression } });
}

/** A job of every host that matches the selection (at least one filter, or `all`). */
export function createSelectionBatch(selection: Selection): Promise<BatchJob> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(selection)) {
    if (value !== '' && value !== undefined && value !== false) body[key] = typeof value === 'string' ? value.trim() : value;
  }
  return api.post<BatchJob>('/api/batches', body);
}

export function cancelBatch(id: string): Promise<BatchJob> {
  return api.post<BatchJob>(`/api/batches/${seg(id)}/cancel`);
}

export function batchZipUrl(id: string): string {
  return `/api/batches/${seg(id)}/zip`;
}

export function getMediaSpec(hostId: Host['id'], signal?: AbortSignal): Promise<MediaSpec> {
  return api.get<MediaSpec>(`/api/hosts/${seg(hostId)}/media-spec`, undefined, signal);
}

/** How many hosts a selection matches now: the hosts list's total for the same filters. */
export async function countMatchingHosts(selection: Selection, signal?: AbortSignal): Promise<number> {
  const query = selection.all
    ? { size: 1 }
    : { q: selection.q?.trim(), state: selection.state, profile: selection.profile, label: selection.label?.trim(), subnet: selection.subnet?.trim(), size: 1 };
  const page = await api.get<Page<Host>>('/api/hosts', query, signal);
  return page.totalItems;
}

/** `row 7: ip` -> { row: 7, column: 'ip' }; `file` -> { row: null, column: 'file' }; `row 3` -> { row: 3, column: '' }. */
export function parseRowField(field: string): { row: number | null; column: string } {
  const match = /^row (\d+)(?::\s*(.*))?$/.exec(field);
  if (!match) return { row: null, column: field };
  return { row: Number(match[1]), column: match[2] ?? '' };
}
