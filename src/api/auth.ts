import type { MiddlewareHandler } from 'hono';
import type { AppEnv, AppVariables } from '../web/env.ts';
import { apiError } from './errors.ts';
import { authenticateApiKey, touchApiKey, type ApiScope, type Authenticated } from './keys.ts';
import { takeApiToken } from './rate-limit.ts';

export interface ApiEnv extends AppEnv {
  Variables: AppVariables & { apiKey: Authenticated };
}

/**
 * `Authorization: Bearer kv_…` on every /api/v1 request: unknown, malformed or revoked keys get
 * 401 (a key of another seller is unknown here: keys live in the tenant schema). Then the key's
 * token bucket: 429 with Retry-After once it is empty. Rate headers go on every answer.
 */
export const apiAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    c.header('WWW-Authenticate', 'Bearer realm="api"');
    return apiError(c, 401, 'unauthorized', 'Send the API key as "Authorization: Bearer <key>".');
  }
  const key = await authenticateApiKey(c.var.db, match[1]!);
  if (!key) {
    c.header('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"');
    return apiError(c, 401, 'unauthorized', 'The API key is unknown or revoked.');
  }
  const limit = c.var.deps.config.API_RATE_LIMIT;
  let decision;
  try {
    decision = await Promise.race([
      takeApiToken(c.var.deps.redis, c.var.tenant.id, key.id, limit),
      // The shared connection queues commands while Redis is away; do not wait for it.
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('rate limiter timed out after 500 ms')), 500).unref()),
    ]);
  } catch (err) {
    // Without Redis the API keeps serving (unlimited) rather than failing every ERP sync.
    c.var.log.warn({ err: (err as Error).message }, 'api rate limiter unavailable');
  }
  if (decision) {
    c.header('X-RateLimit-Limit', String(decision.limit));
    c.header('X-RateLimit-Remaining', String(decision.remaining));
    c.header('X-RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return apiError(c, 429, 'rate_limited', `Too many requests for this key (${limit} per minute). Retry after ${decision.retryAfterSeconds} s.`);
    }
  }
  c.set('apiKey', key);
  await touchApiKey(c.var.db, key);
  await next();
};

/** 403 naming the missing scope. */
export function requireScope(scope: ApiScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.var.apiKey.scopes.includes(scope)) {
      return apiError(c, 403, 'insufficient_scope', `This API key lacks the scope "${scope}".`, undefined);
    }
    await next();
  };
}
