import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { RootDb } from '../../src/db/pool.ts';
import { Queues, createRedis } from '../../src/jobs/queues.ts';
import { HostResolver } from '../../src/tenancy/resolve-host.ts';
import type { AppDeps } from '../../src/web/env.ts';
import { createMetrics } from '../../src/web/metrics.ts';
import { testConfig } from './config.ts';
import { testRootDb } from './db.ts';

/** Each suite gets its own queue prefix so a developer's running worker never takes test jobs. */
export function testQueuePrefix(): string {
  return `{kervan-test-${randomBytes(4).toString('hex')}}`;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  /** `app.request` against a host, e.g. `req('acme.localhost', '/')`. */
  req(host: string, path: string, init?: RequestInit & { htmx?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export async function makeTestApp(opts: { config?: Config; rootDb?: RootDb } = {}): Promise<TestApp> {
  const config = opts.config ?? testConfig();
  const rootDb = opts.rootDb ?? (await testRootDb());
  const redis = createRedis(config.REDIS_URL);
  const queues = new Queues(redis, testQueuePrefix());
  const deps: AppDeps = {
    config,
    rootDb,
    resolver: new HostResolver(rootDb, config.BASE_DOMAIN, 0),
    queues,
    redis,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    req(host, path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('host', host);
      if (init.htmx) headers.set('HX-Request', 'true');
      return Promise.resolve(app.request(`http://${host}${path}`, { ...init, headers }));
    },
    async close() {
      await queues.close();
      await redis.quit();
    },
  };
}

/** A same-origin form POST, as a browser would send it. */
export function formPost(host: string, fields: Record<string, string>, extra: RequestInit & { htmx?: boolean } = {}): RequestInit & { htmx?: boolean } {
  const headers = new Headers(extra.headers);
  headers.set('content-type', 'application/x-www-form-urlencoded');
  headers.set('origin', `http://${host}`);
  return { ...extra, method: 'POST', body: new URLSearchParams(fields).toString(), headers };
}
