// End-to-end journeys of tickets and tasks, one person per role, in Chromium against the packaged
// server: a requester files a reinstall, the admin meets the four-eyes rule on their own ticket,
// an approver claims and decides, the requester cancels, an operator emergency-arms and disarms.
// Every step asserts what the console shows: statuses, who decided, timeline entries and actors.
//
// The admin creates the other people as local users through the users API first.
// Environment: see harness.mjs.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_PASSWORD,
  assertNoUnexpectedConsoleErrors,
  apiCall,
  basicAuth,
  journey,
  journeyEnvironment,
  signIn,
  signOut,
  STAND_IN_PROFILE,
} from './harness.mjs';

const USERS = {
  rita: { password: 'e2e-Rita-pw-1', roles: 'REQUESTER' },
  april: { password: 'e2e-April-pw-1', roles: 'APPROVER' },
  otto: { password: 'e2e-Otto-pw-1', roles: 'OPERATOR' },
};

// Signing in starts on the login page, whose session check answers 401.
const EXPECTED_FAILED_LOADS = [{ status: 401, url: /\/api\/me$/ }];

const host = (n) => ({
  hostname: `web1${n}.lab.example`,
  macs: [`52:54:00:aa:01:0${n}`],
  ip: `198.51.100.${20 + n}`,
  prefixLength: 24,
  gateway: '198.51.100.1',
  dns: ['198.51.100.2'],
  vlan: null,
  firmware: 'bios',
  nicDriver: 'full',
  profile: STAND_IN_PROFILE.name,
  labels: {},
});

describe('tickets and tasks end to end, per role (Chromium, packaged server)', { concurrency: false }, () => {
  let page;
  const hosts = {};
  const tickets = {};
  // screenshots of the task list (four-eyes refusal) and of a decided ticket: target/e2e-screenshots/tickets-e2e/
  const { step, state, shot } = journey('tickets-e2e', () => page);
  const adminAuth = basicAuth('admin', ADMIN_PASSWORD);

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const navLabels = async () => (await nav().getByRole('link').allTextContents()).map((text) => text.replace(/\d.*$/, ''));
  const timelineItem = (text) => page.getByRole('region', { name: 'Timeline' }).locator('.timeline__item').filter({ hasText: text });
  const taskCard = (ticketId) => page.getByRole('article').filter({ has: page.getByRole('link', { name: ticketId }) });
  const ticketHeading = () => page.getByRole('heading', { level: 1 });
  const stateBadge = () => page.getByRole('region', { name: 'Boot state' }).locator('.badge');

  const api = (method, path, data) => apiCall(page, adminAuth, method, path, data);

  /** Decides a task through its card: the outcome button, then a comment in the dialog. */
  const decide = async (ticketId, outcome, comment) => {
    await taskCard(ticketId).getByRole('button', { name: outcome, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Comment').fill(comment);
    await dialog.getByRole('button', { name: outcome, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  };

  const env = journeyEnvironment('tickets-e2e', () => state.failed);
  const { consoleErrors } = env;
  before(async () => {
    ({ page } = env);
    for (const [username, { password, roles }] of Object.entries(USERS)) {
      await api('POST', '/api/users', { username, password, displayName: `${username} (e2e)`, roles: roles.split(',') });
    }
  });

  step('the admin sets up a profile and two hosts whose images are current', async () => {
    await api('POST', '/api/profiles', STAND_IN_PROFILE);
    for (const n of [1, 2]) {
      const created = await (await api('POST', '/api/hosts', host(n))).json();
      hosts[n] = created;
      // a downloaded image is current: the tickets need no ISO build (no iso-worker runs here)
      await api('GET', `/api/hosts/${created.id}/iso`);
    }
  });

  step('a requester sees Tickets and New ticket, but no task list', async () => {
    await signIn(page, 'rita', USERS.rita.password);
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'API tokens', 'New ticket']);
  });

  step('the requester files a reinstall from the host page', async (t) => {
    await page.goto(`/hosts/${hosts[1].id}`);
    await page.getByRole('link', { name: 'Request reinstall' }).click();
    await page.waitForURL(/\/tickets\/new\?hostId=/);
    const hostSelect = page.getByLabel('Host', { exact: false }).first();
    assert.equal(await hostSelect.inputValue(), String(hosts[1].id), 'the host is prefilled');
    await page.getByLabel('Reason').fill('e2e: reimage after disk swap (CHG-1)');
    await page.getByRole('button', { name: 'Request reinstall' }).click();
    await page.waitForURL(/\/tickets\/T-[A-Z0-9]+$/);
    tickets.a = page.url().split('/').pop();
    t.diagnostic(`requester's ticket ${tickets.a}`);
    await page.getByText(`Ticket ${tickets.a} filed for ${host(1).hostname}: waiting for approval.`).waitFor();
    await ticketHeading().filter({ hasText: 'Waiting for approval' }).waitFor();
    await timelineItem('Ticket filed').filter({ hasText: 'by rita' }).first().waitFor();
    await page.getByRole('button', { name: 'Cancel ticket' }).waitFor();
  });

  step('the host shows its open ticket and refuses a second request', async () => {
    await page.goto(`/hosts/${hosts[1].id}`);
    const boot = page.getByRole('region', { name: 'Boot state' });
    await boot.getByRole('link', { name: tickets.a }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Request reinstall' }).isDisabled());
    await signOut(page);
  });

  step("the admin's own ticket is refused to them by the four-eyes rule, the other by the separation of duties", async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'New ticket' }).click();
    await page.getByLabel('Host', { exact: false }).first().selectOption({ label: host(2).hostname });
    await page.getByLabel('Reason').fill('e2e: admin wants web12 reinstalled');
    await page.getByRole('button', { name: 'Request reinstall' }).click();
    await page.waitForURL(/\/tickets\/T-[A-Z0-9]+$/);
    tickets.b = page.url().split('/').pop();
    // on the ticket page already: the task is there, but not for its requester
    const tasks = page.getByRole('region', { name: 'Open tasks' });
    await tasks.getByText(/four-eyes rule/).waitFor();
    assert.equal(await tasks.getByRole('button').count(), 0, 'no action on the own ticket');

    await nav().getByRole('link', { name: /^Tasks/ }).click();
    await taskCard(tickets.b).getByText(/four-eyes rule/).waitFor();
    assert.equal(await taskCard(tickets.b).getByRole('button').count(), 0);
    // someone else's ticket, but of a host the admin created: separation of duties refuses it too
    await taskCard(tickets.a).getByText(/separation of duties/).waitFor();
    assert.equal(await taskCard(tickets.a).getByRole('button').count(), 0, 'no action on a host the admin changed last');
    await nav().getByRole('link', { name: /^Tasks/ }).locator('.count', { hasText: '2' }).waitFor();
    await shot('tasks-four-eyes');
    await signOut(page);
  });

  step('an approver claims and approves the requester ticket, and rejects the admin ticket', async () => {
    await signIn(page, 'april', USERS.april.password);
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'Tasks', 'API tokens']);
    await nav().getByRole('link', { name: /^Tasks/ }).locator('.count', { hasText: '2' }).waitFor();
    await nav().getByRole('link', { name: /^Tasks/ }).click();

    await taskCard(tickets.a).getByRole('button', { name: 'Claim' }).click();
    await taskCard(tickets.a).getByRole('button', { name: 'Release' }).waitFor();
    await taskCard(tickets.a).getByText('april', { exact: true }).waitFor();
    await decide(tickets.a, 'Approve', 'e2e: CAB approved CHG-1');
    await page.getByText(`Approve: ticket ${tickets.a} is now Armed.`).waitFor();

    await decide(tickets.b, 'Reject', 'e2e: no change ticket');
    await page.getByText(`Reject: ticket ${tickets.b} is now Rejected.`).waitFor();
    await page.getByText('No open tasks for your groups').waitFor();
  });

  step('the ticket page tells who decided what, and the host is armed', async () => {
    await page.goto(`/tickets/${tickets.a}`);
    await ticketHeading().filter({ hasText: 'Armed' }).waitFor();
    const ticket = page.getByRole('region', { name: 'Ticket' });
    await ticket.getByText('e2e: CAB approved CHG-1').waitFor();
    await ticket.locator('.details__row', { hasText: 'Decided by' }).getByText(/april/).waitFor();
    await timelineItem('Task claimed').filter({ hasText: 'by april' }).first().waitFor();
    await timelineItem('Approved').filter({ hasText: 'by april' }).filter({ hasText: 'e2e: CAB approved CHG-1' }).first().waitFor();
    // the engine's history beside the audit log: the approval step, completed by april
    await page.locator('.timeline__item--workflow').filter({ hasText: /completed by april/ }).first().waitFor();
    await shot('ticket-decided');
    await page.getByRole('link', { name: host(1).hostname }).click();
    await stateBadge().filter({ hasText: /^ARMED$/ }).waitFor();
    await signOut(page);
  });

  step('the requester finds the armed ticket among hers and cancels it with a comment', async () => {
    await signIn(page, 'rita', USERS.rita.password);
    await nav().getByRole('link', { name: 'Tickets' }).click();
    await page.getByLabel('Requested by').selectOption('mine');
    await page.waitForURL(/scope=mine/);
    // the admin's ticket leaves the list once the filtered page has loaded
    await page.getByRole('link', { name: tickets.b }).waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: tickets.a }) });
    await row.getByText('Armed').waitFor();
    await row.getByRole('link', { name: tickets.a }).click();

    await page.getByRole('button', { name: 'Cancel ticket' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Comment').fill('e2e: postponed');
    await dialog.getByRole('button', { name: 'Cancel ticket' }).click();
    await page.getByText(`Ticket ${tickets.a} is now Cancelled.`).waitFor();
    await ticketHeading().filter({ hasText: 'Cancelled' }).waitFor();
    await timelineItem('Cancelled').filter({ hasText: 'by rita' }).filter({ hasText: 'e2e: postponed' }).first().waitFor();
    await page.getByRole('link', { name: host(1).hostname }).click();
    await stateBadge().filter({ hasText: /^LOCAL$/ }).waitFor();
    await signOut(page);
  });

  step('an operator emergency-arms a host: an EMERGENCY ticket without approval, audited', async () => {
    await signIn(page, 'otto', USERS.otto.password);
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'Tasks', 'Profiles', 'ISO builder', 'API tokens']);
    await page.goto(`/hosts/${hosts[2].id}`);
    await page.getByRole('button', { name: 'Emergency arm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/skips the approval.*audited/).waitFor();
    await dialog.getByLabel('Reason').fill('e2e: outage, reinstall now');
    await dialog.getByRole('button', { name: 'Arm now, without approval' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^ARMED$/ }).waitFor();
    const link = page.getByRole('region', { name: 'Boot state' }).getByRole('link', { name: /^T-/ });
    tickets.c = (await link.textContent()).trim();
    await link.click();
    await ticketHeading().filter({ hasText: 'Armed' }).waitFor();
    const ticket = page.getByRole('region', { name: 'Ticket' });
    await ticket.getByText('Emergency arm (no approval)').waitFor();
    await ticket.getByText('nobody: emergency arm without approval').waitFor();
    await timelineItem('Emergency arm (no approval)').filter({ hasText: 'by otto' }).first().waitFor();
  });

  step('disarm cancels the emergency ticket and the host boots locally again', async () => {
    await page.getByRole('link', { name: host(2).hostname }).click();
    await page.getByRole('button', { name: 'Disarm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`open ticket ${tickets.c} is cancelled while that is still possible`).waitFor();
    await dialog.getByLabel('Reason').fill('e2e: outage over');
    await dialog.getByRole('button', { name: 'Disarm host' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^LOCAL$/ }).waitFor();
    await page.goto(`/tickets/${tickets.c}`);
    await ticketHeading().filter({ hasText: 'Cancelled' }).waitFor();
    await timelineItem('Host disarmed by an operator').filter({ hasText: 'by otto' }).first().waitFor();
  });

  step('no console errors besides the expected 401 of the login page', async () => {
    assertNoUnexpectedConsoleErrors(consoleErrors, EXPECTED_FAILED_LOADS);
  });
});
