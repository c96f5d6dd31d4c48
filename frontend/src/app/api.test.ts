import { describe, expect, it, vi } from 'vitest';
import { mockFetch, json, problem, noContent } from '../test/http';
import { ApiError, api, buildQuery, onUnauthorized, refreshCsrfToken, requestJson, rootField } from './api';

describe('api client', () => {
  it('turns a validation problem into an ApiError with field errors keyed by root field', async () => {
    mockFetch(() =>
      problem(400, {
        title: 'Bad Request',
        detail: 'Validation failed',
        errors: [
          { field: 'hostname', message: 'must not be blank' },
          { field: 'macs[1]', message: 'is not a MAC address' },
        ],
      }),
    );

    const error = await api.post('/api/hosts', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.isValidation).toBe(true);
    expect(apiError.title).toBe('Bad Request');
    expect(apiError.fieldErrors).toEqual({ hostname: 'must not be blank', macs: 'Entry 2: is not a MAC address' });
  });

  it('maps a conflict that names its field onto that field', async () => {
    mockFetch(() => problem(409, { title: 'Conflict', detail: 'MAC 52:54:00:00:00:01 belongs to db-02', field: 'macs' }));

    const error = (await api.post('/api/hosts', {}).catch((e: unknown) => e)) as ApiError;

    expect(error.isConflict).toBe(true);
    expect(error.fieldErrors).toEqual({ macs: 'MAC 52:54:00:00:00:01 belongs to db-02' });
  });

  it('keeps a status-only error when the body is not a problem document', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));

    const error = (await api.get('/api/hosts').catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.hasFieldErrors()).toBe(false);
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));

    const error = (await api.get('/api/hosts').catch((e: unknown) => e)) as ApiError;

    expect(error.isNetworkError).toBe(true);
    expect(error.title).toBe('Network error');
  });

  it('sends the XSRF-TOKEN cookie as X-XSRF-TOKEN on non-GET requests only', async () => {
    document.cookie = 'XSRF-TOKEN=cookie-token; path=/';
    const { requests } = mockFetch(() => json({}));

    await api.get('/api/hosts');
    await api.post('/api/hosts/7/arm', { reason: 'rebuild' });

    expect(requests[0].headers.get('X-XSRF-TOKEN')).toBeNull();
    expect(requests[1].headers.get('X-XSRF-TOKEN')).toBe('cookie-token');
    expect(requests[1].headers.get('Content-Type')).toBe('application/json');
    expect(requests[1].json()).toEqual({ reason: 'rebuild' });
  });

  it('falls back to the token from /api/auth/csrf when the cookie is not readable', async () => {
    const { requests } = mockFetch((request) =>
      request.path === '/api/auth/csrf' ? json({ token: 'body-token', headerName: 'X-XSRF-TOKEN' }) : noContent(),
    );

    await refreshCsrfToken();
    await api.delete('/api/hosts/7');

    expect(requests[1].method).toBe('DELETE');
    expect(requests[1].headers.get('X-XSRF-TOKEN')).toBe('body-token');
  });

  it('refreshes the CSRF token and retries once when a write answers 403', async () => {
    let writes = 0;
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/auth/csrf') return json({ token: 'fresh', headerName: 'X-XSRF-TOKEN' });
      writes += 1;
      return writes === 1 ? problem(403, { title: 'Forbidden' }) : json({ id: 1 });
    });

    await expect(api.post('/api/profiles', { name: 'x' })).resolves.toEqual({ id: 1 });
    expect(requests.map((r) => r.path)).toEqual(['/api/profiles', '/api/auth/csrf', '/api/profiles']);
    expect(requests[2].headers.get('X-XSRF-TOKEN')).toBe('fresh');
  });

  it('notifies session listeners on 401 unless told not to', async () => {
    mockFetch(() => problem(401, { title: 'Unauthorized' }));
    const listener = vi.fn();
    const stop = onUnauthorized(listener);

    await api.get('/api/hosts').catch(() => undefined);
    await requestJson('/api/me', { skipUnauthorizedHandling: true }).catch(() => undefined);
    stop();

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('builds query strings without empty values', () => {
    expect(buildQuery({ q: '', state: 'ARMED', page: 0, label: undefined, tags: ['a', 'b'] })).toBe('?state=ARMED&page=0&tags=a&tags=b');
    expect(buildQuery({})).toBe('');
  });

  it('reduces indexed and nested field paths to their root field', () => {
    expect(rootField('macs[0]')).toBe('macs');
    expect(rootField('labels.rack')).toBe('labels');
    expect(rootField('hostname')).toBe('hostname');
  });

  it('sends a raw body (a CSV file) with its own content type and extra headers, the CSRF header too', async () => {
    document.cookie = 'XSRF-TOKEN=tok-1';
    const { requests } = mockFetch(() => json({ ok: true }));

    await requestJson('/api/hosts/import', {
      method: 'POST',
      query: { mode: 'preview' },
      rawBody: { contentType: 'text/csv', data: new Blob(['hostname\na.example\n']) },
      headers: { 'X-File-Name': 'a.csv' },
    });

    expect(requests[0].url).toBe('/api/hosts/import?mode=preview');
    expect(requests[0].headers.get('Content-Type')).toBe('text/csv');
    expect(requests[0].headers.get('X-File-Name')).toBe('a.csv');
    expect(requests[0].headers.get('X-XSRF-TOKEN')).toBe('tok-1');
    expect(requests[0].body).toBe('hostname\na.example\n');
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });
});
