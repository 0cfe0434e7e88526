import type { RootDb } from '../db/pool.ts';
import type { Config } from '../config.ts';
import { brandFor } from '../notifications/brand.ts';
import { queueNotification } from '../notifications/queries.ts';
import { provisionTenant } from '../tenancy/provision.ts';
import { tenantDb } from '../tenancy/with-tenant.ts';
import { acmeCatalog, nordicCatalog, type DemoProduct } from './demo-data.ts';

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

/** Provisions the demo sellers that do not exist yet. Safe to run again: existing sellers are left alone. */
export async function seedDemo(rootDb: RootDb, config: Config, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const created: string[] = [];
  for (const s of DEMO_SELLERS) {
    const exists = await rootDb.selectFrom('tenants').select('id').where('slug', '=', s.slug).executeTakeFirst();
    if (exists) continue;
    const tenant = await provisionTenant(rootDb, { slug: s.slug, name: s.name, defaultLocale: s.locale, timeZone: s.timeZone });
    await rootDb.updateTable('tenants').set({ primary_color: s.colour }).where('id', '=', tenant.id).execute();
    const db = tenantDb(rootDb, tenant.schema);
    const products = s.catalog();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < products.length; i += 500) await trx.insertInto('products').values(products.slice(i, i + 500)).execute();
      await queueNotification(trx, brandFor(config, { ...tenant, primaryColor: s.colour }), {
        template: 'portal-ready',
        locale: s.locale,
        to: s.owner.email,
        payload: { ownerName: s.owner.name },
      });
    });
    created.push(s.slug);
    log(`provisioned demo seller ${s.slug} (${s.name}) with ${products.length} products`);
  }
  return created;
}
