// Journeys of the ISO builder, the admin's role mappings and settings, and the hosts list with
// 10,000 hosts, in Chromium against the packaged server (one server for all of them):
// - an operator downloads one host's ISO from the ISO builder (and sees its media spec), runs a CSV
//   batch (a refused file first: every bad row listed) and a database selection batch (the count of
//   matching hosts follows the filters), watches each job's progress bar reach DONE and downloads
//   the zips, whose contents are checked;
// - the admin adds a directory role mapping (the server's refusal shown at the field first) and
//   reads the settings: where each value is set, secrets only as set or not;
// - 10,000 hosts imported from one CSV: search, every filter, sorting and the last page of the hosts
//   list answer in the browser, each within a bound, with the right totals.
//
// Screenshots: frontend/target/e2e-screenshots/<journey>/ (harness.mjs). Environment: harness.mjs.
import { readFileSync, statSync } from 'node:fs';
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

const USERS = { otto: { password: 'e2e-Otto-pw-1', roles: ['OPERATOR'] } };
const auth = (username) => basicAuth(username, username === 'admin' ? ADMIN_PASSWORD : USERS[username].password);

// The login page's session check (401); the refused CSV (400) and role mapping (400).
const EXPECTED_FAILED_LOADS = [
  { status: 401, url: /\/api\/me$/ },
  { status: 400, url: /\/api\/batches$/ },
  { status: 400, url: /\/api\/role-mappings$/ },
];

/** Hosts of the batches: BIOS, iPXE's own drivers, label batch=e2e. */
const host = (n) => ({
  hostname: `iso${n}.lab.example`,
  macs: [`52:54:00:cc:00:0${n}`],
  ip: `198.51.100.${60 + n}`,
  prefixLength: 24,
  gateway: '198.51.100.1',
  dns: ['198.51.100.2'],
  vlan: null,
  firmware: 'bios',
  nicDriver: 'full',
  profile: STAND_IN_PROFILE.name,
  labels: { batch: 'e2e', tier: n <= 3 ? 'web' : 'db' },
});
const HOSTS = [1, 2, 3, 4, 5, 6].map(host);

/** The hosts list's journey: this many hosts, in their own /16, from one CSV import. */
const SCALE = 10_000;
/** The longest a page of the hosts list may take in the browser, from the click to the new rows. */
const SLOWEST_PAGE_MS = 5_000;
const scaleHostname = (i) => `scale-${String(i).padStart(5, '0')}.lab.example`;
const scaleIp = (i) => `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;

let anyFailed = false;
const env = journeyEnvironment('operator-e2e', () => anyFailed);
const page = () => env.page;
const api = (user, method, path, data) => apiCall(env.page, auth(user), method, path, data);
const nav = () => page().getByRole('navigation', { name: 'Main' });
const navLabels = async () => (await nav().getByRole('link').allTextContents()).map((text) => text.replace(/\d.*$/, ''));

/** Wraps journey() so that any failed journey keeps the server's data and log. */
function operatorJourney(name) {
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

/** Clicks a download link and returns the saved file's path and suggested name. */
async function download(link) {
  const [file] = await Promise.all([page().waitForEvent('download'), link.click()]);
  const failure = await file.failure();
  assert.equal(failure, null, `download failed: ${failure}`);
  return { path: await file.path(), name: file.suggestedFilename() };
}

/** The names in a zip, read from its central directory (no zip64: these zips are far below 4 GiB). */
function zipEntries(path) {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'an end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

/** On a batch job's page: the progress bar reaches its maximum and the job is DONE. */
async function awaitJobDone(shot, label) {
  const bar = page().getByRole('progressbar', { name: 'Batch job progress' });
  await bar.waitFor();
  await page().getByRole('heading', { level: 1 }).filter({ hasText: 'DONE' }).waitFor({ timeout: 120_000 });
  const [value, max] = [await bar.getAttribute('value'), await bar.getAttribute('max')];
  assert.equal(value, max, `progress ${value} of ${max}`);
  await shot(label);
}

describe('setup', () => {
  const { step } = operatorJourney('operator-setup');
  step('the admin creates an operator, a stand-in profile and six hosts through the API', async () => {
    for (const [username, { password, roles }] of Object.entries(USERS)) {
      await api('admin', 'POST', '/api/users', { username, password, displayName: `${username} (e2e)`, roles });
    }
    await api('admin', 'POST', '/api/profiles', STAND_IN_PROFILE);
    for (const h of HOSTS) {
      h.id = (await (await api('admin', 'POST', '/api/hosts', h)).json()).id;
    }
  });
});

describe('an operator builds boot images in the ISO builder', { concurrency: false }, () => {
  const { step, shot } = operatorJourney('operator-iso-builder');

  step('the operator opens the ISO builder from the navigation', async () => {
    await signIn(page(), 'otto', USERS.otto.password);
    assert.deepEqual(await navLabels(), ['Dashboard', 'Hosts', 'Tickets', 'Tasks', 'Profiles', 'ISO builder', 'API tokens']);
    await nav().getByRole('link', { name: 'ISO builder' }).click();
    await page().getByRole('heading', { name: 'ISO builder', level: 1 }).waitFor();
    await page().getByRole('tab', { name: 'Single host', selected: true }).waitFor();
  });

  step("one host: its media spec, and its ISO downloaded (a real ISO 9660 image)", async () => {
    await page().getByLabel('Host', { exact: true }).fill('iso2');
    await page().getByRole('button', { name: 'Find host' }).click();
    await page().getByRole('button', { name: `Choose ${HOSTS[1].hostname}` }).click();
    await page().getByText('BW_ISO2').waitFor();
    await page().getByText(/ipxe\.efi \(iPXE’s own NIC drivers\)/).waitFor();
    await shot('single-host');
    const iso = await download(page().getByRole('link', { name: 'Download ISO' }));
    assert.equal(iso.name, `${HOSTS[1].hostname}.iso`);
    const bytes = readFileSync(iso.path);
    assert.equal(bytes.subarray(0x8001, 0x8006).toString('latin1'), 'CD001', 'an ISO 9660 primary volume descriptor');
    // the image carries this host's client script with its MAC
    assert.ok(bytes.includes(Buffer.from(HOSTS[1].macs[0])), 'the host MAC is in the image');
    await page().getByRole('link', { name: 'Download floppy image' }).waitFor();
  });

  step('a CSV batch: a refused file lists every bad row, and nothing is built', async () => {
    await page().getByRole('tab', { name: 'CSV batch' }).click();
    const template = await download(page().getByRole('link', { name: 'Download the CSV template' }));
    assert.match(readFileSync(template.path, 'utf8'), /^hostname,macs,ip,/);
    const bad = `hostname,ip\n${HOSTS[0].hostname},${HOSTS[0].ip}\nnobody.lab.example,\n${HOSTS[1].hostname},10.9.9.9\n`;
    await page().getByLabel('CSV file').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page().getByRole('button', { name: 'Build ISOs from this file' }).click();
    const problems = page().getByRole('alert').filter({ hasText: 'The file was not accepted: 2 problems. Nothing was built.' });
    await problems.waitFor();
    const rows = problems.getByRole('table', { name: 'Problems in the file' }).getByRole('row');
    assert.equal(await rows.count(), 3, 'a header and two problems');
    assert.match(await rows.nth(1).textContent(), /^3hostname.*nobody\.lab\.example/);
    assert.match(await rows.nth(2).textContent(), /^4ip.*/);
    await shot('csv-refused');
    const jobs = await (await api('otto', 'GET', '/api/batches')).json();
    assert.equal(jobs.totalItems, 0, 'no job was created');
  });

  step('a CSV batch of three existing hosts runs to DONE and its zip holds their ISOs', async () => {
    const good = `hostname\n${HOSTS[0].hostname}\n${HOSTS[2].hostname.toUpperCase()}\n${HOSTS[3].hostname}\n`;
    await page().getByLabel('CSV file').setInputFiles({ name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page().getByRole('button', { name: 'Build ISOs from this file' }).click();
    await page().getByText('Batch job created from three.csv: 3 hosts.').waitFor();
    await awaitJobDone(shot, 'csv-job-done');
    const zip = await download(page().getByRole('link', { name: 'Download zip' }));
    assert.match(zip.name, /^bootwarden-batch-[0-9a-f-]{36}\.zip$/);
    assert.deepEqual(zipEntries(zip.path), [
      `${HOSTS[0].hostname}.iso`,
      `${HOSTS[2].hostname}.iso`,
      `${HOSTS[3].hostname}.iso`,
      'manifest.csv',
      'manifest.json',
    ]);
    await page().getByText('No host failed').waitFor();
  });

  step('a database selection: the count follows the filters, and the job runs to DONE', async () => {
    await page().getByRole('link', { name: 'ISO builder' }).first().click();
    await page().getByRole('tab', { name: 'Database selection' }).click();
    await page().getByLabel('Label').fill('batch=e2e');
    await page().getByText('6 hosts match these filters now.').waitFor();
    await page().getByLabel('Subnet').fill('198.51.100.64/30');
    await page().getByText('3 hosts match these filters now.').waitFor();
    await page().getByLabel('Subnet').fill('198.51.100.0/24');
    await page().getByLabel('Boot state').selectOption('LOCAL');
    await page().getByText('6 hosts match these filters now.').waitFor();
    await shot('selection');
    await page().getByRole('button', { name: 'Build ISOs of the matching hosts' }).click();
    await page().getByText('Batch job created: 6 hosts selected.').waitFor();
    await awaitJobDone(shot, 'selection-job-done');
    const zip = await download(page().getByRole('link', { name: 'Download zip' }));
    assert.deepEqual(zipEntries(zip.path), [...HOSTS.map((h) => `${h.hostname}.iso`).sort(), 'manifest.csv', 'manifest.json']);
    assert.ok(statSync(zip.path).size > 6 * 100_000, 'six ISOs');
  });

  step('the job list shows both jobs DONE with full progress bars', async () => {
    await page().getByRole('link', { name: 'ISO builder' }).first().click();
    const table = page().getByRole('table', { name: 'Batch jobs, newest first' });
    await table.getByRole('row').filter({ hasText: 'DONE' }).nth(1).waitFor();
    const bars = table.getByRole('progressbar');
    assert.equal(await bars.count(), 2);
    for (let i = 0; i < 2; i += 1) {
      assert.equal(await bars.nth(i).getAttribute('value'), await bars.nth(i).getAttribute('max'));
    }
    await shot('job-list', page().getByRole('main'));
    const audit = await (await api('admin', 'GET', '/api/audit?action=batch.zip-downloaded')).json();
    assert.equal(audit.items.length, 2, 'both zip downloads are audited');
    assert.ok(audit.items.every((entry) => entry.actor === 'otto'));
    await signOut(page());
  });
});

describe("the admin's role mappings and settings", { concurrency: false }, () => {
  const { step, shot } = operatorJourney('admin-settings');
  const group = 'CN=Provisioning-Operators,OU=Groups,DC=corp,DC=example,DC=test';

  step('the admin finds role mappings and settings in the navigation', async () => {
    await signIn(page(), 'admin', ADMIN_PASSWORD);
    const labels = await navLabels();
    assert.ok(labels.includes('Role mappings') && labels.includes('Settings'), labels.join(', '));
    await nav().getByRole('link', { name: 'Role mappings' }).click();
    await page().getByText('No role mappings').waitFor();
  });

  step("a new mapping: the server's refusal of a bad DN at the field, then the mapping", async () => {
    await page().getByRole('link', { name: 'New mapping' }).click();
    await page().getByLabel(/Directory group/).fill('CN=Ops,,OU=x');
    await page().getByRole('checkbox', { name: /OPERATOR/ }).check();
    await page().getByRole('button', { name: 'Create mapping' }).click();
    await page().locator('#field-group-error').filter({ hasText: 'is not a valid DN' }).waitFor();
    await shot('role-mapping-refused');

    await page().getByLabel(/Directory group/).fill(group);
    await page().getByRole('checkbox', { name: /REQUESTER/ }).check();
    assert.equal(await page().getByLabel('Login source').inputValue(), '*');
    await page().getByRole('button', { name: 'Create mapping' }).click();
    await page().getByText(`Directory group ${group} (every directory source) now gives REQUESTER, OPERATOR.`).waitFor();
    const row = page().getByRole('row').filter({ has: page().getByRole('link', { name: group }) });
    await row.getByText('Bootwarden (editable)').waitFor();
    await shot('role-mappings', page().getByRole('main'));
    const mappings = await (await api('admin', 'GET', '/api/role-mappings')).json();
    assert.deepEqual(
      mappings.map((m) => [m.group, m.roles, m.source, m.origin]),
      [[group, ['REQUESTER', 'OPERATOR'], '*', 'api']],
    );
  });

  step('the settings say where each value is set and show no secret', async () => {
    await nav().getByRole('link', { name: 'Settings' }).click();
    const server = page().getByRole('table', { name: 'Server' });
    const urls = server.getByRole('row', { name: /Public URLs/ });
    await urls.getByText(env.server.baseUrl, { exact: true }).waitFor();
    await urls.getByText('environment variable BOOTWARDEN_PUBLIC_URL').waitFor();
    await server.getByRole('row', { name: /Data directory/ }).getByText('environment variable BOOTWARDEN_DATA_DIR').waitFor();
    const admin = server.getByRole('row', { name: /Password of the bootstrap user admin/ });
    await admin.getByText('set (not shown)').waitFor();
    await server.getByRole('row', { name: /Boot-token secret/ }).getByText(/generated \(not shown\)/).waitFor();
    await page().getByRole('table', { name: 'Database' }).getByRole('row').filter({ hasText: /^Database\s*H2 \d/ }).waitFor();
    await page().getByRole('table', { name: 'Ticket timeouts' }).getByRole('row').filter({ hasText: 'Install must call back within' })
      .filter({ hasText: '2 h (PT2H)' }).waitFor();
    await page()
      .getByRole('table', { name: 'iPXE binaries and ISO tools' })
      .getByRole('row')
      .filter({ hasText: /^ipxe\.lkrn\s*present, \d+ bytes/ })
      .waitFor();
    const text = await page().getByRole('main').textContent();
    assert.ok(!text.includes(ADMIN_PASSWORD), 'the admin password is not on the page');
    assert.ok(!text.includes(USERS.otto.password));
    await shot('settings');
    await signOut(page());
  });
});

describe('the hosts list with 10,000 hosts', { concurrency: false }, () => {
  const { step, shot } = operatorJourney('hosts-10k');
  const TOTAL = SCALE + HOSTS.length;
  const rows = () => page().getByRole('table').getByRole('row');
  const summaryReads = (text) => () =>
    page().getByRole('navigation', { name: 'Pagination' }).locator('.pagination__summary').filter({ hasText: text }).waitFor({ timeout: 30_000 });
  const timings = [];

  /** Runs `action`, waits for `until` and for the table to settle; the time is checked and kept. */
  async function timed(what, action, until) {
    const started = Date.now();
    await action();
    await until();
    await page().waitForFunction(() => !document.querySelector('.table-wrap[aria-busy="true"], .state--loading'));
    const ms = Date.now() - started;
    timings.push(`${what}: ${ms} ms`);
    assert.ok(ms < SLOWEST_PAGE_MS, `${what} took ${ms} ms`);
  }

  step('the admin imports 10,000 hosts from one CSV (and cancels the ISO job it starts)', async (t) => {
    const hex = (n) => n.toString(16).padStart(2, '0');
    const lines = ['hostname,macs,ip,prefixLength,gateway,dns,profile,labels'];
    for (let i = 0; i < SCALE; i += 1) {
      const mac = `52:54:77:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
      lines.push(`${scaleHostname(i)},${mac},${scaleIp(i)},16,10.77.255.254,10.77.255.253,${STAND_IN_PROFILE.name},rack=r${i % 40}`);
    }
    const started = Date.now();
    const response = await page().request.fetch('/api/batches?import=true&compression=none', {
      method: 'POST',
      headers: { Authorization: auth('admin'), 'Content-Type': 'text/csv', 'X-File-Name': 'scale.csv' },
      data: Buffer.from(lines.join('\n') + '\n'),
      timeout: 600_000,
    });
    assert.equal(response.status(), 202, await response.text());
    const job = await response.json();
    t.diagnostic(`import of ${SCALE} hosts: ${Date.now() - started} ms`);
    await api('admin', 'POST', `/api/batches/${job.id}/cancel`);
  });

  step('search, filters, sorting and paging answer with the right totals', async (t) => {
    await signIn(page(), 'otto', USERS.otto.password);
    await timed('first page', () => nav().getByRole('link', { name: 'Hosts' }).click(), summaryReads(`1–50 of ${TOTAL} hosts`));
    await timed(
      'search scale-0123',
      async () => {
        await page().getByLabel('Search').fill('scale-0123');
        await page().getByRole('button', { name: 'Search' }).click();
      },
      summaryReads('1–10 of 10 hosts'),
    );
    await timed(
      'subnet 10.77.3.0/24',
      async () => {
        await page().getByLabel('Search').fill('');
        await page().getByLabel('Subnet').fill('10.77.3.0/24');
        await page().getByRole('button', { name: 'Search' }).click();
      },
      summaryReads('1–50 of 250 hosts'),
    );
    await rows().nth(1).getByText(scaleHostname(750)).waitFor();
    await timed(
      'subnet 10.77.0.0/16 and label rack=r7',
      async () => {
        await page().getByLabel('Subnet').fill('10.77.0.0/16');
        await page().getByLabel('Label').fill('rack=r7');
        await page().getByRole('button', { name: 'Search' }).click();
      },
      summaryReads('1–50 of 250 hosts · page 1 of 5'),
    );
    await rows().nth(1).getByText(scaleHostname(7)).waitFor();
    await timed('and the profile', () => page().getByLabel('Profile').selectOption(STAND_IN_PROFILE.name), summaryReads('1–50 of 250 hosts'));
    await timed('and state HELD', () => page().getByLabel('Boot state').selectOption('HELD'), () =>
      page().getByText('No hosts match these filters').waitFor({ timeout: 30_000 }),
    );
    await timed('clear filters', () => page().getByRole('button', { name: 'Clear filters' }).click(), summaryReads(`1–50 of ${TOTAL} hosts`));
    await timed('100 per page', () => page().getByLabel('Per page').selectOption('100'), summaryReads(`1–100 of ${TOTAL} hosts · page 1 of 101`));
    await timed(
      'sort by IP address, descending',
      async () => {
        await page().getByRole('button', { name: /IP address/ }).click();
        await page().getByRole('columnheader', { name: /IP address/ }).and(page().locator('[aria-sort="ascending"]')).waitFor();
        await page().getByRole('button', { name: /IP address/ }).click();
      },
      // by number, 198.51.100.66 is the highest address
      () => rows().nth(1).getByText(HOSTS[5].hostname).waitFor({ timeout: 30_000 }),
    );
    await timed('last page', () => page().getByRole('button', { name: 'Last' }).click(), summaryReads(`10001–${TOTAL} of ${TOTAL} hosts · page 101 of 101`));
    await rows().last().getByText(scaleHostname(0)).waitFor();
    await shot('hosts-last-page');
    t.diagnostic(timings.join('; '));
  });

  step('the browser reported no unexpected errors in any journey', () => {
    assertNoUnexpectedConsoleErrors(env.consoleErrors, EXPECTED_FAILED_LOADS);
  });
});
