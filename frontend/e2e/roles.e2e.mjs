// Journeys of three more roles in Chromium against the packaged server, one server for all three:
// - the admin's users screen: create a user (field errors first), change roles, set a password,
//   and the refusal to lock themself out; the new user signs in with the new password;
// - an auditor: the dashboard's live feed of boot decisions, the audit log filtered and exported
//   as CSV, the hash-chain verification, and nothing that changes anything (the API refuses too);
// - an operator retrying a failed install: filed by a requester, approved by an approver, booted
//   by a "machine" over HTTP and failed (HELD); the operator finds it on the dashboard, retries it
//   with a comment and the workflow diagram shows it waiting for the first boot again;
// - the admin's webhooks screen: a webhook to a small receiver this journey starts (field errors
//   first), a test sent from the screen, checked by the receiver (signature) and shown DELIVERED in the log;
// - an editor who is also an operator creates an API token with EDITOR only (shown once, copied),
//   a script uses it over HTTP (what EDITOR may, and not what OPERATOR may), and the editor revokes it.
//
// Screenshots: frontend/target/e2e-screenshots/<journey>/ (harness.mjs). Environment: harness.mjs.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_PASSWORD,
  apiCall,
  assertNoUnexpectedConsoleErrors,
  basicAuth,
  journey,
  journeyEnvironment,
  signIn,
  signOut,
  STAND_IN_PROFILE,
} from './harness.mjs';

const USERS = {
  audrey: { password: 'e2e-Audrey-pw-1', roles: ['AUDITOR'] },
  rita: { password: 'e2e-Rita-pw-1', roles: ['REQUESTER'] },
  april: { password: 'e2e-April-pw-1', roles: ['APPROVER'] },
  otto: { password: 'e2e-Otto-pw-1', roles: ['OPERATOR'] },
  eddie: { password: 'e2e-Eddie-pw-1', roles: ['EDITOR', 'OPERATOR'] },
};
const auth = (username) => basicAuth(username, username === 'admin' ? ADMIN_PASSWORD : USERS[username].password);

// The login page's session check (401) and the admin's refused self-lock-out (409).
const EXPECTED_FAILED_LOADS = [
  { status: 401, url: /\/api\/me$/ },
  { status: 409, url: /\/api\/users\/admin$/ },
];

// Controls that would change something: none of them may be offered to an auditor.
const CHANGING = /^(New|Edit|Delete|Emergency arm|Disarm|Rotate|Request reinstall|Cancel ticket|Approve|Reject|Retry|Abort|Claim|Release|Create|Save|Set password|Import|Download|Build|Cancel job|Find host)/i;

const host = (n) => ({
  hostname: `role${n}.lab.example`,
  macs: [`52:54:00:bb:00:0${n}`],
  ip: `198.51.100.${40 + n}`,
  prefixLength: 24,
  gateway: '198.51.100.1',
  dns: ['198.51.100.2'],
  vlan: null,
  firmware: 'bios',
  nicDriver: 'full',
  profile: STAND_IN_PROFILE.name,
  labels: {},
});

let anyFailed = false;
const env = journeyEnvironment('roles-e2e', () => anyFailed);
const page = () => env.page;
const api = (user, method, path, data) => apiCall(env.page, auth(user), method, path, data);
const nav = () => page().getByRole('navigation', { name: 'Main' });
const navLabels = async () => (await nav().getByRole('link').allTextContents()).map((text) => text.replace(/\d.*$/, ''));
const region = (name) => page().getByRole('region', { name, exact: true });
/** Until every section of the page has its data (signing out earlier would answer its requests 401). */
const loaded = () => page().waitForFunction(() => !document.querySelector('.state--loading'));

/** A host with a current image (no ISO build needed) and its boot token, read from its client script. */
async function bootableHost(n) {
  const created = await (await api('admin', 'POST', '/api/hosts', host(n))).json();
  await api('admin', 'GET', `/api/hosts/${created.id}/iso`);
  const script = await (await api('admin', 'GET', `/api/hosts/${created.id}/script`)).text();
  const match = /\/boot\/([0-9a-f-]{36})\/([A-Za-z0-9_-]{32})\/script\?/.exec(script);
  assert.ok(match, `no boot URL in the client script:\n${script}`);
  return { ...created, token: match[2], mac: host(n).macs[0] };
}

/** What a machine's boot image does: no session, the token in the path is the credential. */
async function machine(method, path) {
  const response = await fetch(env.server.baseUrl + path, { method });
  return { status: response.status, text: await response.text() };
}
const bootScript = (h, token = h.token) => machine('GET', `/boot/${h.id}/${token}/script?mac=${h.mac}&platform=pcbios&arch=x86_64`);

/** Wraps journey() so that any failed journey keeps the server's data and log. */
function roleJourney(name) {
  const j = journey(name, page);
  const step = (title, body) =>
    j.step(title, async (t) => {
      try {
        await body(t);
      } catch (error) {
        anyFailed = true;
        throw error;
      }
    });
  return { step, shot: j.shot };
}

describe('setup', () => {
  const { step } = roleJourney('roles-setup');
  step('the admin creates the people and a stand-in profile through the API', async () => {
    for (const [username, { password, roles }] of Object.entries(USERS)) {
      await api('admin', 'POST', '/api/users', { username, password, displayName: `${username} (e2e)`, roles });
    }
    await api('admin', 'POST', '/api/profiles', STAND_IN_PROFILE);
  });
});

describe("the admin's users screen", { concurrency: false }, () => {
  const { step, shot } = roleJourney('admin-users');

  step('the admin starts on the dashboard with every section', async () => {
    await signIn(page(), 'admin', ADMIN_PASSWORD);
    await page().getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    for (const name of ['Hosts by boot state', 'Open tickets by stage', 'Needs attention', 'My open tasks', 'Boot decisions']) {
      await region(name).waitFor();
    }
    assert.deepEqual(await navLabels(), [
      'Dashboard',
      'Hosts',
      'Tickets',
      'Tasks',
      'Profiles',
      'ISO builder',
      'Audit log',
      'Users',
      'Role mappings',
      'Webhooks',
      'Settings',
      'API tokens',
      'New ticket',
    ]);
  });

  step('a new user: the form explains what is wrong, then creates the user with the checked roles', async () => {
    await nav().getByRole('link', { name: 'Users' }).click();
    await page().getByRole('table', { name: 'Local users' }).getByRole('link', { name: 'audrey' }).waitFor();
    await page().getByRole('link', { name: 'New user' }).click();
    await page().getByLabel(/User name/).fill('carla');
    await page().getByLabel('Display name').fill('Carla Approver');
    await page().getByLabel(/^Password/).fill('short');
    await page().getByRole('button', { name: 'Create user' }).click();
    await page().getByRole('alert').filter({ hasText: 'Password: at least 12 characters' }).waitFor();
    await page().getByRole('alert').filter({ hasText: 'Roles: choose at least one role' }).waitFor();

    await page().getByLabel(/^Password/).fill('carla-first-pw-1');
    const roles = page().getByRole('group', { name: 'Roles', exact: true });
    assert.deepEqual(
      await roles.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.value)),
      ['REQUESTER', 'APPROVER', 'EDITOR', 'OPERATOR', 'AUDITOR', 'ADMIN'],
      'WORKER is not offered to a person',
    );
    await roles.getByRole('checkbox', { name: /APPROVER/ }).check();
    await roles.getByRole('checkbox', { name: /AUDITOR/ }).check();
    await page().getByRole('button', { name: 'Create user' }).click();
    await page().getByText('User carla created with roles APPROVER, AUDITOR.').waitFor();
    const row = page().getByRole('row').filter({ has: page().getByRole('link', { name: 'carla' }) });
    await row.getByText('Carla Approver').waitFor();
    await shot('users-list', page().getByRole('main'));
  });

  step("the admin changes carla's roles and sets her password", async () => {
    await page().getByRole('link', { name: 'carla' }).click();
    await page().getByRole('checkbox', { name: /AUDITOR/ }).uncheck();
    await page().getByRole('button', { name: 'Save changes' }).click();
    await page().getByText('Changes to carla saved: roles APPROVER.').waitFor();
    const password = page().getByRole('form', { name: 'Set password' });
    await password.getByLabel(/New password/).fill('carla-second-pw-2');
    await password.getByRole('button', { name: 'Set password' }).click();
    await page().getByText('New password set for carla.').waitFor();
    const carla = await (await api('admin', 'GET', '/api/users/carla')).json();
    assert.deepEqual(carla.roles, ['APPROVER']);
  });

  step('the admin cannot disable themself: the refusal is shown at the field', async () => {
    await page().goto('/admin/users/admin');
    await page().getByText(/This is you/).waitFor();
    await page().getByRole('checkbox', { name: 'Account enabled' }).uncheck();
    await page().getByRole('button', { name: 'Save changes' }).click();
    const field = page().locator('#field-enabled-error');
    await field.filter({ hasText: 'you cannot disable yourself or remove your own ADMIN role; ask another admin' }).waitFor();
    await shot('users-self-lockout-refused');
    const me = await (await api('admin', 'GET', '/api/users/admin')).json();
    assert.equal(me.enabled, true);
    await signOut(page());
  });

  step('carla signs in with her new password and gets an approver console', async () => {
    await signIn(page(), 'carla', 'carla-second-pw-2');
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'Tasks', 'API tokens']);
    await region('My open tasks').waitFor();
    await loaded();
    await signOut(page());
  });
});

describe("the admin's webhooks screen", { concurrency: false }, () => {
  const { step, shot } = roleJourney('admin-webhooks');
  const SECRET = 'e2e-webhook-secret-0123456789';
  /** What a receiver does: record each POST and answer 204. */
  const received = [];
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  receiver.unref(); // never keeps the journey alive

  step('the admin adds a webhook to a local receiver: the form explains what is missing first', async () => {
    await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
    await signIn(page(), 'admin', ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'Webhooks' }).click();
    await page().getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page().getByText('No webhook endpoints yet').waitFor();
    await page().getByRole('link', { name: 'New webhook' }).click();
    const form = page().getByRole('form', { name: 'New webhook' });
    await form.getByLabel(/^Name/).fill('e2e-receiver');
    await form.getByLabel(/^URL/).fill(`http://127.0.0.1:${receiver.address().port}/hook/bootwarden`);
    await form.getByRole('button', { name: 'Create webhook' }).click();
    await form.getByRole('alert').filter({ hasText: 'Secret: is required' }).waitFor();
    await form.getByRole('alert').filter({ hasText: 'Events: choose at least one event' }).waitFor();

    await form.getByLabel(/^Secret/).fill(SECRET);
    await form.getByRole('group', { name: /Events/ }).getByRole('checkbox', { name: /install\.completed/ }).check();
    await form.getByRole('button', { name: 'Create webhook' }).click();
    await page().getByRole('heading', { name: 'Webhook e2e-receiver', level: 1 }).waitFor();
    await page().getByText('No deliveries yet').waitFor();
    const settings = page().getByRole('region', { name: 'Settings' });
    await settings.getByText('set', { exact: true }).waitFor();
    assert.ok(!(await page().content()).includes(SECRET), 'the secret is nowhere on the page');
  });

  step('a test from the screen reaches the receiver, signed, and the log shows it DELIVERED', async () => {
    await page().getByRole('button', { name: 'Send test' }).click();
    const result = page().getByRole('status', { name: 'Test result' });
    await result.getByText('Test delivered').waitFor();
    await result.getByText(/HTTP 204 in \d+ ms/).waitFor();

    assert.equal(received.length, 1, 'one request reached the receiver');
    const [hook] = received;
    assert.equal(hook.method, 'POST');
    assert.equal(hook.url, '/hook/bootwarden');
    assert.equal(hook.headers['x-bootwarden-event'], 'webhook.test');
    const expected = 'sha256=' + createHmac('sha256', SECRET).update(hook.body).digest('hex');
    assert.equal(hook.headers['x-bootwarden-signature'], expected, 'signed with the secret entered in the form');
    assert.equal(JSON.parse(hook.body.toString('utf8')).actor, 'admin');

    const row = page().getByRole('table', { name: 'Delivery log' }).getByRole('row').filter({ hasText: 'webhook.test' });
    await row.getByText('DELIVERED').waitFor();
    await row.getByRole('button', { name: /^Show attempts of webhook\.test delivery/ }).click();
    const attempt = page().getByRole('table', { name: /^Attempts of delivery/ }).getByRole('row').nth(1);
    await attempt.getByText('HTTP 204').waitFor();
    await attempt.getByText('delivered').waitFor();
    await shot('webhook-test-delivered', page().getByRole('main'));

    await nav().getByRole('link', { name: 'Webhooks' }).click();
    const listed = page().getByRole('table', { name: 'Webhook endpoints' }).getByRole('row').filter({ hasText: 'e2e-receiver' });
    await listed.getByText('DELIVERED', { exact: true }).waitFor();
    await listed.getByText('1 delivered · 0 pending').waitFor();
    await shot('webhooks-list', page().getByRole('main'));
    await signOut(page());
    await new Promise((ok) => receiver.close(ok));
  });
});

describe('an auditor reads, exports and verifies, and changes nothing', { concurrency: false }, () => {
  const { step, shot } = roleJourney('auditor');
  let bootHost;

  step('a host boots its local disk: a boot decision in the audit log', async () => {
    bootHost = await bootableHost(1);
    const boot = await bootScript(bootHost);
    assert.equal(boot.status, 200, boot.text);
  });

  step("the auditor's dashboard shows the live feed of boot decisions, newest on top", async () => {
    await signIn(page(), 'audrey', USERS.audrey.password);
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'Profiles', 'ISO builder', 'Audit log', 'API tokens']);
    const feed = region('Boot decisions');
    await feed.getByRole('listitem').filter({ hasText: 'boot.local' }).first().waitFor();
    assert.equal(await region('My open tasks').count(), 0, 'an auditor has no task list');

    // a machine with a wrong token asks while the auditor watches (it is told to boot its disk, and
    // the refusal is audited): it appears at the top
    await bootScript(bootHost, 'x'.repeat(32));
    await feed.getByRole('listitem').first().filter({ hasText: 'boot.bad-token' }).waitFor({ timeout: 20_000 });
    await shot('auditor-dashboard', page().getByRole('main'));
  });

  step('the auditor filters the audit log by action', async () => {
    await nav().getByRole('link', { name: 'Audit log' }).click();
    await page().getByLabel('Action').fill('boot.*');
    await page().getByRole('button', { name: 'Apply filters' }).click();
    await page().waitForURL(/[?&]action=boot\.\*/);
    const rows = page().getByRole('table', { name: 'Audit entries' }).getByRole('row');
    await rows.filter({ hasText: 'boot.bad-token' }).first().waitFor();
    await rows.filter({ hasText: 'boot.local' }).first().waitFor();
    await rows.filter({ hasText: 'user.created' }).first().waitFor({ state: 'detached' });
  });

  step('the CSV export holds the filtered entries under its header line', async () => {
    const link = page().getByRole('link', { name: 'Export CSV' });
    assert.match(await link.getAttribute('href'), /^\/api\/audit\/export\?format=csv&action=boot\.\*$/);
    const [download] = await Promise.all([page().waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'bootwarden-audit.csv');
    const lines = readFileSync(await download.path(), 'utf8').split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'chain_seq,id,occurred_at,actor,source_address,action,target_type,target_id,summary,before_state,after_state,credential,prev_hash,row_hash');
    assert.ok(lines.slice(1).some((line) => line.includes(',boot.local,')), 'a boot.local record');
    assert.ok(lines.slice(1).every((line) => /,boot\.[a-z-]+,/.test(line)), 'only boot.* records');
  });

  step('the chain verification says intact', async () => {
    await page().getByRole('button', { name: 'Verify chain' }).click();
    const result = region('Chain verification').getByRole('status').filter({ hasText: 'Intact' });
    await result.filter({ hasText: /\d+ records? checked/ }).waitFor();
    await shot('auditor-audit-log');
  });

  step('no page offers the auditor anything that changes something', async (t) => {
    const ticket = await (
      await api('rita', 'POST', '/api/tickets', { hostId: bootHost.id, reason: 'e2e: something for the auditor to look at' })
    ).json();
    for (const path of ['/', '/hosts', `/hosts/${bootHost.id}`, '/tickets', `/tickets/${ticket.id}`, '/profiles', `/profiles/${STAND_IN_PROFILE.name}`, '/audit', '/iso-builder']) {
      await page().goto(path);
      await page().getByRole('heading', { level: 1 }).waitFor();
      await loaded();
      const controls = [
        ...(await page().getByRole('button').allTextContents()),
        ...(await page().getByRole('main').getByRole('link').allTextContents()),
      ].map((text) => text.trim());
      const changing = controls.filter((text) => CHANGING.test(text));
      t.diagnostic(`${path}: ${controls.filter(Boolean).join(' | ')}`);
      assert.deepEqual(changing, [], `${path} offers ${changing.join(', ')}`);
    }
    for (const path of ['/admin/users', '/admin/role-mappings', '/admin/settings']) {
      await page().goto(path);
      await page().getByRole('heading', { name: 'Not allowed' }).waitFor();
    }
  });

  step('a direct POST as the auditor is refused, with the session and with Basic auth', async () => {
    const xsrf = (await env.context.cookies()).find((cookie) => cookie.name === 'XSRF-TOKEN')?.value;
    assert.ok(xsrf, 'the session has a CSRF token');
    const withSession = await page().request.post(`/api/hosts/${bootHost.id}/arm`, {
      headers: { 'X-XSRF-TOKEN': xsrf, 'X-Requested-With': 'XMLHttpRequest' },
      data: { reason: 'e2e: an auditor tries' },
    });
    assert.equal(withSession.status(), 403, await withSession.text());
    for (const [path, data] of [
      ['/api/hosts', host(9)],
      ['/api/users', { username: 'mallory', password: 'mallory-pw-123', roles: ['ADMIN'] }],
      ['/api/tickets', { hostId: bootHost.id, reason: 'e2e' }],
    ]) {
      const response = await page().request.post(path, { headers: { Authorization: auth('audrey') }, data });
      assert.equal(response.status(), 403, `${path}: ${response.status()}`);
    }
    const host1 = await (await api('admin', 'GET', `/api/hosts/${bootHost.id}`)).json();
    assert.equal(host1.bootState, 'LOCAL');
    await signOut(page());
  });
});

describe('an operator retries a failed install', { concurrency: false }, () => {
  const { step, shot } = roleJourney('operator');
  let failedHost;
  let ticketId;

  step('filed by a requester, approved by an approver, booted and failed by the machine: HELD', async () => {
    failedHost = await bootableHost(2);
    const ticket = await (await api('rita', 'POST', '/api/tickets', { hostId: failedHost.id, reason: 'e2e: reimage (CHG-7)' })).json();
    ticketId = ticket.id;
    const tasks = await (await api('april', 'GET', `/api/tasks?ticket=${ticketId}`)).json();
    const approval = tasks.items.find((task) => task.key === 'UserTask_Approve');
    await api('april', 'POST', `/api/tasks/${approval.id}/complete`, { outcome: 'approve', comment: 'e2e: go ahead' });

    const installer = await bootScript(failedHost);
    assert.equal(installer.status, 200, installer.text);
    const failed = await machine('POST', `/boot/${failedHost.id}/${failedHost.token}/failed?reason=disk`);
    assert.equal(failed.status, 200, failed.text);
    const held = await (await api('admin', 'GET', `/api/tickets/${ticketId}`)).json();
    assert.equal(held.ticket.status, 'HELD');
  });

  step("the operator's dashboard shows the failed install and the task", async () => {
    await signIn(page(), 'otto', USERS.otto.password);
    await region('Needs attention').getByRole('link', { name: ticketId }).waitFor();
    await region('My open tasks').getByRole('link', { name: new RegExp(`Investigate failed install · ${ticketId}`) }).waitFor();
    await region('Hosts by boot state').getByRole('link', { name: /^1\s*HELD$/ }).waitFor();
    assert.equal(await region('Boot decisions').count(), 0, 'the boot feed is for auditors and admins');
    await shot('operator-dashboard', page().getByRole('main'));
  });

  step('the operator opens the task and retries with a comment: the ticket is armed again', async () => {
    await region('Needs attention').getByRole('link', { name: ticketId }).click();
    await page().waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await page().getByRole('heading', { level: 1 }).filter({ hasText: 'Held: install failed' }).waitFor();
    const tasks = region('Open tasks');
    await tasks.getByText('disk').first().waitFor();
    await tasks.getByRole('button', { name: 'Retry', exact: true }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('Comment').fill('e2e: disk replaced');
    await dialog.getByRole('button', { name: 'Retry', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page().getByText(`Retry: ticket ${ticketId} is now Armed.`).waitFor();
    await page().getByRole('heading', { level: 1 }).filter({ hasText: 'Armed' }).waitFor();
    const after = await (await api('admin', 'GET', `/api/tickets/${ticketId}`)).json();
    assert.equal(after.ticket.status, 'ARMED');
  });

  step('the diagram highlights the wait for the first boot and marks the steps passed', async () => {
    const workflow = region('Workflow');
    await workflow.getByRole('img', { name: /now at: Wait for first boot/ }).waitFor();
    await workflow.locator('.djs-element.diagram-active[data-element-id="Receive_FirstBoot"]').waitFor();
    await workflow.locator('.djs-element.diagram-completed[data-element-id="ServiceTask_ArmHost"]').waitFor();
    await workflow.locator('.djs-element.diagram-completed[data-element-id="ServiceTask_HoldHost"]').waitFor();
    await workflow.getByRole('list', { name: 'Legend' }).waitFor();
    await workflow.scrollIntoViewIfNeeded();
    await shot('operator-ticket-diagram', workflow);
    await shot('operator-ticket');
    await signOut(page());
  });
});

describe('an editor creates an API token, a script uses it, the editor revokes it', { concurrency: false }, () => {
  const { step, shot } = roleJourney('api-tokens');
  let token;
  let tokenId;
  /** What a script does with the token: no browser, no session, no CSRF token. */
  const script = async (method, path, body) => {
    const response = await fetch(env.server.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text), setCookie: response.headers.get('set-cookie') };
  };

  step('the editor opens API tokens from the navigation: none yet, only their own roles to give', async () => {
    await signIn(page(), 'eddie', USERS.eddie.password);
    await nav().getByRole('link', { name: 'API tokens' }).click();
    await page().getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page().getByText('You have no API tokens yet').waitFor();
    const roles = page().getByRole('group', { name: 'Roles', exact: true });
    assert.deepEqual(await roles.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.value)), ['EDITOR', 'OPERATOR']);
  });

  step('creates a token with EDITOR only: shown once, with a copy button', async () => {
    const form = page().getByRole('form', { name: 'New API token' });
    await form.getByRole('button', { name: 'Create token' }).click();
    await form.getByRole('alert').filter({ hasText: 'Roles: choose at least one role' }).waitFor();
    await form.getByLabel(/^Name/).fill('e2e inventory sync');
    await form.getByLabel(/^Expires/).selectOption({ label: 'in 7 days' });
    await form.getByRole('group', { name: 'Roles', exact: true }).getByRole('checkbox', { name: /EDITOR/ }).check();
    await form.getByRole('button', { name: 'Create token' }).click();

    const reveal = page().getByRole('region', { name: 'Your new token “e2e inventory sync”' });
    await reveal.getByText('Copy it now: you won’t see it again.').waitFor();
    token = await reveal.getByLabel('Token').inputValue();
    assert.match(token, /^bw_[0-9a-f]{16}_[A-Za-z0-9]{43}$/);
    tokenId = token.slice(3, 19);
    await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.baseUrl });
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await reveal.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page().evaluate(() => navigator.clipboard.readText()), token);
    await shot('token-created', page().getByRole('main'));
  });

  step('a script uses the token: it acts as the editor with EDITOR only, without a session', async () => {
    const me = await script('GET', '/api/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json().username, 'eddie');
    assert.deepEqual(me.json().roles, ['EDITOR']);
    assert.equal(me.json().apiToken, tokenId);
    assert.doesNotMatch(me.setCookie ?? '', /JSESSIONID/, 'no session for a token request');
    const created = await script('POST', '/api/hosts', host(5));
    assert.equal(created.status, 201, created.text);
    const arm = await script('POST', `/api/hosts/${created.json().id}/arm`, { reason: 'e2e: a token without OPERATOR' });
    assert.equal(arm.status, 403, arm.text);
    assert.match(arm.json().detail, /your roles do not allow/);
    const mint = await script('POST', '/api/tokens', { name: 'child', roles: ['EDITOR'] });
    assert.equal(mint.status, 403, mint.text);
  });

  step('the list shows the token without its secret, and when it was last used', async () => {
    const reveal = page().getByRole('region', { name: /Your new token/ });
    await reveal.getByRole('button', { name: 'Done: I have stored it' }).click();
    await reveal.waitFor({ state: 'detached' });
    await page().reload();
    const row = page().getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'e2e inventory sync' });
    await row.getByText('active').waitFor();
    await row.getByText(`bw_${tokenId}_…`).waitFor();
    await row.getByText(/from 127\.0\.0\.1/).waitFor();
    assert.ok(!(await page().content()).includes(token.slice(20)), 'the secret is nowhere on the page');
  });

  step('the editor revokes it after confirming: the script is refused from then on', async () => {
    const row = page().getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'e2e inventory sync' });
    await row.getByRole('button', { name: 'Revoke e2e inventory sync' }).click();
    const dialog = page().getByRole('dialog', { name: 'Revoke the token “e2e inventory sync”?' });
    await dialog.getByText('is refused from now on').waitFor();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page().getByText('Token “e2e inventory sync” revoked: it no longer works.').waitFor();
    await row.getByText('revoked').waitFor();
    await shot('token-revoked', page().getByRole('main'));

    const refused = await script('GET', '/api/me');
    assert.equal(refused.status, 401, refused.text);
    assert.equal(refused.json().reason, 'REVOKED');
    const audit = await (await api('admin', 'GET', `/api/audit?targetId=${tokenId}`)).json();
    assert.deepEqual(audit.items.map((e) => `${e.action} ${e.actor}`).sort(), ['token.created eddie', 'token.revoked eddie']);
    await signOut(page());
  });
});

describe('console errors', () => {
  const { step } = roleJourney('roles-console');
  step('no console errors besides the expected 401 and 409', async () => {
    assertNoUnexpectedConsoleErrors(env.consoleErrors, EXPECTED_FAILED_LOADS);
  });
});
