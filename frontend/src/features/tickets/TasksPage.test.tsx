import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, approver, aTask, aTicket, pageOf } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { renderRoute } from '../../test/render';
import type { Task } from './api';

function api(tasks: Task[], extra?: Parameters<typeof mockFetch>[0]) {
  return mockFetch((request) => {
    const handled = extra?.(request);
    if (handled) return handled;
    if (request.path === '/api/tasks') return json(pageOf(tasks));
    return undefined;
  });
}

const card = (name: RegExp | string) => screen.getByRole('article', { name });

describe('TasksPage', () => {
  it('shows the group tasks with ticket, host, requester, reason and age', async () => {
    const { requests } = api([aTask()]);
    renderRoute('/tasks', { user: approver() });

    const task = await screen.findByRole('article', { name: /Approve ticket/ });
    expect(within(task).getByRole('link', { name: 'T-7K2M9QXA' })).toHaveAttribute('href', '/tickets/T-7K2M9QXA');
    expect(within(task).getByRole('link', { name: 'web-01' })).toHaveAttribute('href', '/hosts/7');
    expect(within(task).getByText('rita')).toBeInTheDocument();
    expect(within(task).getByText('reimage after disk swap (CHG-1234)')).toBeInTheDocument();
    expect(within(task).getByText(/\d+ d/)).toBeInTheDocument();
    for (const name of ['Claim', 'Approve', 'Reject']) expect(within(task).getByRole('button', { name })).toBeEnabled();
    const list = requests.filter((r) => r.path === '/api/tasks' && r.query.get('size') !== '1');
    expect(list.at(-1)?.query.get('scope')).toBe('group');
  });

  it('switches to the tasks claimed by the caller', async () => {
    const { requests } = api([]);
    const { user } = renderRoute('/tasks', { user: approver() });
    await screen.findByText('No open tasks for your groups');

    await user.click(screen.getByRole('tab', { name: /Claimed by me/ }));
    expect(await screen.findByText('You have claimed no tasks')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /Claimed by me/ })).toHaveAttribute('aria-selected', 'true');
    const list = requests.filter((r) => r.path === '/api/tasks' && r.query.get('size') !== '1');
    expect(list.at(-1)?.query.get('scope')).toBe('mine');
  });

  it('shows why a task may not be worked (four-eyes) and offers no action', async () => {
    const ownTicket = aTicket({ requester: 'ada' });
    api([
      aTask({
        allowed: false,
        notAllowed: 'you requested ticket T-7K2M9QXA: someone else must approve or reject it (four-eyes rule)',
        ticket: ownTicket,
      }),
    ]);
    renderRoute('/tasks', { user: admin() });

    const task = await screen.findByRole('article', { name: /Approve ticket/ });
    expect(within(task).getByText(/four-eyes rule/)).toBeInTheDocument();
    expect(within(task).queryAllByRole('button')).toEqual([]);
  });

  it('claims and releases a task', async () => {
    let assignee: string | null = null;
    const { requests } = mockFetch((request) => {
      if (request.path === '/api/tasks/task-1/claim') assignee = 'april';
      if (request.path === '/api/tasks/task-1/unclaim') assignee = null;
      if (request.path.startsWith('/api/tasks')) {
        const task = aTask({ assignee });
        return request.path === '/api/tasks' ? json(pageOf([task])) : json(task);
      }
      return undefined;
    });
    const { user } = renderRoute('/tasks', { user: approver() });

    await user.click(await screen.findByRole('button', { name: 'Claim' }));
    expect(await within(card(/Approve ticket/)).findByRole('button', { name: 'Release' })).toBeInTheDocument();
    expect(within(card(/Approve ticket/)).getByText('april')).toBeInTheDocument();
    await user.click(within(card(/Approve ticket/)).getByRole('button', { name: 'Release' }));
    expect(await within(card(/Approve ticket/)).findByRole('button', { name: 'Claim' })).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      '/api/tasks/task-1/claim',
      '/api/tasks/task-1/unclaim',
    ]);
  });

  it('decides only with a comment, sends outcome and comment, then names the new ticket status', async () => {
    let decided = false;
    const { requests } = api([], (request) => {
      if (request.method === 'POST' && request.path === '/api/tasks/task-1/complete') {
        decided = true;
        return json(aTicket({ status: 'BUILDING_ISO', decidedBy: 'april' }));
      }
      if (request.path === '/api/tasks') return json(pageOf(decided ? [] : [aTask()]));
      return undefined;
    });
    const { user } = renderRoute('/tasks', { user: approver() });

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', { name: /Approve: Approve ticket of T-7K2M9QXA/ });
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(within(dialog).getByText(/Please give a comment/)).toBeInTheDocument();
    expect(requests.some((r) => r.path.endsWith('/complete'))).toBe(false);

    await user.type(within(dialog).getByLabelText('Comment'), 'CAB approved CHG-1234');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    expect(await screen.findByText('Approve: ticket T-7K2M9QXA is now Building ISO.')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/tasks/task-1/complete')?.json()).toEqual({
      outcome: 'approve',
      comment: 'CAB approved CHG-1234',
    });
    expect(await screen.findByText('No open tasks for your groups')).toBeInTheDocument();
  });

  it('offers retry and abort for a failed install and keeps the dialog open on a refusal', async () => {
    api(
      [
        aTask({
          id: 'task-9',
          key: 'UserTask_InvestigateFailedInstall',
          name: 'Investigate failed install',
          candidateGroup: 'operators',
          outcomes: ['retry', 'abort'],
          details: 'install boot limit reached',
          ticket: aTicket({ status: 'HELD' }),
        }),
      ],
      (request) =>
        request.path === '/api/tasks/task-9/complete'
          ? problem(409, { title: 'Conflict', detail: "task 'Investigate failed install' is claimed by otto" })
          : undefined,
    );
    const { user } = renderRoute('/tasks', { user: admin() });

    const task = await screen.findByRole('article', { name: /Investigate failed install/ });
    expect(within(task).getByText('install boot limit reached')).toBeInTheDocument();
    expect(within(task).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    await user.click(within(task).getByRole('button', { name: 'Abort' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Comment'), 'disk is dead');
    await user.click(within(dialog).getByRole('button', { name: 'Abort' }));
    expect(await within(dialog).findByText("task 'Investigate failed install' is claimed by otto")).toBeInTheDocument();
  });
});
