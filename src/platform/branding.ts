import type { RootDb } from '../db/pool.ts';
import type { HostResolver } from '../tenancy/resolve-host.ts';

/**
 * Seller branding kept on the platform's tenant row (PLT-4): primary colour and default language.
 * The only writer of these columns; it drops the host cache so /brand.css and the layout
 * change on the next request in this process (other processes follow within the cache TTL).
 */
export const COLOUR_RE = /^#[0-9a-f]{6}$/;

export interface TenantBranding {
  primaryColor?: string | null;
  defaultLocale?: 'tr' | 'en';
}

export async function updateTenantBranding(rootDb: RootDb, resolver: HostResolver, tenantId: number, change: TenantBranding): Promise<void> {
  const set: { primary_color?: string | null; default_locale?: 'tr' | 'en'; updated_at: Date } = { updated_at: new Date() };
  if (change.primaryColor !== undefined) {
    const colour = change.primaryColor?.toLowerCase() ?? null;
    if (colour !== null && !COLOUR_RE.test(colour)) throw new Error(`invalid colour ${JSON.stringify(change.primaryColor)}`);
    set.primary_color = colour;
  }
  if (change.defaultLocale !== undefined) set.default_locale = change.defaultLocale;
  await rootDb.updateTable('tenants').set(set).where('id', '=', tenantId).execute();
  resolver.invalidate();
}
