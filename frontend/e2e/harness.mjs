// Shared by the browser journeys: the packaged server on a free port with a fresh data
// directory, Chromium through playwright-core, a step runner that skips the rest of a journey
// after a failed step (with a screenshot), and the check for unexpected browser console errors.
//
// Environment: BOOTWARDEN_JAR (default <repo>/backend/target/bootwarden.jar),
// BOOTWARDEN_IPXE_DIR (default <repo>/.cache/ipxe), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const JAR = process.env.BOOTWARDEN_JAR ?? join(ROOT, 'backend/target/bootwarden.jar');
const IPXE_DIR = process.env.BOOTWARDEN_IPXE_DIR ?? join(ROOT, '.cache/ipxe');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FAILURE_SCREENSHOT_DIR = join(ROOT, 'frontend/target/e2e-reports');
/** Every journey's screenshots, one folder per journey (emptied when the journey starts). */
export const SCREENSHOT_DIR = join(ROOT, 'frontend/target/e2e-screenshots');
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
 * `shot(label, locator?)` saves a full-page screenshot of the current page (or of one element) as
 * `<frontend>/target/e2e-screenshots/<name>/<NN>-<label>.png` (numbered in the journey's order).
 */
export function journey(name, currentPage) {
  const state = { failed: false };
  const shots = join(SCREENSHOT_DIR, name);
  rmSync(shots, { recursive: true, force: true });
  rmSync(join(FAILURE_SCREENSHOT_DIR, `${name}-failure.png`), { force: true });
  let taken = 0;
  const shot = async (label, locator) => {
    mkdirSync(shots, { recursive: true });
    taken += 1;
    const file = join(shots, `${String(taken).padStart(2, '0')}-${label}.png`);
    if (locator) await locator.screenshot({ path: file });
    else await currentPage().screenshot({ path: file, fullPage: true });
    return file;
  };
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
  return { step, state, shot };
}

/**
 * The packaged server on a free port with a fresh data directory, and Chromium with its console
 * errors collected, for the journeys of one file: registers the file's before/after hooks.
 * `failed()` tells whether any journey failed (the server log is printed and the data kept).
 */
export function journeyEnvironment(name, failed) {
  const env = { server: null, context: null, page: null, workDir: null, consoleErrors: [] };
  let startFailed = false;
  before(async () => {
    assert.ok(existsSync(JAR), `${JAR} is missing: build it first (mvn -B package -DskipTests -pl iso-worker,backend -am)`);
    env.workDir = mkdtempSync(join(tmpdir(), `bootwarden-${name}-`));
    env.server = new Server(await freePort(), env.workDir);
    try {
      await env.server.waitUntilHealthy();
    } catch (error) {
      startFailed = true; // after() prints the server log
      throw error;
    }
    env.context = await launchContext(join(env.workDir, 'chromium-profile'), env.server.baseUrl);
    env.page = env.context.pages()[0] ?? (await env.context.newPage());
    collectConsoleErrors(env.page, env.consoleErrors);
  });
  after(async () => {
    const keep = startFailed || failed();
    if (env.context) await env.context.close().catch(() => undefined);
    if (env.server) {
      await env.server.stop();
      if (keep) console.error(`# server log (last lines):\n${env.server.logTail()}`);
    }
    if (env.workDir && !keep) rmSync(env.workDir, { recursive: true, force: true });
    else if (env.workDir) console.error(`# kept ${env.workDir} (server.log, data/)`);
  });
  return env;
}

/** An API call from the browser context with the given credentials; fails unless the answer is 2xx. */
export async function apiCall(page, authorization, method, path, data) {
  const response = await page.request.fetch(path, { method, headers: { Authorization: authorization }, data });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response;
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
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}
