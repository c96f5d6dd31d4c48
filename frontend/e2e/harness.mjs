// Shared by the browser journeys: the packaged server on a free port with a fresh data
// directory, Chromium through playwright-core, a step runner that skips the rest of a journey
// after a failed step (with a screenshot), and the check for unexpected browser console errors.
//
// Environment: BOOTWARDEN_JAR (default <repo>/backend/target/bootwarden.jar),
// BOOTWARDEN_IPXE_DIR (default <repo>/.cache/ipxe), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const JAR = process.env.BOOTWARDEN_JAR ?? join(ROOT, 'backend/target/bootwarden.jar');
const IPXE_DIR = process.env.BOOTWARDEN_IPXE_DIR ?? join(ROOT, '.cache/ipxe');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FAILURE_SCREENSHOT_DIR = join(ROOT, 'frontend/target/e2e-reports');
export const ADMIN_PASSWORD = 'e2e-Admin-pw-1';
const STARTUP_TIMEOUT_MS = 180_000;

/** An iPXE-script profile that installs nothing: enough to arm hosts. */
export const STAND_IN_PROFILE = {
  name: 'e2e-ui',
  kind: 'ipxe-script',
  description: 'stand-in',
  ipxeScript: '#!ipxe\necho standin\nexit 0\n',
  answerTemplate: '# {{hostname}}\n',
  reinstallOnReboot: true,
  maxInstallBoots: 3,
};

export const basicAuth = (user, password) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

export const freePort = () =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });

/** The packaged server as a user starts it, in its own process group; `env` adds to its environment. */
export class Server {
  constructor(port, dataDir, env = {}) {
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
        ...env,
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

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a persistent profile in `profileDir`. */
export function launchContext(profileDir, baseURL) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
}

/** Collects a page's console errors and uncaught exceptions into `sink`. */
export function collectConsoleErrors(page, sink) {
  page.on('console', (message) => {
    if (message.type() === 'error') sink.push({ text: message.text(), url: message.location().url ?? '' });
  });
  page.on('pageerror', (error) => sink.push({ text: `uncaught: ${error.stack ?? error}`, url: page.url() }));
}

/**
 * A journey's steps: `step(name, body)` runs one; after a failed one the rest are skipped and a
 * screenshot of `currentPage()` is written to `<frontend>/target/e2e-reports/<name>-failure.png`.
 */
export function journey(name, currentPage) {
  const state = { failed: false };
  const step = (title, body) =>
    it(title, async (t) => {
      if (state.failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await body(t);
      } catch (error) {
        state.failed = true;
        const page = currentPage();
        if (page) {
          mkdirSync(FAILURE_SCREENSHOT_DIR, { recursive: true });
          const file = join(FAILURE_SCREENSHOT_DIR, `${name}-failure.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          console.error(`# failed at "${title}" on ${page.url()}; screenshot: ${file}`);
        }
        throw error;
      }
    });
  return { step, state };
}

/** Fails on browser console errors other than failed loads with the expected status and path. */
export function assertNoUnexpectedConsoleErrors(consoleErrors, expectedFailedLoads) {
  const unexpected = consoleErrors.filter(({ text, url }) => {
    const failedLoad = /Failed to load resource: the server responded with a status of (\d{3})/.exec(text);
    if (!failedLoad) return true;
    const status = Number(failedLoad[1]);
    const path = url ? new URL(url).pathname : '';
    return !expectedFailedLoads.some((expected) => expected.status === status && expected.url.test(path));
  });
  assert.deepEqual(unexpected, [], `unexpected console errors:\n${unexpected.map((e) => `${e.text} (${e.url})`).join('\n')}`);
}

/** Signs in through the login page and waits for the console. */
export async function signIn(page, username, password) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
}
