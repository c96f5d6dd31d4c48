import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { anAuditEntry, auditor, pageOf } from '../../test/fixtures';
import { json, mockFetch } from '../../test/http';
import { renderRoute } from '../../test/render';

const entries = [
  anAuditEntry(),
  anAuditEntry({
    id: 2,
    action: 'PROFILE_DELETED',
    targetType: 'profile',
    targetId: 'old',
    summary: null,
    before: { name: 'old' },
    after: null,
  }),
  anAuditEntry({ id: 3, action: 'LOGIN', targetType: null, targetId: null, before: null, after: null, summary: 'Signed in' }),
  anAuditEntry({ id: 4, action: 'host.created', credential: 'token:7QbX2m' }),
];

function auditApi() {
  return mockFetch((request) =>
    request.path === '/api/audit' ? json(pageOf(entries, { totalItems: entries.length, size: Number(request.query.get('size')) })) : undefined,
  );
}

describe('AuditLogPage', () => {
  it('lists entries with links to their targets', async () => {
    auditApi();
    renderRoute('/audit', { user: auditor() });

    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(within(rows[1]).getByRole('link', { name: '7' })).toHaveAttribute('href', '/hosts/7');
    expect(within(rows[2]).getByRole('link', { name: 'old' })).toHaveAttribute('href', '/profiles/old');
    expect(within(rows[3]).queryByRole('button')).not.toBeInTheDocument();
    expect(within(rows[4]).getByText('via API token 7QbX2m')).toBeInTheDocument();
    expect(within(rows[1]).queryByText(/via API token/)).not.toBeInTheDocument();
    expect(screen.getByText('1–4 of 4 entries · page 1 of 1')).toBeInTheDocument();
  });

  it('expands an entry to show the before/after diff', async () => {
    auditApi();
    const { user } = renderRoute('/audit', { user: auditor() });

    const toggle = await screen.findByRole('button', { name: 'Show changes of entry 1' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    const diff = screen.getByRole('table', { name: 'Changes recorded by this entry' });
    const row = within(diff).getByRole('rowheader', { name: /bootState/ }).closest('tr')!;
    expect(within(row).getByText('LOCAL')).toBeInTheDocument();
    expect(within(row).getByText('ARMED')).toBeInTheDocument();
    expect(within(diff).queryByText('hostname')).not.toBeInTheDocument();

    await user.click(screen.getByLabelText('Show 1 unchanged fields'));
    expect(within(diff).getByText('hostname')).toBeInTheDocument();
  });

  it('sends the filters, converting the time range to ISO instants', async () => {
    const { requests } = auditApi();
    const { user } = renderRoute('/audit', { user: auditor() });

    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Actor'), 'otto');
    await user.type(screen.getByLabelText('Action'), 'HOST_ARMED');
    await user.type(screen.getByLabelText('Target id'), '7');
    await user.type(screen.getByLabelText('From'), '2025-01-01T00:00');
    await user.type(screen.getByLabelText('To'), '2025-01-31T23:59');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    const query = requests.filter((r) => r.path === '/api/audit').at(-1)!.query;
    expect(query.get('actor')).toBe('otto');
    expect(query.get('action')).toBe('HOST_ARMED');
    expect(query.get('targetId')).toBe('7');
    expect(query.get('from')).toBe(new Date('2025-01-01T00:00').toISOString());
    expect(query.get('to')).toBe(new Date('2025-01-31T23:59').toISOString());
    expect(query.get('page')).toBe('0');
  });

  it('rejects a time range that ends before it starts', async () => {
    const { requests } = auditApi();
    const { user } = renderRoute('/audit', { user: auditor() });

    await screen.findByRole('table');
    const before = requests.length;
    await user.type(screen.getByLabelText('From'), '2025-02-01T00:00');
    await user.type(screen.getByLabelText('To'), '2025-01-01T00:00');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(screen.getByLabelText('To')).toHaveAccessibleDescription(expect.stringContaining('"To" must be after "From"'));
    expect(requests.length).toBe(before);
  });
});
