import type { RootDb } from '../db/pool.ts';
import type { Config } from '../config.ts';
import { brandFor } from '../notifications/brand.ts';
import { queueNotification } from '../notifications/queries.ts';
import { provisionTenant } from '../tenancy/provision.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { tenantDb } from '../tenancy/with-tenant.ts';
import { acmeCatalog, nordicCatalog, type DemoProduct } from './demo-data.ts';
import { DEMO_IDENTITIES, DEMO_PASSWORD, seedDemoIdentity } from './demo-identity.ts';
import { diskStorage } from '../dealers/storage.ts';
import { insertDemoCatalog, seedDemoMedia } from '../catalog/demo-catalog.ts';
import { openTotpSecret } from '../auth/totp.ts';
import { toTenant } from '../tenancy/tenant.ts';
import { seedDemoPricing } from '../pricing/demo-pricing.ts';
import { seedDemoOrders } from '../orders/demo-orders.ts';

export interface DemoSeller {
  slug: string;
  name: string;
  locale: 'tr' | 'en';
  timeZone: string;
  colour: string;
  owner: { name: string; email: string };
  catalog: () => DemoProduct[];
}

export const DEMO_SELLERS: DemoSeller[] = [
  { slug: 'acme', name: 'Acme Yapı Market A.Ş.', locale: 'tr', timeZone: 'Europe/Istanbul', colour: '#b4451f', owner: { name: 'Ayşe Yılmaz', email: 'ayse@acme.example' }, catalog: acmeCatalog },
  { slug: 'nordic', name: 'Nordic Verktøy AS', locale: 'en', timeZone: 'Europe/Oslo', colour: '#1f5f8b', owner: { name: 'Ingrid Hansen', email: 'ingrid@nordic.example' }, catalog: nordicCatalog },
];

/**
 * Provisions the demo sellers that do not exist yet and gives every demo seller its demo people
 * (once: a seller that has users is left alone). Safe to run again.
 */
export async function seedDemo(rootDb: RootDb, config: Config, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const created: string[] = [];
  for (const s of DEMO_SELLERS) {
    const exists = await rootDb.selectFrom('tenants').selectAll().where('slug', '=', s.slug).executeTakeFirst();
    if (exists) {
      await seedPeople(rootDb, config, toTenant(exists), s, log);
      continue;
    }
    const tenant = await provisionTenant(rootDb, { slug: s.slug, name: s.name, defaultLocale: s.locale, timeZone: s.timeZone });
    await rootDb.updateTable('tenants').set({ primary_color: s.colour }).where('id', '=', tenant.id).execute();
    const db = tenantDb(rootDb, tenant.schema);
    const products = s.catalog();
    const catalogStarted = performance.now();
    await db.transaction().execute(async (trx) => {
      // A few thousand products, enriched, in a handful of multi-row inserts.
      await insertDemoCatalog(trx, s.locale, products, { schema: tenant.schema });
      await queueNotification(trx, brandFor(config, { ...tenant, primaryColor: s.colour }), {
        template: 'portal-ready',
        locale: s.locale,
        to: s.owner.email,
        payload: { ownerName: s.owner.name },
      });
    });
    created.push(s.slug);
    log(`provisioned demo seller ${s.slug} (${s.name}) with ${products.length} products (catalog ${Math.round(performance.now() - catalogStarted)} ms)`);
    const media = await seedDemoMedia(db, { tenantId: tenant.id, dataDir: config.DATA_DIR, locale: s.locale, sellerName: s.name });
    log(`demo media for ${s.slug}: ${media.images} images on ${media.productsWithImages} products, ${media.documents} spec sheets, ${media.hidden} hidden products (${media.ms.total} ms: tiles ${media.ms.tiles}, files ${media.ms.files}, PDFs ${media.ms.pdfs})${media.note ? `; ${media.note}` : ''}`);
    await seedPeople(rootDb, config, { ...tenant, primaryColor: s.colour }, s, log);
  }
  return created;
}

async function seedPeople(rootDb: RootDb, config: Config, tenant: Tenant, s: DemoSeller, log: (msg: string) => void): Promise<void> {
  const spec = DEMO_IDENTITIES[s.slug];
  if (!spec) return;
  const db = tenantDb(rootDb, tenant.schema);
  const ctx = { slug: s.slug, schema: tenant.schema, tenantId: tenant.id, brand: brandFor(config, tenant), sessionSecret: config.SESSION_SECRET, storage: diskStorage(config.DATA_DIR) };
  const logins = await db.transaction().execute((trx) => seedDemoIdentity(trx, ctx, spec));
  if (logins.length) log(`demo people for ${s.slug}: ${logins.length} users`);
  const pricingStarted = performance.now();
  const pricing = await seedDemoPricing(db, { slug: s.slug, timeZone: tenant.timeZone });
  if (pricing?.seeded) for (const line of pricing.lines) log(`demo pricing for ${s.slug}: ${line}`);
  if (pricing?.seeded) log(`demo pricing for ${s.slug} seeded in ${Math.round(performance.now() - pricingStarted)} ms`);
  const ordersStarted = performance.now();
  const orders = await seedDemoOrders(db, { tenantId: tenant.id, timeZone: tenant.timeZone, locale: s.locale });
  if (orders.seeded) for (const line of orders.lines) log(`demo orders for ${s.slug}: ${line}`);
  if (orders.seeded) log(`demo orders for ${s.slug} seeded in ${Math.round(performance.now() - ordersStarted)} ms`);
}

/** Demo sign-ins to print at start-up: every active user of the demo sellers (they share DEMO_PASSWORD). */
export async function demoLogins(rootDb: RootDb, config: Config): Promise<Array<{ slug: string; lines: string[] }>> {
  const out: Array<{ slug: string; lines: string[] }> = [];
  for (const s of DEMO_SELLERS) {
    const t = await rootDb.selectFrom('tenants').selectAll().where('slug', '=', s.slug).where('status', '=', 'active').executeTakeFirst();
    if (!t) continue;
    const rows = await tenantDb(rootDb, toTenant(t).schema)
      .selectFrom('users as u')
      .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
      .select(['u.kind', 'u.email', 'u.role', 'd.code', 'u.totp_secret'])
      .where('u.status', '=', 'active')
      .orderBy('u.kind', 'desc')
      .orderBy('u.id')
      .limit(40)
      .execute();
    const secretOf = (sealed: string | null) => {
      if (!sealed) return '';
      try {
        return `  TOTP ${openTotpSecret(sealed, config.SESSION_SECRET)}`;
      } catch {
        return '  TOTP (sealed with another SESSION_SECRET)';
      }
    };
    out.push({
      slug: s.slug,
      lines: rows.map((r) =>
        r.kind === 'staff'
          ? `staff   ${r.email.padEnd(30)} ${r.role.padEnd(16)}${secretOf(r.totp_secret)}`
          : `dealer  ${(r.code ?? '').padEnd(9)} ${r.email.padEnd(30)} ${r.role.padEnd(13)}${secretOf(r.totp_secret)}`,
      ),
    });
  }
  return out;
}

export { DEMO_PASSWORD };
