import type { Kysely, KyselyPlugin } from 'kysely';
import { catalogPrices } from '../../src/catalog/dealer-prices.ts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { searchFacets, searchProducts } from '../../src/catalog/search.ts';
import type { TenantDb } from '../../src/db/types.ts';
import type { DealerPricing } from '../../src/pricing/context.ts';
import { dealerPricesBySql, paymentOptions, tierQuantities } from '../../src/pricing/dealer-price-sql.ts';
import { conversionNote, dayText, discountLabel, instalmentAmount, rateText } from '../../src/pricing/display.ts';
import { PricingError, resolvePrices } from '../../src/pricing/resolve.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * PRC-6 mirrored in SQL (src/pricing/dealer-price-sql.ts, the catalog's price facet and filter):
 * for EVERY product of a tenant with a rich pricing setup, for several dealers, days and
 * quantities, the SQL price equals resolvePrices' unitNet — or is null exactly where
 * resolvePrices throws 'missing_rate' for that product.
 */
const test = suite('PRC-6 dealer price SQL = resolvePrices');

type Db = Kysely<TenantDb>;
let db: Db;
let schema: string;
const id: Record<string, number> = {};
const products: number[] = [];

test.before(async () => {
  const A = await makeTenant({ name: 'Fiyat SQL A.Ş.' });
  db = A.db;
  schema = A.tenant.schema;
  const cat = async (slug: string, parent?: string) =>
    (id[slug] = (await db.insertInto('categories').values({ slug, name: slug, parent_id: parent ? id[parent]! : null }).returning('id').executeTakeFirstOrThrow()).id);
  await cat('tools');
  await cat('drills', 'tools');
  await cat('cordless', 'drills');
  await cat('paint');
  await cat('misc');
  for (const code of ['GOLD', 'SILVER']) id[code] = (await db.insertInto('dealer_segments').values({ code, name: code }).returning('id').executeTakeFirstOrThrow()).id;
  const dealer = async (k: string, seg: string | null, currency: string | null = null) =>
    (id[k] = (await db.insertInto('dealers').values({ code: k, company_name: k, segment_id: seg ? id[seg]! : null, invoice_currency: currency }).returning('id').executeTakeFirstOrThrow()).id);
  await dealer('gold', 'GOLD');
  await dealer('goldUsd', 'GOLD', 'USD');
  await dealer('silver', 'SILVER');
  await dealer('special', 'SILVER', 'EUR');
  await dealer('plain', null);

  // 120 products: currencies, VAT, categories, variants (some with their own entries).
  const cats = [id.tools, id.drills, id.cordless, id.paint, id.misc, null];
  const currencies = ['TRY', 'TRY', 'TRY', 'USD', 'EUR', 'TRY', 'TRY', 'USD'];
  for (let i = 0; i < 100; i++) {
    const row = await db
      .insertInto('products')
      .values({
        sku: `SQL-${i}`,
        name: `Ürün ${i}`,
        description: '',
        unit: 'adet',
        list_price: 1000 + ((i * 7919) % 50000) + (i % 3),
        currency: currencies[i % currencies.length]!,
        vat_rate: [20, 10, 1][i % 3]!,
        category_id: cats[i % cats.length] ?? null,
        stock_qty: 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    products.push(row.id);
    id[`p${i}`] = row.id;
  }
  for (let i = 0; i < 20; i++) {
    const parent = id[`p${i * 3}`]!;
    const row = await db
      .insertInto('products')
      .values({ sku: `SQL-V${i}`, name: `Varyant ${i}`, description: '', unit: 'adet', list_price: 2000 + i * 333, currency: i % 4 === 3 ? 'USD' : 'TRY', vat_rate: 20, parent_id: parent, category_id: i % 5 === 0 ? null : cats[i % 3]!, stock_qty: 5 })
      .returning('id')
      .executeTakeFirstOrThrow();
    products.push(row.id);
    id[`v${i}`] = row.id;
  }
  // One product in a currency without any rate: SQL null, resolvePrices 'missing_rate'.
  id.gbp = (await db.insertInto('products').values({ sku: 'SQL-GBP', name: 'Sterlin', description: '', unit: 'adet', list_price: 999, currency: 'GBP', vat_rate: 20, stock_qty: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  products.push(id.gbp);

  const list = async (k: string, v: { kind: 'segment' | 'dealer'; seg?: string; dealer?: string; currency: string; priority?: number; from?: string; to?: string | null; active?: boolean }) =>
    (id[k] = (
      await db
        .insertInto('price_lists')
        .values({ name: k, kind: v.kind, segment_id: v.seg ? id[v.seg]! : null, dealer_id: v.dealer ? id[v.dealer]! : null, currency: v.currency, priority: v.priority ?? 0, valid_from: v.from ?? '2026-01-01', valid_to: v.to ?? null, active: v.active ?? true })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id);
  const entry = (l: string, p: number, minQty: number, e: { price?: number; pct?: string }) =>
    db.insertInto('price_list_entries').values({ price_list_id: id[l]!, product_id: p, min_qty: minQty, price: e.price ?? null, percent_off: e.pct ?? null }).execute();

  await list('goldUsd', { kind: 'segment', seg: 'GOLD', currency: 'USD', priority: 1 });
  await list('goldTry', { kind: 'segment', seg: 'GOLD', currency: 'TRY' });
  await list('goldExpired', { kind: 'segment', seg: 'GOLD', currency: 'TRY', priority: 50, from: '2026-01-01', to: '2026-11-15' });
  await list('goldOff', { kind: 'segment', seg: 'GOLD', currency: 'TRY', priority: 60, active: false });
  await list('silverEur', { kind: 'segment', seg: 'SILVER', currency: 'EUR' });
  await list('specialTry', { kind: 'dealer', dealer: 'special', currency: 'TRY' });
  await list('goldDealer', { kind: 'dealer', dealer: 'gold', currency: 'TRY', priority: -1 });
  for (let i = 0; i < 100; i++) {
    const p = id[`p${i}`]!;
    if (i % 2 === 0) await entry('goldUsd', p, 1, { price: 100 + i * 37 });
    if (i % 4 === 0) await entry('goldUsd', p, 10, { pct: '12.50' });
    if (i % 6 === 1) await entry('goldUsd', p, 5, { price: 77 + i }); // only a tier: qty 1 falls through
    if (i % 3 === 0) await entry('goldTry', p, 1, { pct: '33.33' });
    if (i % 5 === 0) await entry('goldTry', p, 10, { price: 555 + i });
    if (i % 7 === 0) await entry('goldExpired', p, 1, { price: 1 });
    if (i % 9 === 0) await entry('goldOff', p, 1, { price: 2 });
    if (i % 2 === 1) await entry('silverEur', p, 1, { pct: String((i % 40) + 0.5) });
    if (i % 8 === 3) await entry('silverEur', p, 10, { price: 4321 + i });
    if (i % 5 === 2) await entry('specialTry', p, 1, { price: 777777 });
    if (i % 11 === 0) await entry('goldDealer', p, 1, { pct: '1.25' });
  }
  // Variants: some have their own entries (which then hide the parent's in that list), some only
  // a tier of their own (qty 1 skips that list entirely).
  for (let i = 0; i < 20; i++) {
    const v = id[`v${i}`]!;
    if (i % 3 === 0) await entry('goldUsd', v, 1, { price: 300 + i });
    if (i % 3 === 1) await entry('goldUsd', v, 10, { price: 200 + i });
    if (i % 4 === 0) await entry('silverEur', v, 1, { pct: '7.77' });
  }

  const campaign = async (
    k: string,
    v: { target: 'all' | 'segment' | 'dealers'; seg?: string; dealers?: string[]; scope: 'all' | 'products' | 'categories'; products?: number[]; categories?: string[]; pct?: string; amount?: number; currency?: string; minQty?: number; from?: string; to?: string; active?: boolean },
  ) => {
    const row = await db
      .insertInto('campaigns')
      .values({
        name: k,
        starts_at: v.from ?? '2026-11-01',
        ends_at: v.to ?? '2026-11-30',
        target: v.target,
        segment_id: v.seg ? id[v.seg]! : null,
        scope: v.scope,
        percent_off: v.pct ?? null,
        amount_off: v.amount ?? null,
        currency: v.amount ? (v.currency ?? 'TRY') : null,
        min_qty: v.minQty ?? 1,
        active: v.active ?? true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const d of v.dealers ?? []) await db.insertInto('campaign_dealers').values({ campaign_id: row.id, dealer_id: id[d]! }).execute();
    for (const p of v.products ?? []) await db.insertInto('campaign_products').values({ campaign_id: row.id, product_id: p }).execute();
    for (const c of v.categories ?? []) await db.insertInto('campaign_categories').values({ campaign_id: row.id, category_id: id[c]! }).execute();
  };
  const some = (f: (i: number) => boolean) => products.slice(0, 120).filter((_, i) => f(i));
  await campaign('drillsGold', { target: 'segment', seg: 'GOLD', scope: 'categories', categories: ['drills'], pct: '8' });
  await campaign('toolsAllAmount', { target: 'all', scope: 'categories', categories: ['tools'], amount: 250, currency: 'TRY' });
  await campaign('paintUsdAmount', { target: 'all', scope: 'categories', categories: ['paint'], amount: 3, currency: 'USD' });
  await campaign('productsAll', { target: 'all', scope: 'products', products: some((i) => i % 10 === 4 || i === 3), pct: '15' });
  await campaign('productsPlain', { target: 'dealers', dealers: ['plain', 'special'], scope: 'products', products: some((i) => i % 13 === 0), amount: 100000 });
  await campaign('bigQty', { target: 'all', scope: 'all', pct: '40', minQty: 10 });
  await campaign('october', { target: 'all', scope: 'all', pct: '90', from: '2026-10-01', to: '2026-10-31' });
  await campaign('inactive', { target: 'all', scope: 'all', pct: '95', active: false });
  await campaign('silverAll', { target: 'segment', seg: 'SILVER', scope: 'all', pct: '2.50' });
  await campaign('euroAmount', { target: 'segment', seg: 'SILVER', scope: 'products', products: some((i) => i % 6 === 5), amount: 50, currency: 'EUR' });

  // A week of rates with gaps: the latest day ≤ the pricing day counts.
  const rates: [string, string, string][] = [];
  for (let d = 17; d <= 23; d++) {
    if (d === 19) continue;
    rates.push(['USD', `2026-11-${d}`, (34 + d / 100).toFixed(8)]);
    if (d % 2) rates.push(['EUR', `2026-11-${d}`, (36.1 + d / 1000).toFixed(8)]);
  }
  rates.push(['USD', '2026-11-26', '99.12345678']);
  for (const [currency, rate_date, rate] of rates) await db.insertInto('exchange_rates').values({ currency, rate_date, rate }).execute();
});

test.after(closeTestDb);

function ctxOf(dealer: string, date: string, currency: string): DealerPricing {
  const seg = { gold: 'GOLD', goldUsd: 'GOLD', silver: 'SILVER', special: 'SILVER', plain: null }[dealer];
  return { dealerId: id[dealer]!, segmentId: seg ? id[seg]! : null, currency, baseCurrency: 'TRY', date };
}

/** resolvePrices per product set; products whose own resolution throws missing_rate map to null. */
async function viaResolve(ctx: DealerPricing, qty: number, ids: number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  const items = ids.map((productId) => ({ productId, qty }));
  const req = { dealerId: ctx.dealerId, date: ctx.date, currency: ctx.currency, baseCurrency: ctx.baseCurrency };
  try {
    for (const [k, v] of await resolvePrices(db, { ...req, items })) out.set(k, v.unitNet);
  } catch (e) {
    if (!(e instanceof PricingError) || e.code !== 'missing_rate') throw e;
    // One at a time, to know which products cannot be priced.
    for (const item of items) {
      try {
        out.set(item.productId, (await resolvePrices(db, { ...req, items: [item] })).get(item.productId)!.unitNet);
      } catch (e2) {
        if (!(e2 instanceof PricingError) || e2.code !== 'missing_rate') throw e2;
        out.set(item.productId, null);
      }
    }
  }
  return out;
}

const cases: [string, string, string, number][] = [
  ['gold', '2026-11-23', 'TRY', 1],
  ['gold', '2026-11-10', 'TRY', 1], // expired list still valid, no campaigns, rates of an older day missing
  ['gold', '2026-11-19', 'TRY', 1], // rate gap: the 18th's rates
  ['goldUsd', '2026-11-23', 'USD', 1],
  ['goldUsd', '2026-11-27', 'USD', 10],
  ['gold', '2026-11-23', 'TRY', 10],
  ['gold', '2026-11-23', 'TRY', 5],
  ['silver', '2026-11-21', 'TRY', 1],
  ['silver', '2026-11-22', 'EUR', 1], // cross rates EUR ↔ USD through TRY
  ['special', '2026-11-23', 'EUR', 1],
  ['special', '2026-11-23', 'EUR', 10],
  ['plain', '2026-11-23', 'TRY', 1],
  ['plain', '2026-10-15', 'TRY', 1],
];

for (const [dealer, date, currency, qty] of cases) {
  test(`every product: SQL price = resolvePrices for ${dealer} on ${date} in ${currency}, qty ${qty}`, async () => {
    const ctx = ctxOf(dealer, date, currency);
    const expected = await viaResolve(ctx, qty, products);
    const got = await dealerPricesBySql(db, schema, ctx, products.map((productId) => ({ productId, qty })));
    assert.is(got.size, products.length);
    const diffs = products.filter((p) => got.get(p) !== expected.get(p)).map((p) => `${p}: sql ${got.get(p)} ≠ resolve ${expected.get(p)}`);
    assert.equal(diffs, [], diffs.slice(0, 10).join('\n'));
    // The setup really exercises the rule: lists, campaigns, conversions, missing rates.
    assert.is(expected.get(id.gbp!), null);
    const distinct = new Set([...expected.values()]);
    assert.ok(distinct.size > 20, `only ${distinct.size} distinct prices`);
  });
}

test('the setup is rich: each dealer sees list, segment and dealer prices, campaigns and conversions', async () => {
  const ctx = ctxOf('gold', '2026-11-23', 'TRY');
  const m = await resolvePrices(db, { dealerId: ctx.dealerId, date: ctx.date, currency: 'TRY', items: products.filter((p) => p !== id.gbp).map((productId) => ({ productId, qty: 1 })) });
  const all = [...m.values()];
  assert.ok(all.some((r) => r.breakdown.base === 'segment_list' && r.breakdown.rate));
  assert.ok(all.some((r) => r.breakdown.base === 'dealer_list'));
  assert.ok(all.some((r) => r.breakdown.base === 'list'));
  assert.ok(all.some((r) => r.breakdown.campaign?.amountOff && r.breakdown.campaign.currency === 'USD'));
  assert.ok(all.some((r) => r.breakdown.campaign?.percentOff));
  assert.ok(all.some((r) => r.breakdown.tier && r.breakdown.tier.fromProductId !== r.productId), 'a variant priced by its parent entry');
});

test('the price facet and filter use the dealer price: range and matches agree with resolvePrices', async () => {
  const ctx = ctxOf('goldUsd', '2026-11-23', 'USD');
  const expected = await viaResolve(ctx, 1, products);
  const facets = await searchFacets(db, schema, { locale: 'tr', pricing: ctx });
  const prices = [...expected.values()].filter((v): v is number => v !== null);
  assert.equal(facets.price, { min: Math.min(...prices), max: Math.max(...prices) });
  const lo = 500;
  const hi = 2000;
  const want = products.filter((p) => {
    const v = expected.get(p);
    return v !== null && v !== undefined && v >= lo && v <= hi;
  });
  const filtered = await searchFacets(db, schema, { locale: 'tr', pricing: ctx, filters: { priceMin: lo, priceMax: hi } });
  assert.is(filtered.total, want.length);
  const page = await searchProducts(db, schema, { locale: 'tr', pricing: ctx, filters: { priceMin: lo, priceMax: hi }, limit: 200, offset: 0 });
  assert.equal(page.items.map((h) => h.id).sort((a, b) => a - b), [...want].sort((a, b) => a - b));
  assert.ok(want.length > 5 && want.length < products.length - 5, `${want.length} of ${products.length} in range`);
  // With a query too (the full-text path).
  const q = await searchProducts(db, schema, { q: 'ürün', locale: 'tr', pricing: ctx, filters: { priceMin: lo, priceMax: hi }, limit: 200, offset: 0 });
  assert.ok(q.items.length > 0 && q.items.every((h) => want.includes(h.id)));
});

test('tier quantities: entries of the dealer’s valid lists and running campaigns above the minimum', async () => {
  const ctx = ctxOf('gold', '2026-11-23', 'TRY');
  assert.equal(await tierQuantities(db, ctx, { id: id.p0!, parentId: null }, 1), [10]);
  assert.equal(await tierQuantities(db, ctx, { id: id.p1!, parentId: null }, 1), [5, 10]);
  assert.equal(await tierQuantities(db, ctx, { id: id.p0!, parentId: null }, 10), []);
  assert.equal(await tierQuantities(db, ctxOf('plain', '2026-10-15', 'TRY'), { id: id.p0!, parentId: null }, 1), []);
});

test('payment options: the list’s own rows win over the defaults; without rows nothing', async () => {
  assert.equal(await paymentOptions(db, id.goldTry!), []);
  await db.insertInto('payment_adjustments').values([
    { price_list_id: null, method: 'wire', installments: null, percent: '-3' },
    { price_list_id: null, method: 'installments', installments: 6, percent: '9.5' },
    { price_list_id: null, method: 'card', installments: null, percent: '0' },
    { price_list_id: id.goldTry!, method: 'wire', installments: null, percent: '-5' },
  ]).execute();
  const own = await paymentOptions(db, id.goldTry!);
  assert.equal(own.map((o) => [o.method, o.installments, Number(o.percent)]), [['wire', null, -5], ['card', null, 0], ['installments', 6, 9.5]]);
  const def = await paymentOptions(db, null);
  assert.equal(def.map((o) => [o.method, Number(o.percent)]), [['wire', -3], ['card', 0], ['installments', 9.5]]);
  await db.deleteFrom('payment_adjustments').execute();
});

function counting(d: Db) {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (a) => a.node,
    transformResult: async (a) => {
      n++;
      return a.result;
    },
  };
  return { db: d.withPlugin(plugin), count: () => n };
}

test('catalog pages: prices for 48 products cost the same bounded queries as for 2; a missing rate costs two more at most', async () => {
  const ctx = ctxOf('gold', '2026-11-23', 'TRY');
  const priced = products.filter((p) => p !== id.gbp);
  const rows = await db.selectFrom('products').select(['id', 'list_price', 'currency', 'vat_rate', 'min_order_qty']).where('id', 'in', priced).execute();
  const few = counting(db);
  const m2 = await catalogPrices(few.db, schema, ctx, rows.slice(0, 2));
  const many = counting(db);
  const m48 = await catalogPrices(many.db, schema, ctx, rows.slice(0, 48));
  assert.is(m2.size, 2);
  assert.is(m48.size, 48);
  assert.ok([...m48.values()].every((p) => p.kind === 'dealer'));
  assert.ok(many.count() <= 10, `${many.count()} queries for 48 products`);
  assert.ok(many.count() <= few.count() + 2, `${few.count()} → ${many.count()}`);
  // One product without a rate: the others keep their dealer price, that one falls back.
  const gbp = await db.selectFrom('products').select(['id', 'list_price', 'currency', 'vat_rate', 'min_order_qty']).where('id', '=', id.gbp!).executeTakeFirstOrThrow();
  const withGbp = counting(db);
  const warnings: unknown[] = [];
  const mixed = await catalogPrices(withGbp.db, schema, ctx, [...rows.slice(0, 47), gbp], { warn: (o: unknown) => warnings.push(o) });
  assert.is(mixed.get(id.gbp!)?.kind, 'list');
  assert.equal((mixed.get(id.gbp!) as { rateMissing?: boolean }).rateMissing, true);
  assert.is([...mixed.values()].filter((p) => p.kind === 'dealer').length, 47);
  assert.is(warnings.length, 1, 'a warning is logged');
  assert.ok(withGbp.count() <= 2 * many.count() + 2, `${withGbp.count()} queries with a missing rate`);
});

test('display helpers: discount next to the base price, exact rate text, conversion notes, instalments', async () => {
  assert.is(discountLabel(10000, 8800, 'en'), '−12%');
  assert.is(discountLabel(10000, 8800, 'tr'), '−%12');
  assert.is(discountLabel(88890, 73370, 'tr'), '−%17,5');
  assert.is(discountLabel(1000, 1000, 'en'), null);
  assert.is(discountLabel(1000, 1100, 'en'), null, 'a higher price is not a discount');
  assert.is(discountLabel(0, 0, 'en'), null);
  assert.is(rateText('34.12340000', 'tr'), '34,1234');
  assert.is(rateText('1234.50000000', 'en'), '1,234.5');
  assert.is(rateText('35.00000000', 'en'), '35');
  assert.is(dayText('2026-11-20', 'tr'), '20.11.2026');
  assert.is(instalmentAmount(9664, 6), 1611);
  const money = (m: number, c: string) => `${c} ${(m / 100).toFixed(2)}`;
  const ctx = ctxOf('gold', '2026-11-23', 'TRY');
  const m = await resolvePrices(db, { dealerId: ctx.dealerId, date: ctx.date, currency: 'TRY', items: [{ productId: id.p2!, qty: 1 }] });
  const r = m.get(id.p2!)!;
  assert.ok(r.breakdown.rate, 'p2 comes from the USD list');
  assert.match(conversionNote(r, money, 'en')!, /^USD \d+\.\d\d × 34\.23 \(23\/11\/2026\)$/);
  const usd = await resolvePrices(db, { dealerId: ctx.dealerId, date: ctx.date, currency: 'USD', items: [{ productId: id.p1!, qty: 1 }] });
  assert.match(conversionNote(usd.get(id.p1!)!, money, 'en')!, /^TRY \d+\.\d\d ÷ 34\.23 \(23\/11\/2026\)$/);
  const eur = await resolvePrices(db, { dealerId: ctx.dealerId, date: ctx.date, currency: 'EUR', items: [{ productId: id.p2!, qty: 1 }] });
  assert.match(conversionNote(eur.get(id.p2!)!, money, 'en')!, /^USD \d+\.\d\d × 34\.23 \(23\/11\/2026\) ÷ 36\.123 \(23\/11\/2026\)$/);
});

test.run();
