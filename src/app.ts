import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import { homeRoutes } from './home/routes.tsx';
import { isLocale, localeFromAcceptLanguage, type Locale } from './i18n/define.ts';
import { notificationRoutes } from './notifications/routes.tsx';
import { platformRoutes } from './platform/routes.tsx';
import { tenantMiddleware } from './tenancy/middleware.ts';
import { cachedSetting } from './settings/cache.ts';
import type { AppDeps, AppEnv } from './web/env.ts';
import { takeFlash } from './web/flash.ts';
import { renderError } from './web/errors.tsx';
import { SCOPE, currentPath, makeGetPath, safeBack } from './web/scope.ts';
import { brandRoutes } from './home/brand.ts';
import { accountRoutes } from './account/routes.tsx';
import { sessionMiddleware } from './auth/middleware.ts';
import { authRoutes } from './auth/routes.tsx';
import { applicationRoutes } from './dealers/application-routes.tsx';
import { portalRoutes } from './dealers/portal-routes.tsx';
import { catalogRoutes } from './catalog/routes.tsx';
import { dealerStaffRoutes } from './dealers/staff-routes.tsx';
import { signupRoutes } from './platform/signup-routes.tsx';
import { impersonationRoutes } from './staff/impersonation-routes.tsx';
import { staffRoutes } from './staff/routes.tsx';
import { catalogStaffRoutes } from './catalog/staff/routes.tsx';
import { mediaRoutes } from './catalog/media-routes.tsx';
import { mediaStaffRoutes } from './catalog/media-staff-routes.tsx';
import { rateRoutes } from './pricing/rate-routes.tsx';
import { segmentRoutes } from './pricing/segment-routes.tsx';
import { priceListRoutes } from './pricing/list-routes.tsx';
import { priceListIoRoutes } from './pricing/list-io-routes.tsx';
import { pricePreviewRoutes } from './pricing/preview-routes.tsx';
import { campaignRoutes } from './pricing/campaign-routes.tsx';
import { pricingSettingsRoutes } from './pricing/settings-routes.tsx';
import { paymentMethodRoutes } from './pricing/payment-routes.tsx';
import { approvalRoutes } from './approvals/routes.tsx';
import { orderDeskRoutes } from './orders/staff-routes.tsx';
import { shippingMethodRoutes } from './orders/shipping-method-routes.tsx';
import { dealerAccountRoutes } from './finance/account-routes.tsx';
import { orderPortalRoutes } from './orders/portal-routes.tsx';
import { cartRoutes } from './carts/routes.tsx';
import { importRoutes } from './catalog/import/routes.tsx';
import { stockStaffRoutes } from './stock/routes.tsx';
import { stockPortalRoutes } from './stock/portal-routes.tsx';
import { apiRoutes } from './api/routes.ts';
import { apiKeyRoutes } from './api/key-routes.tsx';
import { requireStaff } from './auth/middleware.ts';

const require = createRequire(import.meta.url);
const HTMX_PATH = require.resolve('htmx.org/dist/htmx.min.js');
const HTMX_JS = readFileSync(HTMX_PATH);
const STATIC_ROOT = path.relative(process.cwd(), path.resolve(import.meta.dirname, '..', 'static')) || '.';

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>({ getPath: makeGetPath(deps.config.BASE_DOMAIN) });

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('log', deps.logger.child({ req: c.var.requestId }));
    const started = performance.now();
    await next();
    const route = routePath(c) || 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (c.res.status >= 500 || deps.logger.isLevelEnabled('debug')) {
      c.var.log.info(
        { method: c.req.method, path: currentPath(c), route, status: c.res.status, ms: Math.round(seconds * 1000), tenant: c.var.tenant?.slug },
        'request',
      );
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      // A handler's own stricter policy wins (sandboxed mail HTML, uploaded documents).
      overwrite: false,
      strictTransportSecurity: deps.config.PUBLIC_SCHEME === 'https' ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );

  // Host-independent endpoints.
  const any = new Hono<AppEnv>();
  any.get('/static/htmx.min.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(HTMX_JS);
  });
  any.use('/static/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=3600');
  });
  any.use('/static/*', serveStatic({ root: STATIC_ROOT, rewriteRequestPath: (p) => p.replace(/^\/_any\/static/, '') }));
  any.get('/healthz', (c) => c.json({ status: 'ok' }));
  any.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    try {
      await sql`select 1`.execute(deps.rootDb);
      checks.postgres = 'ok';
    } catch (err) {
      checks.postgres = err instanceof Error ? err.message : 'error';
    }
    try {
      checks.redis = (await withTimeout(deps.queues.connection.ping(), 1000)) === 'PONG' ? 'ok' : 'error';
    } catch (err) {
      checks.redis = err instanceof Error ? err.message : 'error';
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ok ? 'ok' : 'unavailable', checks }, ok ? 200 : 503);
  });
  any.get('/metrics', async (c) => {
    try {
      deps.metrics.jobCounts.reset();
      for (const row of await withTimeout(deps.queues.counts(), 1000)) {
        deps.metrics.jobCounts.set({ queue: row.queue, state: row.state }, row.count);
      }
    } catch {
      // Without Redis the HTTP metrics are still worth serving.
    }
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  app.route(SCOPE.any, any);

  // Language choice, then CSRF, for both platform and tenant hosts.
  const pages = new Hono<AppEnv>();
  pages.use('*', async (c, next) => {
    c.set('locale', chooseLocale(c));
    c.set('flash', await takeFlash(c));
    await next();
  });
  pages.use(
    '*',
    csrf({
      // The request already passed host resolution, so its own host is a known platform or tenant host.
      origin: (origin, c) => {
        try {
          return new URL(origin).host === new URL(c.req.url).host;
        } catch {
          return false;
        }
      },
    }),
  );
  pages.get('/lang/:to', (c) => {
    const to = c.req.param('to');
    if (isLocale(to)) {
      setCookie(c, 'lang', to, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true });
    }
    return c.redirect(safeBack(c.req.query('back')), 303);
  });

  const platform = new Hono<AppEnv>();
  platform.route('/', pages);
  platform.route('/', platformRoutes);
  platform.route('/', signupRoutes);

  const tenant = new Hono<AppEnv>();
  tenant.use('*', tenantMiddleware);
  // The JSON API authenticates by API key: no session, CSRF or page middleware (API-1).
  tenant.route('/api/v1', apiRoutes);
  tenant.use('*', async (c, next) => {
    c.set('contact', await cachedSetting(c.var.db, c.var.tenant.id, 'contact'));
    await next();
  });
  tenant.route('/', brandRoutes);
  tenant.use('*', sessionMiddleware);
  tenant.route('/', pages);
  tenant.route('/', homeRoutes);
  tenant.route('/', authRoutes);
  tenant.route('/account', accountRoutes);
  tenant.route('/apply', applicationRoutes);
  tenant.route('/portal/catalog', catalogRoutes);
  tenant.route('/portal/stock', stockPortalRoutes);
  tenant.route('/portal/approvals', approvalRoutes);
  tenant.route('/portal/orders', orderPortalRoutes);
  tenant.route('/portal/carts', cartRoutes);
  tenant.route('/media', mediaRoutes);
  tenant.route('/portal', portalRoutes);
  tenant.route('/staff', dealerStaffRoutes);
  tenant.route('/staff', impersonationRoutes);
  tenant.route('/staff', staffRoutes);
  tenant.route('/staff/catalog', catalogStaffRoutes);
  tenant.route('/staff/media', mediaStaffRoutes);
  tenant.route('/staff/imports', importRoutes);
  tenant.route('/staff/stock', stockStaffRoutes);
  tenant.route('/staff/api-keys', apiKeyRoutes);
  tenant.route('/staff/rates', rateRoutes);
  tenant.route('/staff/segments', segmentRoutes);
  tenant.route('/staff/price-lists', priceListIoRoutes);
  tenant.route('/staff/price-lists', priceListRoutes);
  tenant.route('/staff/price-preview', pricePreviewRoutes);
  tenant.route('/staff/campaigns', campaignRoutes);
  tenant.route('/staff/pricing-settings', pricingSettingsRoutes);
  tenant.route('/staff/payment-methods', paymentMethodRoutes);
  tenant.route('/staff/orders', orderDeskRoutes);
  tenant.route('/staff/shipping-methods', shippingMethodRoutes);
  tenant.route('/staff/accounts', dealerAccountRoutes);
  tenant.use('/staff/outbox/*', requireStaff('outbox.read'));
  tenant.use('/staff/outbox', requireStaff('outbox.read'));
  tenant.route('/staff/outbox', notificationRoutes);

  app.route(SCOPE.platform, platform);
  app.route(SCOPE.tenant, tenant);

  app.notFound((c) => renderError(c, 404));
  app.onError((err, c) => {
    const status = (err as { status?: number }).status;
    if (status === 403 && err.message.includes('CSRF')) return renderError(c, 403);
    if (typeof status === 'number' && status >= 400 && status < 500) return renderError(c, status as 400);
    c.var.log?.error({ err: { message: err.message, stack: err.stack }, path: currentPath(c) }, 'unhandled error');
    return renderError(c, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

/** User choice (cookie, set by /lang) → Accept-Language → the tenant's default (Turkish for a new tenant). */
function chooseLocale(c: Context<AppEnv>): Locale {
  const cookie = getCookie(c, 'lang');
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(c.req.header('Accept-Language')) ?? c.var.tenant?.defaultLocale ?? 'tr';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms).unref())]);
}

