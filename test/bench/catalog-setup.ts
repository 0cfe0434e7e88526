/**
 * Bench data for the catalog HTTP bench (CAT-5/CAT-6, test/bench/catalog-http.ts): one bench
 * tenant `bench-cat` with BENCH_CAT_PRODUCTS (20,000) Turkish products and BENCH_CAT_TENANTS (50)
 * other tenants `bench-cat-NN` with BENCH_CAT_OTHER_PRODUCTS (2,000) each, alternating Turkish and
 * English/Norwegian catalogues. Every product gets the demo catalog structure (categories,
 * attributes, brands, barcodes, variants) and 3 image rows. Made once in the bench database
 * (settings.ts) and reused by later runs: only what is missing is made, so a run spends its
 * time measuring. Each tenant also gets a dealer buyer with fresh sessions for the load.
 *
 * Dealer prices (issue 5): the bench tenant's dealer is in segment BENCH-GOLD, which has a USD
 * price list over a third of the catalog (fixed prices with a tier from 10, percent entries on
 * another sixth), a 10 % campaign on one top-level category, and a week of USD/EUR rates up to
 * today — so every catalog route prices through resolvePrices and the SQL mirror with conversion.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createSession } from '../../src/auth/sessions.ts';
import { createDealerUser } from '../../src/auth/users.ts';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.ts';
import { migrateTenantSchema } from '../../src/db/migrate.ts';
import type { RootDb } from '../../src/db/pool.ts';
import type { TenantDb } from '../../src/db/types.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { acmeCatalog, nordicCatalog, type DemoProduct } from '../../src/platform/demo-data.ts';
import { provisionTenant } from '../../src/tenancy/provision.ts';
import { assertSchemaName } from '../../src/tenancy/schema-name.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { pricingDay } from '../../src/pricing/resolve.ts';
import { mapLimit } from './setup.ts';

export const MAIN_SLUG = 'bench-cat';
export const otherSlug = (i: number) => `bench-cat-${String(i + 1).padStart(2, '0')}`;

export interface CatalogBenchTenant {
  slug: string;
  name: string;
  schema: string;
  locale: Locale;
  products: number;
  /** `kv_session=…` of a signed-in dealer buyer (fresh each run). */
  cookies: string[];
}

const SERIES_TR = ['', 'Pro', 'Eko', 'Plus', 'Max', 'Mini', 'Slim', 'Endüstriyel', 'Profesyonel', 'Ultra', 'Kompakt', 'Güçlendirilmiş', 'Şantiye'];
const SERIES_EN = ['', 'Pro', 'Basic', 'Plus', 'Max', 'Mini', 'Slim', 'Industrial', 'Heavy Duty', 'Ultra', 'Compact', 'Marine', 'Site'];

/**
 * `n` products: the demo catalogue repeated with model series in the name ("Paslanmaz Vida
 * M4x20 Endüstriyel 107") and a series number in the SKU suffix, which the demo enrichment
 * (src/catalog/demo-catalog.ts) reads for brands, lead times and variant families.
 */
export function benchCatalogProducts(locale: Locale, n: number): DemoProduct[] {
  const base = locale === 'tr' ? acmeCatalog() : nordicCatalog();
  const perRound = locale === 'tr' ? 3 : 2;
  const labels = locale === 'tr' ? SERIES_TR : SERIES_EN;
  const out: DemoProduct[] = [];
  for (let r = 0; out.length < n; r++) {
    for (const p of base) {
      if (out.length >= n) break;
      const m = /^(.*)-(\d+)$/.exec(p.sku)!;
      const series = Number(m[2]) + perRound * r;
      const label = r === 0 ? '' : `${labels[r % labels.length]} ${100 + r}`;
      out.push({ ...p, sku: `${m[1]}-${series}`, name: `${p.name} ${label}`.trim(), stock_qty: (p.stock_qty * (r + 1)) % 500, list_price: p.list_price + r * 37 });
    }
  }
  return out;
}

async function productCount(db: Kysely<TenantDb>): Promise<number> {
  const { n } = await db.selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** Provisions (or finds) one tenant and fills it; an incomplete tenant from a crashed run is started over. */
async function ensureTenant(root: RootDb, slug: string, name: string, locale: Locale, n: number): Promise<{ schema: string; seeded: boolean }> {
  const row = await root.selectFrom('tenants').select(['id', 'schema_name', 'status']).where('slug', '=', slug).executeTakeFirst();
  if (row && row.status === 'active') {
    await migrateTenantSchema(root, row.schema_name);
    const db = tenantDb(root, row.schema_name) as Kysely<TenantDb>;
    const images = await db.selectFrom('product_images').select('id').limit(1).executeTakeFirst();
    if ((await productCount(db)) === n && images) return { schema: row.schema_name, seeded: false };
  }
  if (row) {
    await sql`drop schema if exists ${sql.id(assertSchemaName(row.schema_name))} cascade`.execute(root);
    await root.deleteFrom('tenants').where('id', '=', row.id).execute();
  }
  const tenant = await provisionTenant(root, { slug, name, defaultLocale: locale });
  const db = tenantDb(root, tenant.schema) as Kysely<TenantDb>;
  const rows = benchCatalogProducts(locale, n);
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('products').values(rows.slice(i, i + 1000)).execute();
  await seedDemoCatalog(db, locale);
  // Three image rows per product (storage keys only: the bench reads rows, not files).
  await sql`
    insert into ${sql.id(tenant.schema, 'product_images')} (product_id, storage_key, alt, width, height, position)
    select p.id, 'bench/' || p.id || '-' || k || '.webp', p.name, 1200, 900, k
    from ${sql.id(tenant.schema, 'products')} p cross join generate_series(0, 2) k`.execute(db);
  for (const table of ['products', 'product_attribute_values', 'product_images', 'categories', 'attribute_definitions']) {
    await sql`analyze ${sql.id(tenant.schema, table)}`.execute(db);
  }
  return { schema: tenant.schema, seeded: true };
}

/** A dealer with one buyer per tenant (made once) and `sessions` fresh sessions for this run. */
async function dealerSessions(db: Kysely<TenantDb>, sessions: number): Promise<string[]> {
  const code = BENCH_DEALER_CODE;
  const dealer =
    (await db.selectFrom('dealers').select('id').where('code', '=', code).executeTakeFirst()) ??
    (await db.insertInto('dealers').values({ code, company_name: 'Bench Bayi Hırdavat Ltd.' }).returning('id').executeTakeFirstOrThrow());
  const email = 'alici@bench-cat.example';
  const user =
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) ??
    (await createDealerUser(db, { dealerId: dealer.id, email, name: 'Bench Alıcı', role: 'buyer', passwordHash: `unused-${randomBytes(8).toString('hex')}` }));
  // Earlier runs' sessions would only pile up.
  await db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  const out: string[] = [];
  for (let i = 0; i < sessions; i++) out.push(`kv_session=${(await createSession(db, user.id, { twoFactorVerified: true })).token}`);
  return out;
}

export const BENCH_DEALER_CODE = 'BENCHCAT';
export const BENCH_SEGMENT_CODE = 'BENCH-GOLD';

/** The bench dealer's segment, USD list, campaign and rates (made once; rates topped up to today). */
export async function ensureBenchPricing(db: Kysely<TenantDb>, schema: string): Promise<{ dealerId: number; segmentId: number; entries: number }> {
  const s = assertSchemaName(schema);
  const dealer = await db.selectFrom('dealers').select('id').where('code', '=', BENCH_DEALER_CODE).executeTakeFirstOrThrow();
  const segment =
    (await db.selectFrom('dealer_segments').select('id').where('code', '=', BENCH_SEGMENT_CODE).executeTakeFirst()) ??
    (await db.insertInto('dealer_segments').values({ code: BENCH_SEGMENT_CODE, name: 'Bench Gold' }).returning('id').executeTakeFirstOrThrow());
  await db.updateTable('dealers').set({ segment_id: segment.id }).where('id', '=', dealer.id).execute();
  let list = await db.selectFrom('price_lists').select('id').where('name', '=', 'Bench Gold USD').executeTakeFirst();
  if (!list) {
    list = await db
      .insertInto('price_lists')
      .values({ name: 'Bench Gold USD', kind: 'segment', segment_id: segment.id, currency: 'USD', valid_from: '2020-01-01', priority: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A third of the catalog at a fixed USD price (about the list price at 34 TRY/USD, minus 8 %)
    // with a tier from 10; another sixth 7.5 % off the list price.
    await sql`
      insert into ${sql.id(s, 'price_list_entries')} (price_list_id, product_id, min_qty, price, percent_off)
      select ${list.id}, p.id, t.min_qty, case when p.id % 3 = 0 then greatest(1, round(p.list_price / 34.0 * t.f))::bigint end,
             case when p.id % 3 <> 0 then 7.5 end
      from ${sql.id(s, 'products')} p
      cross join (values (1, 0.92), (10, 0.85)) as t(min_qty, f)
      where p.id % 3 = 0 or (p.id % 6 = 1 and t.min_qty = 1)`.execute(db);
    const top = await db.selectFrom('categories').select('id').where('parent_id', 'is', null).orderBy('position').orderBy('id').executeTakeFirst();
    const camp = await db
      .insertInto('campaigns')
      .values({ name: 'Bench Kış Kampanyası', starts_at: '2020-01-01', ends_at: '2099-12-31', target: 'segment', segment_id: segment.id, scope: top ? 'categories' : 'all', percent_off: '10' })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (top) await db.insertInto('campaign_categories').values({ campaign_id: camp.id, category_id: top.id }).execute();
  }
  const today = Date.parse(`${pricingDay(new Date(), 'Europe/Istanbul')}T00:00:00Z`);
  const rates = Array.from({ length: 7 }, (_, k) => new Date(today - k * 86400_000).toISOString().slice(0, 10)).flatMap((day, k) => [
    { currency: 'USD', rate_date: day, rate: (34 + k / 10).toFixed(4) },
    { currency: 'EUR', rate_date: day, rate: (36.5 + k / 10).toFixed(4) },
  ]);
  await db.insertInto('exchange_rates').values(rates).onConflict((oc) => oc.doNothing()).execute();
  for (const table of ['price_lists', 'price_list_entries', 'campaigns', 'campaign_categories', 'exchange_rates', 'dealers']) await sql`analyze ${sql.id(s, table)}`.execute(db);
  const { n } = await db.selectFrom('price_list_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('price_list_id', '=', list.id).executeTakeFirstOrThrow();
  return { dealerId: dealer.id, segmentId: segment.id, entries: Number(n) };
}

export async function ensureCatalogBench(
  root: RootDb,
  opts: { products: number; tenants: number; otherProducts: number; concurrency: number; sessions: number },
): Promise<{ main: CatalogBenchTenant; others: CatalogBenchTenant[]; seeded: number; ms: number; pricing: { dealerId: number; segmentId: number; entries: number } }> {
  const started = performance.now();
  let seeded = 0;
  const m = await ensureTenant(root, MAIN_SLUG, 'Bench Katalog Yapı Market A.Ş.', 'tr', opts.products);
  if (m.seeded) seeded++;
  const main: CatalogBenchTenant = {
    slug: MAIN_SLUG,
    name: 'Bench Katalog Yapı Market A.Ş.',
    schema: m.schema,
    locale: 'tr',
    products: opts.products,
    cookies: await dealerSessions(tenantDb(root, m.schema) as Kysely<TenantDb>, opts.sessions),
  };
  const pricing = await ensureBenchPricing(tenantDb(root, m.schema) as Kysely<TenantDb>, m.schema);
  const others = await mapLimit(
    Array.from({ length: opts.tenants }, (_, i) => i),
    opts.concurrency,
    async (i): Promise<CatalogBenchTenant> => {
      const locale: Locale = i % 2 ? 'en' : 'tr';
      const name = locale === 'tr' ? `Bench Satıcı ${i + 1} Ticaret A.Ş.` : `Bench Supplier ${i + 1} AS`;
      const t = await ensureTenant(root, otherSlug(i), name, locale, opts.otherProducts);
      if (t.seeded) seeded++;
      const cookies = await dealerSessions(tenantDb(root, t.schema) as Kysely<TenantDb>, 1);
      return { slug: otherSlug(i), name, schema: t.schema, locale, products: opts.otherProducts, cookies };
    },
  );
  return { main, others, seeded, ms: performance.now() - started, pricing };
}
