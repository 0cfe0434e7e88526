import type { Context } from 'hono';

/**
 * Routing by host: the router sees every path behind a scope prefix chosen from the Host,
 * so the base domain and the tenant hosts have separate route tables that cannot collide.
 * `/static`, `/healthz`, `/readyz` and `/metrics` answer on any host.
 */
export const SCOPE = { any: '/_any', platform: '/_platform', tenant: '/_tenant' } as const;
const ANY_RE = /^\/(static\/|healthz$|readyz$|metrics$)/;

export function makeGetPath(baseDomain: string) {
  return (req: Request): string => {
    const url = req.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const qs = url.indexOf('?', start);
    const path = start === -1 ? '/' : url.slice(start, qs === -1 ? undefined : qs);
    if (ANY_RE.test(path)) return SCOPE.any + path;
    const authority = start === -1 ? url.slice(url.indexOf('//') + 2) : url.slice(url.indexOf('//') + 2, start);
    const host = authority.replace(/:\d+$/, '').toLowerCase();
    const scope = host === baseDomain || host === `www.${baseDomain}` ? SCOPE.platform : SCOPE.tenant;
    // Sub-apps mounted at the scope match their root as the bare prefix (strict routing).
    return path === '/' ? scope : scope + path;
  };
}

/** The path (and query) the browser asked for, without the internal scope prefix. */
export function currentPath(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** Only same-site relative paths may be used as a redirect target. */
export function safeBack(value: string | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
