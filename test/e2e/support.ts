import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb } from '../support/db.ts';

/**
 * Browser tests run the real web app in this process on a random port (test database, real
 * Redis) and drive Debian's Chromium through playwright-core. Tenant hosts are
 * `<slug>.localhost:<port>`: Chromium sends every *.localhost name to loopback by itself.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results');

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions (CSP violations are console errors) and failed requests, in order. */
  problems: string[];
}

export interface E2E {
  port: number;
  app: TestApp;
  browser: Browser;
  /** `http://<host>:<port><path>`, where host is e.g. makeTenant()'s `host` (`<slug>.localhost`) or `localhost` (the platform). */
  url(host: string, path?: string): string;
  /**
   * A fresh browser context (own cookies) with one page being watched for problems.
   * The default locale `nb-NO` is neither Turkish nor English, so the tenant's default language
   * decides what the page shows; pass `locale` to act as a Turkish or English browser.
   */
  newPage(opts?: BrowserContextOptions): Promise<WatchedPage>;
  /** Saves a full-page PNG to test-results/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  // The app builds absolute links (the sign-up hand-off to the new portal, mails) from its
  // configured PORT, so it is made once the random port is known; until then nothing can call it.
  let app: TestApp | undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const fetch = (req: Request, env: unknown) => (app ? app.app.fetch(req, env as never) : new Response('starting', { status: 503 }));
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no port');
  const port = address.port;
  try {
    app = await makeTestApp({ config: testConfig({ PORT: String(port) }) });
  } catch (err) {
    await stopServer(server);
    await closeTestDb();
    throw err;
  }

  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, timeout: 60_000 });
  } catch (err) {
    // Release everything so the process exits with the launch error instead of hanging.
    await stopServer(server);
    await app.close();
    await closeTestDb();
    throw err;
  }
  const testApp = app;
  mkdirSync(RESULTS_DIR, { recursive: true });

  return {
    port,
    app: testApp,
    browser,
    url: (host, p = '/') => `http://${host}:${port}${p}`,
    async newPage(opts = {}) {
      const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 800 }, ...opts });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      return { page, context, problems: watch(page) };
    },
    async screenshot(page, name) {
      const file = path.join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await stopServer(server);
      await testApp.close();
      await closeTestDb();
    },
  };
}

/**
 * Runs one step of a journey; if it throws, a screenshot named after the step is saved to
 * test-results/ before the error goes on to uvu, so a failing CI run shows what the browser saw.
 */
export async function step<T>(e2e: E2E, page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const file = await e2e.screenshot(page, `FAILED-${slug}`).catch(() => null);
    if (file && err instanceof Error) err.message += `\n  screenshot: ${path.relative(process.cwd(), file)}`;
    throw err;
  }
}

/**
 * Chromium probes /favicon.ico on its own for every page that declares no icon; the app serves
 * none yet, so that one 404 is not counted as a page problem.
 */
const IGNORED: RegExp[] = [];

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    if (where && IGNORED.some((re) => re.test(new URL(where).pathname))) return;
    problems.push(`console: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '';
    // A navigation cancels whatever the previous page still had in flight.
    if (error === 'net::ERR_ABORTED' || IGNORED.some((re) => re.test(new URL(req.url()).pathname))) return;
    problems.push(`requestfailed: ${req.url()} ${error}`);
  });
  return problems;
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
