import type { Selectable } from 'kysely';
import type { TenantsTable } from '../db/types.ts';

/** What request handlers and jobs know about the current tenant. */
export interface Tenant {
  id: number;
  slug: string;
  schema: string;
  name: string;
  status: 'provisioning' | 'active' | 'suspended';
  defaultLocale: 'tr' | 'en';
  timeZone: string;
  primaryColor: string | null;
  customDomain: string | null;
}

export function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    schema: row.schema_name,
    name: row.display_name,
    status: row.status,
    defaultLocale: row.default_locale,
    timeZone: row.time_zone,
    primaryColor: row.primary_color,
    customDomain: row.custom_domain_verified ? row.custom_domain : null,
  };
}

/** The host a tenant is reached at: its verified custom domain, else `<slug>.<base domain>`. */
export function tenantHost(tenant: Pick<Tenant, 'slug' | 'customDomain'>, baseDomain: string, port?: number): string {
  const host = tenant.customDomain ?? `${tenant.slug}.${baseDomain}`;
  return port && port !== 80 && port !== 443 ? `${host}:${port}` : host;
}
