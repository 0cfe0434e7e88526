/**
 * Rule: a request belongs to a tenant only when its Host is `<slug>.<BASE_DOMAIN>` or the
 * tenant's verified custom domain. Any other host is `unknown` (404) — never a default tenant.
 */
import type { RootDb } from '../db/pool.ts';
import { toTenant, type Tenant } from './tenant.ts';

export type HostMatch = { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant } | { kind: 'unknown' };

const HOST_RE = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

export function normaliseHost(header: string | undefined): string | null {
  if (!header) return null;
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) return null;
  host = host.replace(/:\d{1,5}$/, '').replace(/\.$/, '');
  return HOST_RE.test(host) ? host : null;
}

interface Entry {
  match: HostMatch;
  expires: number;
}

export class HostResolver {
  readonly #cache = new Map<string, Entry>();

  constructor(
    private readonly rootDb: RootDb,
    private readonly baseDomain: string,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(hostHeader: string | undefined): Promise<HostMatch> {
    const host = normaliseHost(hostHeader);
    if (!host) return { kind: 'unknown' };
    if (host === this.baseDomain || host === `www.${this.baseDomain}`) return { kind: 'platform' };
    const now = Date.now();
    const hit = this.#cache.get(host);
    if (hit && hit.expires > now) return hit.match;
    const match = await this.#lookup(host);
    if (this.#cache.size >= this.maxEntries) this.#cache.clear();
    // Unknown hosts are cached briefly so that a flood of random hosts cannot pin the database.
    this.#cache.set(host, { match, expires: now + (match.kind === 'unknown' ? Math.min(this.ttlMs, 5_000) : this.ttlMs) });
    return match;
  }

  /** Forget cached answers (after a tenant's status, slug or domain changed in this process). */
  invalidate(): void {
    this.#cache.clear();
  }

  async #lookup(host: string): Promise<HostMatch> {
    const suffix = `.${this.baseDomain}`;
    let query = this.rootDb.selectFrom('tenants').selectAll().where('status', '!=', 'provisioning');
    if (host.endsWith(suffix)) {
      const label = host.slice(0, -suffix.length);
      if (label.includes('.')) return { kind: 'unknown' };
      query = query.where('slug', '=', label);
    } else {
      query = query.where('custom_domain', '=', host).where('custom_domain_verified', '=', true);
    }
    const row = await query.executeTakeFirst();
    return row ? { kind: 'tenant', tenant: toTenant(row) } : { kind: 'unknown' };
  }
}
