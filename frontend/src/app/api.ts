/**
 * Typed HTTP client for the Bootwarden API.
 *
 * - Same-origin, relative `/api` URLs with `credentials: 'same-origin'` (session cookie).
 * - CSRF: every non-GET request sends `X-XSRF-TOKEN` with the `XSRF-TOKEN` cookie value, or the
 *   token returned by `GET /api/auth/csrf` when the cookie is not readable.
 * - Errors: RFC 7807 problem details are turned into an {@link ApiError} carrying the problem and
 *   a field -> message map for validation (400) and conflict (409) responses.
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetail {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Validation errors (400) and, for some conflicts (409), the offending field. */
  errors?: FieldError[];
  /** A 409 conflict may name the field directly instead of (or in addition to) `errors`. */
  field?: string;
  [extension: string]: unknown;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  totalItems: number;
  totalPages: number;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetail;
  /** Field errors keyed by the root field name (`macs[1]` -> `macs`); messages joined per field. */
  readonly fieldErrors: Record<string, string>;

  constructor(problem: ProblemDetail) {
    super(problem.detail || problem.title || `Request failed with status ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.fieldErrors = collectFieldErrors(problem);
  }

  get title(): string {
    return this.problem.title || defaultTitle(this.status);
  }

  get isValidation(): boolean {
    return this.status === 400 || this.status === 422;
  }

  get isConflict(): boolean {
    return this.status === 409;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError'
    : typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** Normalises any thrown value into an ApiError so pages can render one kind of error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ status: 0, title: 'Unexpected error', detail: message });
}

function defaultTitle(status: number): string {
  switch (status) {
    case 0:
      return 'Network error';
    case 400:
      return 'Invalid request';
    case 401:
      return 'Not signed in';
    case 403:
      return 'Not allowed';
    case 404:
      return 'Not found';
    case 409:
      return 'Conflict';
    default:
      return status >= 500 ? 'Server error' : 'Request failed';
  }
}

/** `macs[1]` -> `macs`, `labels.rack` -> `labels`, `hostname` -> `hostname`. */
export function rootField(field: string): string {
  const match = /^[^.[\]]+/.exec(field);
  return match ? match[0] : field;
}

function collectFieldErrors(problem: ProblemDetail): Record<string, string> {
  const result: Record<string, string> = {};
  const add = (field: string, message: string) => {
    const key = rootField(field);
    result[key] = result[key] ? `${result[key]} ${message}` : message;
  };
  if (Array.isArray(problem.errors)) {
    for (const error of problem.errors) {
      if (!error || typeof error.field !== 'string' || !error.field) continue;
      const message = typeof error.message === 'string' && error.message ? error.message : 'is invalid';
      const index = /\[(\d+)]/.exec(error.field);
      add(error.field, index ? `Entry ${Number(index[1]) + 1}: ${message}` : message);
    }
  }
  if (typeof problem.field === 'string' && problem.field && !(rootField(problem.field) in result)) {
    add(problem.field, problem.detail || problem.title || 'conflicts with an existing value');
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// CSRF handling

export const CSRF_COOKIE = 'XSRF-TOKEN';
const DEFAULT_CSRF_HEADER = 'X-XSRF-TOKEN';

interface CsrfState {
  token: string | null;
  headerName: string;
}

const csrf: CsrfState = { token: null, headerName: DEFAULT_CSRF_HEADER };

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined' || !document.cookie) return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function csrfHeader(): [string, string] | null {
  const token = readCookie(CSRF_COOKIE) ?? csrf.token;
  return token ? [csrf.headerName, token] : null;
}

/**
 * Fetches the CSRF token (the server also sets the `XSRF-TOKEN` cookie). Called once at start and
 * again after login/logout, because the server rotates the token when the session changes.
 */
export async function refreshCsrfToken(): Promise<void> {
  try {
    const response = await fetch('/api/auth/csrf', {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) return;
    const body = (await response.json()) as { token?: string; headerName?: string };
    if (body.token) csrf.token = body.token;
    if (body.headerName) csrf.headerName = body.headerName;
  } catch {
    // The cookie may still be there; a failing request will surface its own error.
  }
}

/** For tests only. */
export function resetCsrfForTests(): void {
  csrf.token = null;
  csrf.headerName = DEFAULT_CSRF_HEADER;
}

// ---------------------------------------------------------------------------------------------
// Session expiry

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever an authenticated request answers 401 (session expired or logged out elsewhere). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** JSON body (objects), a URLSearchParams form body, or FormData (multipart, e.g. a file upload). */
  body?: unknown;
  /** A body sent as it is (e.g. a CSV file: its bytes, unchanged) with its own Content-Type, instead of `body`. */
  rawBody?: { contentType: string; data: string | Blob };
  /** More request headers (e.g. `X-File-Name`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  accept?: string;
  /** Do not notify session-expiry listeners on 401 (login, /me). */
  skipUnauthorizedHandling?: boolean;
}

async function send(path: string, options: RequestOptions, retried = false): Promise<Response> {
  const method = options.method ?? 'GET';
  // X-Requested-With: the server then answers 401 without a Basic challenge (no browser login dialog)
  const headers = new Headers({
    Accept: options.accept ?? 'application/json',
    'X-Requested-With': 'XMLHttpRequest',
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  let body: BodyInit | undefined;
  if (options.rawBody) {
    headers.set('Content-Type', options.rawBody.contentType);
    body = options.rawBody.data;
  } else if (options.body instanceof URLSearchParams) {
    headers.set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8');
    body = options.body.toString();
  } else if (typeof FormData !== 'undefined' && options.body instanceof FormData) {
    // no Content-Type: the browser writes multipart/form-data with its boundary
    body = options.body;
  } else if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const header = csrfHeader();
    if (header) headers.set(header[0], header[1]);
  }

  let response: Response;
  try {
    response = await fetch(path + buildQuery(options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({
      status: 0,
      title: 'Network error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }

  // A 403 on a state-changing request is most often a missing/rotated CSRF token (e.g. after the
  // session was renewed). Fetch a fresh token and try once more; a real authorisation failure
  // simply answers 403 again.
  if (response.status === 403 && method !== 'GET' && !retried) {
    await refreshCsrfToken();
    return send(path, options, true);
  }

  if (!response.ok) {
    const error = await problemFrom(response);
    if (error.isUnauthorized && !options.skipUnauthorizedHandling) {
      unauthorizedListeners.forEach((listener) => listener());
    }
    throw error;
  }
  return response;
}

async function problemFrom(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('Content-Type') ?? '';
  let problem: ProblemDetail = { status: response.status, title: response.statusText || undefined };
  if (contentType.includes('json')) {
    try {
      const body = (await response.json()) as Partial<ProblemDetail> | null;
      if (body && typeof body === 'object') {
        problem = { ...body, status: typeof body.status === 'number' ? body.status : response.status };
      }
    } catch {
      // keep the status-only problem
    }
  } else {
    try {
      const text = (await response.text()).trim();
      if (text && text.length < 500 && !text.startsWith('<')) problem.detail = text;
    } catch {
      // ignore unreadable bodies
    }
  }
  return new ApiError(problem);
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function requestText(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await send(path, { accept: 'text/plain', ...options });
  return response.text();
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => requestJson<T>(path, { query, signal }),
  getText: (path: string, query?: Query, signal?: AbortSignal) => requestText(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => requestJson<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body: unknown) => requestJson<T>(path, { method: 'PUT', body }),
  delete: (path: string) => requestJson<void>(path, { method: 'DELETE' }),
};

/** Encodes one path segment (host ids are numbers or UUIDs, profile names are free text). */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
