import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, approver, aTask, aTicket, aTicketDetail, aTimelineEntry, auditor, operator, requester } from '../../test/fixtures';
import { json, mockFetch, problem } from '../../test/http';
import { DETAIL_REFRESH_MS } from '../../app/liveEvents';
import { changeFrame, installMockEventSource } from '../../test/eventSource';
import { renderRoute } from '../../test/render';
import type { TicketDetail } from './api';

function api(detail: TicketDetail, extra?: Parameters<typeof mockFetch>[0]) {
  return mockFetch((request) => {
    const handled = extra?.(request);
    if (handled) return handled;
    if (request.path === `/api/tickets/${detail.ticket.id}`) return json(detail);
    return undefined;
  });
}

const decided = () =>
  aTicketDetail({
    ticket: aTicket({
      status: 'ARMED',
      statusReason: 'ARMED',
      decidedBy: 'april',
      decisionComment: 'CAB approved CHG-1234',
      decidedAt: '2025-01-10T09:00:00Z',
      windowStart: '2025-01-11T06:00:00Z',
    }),
    timeline: [
      aTimelineEntry(),
      aTimelineEntry({
        at: '2025-01-10T08:00:01Z',
        source: 'workflow',
        actor: 'april',
        sourceAddress: null,
        action: 'workflow.userTask',
        summary: 'Approve ticket (UserTask_Approve): completed by april at 2025-01-10T09:00:00Z',
      }),
      aTimelineEntry({
        at: '2025-01-10T09:00:00Z',
        actor: 'april',
        sourceAddress: '198.51.100.7',
        action: 'ticket.approved',
        summary: "april decided 'Approve ticket' of ticket T-7K2M9QXA: approve (CAB approved CHG-1234)",
      }),
    ],
  });

describe('TicketDetailPage', () => {
  it('shows every ticket field and who decided what and when', async () => {
    api(decided());
    renderRoute('/tickets/T-7K2M9QXA', { user: auditor() });

    const ticket = await screen.findByRole('region', { name: 'Ticket' });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Ticket T-7K2M9QXA Armed');
    expect(within(ticket).getByRole('link', { name: 'web-01' })).toHaveAttribute('href', '/hosts/7');
    expect(within(ticket).getByText('debian-12')).toBeInTheDocument();
    expect(within(ticket).getByText('Reinstall')).toBeInTheDocument();
    expect(within(ticket).getByText('reimage after disk swap (CHG-1234)')).toBeInTheDocument();
    expect(within(ticket).getByText('rita')).toBeInTheDocument();
    expect(within(ticket).getByText(/april/)).toBeInTheDocument();
    expect(within(ticket).getByText('CAB approved CHG-1234')).toBeInTheDocument();
    expect(within(ticket).getByText('still open')).toBeInTheDocument();
    expect(ticket.querySelector('time[datetime="2025-01-11T06:00:00Z"]')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel ticket' })).not.toBeInTheDocument();
  });

  it('renders the timeline readably and tells workflow steps from audit entries', async () => {
    api(decided());
    renderRoute('/tickets/T-7K2M9QXA', { user: auditor() });

    const timeline = await screen.findByRole('region', { name: 'Timeline' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveClass('timeline__item--audit');
    expect(within(items[0]).getByText('Ticket filed')).toBeInTheDocument();
    expect(within(items[0]).getByText('by rita')).toBeInTheDocument();
    expect(within(items[0]).getByText('from 192.0.2.10')).toBeInTheDocument();
    expect(within(items[0]).getByText('Audit')).toBeInTheDocument();
    expect(items[1]).toHaveClass('timeline__item--workflow');
    expect(within(items[1]).getByText('Workflow')).toBeInTheDocument();
    expect(within(items[1]).getByText('Human task')).toBeInTheDocument();
    expect(within(items[1]).getByText(/completed by april/)).toBeInTheDocument();
    expect(within(items[2]).getByText('Approved')).toBeInTheDocument();
    expect(within(items[2]).getByText('ticket.approved')).toBeInTheDocument();
    expect(within(items[2]).getByText('from 198.51.100.7')).toBeInTheDocument();
  });

  it('lets the requester cancel with a mandatory comment and shows the new status', async () => {
    let cancelled = false;
    const { requests } = api(aTicketDetail(), (request) => {
      if (request.method === 'POST' && request.path === '/api/tickets/T-7K2M9QXA/cancel') {
        cancelled = true;
        return json(aTicket({ status: 'CANCELLED', closedAt: '2025-01-10T10:00:00Z' }));
      }
      if (cancelled && request.path === '/api/tickets/T-7K2M9QXA') {
        return json(aTicketDetail({ ticket: aTicket({ status: 'CANCELLED', closedAt: '2025-01-10T10:00:00Z' }) }));
      }
      return undefined;
    });
    const { user } = renderRoute('/tickets/T-7K2M9QXA', { user: requester() });

    await user.click(await screen.findByRole('button', { name: 'Cancel ticket' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel ticket T-7K2M9QXA' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel ticket' }));
    expect(within(dialog).getByText(/Please give a comment/)).toBeInTheDocument();
    expect(requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);

    await user.type(within(dialog).getByLabelText('Comment'), 'disk swap postponed');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel ticket' }));

    expect(await screen.findByText('Ticket T-7K2M9QXA is now Cancelled.')).toBeInTheDocument();
    expect(requests.find((r) => r.path.endsWith('/cancel'))?.json()).toEqual({ comment: 'disk swap postponed' });
    expect(await screen.findByRole('heading', { level: 1, name: /Cancelled/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel ticket' })).not.toBeInTheDocument();
  });

  it('shows a refused cancel (409) in the dialog', async () => {
    api(aTicketDetail({ ticket: aTicket({ status: 'ARMED' }) }), (request) =>
      request.path.endsWith('/cancel')
        ? problem(409, {
            title: 'Conflict',
            detail: 'ticket T-7K2M9QXA is INSTALLING: too late to cancel (the host has booted its installer)',
          })
        : undefined,
    );
    const { user } = renderRoute('/tickets/T-7K2M9QXA', { user: operator() });

    await user.click(await screen.findByRole('button', { name: 'Cancel ticket' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Comment'), 'stop');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel ticket' }));
    expect(await within(dialog).findByText(/too late to cancel/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Keep ticket' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it("offers no cancel for someone else's ticket, nor once the installer was served", async () => {
    api(aTicketDetail());
    const { unmount } = renderRoute('/tickets/T-7K2M9QXA', { user: { username: 'ralph', roles: ['REQUESTER'] } });
    await screen.findByRole('region', { name: 'Ticket' });
    expect(screen.queryByRole('button', { name: 'Cancel ticket' })).not.toBeInTheDocument();
    unmount();

    api(aTicketDetail({ ticket: aTicket({ status: 'INSTALLING' }) }));
    renderRoute('/tickets/T-7K2M9QXA', { user: admin() });
    await screen.findByRole('region', { name: 'Ticket' });
    expect(screen.queryByRole('button', { name: 'Cancel ticket' })).not.toBeInTheDocument();
  });

  it('shows the open task with its actions to an approver, and only the refusal to the requester', async () => {
    api(aTicketDetail({ tasks: [aTask()] }));
    const { unmount } = renderRoute('/tickets/T-7K2M9QXA', { user: approver() });
    const tasks = await screen.findByRole('region', { name: 'Open tasks' });
    expect(within(tasks).getByRole('button', { name: 'Approve' })).toBeInTheDocument();
    expect(within(tasks).getByRole('button', { name: 'Reject' })).toBeInTheDocument();
    unmount();

    api(
      aTicketDetail({
        tasks: [aTask({ allowed: false, notAllowed: 'task \'Approve ticket\' is for the approvers group (role APPROVER)' })],
      }),
    );
    renderRoute('/tickets/T-7K2M9QXA', { user: requester() });
    const refused = await screen.findByRole('region', { name: 'Open tasks' });
    expect(within(refused).getByText(/is for the approvers group/)).toBeInTheDocument();
    expect(within(refused).queryByRole('button')).not.toBeInTheDocument();
  });

  it('rejects from the ticket page and reloads it', async () => {
    let rejected = false;
    const { requests } = api(aTicketDetail({ tasks: [aTask()] }), (request) => {
      if (request.path === '/api/tasks/task-1/complete') {
        rejected = true;
        return json(aTicket({ status: 'REJECTED' }));
      }
      if (rejected && request.path === '/api/tickets/T-7K2M9QXA') return json(aTicketDetail({ ticket: aTicket({ status: 'REJECTED' }) }));
      return undefined;
    });
    const { user } = renderRoute('/tickets/T-7K2M9QXA', { user: approver() });

    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Comment'), 'no change ticket');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));

    expect(await screen.findByText('Reject: ticket T-7K2M9QXA is now Rejected.')).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/tasks/task-1/complete')?.json()).toEqual({
      outcome: 'reject',
      comment: 'no change ticket',
    });
    expect(await within(screen.getByRole('region', { name: 'Open tasks' })).findByText(/None: nobody has to act now/)).toBeInTheDocument();
  });

  it('says so when the ticket does not exist', async () => {
    mockFetch(() => problem(404, { title: 'Not Found', detail: "no ticket with id 'T-NOPE'" }));
    renderRoute('/tickets/T-NOPE', { user: auditor() });
    expect(await screen.findByText('This ticket does not exist')).toBeInTheDocument();
  });
});

describe('TicketDetailPage with live events', () => {
  it('reloads when an event is about this ticket, and only then', async () => {
    const streams = installMockEventSource();
    let detail = aTicketDetail();
    const { requests } = mockFetch((request) => (request.path === `/api/tickets/${detail.ticket.id}` ? json(detail) : undefined));
    renderRoute('/tickets/T-7K2M9QXA', { user: requester() });
    expect(await screen.findByRole('heading', { name: /T-7K2M9QXA/ })).toHaveTextContent('Waiting for approval');
    streams.latest().open();
    const loads = () => requests.filter((r) => r.path === '/api/tickets/T-7K2M9QXA').length;
    expect(loads()).toBe(1);

    detail = aTicketDetail({ ticket: aTicket({ status: 'ARMED', statusReason: 'ARMED', decidedBy: 'april' }) });
    streams.latest().emit('change', changeFrame({ action: 'ticket.approved', targetId: 'T-OTHER001' }));
    streams.latest().emit('change', changeFrame({ action: 'host.armed', targetType: 'host', targetId: 'T-7K2M9QXA' }));
    // nothing to wait for but time: a reload would have started after the debounce
    await new Promise((resolve) => setTimeout(resolve, DETAIL_REFRESH_MS + 200));
    expect(loads()).toBe(1);
    expect(screen.getByRole('heading', { name: /T-7K2M9QXA/ })).toHaveTextContent('Waiting for approval');

    streams.latest().emit('change', changeFrame({ action: 'ticket.approved', targetId: 'T-7K2M9QXA' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: /T-7K2M9QXA/ })).toHaveTextContent('Armed'));
    expect(loads()).toBe(2);
  });

  it('reloads after a reset', async () => {
    const streams = installMockEventSource();
    let detail = aTicketDetail();
    mockFetch((request) => (request.path === `/api/tickets/${detail.ticket.id}` ? json(detail) : undefined));
    renderRoute('/tickets/T-7K2M9QXA', { user: requester() });
    await screen.findByRole('heading', { name: /T-7K2M9QXA/ });
    streams.latest().open();
    detail = aTicketDetail({ ticket: aTicket({ status: 'CANCELLED', closedAt: '2025-01-10T10:00:00Z' }) });
    streams.latest().emit('reset', { seq: 500 });
    await waitFor(() => expect(screen.getByRole('heading', { name: /T-7K2M9QXA/ })).toHaveTextContent('Cancelled'));
  });
});
