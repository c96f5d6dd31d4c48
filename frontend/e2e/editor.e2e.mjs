// An editor's inventory journey in Chromium against the packaged server: sign in, import a CSV
// file with one bad row (the preview shows that row's field error and nothing can be imported),
// fix the file and choose it again, import, find the hosts in the list, export them as CSV (the
// export imports again unchanged) and JSON.
//
// Screenshots: frontend/target/e2e-screenshots/editor-import/ (harness.mjs). Environment: harness.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  STAND_IN_PROFILE,
} from './harness.mjs';

const EDDIE = { username: 'eddie', password: 'e2e-Eddie-pw-1' };
const HEADER = 'hostname,macs,ip,prefixLength,gateway,dns,vlan,firmware,nicDriver,architecture,profile,labels';
const row = (n, ip = `198.51.100.${60 + n}`) =>
  `rack7-${n}.lab.example,52:54:00:cc:00:0${n},${ip},24,198.51.100.1,198.51.100.2,,auto,full,x86_64,${STAND_IN_PROFILE.name},batch=e2e;rack=r7`;
const BAD_CSV = [HEADER, row(1), row(2, '198.51.100.300'), row(3), ''].join('\r\n');
const GOOD_CSV = [HEADER, row(1), row(2), row(3), ''].join('\r\n');

// The login page's session check before signing in.
const EXPECTED_FAILED_LOADS = [{ status: 401, url: /\/api\/me$/ }];

let page;
const env = journeyEnvironment('editor-e2e', () => state.failed);
const { step, state, shot } = journey('editor-import', () => page);
const api = (method, path, data, who = EDDIE) => apiCall(env.page, basicAuth(who.username, who.password), method, path, data);
const preview = () => page.getByRole('region', { name: /^Preview of / });

describe('an editor imports and exports hosts', { concurrency: false }, () => {
  step('the admin creates the editor and a profile through the API', async () => {
    page = env.page;
    const admin = { username: 'admin', password: ADMIN_PASSWORD };
    await api('POST', '/api/users', { username: EDDIE.username, password: EDDIE.password, displayName: 'Eddie (e2e)', roles: ['EDITOR'] }, admin);
    await api('POST', '/api/profiles', STAND_IN_PROFILE, admin);
  });

  step('the editor signs in and opens the import from the hosts list', async () => {
    await signIn(page, EDDIE.username, EDDIE.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click();
    await page.getByRole('heading', { name: 'Hosts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Import hosts' }).click();
    await page.waitForURL(/\/hosts\/import$/);
    await page.getByRole('heading', { name: 'Import hosts', level: 1 }).waitFor();
    await shot('import-page');
  });

  step('a file with a bad row: the preview names the row and the field, nothing can be imported', async () => {
    const file = join(env.workDir, 'rack7.csv');
    writeFileSync(file, BAD_CSV);
    await page.getByLabel('Choose a CSV file, or drop it here').setInputFiles(file);
    await preview().waitFor();
    const errorRow = preview().getByRole('row').filter({ hasText: 'rack7-2.lab.example' });
    await errorRow.getByText("'198.51.100.300' is not a dotted IPv4 address").waitFor();
    assert.equal(await errorRow.locator('.badge').textContent(), 'error');
    assert.match(await errorRow.textContent(), /^3/, 'row 3 of the file (the header is row 1)');
    const importButton = page.getByRole('button', { name: 'Import 2 hosts' });
    assert.ok(await importButton.isDisabled(), 'import is disabled while a row has errors');
    await shot('preview-with-error');
    const hosts = await (await api('GET', '/api/hosts?label=batch=e2e')).json();
    assert.equal(hosts.totalItems, 0, 'the preview wrote nothing');
  });

  step('the fixed file is chosen again and imported', async () => {
    const file = join(env.workDir, 'rack7.csv');
    writeFileSync(file, GOOD_CSV);
    await page.getByLabel('Choose a CSV file, or drop it here').setInputFiles(file);
    const importButton = page.getByRole('button', { name: 'Import 3 hosts' });
    await importButton.waitFor();
    await page.getByLabel('Show').selectOption('all');
    assert.equal(await preview().getByRole('row').filter({ hasText: 'create' }).count(), 3);
    await shot('preview-fixed');
    await importButton.click();
    await page.getByText('Imported rack7.csv').waitFor();
    assert.match(await page.getByRole('status').filter({ hasText: 'Imported rack7.csv' }).textContent(), /3 hosts created, 0 updated/);
    await shot('imported');
  });

  step('the hosts are in the list', async () => {
    await page.getByRole('link', { name: 'Show the hosts' }).click();
    await page.getByLabel('Label').fill('batch=e2e');
    await page.getByRole('button', { name: 'Search' }).click();
    for (const n of [1, 2, 3]) {
      await page.getByRole('link', { name: `rack7-${n}.lab.example` }).waitFor();
    }
    await page.getByText(/^1–3 of 3 hosts/).waitFor();
    await shot('hosts-list');
  });

  step('the filtered list exports as CSV (which imports again unchanged) and as JSON', async () => {
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    assert.equal(csvDownload.suggestedFilename(), 'bootwarden-hosts.csv');
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    // labels are written in key order, as this file has them
    assert.equal(csv, GOOD_CSV, 'the export is the imported file, row for row');
    const again = await (
      await page.request.fetch('/api/hosts/import?mode=preview', {
        method: 'POST',
        headers: { Authorization: basicAuth(EDDIE.username, EDDIE.password), 'Content-Type': 'text/csv' },
        data: csv,
      })
    ).json();
    assert.deepEqual(again.summary, { create: 0, update: 0, unchanged: 3, skipped: 0, error: 0 });

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
    assert.equal(jsonDownload.suggestedFilename(), 'bootwarden-hosts.json');
    const hosts = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
    assert.deepEqual(hosts.map((h) => h.hostname), ['rack7-1.lab.example', 'rack7-2.lab.example', 'rack7-3.lab.example']);
    assert.ok(hosts.every((h) => h.bootState === 'LOCAL' && h.labels.rack === 'r7'));
  });

  step('the audit log has one entry per host and the import summary', async () => {
    const admin = { username: 'admin', password: ADMIN_PASSWORD };
    const summary = await (await api('GET', '/api/audit?action=hosts.imported&actor=eddie', undefined, admin)).json();
    assert.equal(summary.totalItems, 1);
    assert.equal(summary.items[0].summary, 'import from CSV rack7.csv: 3 created, 0 updated, 0 unchanged');
    const created = await (await api('GET', '/api/audit?action=host.created&actor=eddie', undefined, admin)).json();
    assert.equal(created.totalItems, 3);
  });

  step('no unexpected errors in the browser console', () => {
    assertNoUnexpectedConsoleErrors(env.consoleErrors, EXPECTED_FAILED_LOADS);
  });
});
