// End-to-end test of the console in a real browser (Chromium through playwright-core).
// It starts the packaged server (`backend/target/bootwarden.jar`, console included) on a free
// port with a fresh data directory, walks through an operator's journey as `admin` and stops the
// server again. Run with `npm run test:e2e --workspace frontend` after `mvn install`/`verify`.
//
// Environment: BOOTWARDEN_JAR (default <repo>/backend/target/bootwarden.jar),
// BOOTWARDEN_IPXE_DIR (default <repo>/.cache/ipxe), CHROMIUM (default /usr/bin/chromium),
// E2E_SCREENSHOT (default <tmp>/bootwarden-console-e2e.png: the audit log at the end of the journey).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const JAR = process.env.BOOTWARDEN_JAR ?? join(ROOT, 'backend/target/bootwarden.jar');
const IPXE_DIR = process.env.BOOTWARDEN_IPXE_DIR ?? join(ROOT, '.cache/ipxe');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.E2E_SCREENSHOT ?? join(tmpdir(), 'bootwarden-console-e2e.png');
const FAILURE_SCREENSHOT_DIR = join(ROOT, 'frontend/target/e2e-reports');
const ADMIN_PASSWORD = 'e2e-Admin-pw-1';
const STARTUP_TIMEOUT_MS = 180_000;
const PROFILE = {
  name: 'e2e-ui',
  kind: 'ipxe-script',
  description: 'stand-in',
  ipxeScript: '#!ipxe\necho standin\nexit 0\n',
  answerTemplate: '# {{hostname}}\n',
  reinstallOnReboot: true,
  maxInstallBoots: 3,
};
const ARM_REASON = 'e2e: reinstall web01 from the console';

// Browser console errors the journey provokes on purpose: the failed sign-in and the session
// checks while signed out (401), the invalid hostname (400 on POST /api/hosts) and conflicts (409).
const EXPECTED_FAILED_LOADS = [
  { status: 401, url: /\/api\/(me|auth\/login)$/ },
  { status: 400, url: /\/api\/hosts$/ },
  { status: 409, url: /\/api\// },
];

const freePort = () =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });

/** The packaged server as a user starts it, in its own process group. */
class Server {
  constructor(port, dataDir) {
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.logFile = join(dataDir, 'server.log');
    this.exit = null;
    const log = createWriteStream(this.logFile);
    this.process = spawn('java', ['-jar', JAR], {
      cwd: dataDir,
      detached: true, // own process group: killed as a whole at the end
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SERVER_PORT: String(port),
        BOOTWARDEN_DATA_DIR: join(dataDir, 'data'),
        BOOTWARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        BOOTWARDEN_PUBLIC_URL: this.baseUrl,
        BOOTWARDEN_IPXE_DIR: IPXE_DIR,
      },
    });
    this.process.stdout.pipe(log, { end: false });
    this.process.stderr.pipe(log, { end: false });
    this.exited = once(this.process, 'exit').then(([code, signal]) => {
      this.exit = { code, signal };
      log.end();
    });
  }

  async waitUntilHealthy() {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`the server exited during startup (${JSON.stringify(this.exit)})`);
      try {
        const response = await fetch(`${this.baseUrl}/actuator/health`, { signal: AbortSignal.timeout(2000) });
        if (response.ok && (await response.json()).status === 'UP') return;
      } catch {
        // not listening yet
      }
      // poll: wait for the next check or for the process to end, whichever comes first
      await Promise.race([new Promise((ok) => setTimeout(ok, 250)), this.exited]);
    }
    throw new Error(`the server was not healthy within ${STARTUP_TIMEOUT_MS / 1000} s`);
  }

  async stop() {
    if (this.exit) return;
    const group = -this.process.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 80) {
    if (!existsSync(this.logFile)) return '(no server log)';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

describe('console end to end (Chromium, packaged server)', { concurrency: false }, () => {
  let workDir;
  let server;
  let context;
  let page;
  let failed = false;
  let hostPath;
  const consoleErrors = [];

  const adminAuth = 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');

  /** Runs one step of the journey; the steps after a failed one are skipped. */
  const step = (name, body) =>
    it(name, async (t) => {
      if (failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await body(t);
      } catch (error) {
        failed = true;
        if (page) {
          mkdirSync(FAILURE_SCREENSHOT_DIR, { recursive: true });
          const file = join(FAILURE_SCREENSHOT_DIR, 'console-e2e-failure.png');
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          console.error(`# failed at "${name}" on ${page.url()}; screenshot: ${file}`);
        }
        throw error;
      }
    });

  /** The badge in the host page's "Boot state" panel. */
  const stateBadge = () => page.getByRole('region', { name: 'Boot state' }).locator('.badge');

  before(async () => {
    assert.ok(existsSync(JAR), `${JAR} is missing: build it first (mvn -B install -DskipTests)`);
    rmSync(join(FAILURE_SCREENSHOT_DIR, 'console-e2e-failure.png'), { force: true });
    workDir = mkdtempSync(join(tmpdir(), 'bootwarden-console-e2e-'));
    server = new Server(await freePort(), workDir);
    try {
      await server.waitUntilHealthy();
    } catch (error) {
      failed = true; // after() prints the server log
      throw error;
    }
    context = await chromium.launchPersistentContext(join(workDir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url ?? '' });
    });
    page.on('pageerror', (error) => consoleErrors.push({ text: `uncaught: ${error.stack ?? error}`, url: page.url() }));
  });

  after(async () => {
    if (context) await context.close().catch(() => undefined);
    if (server) {
      await server.stop();
      if (failed) console.error(`# server log (last lines):\n${server.logTail()}`);
    }
    if (workDir && !failed) rmSync(workDir, { recursive: true, force: true });
    else if (workDir) console.error(`# kept ${workDir} (server.log, data/)`);
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

  step('Arm with a reason: the badge shows ARMED and the timeline the host.armed entry', async () => {
    await page.getByRole('button', { name: 'Arm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill(ARM_REASON);
    await dialog.getByRole('button', { name: 'Arm host' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^ARMED$/ }).waitFor();
    await page.getByRole('heading', { level: 1 }).locator('.badge', { hasText: /^ARMED$/ }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.locator('.timeline__item').filter({ hasText: 'host.armed' }).first().waitFor();
  });

  step('Disarm brings the host back to LOCAL', async () => {
    await page.getByRole('button', { name: 'Disarm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('e2e: not yet');
    await dialog.getByRole('button', { name: 'Disarm host' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stateBadge().filter({ hasText: /^LOCAL$/ }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).locator('.timeline__item').filter({ hasText: 'host.disarmed' }).first().waitFor();
  });

  step('the audit log filtered by host.armed lists the entry with its reason', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/audit/);
    await page.getByLabel('Action').fill('host.armed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]action=host\.armed/);
    const rows = page.getByRole('table').locator('tbody tr');
    const armed = rows.filter({ hasText: 'host.armed' }).filter({ hasText: ARM_REASON });
    await armed.first().waitFor();
    // only host.armed entries are listed (the disarm is filtered out)
    await rows.filter({ hasText: 'host.disarmed' }).first().waitFor({ state: 'detached' });
    const hostId = hostPath.split('/').pop();
    await armed.getByRole('link', { name: hostId }).first().waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`# screenshot of the filtered audit log: ${SCREENSHOT}`);
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
    const unexpected = consoleErrors.filter(({ text, url }) => {
      const failedLoad = /Failed to load resource: the server responded with a status of (\d{3})/.exec(text);
      if (!failedLoad) return true;
      const status = Number(failedLoad[1]);
      const path = url ? new URL(url).pathname : '';
      return !EXPECTED_FAILED_LOADS.some((expected) => expected.status === status && expected.url.test(path));
    });
    assert.deepEqual(unexpected, [], `unexpected console errors:\n${unexpected.map((e) => `${e.text} (${e.url})`).join('\n')}`);
  });
});
