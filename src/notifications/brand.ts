import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { tenantHost, type Tenant } from '../tenancy/tenant.ts';
import type { AppEnv } from '../web/env.ts';
import type { Brand } from './templates.ts';
import { cachedSetting } from '../settings/cache.ts';

/** Links in mails are built from the tenant's configured host, never from the request's Host header. */
export function portalUrl(config: Config, tenant: Tenant): string {
  return `${config.PUBLIC_SCHEME}://${tenantHost(tenant, config.BASE_DOMAIN, config.PUBLIC_SCHEME === 'http' ? config.PORT : undefined)}/`;
}

export function brandFor(config: Config, tenant: Tenant): Brand {
  return { sellerName: tenant.name, primaryColor: tenant.primaryColor, portalUrl: portalUrl(config, tenant) };
}

export function brandOf(c: Context<AppEnv>): Brand {
  return brandFor(c.var.deps.config, c.var.tenant);
}

/** The brand with the seller's contact details for the mail footer (the cached setting the page footer uses too). */
export async function loadBrand(c: Context<AppEnv>): Promise<Brand> {
  const contact = await cachedSetting(c.var.db, c.var.tenant.id, 'contact');
  const any = contact.phone || contact.email || contact.address || contact.website;
  return { ...brandOf(c), ...(any ? { contact } : {}) };
}
