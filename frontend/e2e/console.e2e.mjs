// End-to-end test of the console in a real browser (Chromium through playwright-core).
// It starts the packaged server (`backend/target/bootwarden.jar`, console included) on a free
// port with a fresh data directory, walks through an operator's journey as `admin` and stops the
// server again. Run with `npm run test:e2e --workspace frontend` after `mvn package`/`verify`.
// The ticket and task journeys of the other roles are in tickets.e2e.mjs; harness.mjs has what
// both share (environment variables included).
// Screenshots: frontend/target/e2e-screenshots/console-e2e/ (harness.mjs).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_PASSWORD,
  assertNoUnexpectedConsoleErrors,
  basicAuth,
  journey,
  journeyEnvironment,
  STAND_IN_PROFILE as PROFILE,
} from './harness.mjs';

const ARM_REASON = 'e2e: reinstall web01 from the console';

// Browser console errors the journey provokes on purpose: the failed sign-in and the session
// checks while signed out (401), the invalid hostname (400 on POST /api/hosts) and conflicts (409).
const EXPECTED_FAILED_LOADS = [
  { status: 401, url: /\/api\/(me|auth\/login)$/ },
  { status: 400, url: /\/api\/hosts$/ },
  { status: 409, url: /\/api\// },
  // the event stream, should the browser retry it in the moment between logout and its closing
  { status: 401, url: /\/api\/events$/ },
];

describe('console end to end (Chromium, packaged server)', { concurrency: false }, () => {
  let page;
  let hostPath;
  const { step, state, shot } = journey('console-e2e', () => page);

  const adminAuth = basicAuth('admin', ADMIN_PASSWORD);

  /** The badge in the host page's "Boot state" panel. */
  const stateBadge = () => page.getByRole('region', { name: 'Boot state' }).locator('.badge');

  const env = journeyEnvironment('console-e2e', () => state.failed);
  const { consoleErrors } = env;
  before(async () => {
    ({ page } = env);
  });

  step('a wrong password shows the error message', async (t) => {
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByRole('alert');
    await error.filter({ hasText: /wrong|invalid|bad credentials/i }).waitFor();
    t.diagnostic(`login error: ${(await error.textContent()).trim()}`);
    await page.waitForURL(/\/login$/);
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password field is cleared');
  });

  step('the right password signs in', async () => {
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).waitFor();
  });

  step('a stand-in profile is created through the API', async () => {
    const response = await page.request.post('/api/profiles', {
      headers: { Authorization: adminAuth },
      data: PROFILE,
    });
    assert.equal(response.status(), 201, await response.text());
  });

  step('an invalid hostname gets the server field error next to the field', async (t) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click();
    await page.getByRole('link', { name: 'New host', exact: true }).click();
    await page.waitForURL(/\/hosts\/new$/);
    await page.getByLabel('Hostname').fill('-bad-');
    await page.getByLabel('MAC addresses').fill('52:54:00:aa:00:01');
    await page.getByLabel('IP address').fill('198.51.100.10');
    await page.getByLabel('Prefix length').fill('24');
    await page.getByLabel('Gateway').fill('198.51.100.1');
    await page.getByLabel('DNS servers').fill('198.51.100.2');
    await page.getByLabel('Profile').selectOption('custom-ipxe');
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/hosts') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create host' }).click();
    const response = await posted;
    assert.equal(response.status(), 400);
    const problem = await response.json();
    const serverError = (problem.errors ?? []).find((e) => e.field === 'hostname');
    assert.ok(serverError, `no hostname error in the server's answer: ${JSON.stringify(problem)}`);
    // the server's message, inside the hostname field's own container, tied to its input
    const fieldError = page
      .locator('.field--invalid')
      .filter({ has: page.locator('#field-hostname') })
      .locator('#field-hostname-error');
    await fieldError.filter({ hasText: serverError.message }).waitFor();
    t.diagnostic(`hostname error: ${serverError.message}`);
    const hostname = page.getByLabel('Hostname');
    assert.equal(await hostname.getAttribute('aria-invalid'), 'true');
    const describedBy = (await hostname.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes('field-hostname-error'), `aria-describedby="${describedBy}"`);
    assert.equal(new URL(page.url()).pathname, '/hosts/new');
  });

  step('the corrected host is created and starts LOCAL', async () => {
    await page.getByLabel('Hostname').fill('web01.lab.example');
    await page.getByLabel('Profile').selectOption(PROFILE.name);
    await page.getByRole('button', { name: 'Create host' }).click();
    await page.waitForURL((url) => /^\/hosts\/(?!new$)[^/]+$/.test(url.pathname));
    hostPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: /web01\.lab\.example/ }).waitFor();
    await stateBadge().filter({ hasText: /^LOCAL$/ }).waitFor();
  });

  step('the Download ISO link answers with an ISO image', async () => {
    const href = await page.getByRole('link', { name: 'Download ISO' }).getAttribute('href');
    assert.ok(href, 'the Download ISO link has no href');
    const response = await page.request.get(new URL(href, page.url()).toString());
    assert.equal(response.status(), 200, await response.text().catch(() => ''));
    assert.match(response.headers()['content-type'] ?? '', /^application\/x-iso9660-image\b/);
    const body = await response.body();
    // ISO 9660: the primary volume descriptor "CD001" at sector 16 (byte 32769)
    assert.equal(body.subarray(32769, 32774).toString('latin1'), 'CD001');
  });

  step('Emergency arm with a reason: the badge shows ARMED and the timeline the host.armed entry', async () => {
    await page.getByRole('button', { name: 'Emergency arm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/skips the approval/).waitFor();
    await dialog.getByLabel('Reason').fill(ARM_REASON);
    await dialog.getByRole('button', { name: 'Arm now, without approval' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^ARMED$/ }).waitFor();
    await page.getByRole('heading', { level: 1 }).locator('.badge', { hasText: /^ARMED$/ }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.locator('.timeline__item').filter({ hasText: 'host.armed' }).first().waitFor();
  });

  step('Disarm brings the host back to LOCAL', async () => {
    await page.getByRole('button', { name: 'Disarm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/open ticket T-\w+ is cancelled while that is still possible/).waitFor();
    await dialog.getByLabel('Reason').fill('e2e: not yet');
    await dialog.getByRole('button', { name: 'Disarm host' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^LOCAL$/ }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).locator('.timeline__item').filter({ hasText: 'host.disarmed' }).first().waitFor();
  });

  step('the audit log lists the emergency arm with its reason, and the workflow arming the host', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/audit/);
    await page.getByLabel('Action').fill('ticket.emergency-arm');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]action=ticket\.emergency-arm/);
    const rows = page.getByRole('table').locator('tbody tr');
    const emergency = rows.filter({ hasText: 'ticket.emergency-arm' }).filter({ hasText: ARM_REASON }).filter({ hasText: 'admin' });
    await emergency.first().waitFor();
    // the target is the EMERGENCY ticket, linked to its page
    const ticketLink = emergency.first().getByRole('link', { name: /^T-/ });
    const ticketId = (await ticketLink.textContent()).trim();
    assert.equal(await ticketLink.getAttribute('href'), `/tickets/${ticketId}`);

    await page.getByLabel('Action').fill('host.armed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]action=host\.armed/);
    const armed = rows.filter({ hasText: 'host.armed' }).filter({ hasText: `by ticket ${ticketId}` });
    await armed.first().waitFor();
    // only host.armed entries are listed (the disarm is filtered out)
    await rows.filter({ hasText: 'host.disarmed' }).first().waitFor({ state: 'detached' });
    const hostId = hostPath.split('/').pop();
    await armed.getByRole('link', { name: hostId }).first().waitFor();
    console.log(`# screenshot of the filtered audit log: ${await shot('audit-log-filtered')}`);
  });

  step('the dashboard follows changes made elsewhere without a reload (live events)', async (t) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('status', { name: 'Live updates: on' }).waitFor({ timeout: 15_000 });
    const hosts = page.getByRole('region', { name: 'Hosts by boot state' });
    const armedLink = hosts.getByRole('link', { name: /ARMED/ });
    await armedLink.waitFor();
    const armedBefore = Number(/\d+/.exec(await armedLink.textContent())[0]);
    // a marker that a page load would wipe out
    await page.evaluate(() => {
      window.__bootwardenNoReload = true;
    });

    const hostId = hostPath.split('/').pop();
    const armed = await page.request.post(`/api/hosts/${hostId}/arm`, {
      headers: { Authorization: adminAuth },
      data: { reason: 'e2e: armed while the dashboard watches' },
    });
    assert.ok(armed.ok(), `arm: ${armed.status()} ${await armed.text()}`);
    await hosts.getByRole('link', { name: new RegExp(`^\\s*${armedBefore + 1}\\s*ARMED`) }).waitFor({ timeout: 15_000 });

    // a machine asks with a wrong token: the boot decision appears at the top of the feed
    const badToken = 'x'.repeat(32);
    const boot = await fetch(new URL(`/boot/${hostId}/${badToken}/script?mac=52:54:00:aa:00:01&platform=pcbios&arch=x86_64`, page.url()));
    t.diagnostic(`boot script with a wrong token: ${boot.status}`);
    const feed = page.getByRole('region', { name: 'Boot decisions' });
    await feed.getByRole('listitem').first().filter({ hasText: 'boot.bad-token' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => window.__bootwardenNoReload), true, 'the dashboard was reloaded');
    console.log(`# screenshot of the live dashboard: ${await shot('dashboard-live')}`);

    const disarmed = await page.request.post(`/api/hosts/${hostId}/disarm`, {
      headers: { Authorization: adminAuth },
      data: { reason: 'e2e: back to local' },
    });
    assert.ok(disarmed.ok(), `disarm: ${disarmed.status()} ${await disarmed.text()}`);
    await hosts.getByRole('link', { name: new RegExp(`^\\s*${armedBefore}\\s*ARMED`) }).waitFor({ timeout: 15_000 });
  });

  step('Log out returns to the login page and ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.request.get('/api/me');
    assert.equal(me.status(), 401);
  });

  step('no console errors besides the expected 401/400/409 responses', async () => {
    // the collector works: the failed sign-in was logged by the browser
    assert.ok(
      consoleErrors.some(({ text, url }) => /status of 401/.test(text) && url.endsWith('/api/auth/login')),
      `the failed sign-in is not among the console errors: ${JSON.stringify(consoleErrors)}`,
    );
    assertNoUnexpectedConsoleErrors(consoleErrors, EXPECTED_FAILED_LOADS);
  });
});
