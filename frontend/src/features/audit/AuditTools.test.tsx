import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { auditor, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';
import { auditExportUrl, type ChainVerification } from './api';

const intact: ChainVerification = { intact: true, checked: 1234, unsealed: 0, brokenAt: null, brokenRecordId: null, problem: null };
const broken: ChainVerification = {
  intact: false,
  checked: 41,
  unsealed: 2,
  brokenAt: 42,
  brokenRecordId: '0f1e2d3c',
  problem: 'record 42 (0f1e2d3c) was changed after it was sealed',
};

function auditApi(verify: () => Response) {
  return mockFetch((request) => {
    if (request.path === '/api/audit') return json(pageOf([]));
    if (request.path === '/api/audit/verify') return verify();
    return undefined;
  });
}

describe('audit export', () => {
  it('builds download links from the filters, leaving out empty ones', () => {
    expect(auditExportUrl('csv', { actor: '', action: '', targetId: '', from: '', to: '' })).toBe('/api/audit/export?format=csv');
    expect(auditExportUrl('json', { actor: 'otto', action: 'boot.*', targetId: undefined, from: '2025-03-01T00:00:00.000Z' })).toBe(
      '/api/audit/export?format=json&actor=otto&action=boot.*&from=2025-03-01T00%3A00%3A00.000Z',
    );
  });

  it('offers CSV and JSON downloads with the filters of the page', async () => {
    auditApi(() => json(intact));
    renderRoute('/audit?actor=otto&action=host.armed&page=2', { user: auditor() });
    const csv = await screen.findByRole('link', { name: 'Export CSV' });
    expect(csv).toHaveAttribute('href', '/api/audit/export?format=csv&actor=otto&action=host.armed');
    expect(csv).toHaveAttribute('download');
    expect(screen.getByRole('link', { name: 'Export JSON' })).toHaveAttribute(
      'href',
      '/api/audit/export?format=json&actor=otto&action=host.armed',
    );
    expect(screen.getByText(/The entries matching the filters/)).toBeInTheDocument();
  });
});

describe('chain verification', () => {
  it('reports an intact chain with the number of records checked', async () => {
    const { requests } = auditApi(() => json(intact));
    const { user } = renderRoute('/audit', { user: auditor() });
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    const result = await screen.findByText('Intact');
    expect(result.parentElement).toHaveTextContent('1234 records checked: every link of the chain is as it was sealed.');
    expect(requests.filter((r) => r.path === '/api/audit/verify')).toHaveLength(1);
  });

  it('names the first broken link and the problem', async () => {
    auditApi(() => json(broken));
    const { user } = renderRoute('/audit', { user: auditor() });
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Broken');
    expect(alert).toHaveTextContent('record 42 (0f1e2d3c) was changed after it was sealed');
    expect(alert).toHaveTextContent('First broken linkrecord 42 of the chain (0f1e2d3c)');
    expect(alert).toHaveTextContent('Checked before it41 records');
    expect(alert).toHaveTextContent('2 records not sealed yet.');
  });

  it('shows why the check could not run', async () => {
    auditApi(() => problem(503, { title: 'Service Unavailable', detail: 'database down' }));
    const { user } = renderRoute('/audit', { user: auditor() });
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The chain could not be verified');
    expect(alert).toHaveTextContent('database down');
    expect(screen.getByRole('button', { name: 'Verify chain' })).toBeEnabled();
  });
});
