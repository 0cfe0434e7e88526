import { Hono } from 'hono';
import pino from 'pino';
import { sessionMiddleware } from '../../src/auth/middleware.ts';
import { catalogRoutes } from '../../src/catalog/routes.tsx';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import { HostResolver } from '../../src/tenancy/resolve-host.ts';
import { tenantMiddleware } from '../../src/tenancy/middleware.ts';
import type { AppDeps, AppEnv } from '../../src/web/env.ts';
import { createMetrics } from '../../src/web/metrics.ts';
import { SCOPE, makeGetPath } from '../../src/web/scope.ts';
import { createRedis, Queues } from '../../src/jobs/queues.ts';
import { randomBytes } from 'node:crypto';
import { testConfig } from '../support/config.ts';
import { testRootDb } from '../support/db.ts';

/**
 * The tenant request stack (host → tenant → session → locale) with only the catalog routes
 * mounted where src/app.ts will mount them, until they are mounted there.
 */
export async function makeCatalogApp() {
  const config = testConfig();
  const rootDb = await testRootDb();
  const redis = createRedis(config.REDIS_URL);
  const queues = new Queues(redis, `{kervan-test-${randomBytes(4).toString('hex')}}`);
  const deps: AppDeps = {
    config,
    rootDb,
    resolver: new HostResolver(rootDb, config.BASE_DOMAIN, 0),
    queues,
    redis,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
  };
  const app = new Hono<AppEnv>({ getPath: makeGetPath(config.BASE_DOMAIN) });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('log', deps.logger);
    await next();
  });
  const tenant = new Hono<AppEnv>();
  tenant.use('*', tenantMiddleware);
  tenant.use('*', sessionMiddleware);
  tenant.use('*', async (c, next) => {
    c.set('locale', c.req.header('accept-language') === 'en' ? 'en' : c.var.tenant.defaultLocale);
    c.set('flash', null);
    await next();
  });
  tenant.route(CATALOG_PATH, catalogRoutes);
  app.route(SCOPE.tenant, tenant);
  return {
    req(host: string, path: string, init: RequestInit & { htmx?: boolean } = {}) {
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
