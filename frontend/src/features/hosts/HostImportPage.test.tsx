import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, auditor, editor } from '../../test/fixtures';
import { json, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import type { FeedStatus, ImportResult, ImportRowResult } from './inventory';

const HEADER = 'hostname,macs,ip,prefixLength,gateway,dns,profile\n';
const BAD_FILE = `${HEADER}web-01.lab.example,52:54:00:00:00:01,10.0.0.11,24,10.0.0.1,10.0.0.2,debian-12\nweb-02.lab.example,52:54:00:00:00:02,10.0.0.300,24,10.0.0.1,10.0.0.2,debian-12\n`;
const GOOD_FILE = BAD_FILE.replace('10.0.0.300', '10.0.0.12');

function row(overrides: Partial<ImportRowResult>): ImportRowResult {
  return { row: 2, hostname: 'web-01.lab.example', action: 'create', errors: [], changes: [], ...overrides };
}

function result(rows: ImportRowResult[]): ImportResult {
  const count = (action: string) => rows.filter((r) => r.action === action).length;
  return {
    rows,
    summary: { create: count('create'), update: count('update'), unchanged: count('unchanged'), skipped: 0, error: count('error') },
  };
}

const withError = result([
  row({}),
  row({ row: 3, hostname: 'web-02.lab.example', action: 'error', errors: [{ field: 'ip', message: "'10.0.0.300' is not a dotted IPv4 address" }] }),
]);
const allGood = result([row({}), row({ row: 3, hostname: 'web-02.lab.example', action: 'update', changes: ['ip', 'labels'] })]);

function aFeed(overrides: Partial<FeedStatus> = {}): FeedStatus {
  return {
    name: 'cmdb',
    url: 'https://cmdb.example/hosts.json',
    mode: 'upsert',
    interval: 'PT15M',
    enabled: true,
    nextRunAt: '2025-01-10T09:00:00Z',
    running: false,
    runningOn: null,
    runningSince: null,
    lastRun: {
      startedAt: '2025-01-10T08:45:00Z',
      finishedAt: '2025-01-10T08:45:01Z',
      trigger: 'schedule',
      outcome: 'ok',
      summary: { create: 2, update: 1, unchanged: 40, skipped: 0, error: 0 },
      error: null,
      errors: [],
    },
    ...overrides,
  };
}

interface ApiOptions {
  preview?: (request: RecordedRequest) => Response;
  apply?: (request: RecordedRequest) => Response;
  feeds?: FeedStatus[];
}

function importApi({ preview = () => json(withError), apply = () => json(allGood), feeds = [] }: ApiOptions = {}) {
  return mockFetch((request) => {
    if (request.path === '/api/hosts/import' && request.query.get('mode') === 'preview') return preview(request);
    if (request.path === '/api/hosts/import' && request.query.get('mode') === 'apply') return apply(request);
    if (request.path === '/api/hosts/import/feeds') return json(feeds);
    if (request.path === '/api/hosts/import/feeds/cmdb/run' && request.method === 'POST') {
      return json(aFeed({ lastRun: { ...aFeed().lastRun!, trigger: 'manual: ada', summary: { create: 5, update: 0, unchanged: 40, skipped: 0, error: 0 } } }));
    }
    return undefined;
  });
}

const csvFile = (text: string, name = 'hosts.csv') => new File([text], name, { type: 'text/csv' });

describe('HostImportPage', () => {
  it('previews a chosen file row by row and keeps the import disabled while a row has errors', async () => {
    const { requests } = importApi();
    const { user } = renderRoute('/hosts/import', { user: editor() });

    await user.upload(await screen.findByLabelText('Choose a CSV file, or drop it here'), csvFile(BAD_FILE));

    expect(await screen.findByRole('heading', { name: 'Preview of hosts.csv' })).toBeInTheDocument();
    const sent = requests.find((r) => r.path === '/api/hosts/import')!;
    expect(sent.method).toBe('POST');
    expect(sent.query.get('mode')).toBe('preview');
    expect(sent.headers.get('Content-Type')).toBe('text/csv');
    expect(sent.headers.get('X-File-Name')).toBe('hosts.csv');
    expect(sent.body).toBe(BAD_FILE);

    // rows with errors are shown first
    const table = screen.getByRole('table', { name: /Rows of the file/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('error')).toHaveClass('badge--error');
    expect(within(rows[1]).getByText(/is not a dotted IPv4 address/)).toBeInTheDocument();
    expect(within(rows[1]).getByText('ip')).toBeInTheDocument();
    expect(screen.getByText(/1 row has errors/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 1 host' })).toBeDisabled();

    await user.selectOptions(screen.getByLabelText('Show'), 'all');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(requests.filter((r) => r.query.get('mode') === 'apply')).toHaveLength(0);
  });

  it('imports once a corrected file has no errors, and says what it did', async () => {
    const { requests } = importApi({ preview: (r) => json(r.body === GOOD_FILE ? allGood : withError) });
    const { user } = renderRoute('/hosts/import', { user: editor() });
    const input = await screen.findByLabelText('Choose a CSV file, or drop it here');

    await user.upload(input, csvFile(BAD_FILE));
    expect(await screen.findByRole('button', { name: 'Import 1 host' })).toBeDisabled();

    await user.upload(input, csvFile(GOOD_FILE, 'hosts-fixed.csv'));
    expect(await screen.findByRole('heading', { name: 'Preview of hosts-fixed.csv' })).toBeInTheDocument();
    const importButton = screen.getByRole('button', { name: 'Import 2 hosts' });
    expect(importButton).toBeEnabled();
    expect(screen.getByText('labels')).toHaveClass('chip');

    await user.click(importButton);
    const status = await screen.findByText('Imported hosts-fixed.csv');
    expect(status.closest('[role="status"]')).toHaveTextContent('1 host created, 1 updated, 0 unchanged.');
    expect(screen.getByRole('link', { name: 'Show the hosts' })).toHaveAttribute('href', '/hosts');
    const applied = requests.find((r) => r.query.get('mode') === 'apply')!;
    expect(applied.body).toBe(GOOD_FILE);
    expect(applied.headers.get('X-File-Name')).toBe('hosts-fixed.csv');
    expect(screen.queryByRole('heading', { name: /Preview of/ })).not.toBeInTheDocument();
  });

  it('shows the rows of an apply the server refused (422): nothing was imported', async () => {
    importApi({
      preview: () => json(allGood),
      apply: () =>
        problem(422, { title: 'Import rejected', detail: '1 row has errors; nothing was imported', rows: withError.rows, summary: withError.summary }),
    });
    const { user } = renderRoute('/hosts/import', { user: editor() });
    await user.upload(await screen.findByLabelText('Choose a CSV file, or drop it here'), csvFile(GOOD_FILE));
    await user.click(await screen.findByRole('button', { name: 'Import 2 hosts' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported');
    expect(alert).toHaveTextContent('1 row has errors; nothing was imported');
    expect(screen.getByText(/is not a dotted IPv4 address/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 1 host' })).toBeDisabled();
  });

  it('checks pasted CSV and shows problems of the whole file', async () => {
    const { requests } = importApi({
      preview: () =>
        problem(400, {
          title: 'Invalid request',
          detail: 'row 1: hostname: required column is missing',
          errors: [{ field: 'row 1: hostname', message: 'required column is missing' }],
        }),
    });
    const { user } = renderRoute('/hosts/import', { user: admin() });
    await user.click(await screen.findByText('Or paste the CSV'));
    const button = screen.getByRole('button', { name: 'Check pasted CSV' });
    expect(button).toBeDisabled();
    await user.type(screen.getByLabelText('CSV text'), 'ip{enter}10.0.0.1');
    await user.click(button);

    expect(await screen.findByRole('alert')).toHaveTextContent('The file could not be checked');
    expect(screen.getByRole('list', { name: 'Problems of the file' })).toHaveTextContent('row 1: hostname: required column is missing');
    const sent = requests.find((r) => r.path === '/api/hosts/import')!;
    expect(sent.body).toBe('ip\n10.0.0.1');
    expect(sent.headers.get('X-File-Name')).toBe('pasted.csv');
  });

  it('links the template and lists the feeds; only an admin may run one', async () => {
    importApi({ feeds: [aFeed(), aFeed({ name: 'salt', mode: 'create-only', enabled: false, lastRun: null, nextRunAt: null })] });
    const { user, unmount } = renderRoute('/hosts/import', { user: admin() });

    expect(await screen.findByRole('link', { name: 'Download the template' })).toHaveAttribute('href', '/api/hosts/import/template.csv');
    const feeds = await screen.findByRole('region', { name: 'JSON feeds' });
    const rows = within(feeds).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('2 created, 1 updated, 40 unchanged');
    expect(rows[2]).toHaveTextContent('manual only');
    expect(rows[2]).toHaveTextContent('never');
    await user.click(within(rows[1]).getByRole('button', { name: 'Run now' }));
    expect(await within(feeds).findByText(/5 created/)).toBeInTheDocument();
    unmount();

    importApi({ feeds: [aFeed()] });
    renderRoute('/hosts/import', { user: editor() });
    const editorFeeds = await screen.findByRole('region', { name: 'JSON feeds' });
    expect(within(editorFeeds).queryByRole('button', { name: 'Run now' })).not.toBeInTheDocument();
  });

  it('is not offered to readers who cannot edit hosts', async () => {
    importApi();
    renderRoute('/hosts/import', { user: auditor() });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
  });
});
