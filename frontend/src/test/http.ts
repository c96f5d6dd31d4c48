import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path plus query, e.g. `/api/hosts?page=0` */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string | null;
  /** A multipart body (file uploads), as sent. */
  form: FormData | null;
  json<T = unknown>(): T;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response> | undefined;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function problem(status: number, body: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

export function text(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain' } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** A Blob body (an uploaded file) as text, with jsdom's FileReader. */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/**
 * Replaces global fetch. Each request goes to `handler`; returning undefined answers 404 so an
 * unexpected call shows up as a visible error instead of a hang. All requests are recorded.
 */
export function mockFetch(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const parsed = new URL(url, 'http://localhost');
    const body = typeof init?.body === 'string' ? init.body : init?.body instanceof Blob ? await blobText(init.body) : null;
    const request: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: parsed.pathname + parsed.search,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: new Headers(init?.headers),
      body,
      form: init?.body instanceof FormData ? init.body : null,
      json: <T,>() => JSON.parse(body ?? 'null') as T,
    };
    requests.push(request);
    if (init?.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    return (await handler(request)) ?? problem(404, { title: 'Not Found', detail: `No mock for ${request.method} ${request.url}` });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests };
}
