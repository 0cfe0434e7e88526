/**
 * Rule: on a tenant host, a handler runs only after the Host resolved to an active tenant;
 * it then finds that tenant's Kysely (bound to its schema) in `c.var.db` and nothing else.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { renderUnknownHost, renderSuspended } from '../web/errors.tsx';
import { tenantDb } from './with-tenant.ts';

export const tenantMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = await c.var.deps.resolver.resolve(new URL(c.req.url).host);
  if (match.kind !== 'tenant') return renderUnknownHost(c);
  const { tenant } = match;
  c.set('tenant', tenant);
  c.var.log && c.set('log', c.var.log.child({ tenant: tenant.slug }));
  if (tenant.status === 'suspended') return renderSuspended(c);
  c.set('db', tenantDb(c.var.deps.rootDb, tenant.schema));
  await next();
};
