import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { insertDemoCatalog } from '../../src/catalog/demo-catalog.ts';
import { acmeCatalog, nordicCatalog } from '../../src/platform/demo-data.ts';
import { addDays, DEMO_GOLD_PRODUCTS, DEMO_PRICING, DEMO_RATE_DAYS, DEMO_SILVER_PRODUCTS, seedDemoPricing } from '../../src/pricing/demo-pricing.ts';
import { pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { getSetting } from '../../src/settings/settings.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * Issue 5 demo: the demo sellers' pricing (segments, USD and second-currency lists with tiers,
 * campaigns, payment adjustments, a week of rates) on a tenant with the real demo catalogue.
 */
const test = suite('PRC demo pricing seed');

test.after(async () => {
  await closeTestDb();
});

type T = Awaited<ReturnType<typeof makeTenant>>;

async function demoSeller(slug: 'acme' | 'nordic') {
  const locale = slug === 'acme' ? 'tr' : 'en';
  const s = await makeTenant({ defaultLocale: locale, timeZone: slug === 'acme' ? 'Europe/Istanbul' : 'Europe/Oslo' });
  await insertDemoCatalog(s.db, locale, slug === 'acme' ? acmeCatalog() : nordicCatalog(), { schema: s.tenant.schema });
  const plan = DEMO_PRICING[slug]!;
  const prefix = plan.gold.replace(/1001$/, '');
  const gold = await build.dealer(s.db, { code: plan.gold });
  const silver = await build.dealer(s.db, { code: plan.silver });
  const plain = await build.dealer(s.db, { code: `${prefix}1003` });
  return { ...s, plan, gold, silver, plain, today: pricingDay(new Date(), s.tenant.timeZone) };
}

const counts = async (s: T) => {
  const n = async (table: 'dealer_segments' | 'price_lists' | 'price_list_entries' | 'campaigns' | 'campaign_categories' | 'payment_adjustments' | 'exchange_rates') =>
    Number((await s.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    segments: await n('dealer_segments'),
    lists: await n('price_lists'),
    entries: await n('price_list_entries'),
    campaigns: await n('campaigns'),
    campaignCategories: await n('campaign_categories'),
    payment: await n('payment_adjustments'),
    rates: await n('exchange_rates'),
  };
};

test('acme: segments, dealers spread over them, lists with tiers, campaigns, payment terms, a week of rates — and a second run changes nothing', async () => {
  const s = await demoSeller('acme');
  const started = performance.now();
  const res = await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  const ms = Math.round(performance.now() - started);
  assert.ok(res?.seeded);
  console.log(`    acme demo pricing seeded in ${ms} ms`);
  assert.ok(res!.lines.some((l) => l.startsWith(`Gold = ${s.plan.gold}`)), 'the log says who is Gold');
  assert.ok(res!.lines.some((l) => l.startsWith(`Silver = ${s.plan.silver}`)));
  assert.ok(res!.lines.some((l) => l.includes(`without a segment (list prices): ${s.plain.code}`)));
  const c = await counts(s);
  assert.equal(c, { segments: 3, lists: 2, entries: DEMO_GOLD_PRODUCTS * 3 + DEMO_SILVER_PRODUCTS, campaigns: 2, campaignCategories: 2, payment: 8, rates: DEMO_RATE_DAYS * 2 });

  const segOf = async (id: number) =>
    s.db.selectFrom('dealers').leftJoin('dealer_segments as g', 'g.id', 'dealers.segment_id').select(['g.code', 'dealers.invoice_currency']).where('dealers.id', '=', id).executeTakeFirstOrThrow();
  assert.equal(await segOf(s.gold.id), { code: 'GOLD', invoice_currency: null });
  assert.equal(await segOf(s.silver.id), { code: 'SILVER', invoice_currency: 'EUR' });
  assert.equal(await segOf(s.plain.id), { code: null, invoice_currency: null });

  const lists = await s.db.selectFrom('price_lists').select(['currency', 'kind']).orderBy('id').execute();
  assert.equal(lists.map((l) => l.currency), ['USD', 'EUR']);
  const camps = await s.db.selectFrom('campaigns').select([(eb) => eb.cast<string>('starts_at', 'text').as('from'), (eb) => eb.cast<string>('ends_at', 'text').as('to'), 'target']).orderBy('id').execute();
  assert.ok(camps[0]!.from <= s.today && camps[0]!.to === addDays(s.today, 14) && camps[0]!.target === 'all', 'one running for everybody, ending in two weeks');
  assert.ok(camps[1]!.from > s.today && camps[1]!.target === 'segment', 'one scheduled');
  const rates = await s.db.selectFrom('exchange_rates').select(['currency', (eb) => eb.cast<string>('rate', 'text').as('rate'), (eb) => eb.cast<string>('rate_date', 'text').as('date')]).execute();
  for (const r of rates) {
    const v = Number(r.rate);
    assert.ok(r.currency === 'USD' ? v > 34 && v < 35 : v > 36 && v < 37.5, `${r.currency} ${r.rate} plausible`);
    assert.ok(r.date <= s.today && r.date > addDays(s.today, -DEMO_RATE_DAYS));
  }
  assert.ok(new Set(rates.filter((r) => r.currency === 'USD').map((r) => r.rate)).size > 3, 'rates vary day to day');

  const again = await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  assert.equal(again, { seeded: false, ratesAdded: 0, lines: [] });
  assert.equal(await counts(s), c, 'idempotent');
  // A rate a person changed survives a restart (top-up never overwrites).
  await s.db.updateTable('exchange_rates').set({ rate: '35.5' }).where('currency', '=', 'USD').where(sql<boolean>`rate_date = ${s.today}::date`).execute();
  await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  const kept = await s.db.selectFrom('exchange_rates').select((eb) => eb.cast<string>('rate', 'text').as('rate')).where('currency', '=', 'USD').where(sql<boolean>`rate_date = ${s.today}::date`).executeTakeFirstOrThrow();
  assert.is(kept.rate, '35.50000000');
});

test('acme: a Gold dealer pays the converted USD list price (with tiers), a dealer without segment the list price, Silver in EUR', async () => {
  const s = await demoSeller('acme');
  await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  // A Gold-listed product outside the campaign category, so only the list differs.
  const campaignCat = await s.db.selectFrom('campaign_categories').select('category_id').execute();
  const entry = await s.db
    .selectFrom('price_list_entries as e')
    .innerJoin('price_lists as l', 'l.id', 'e.price_list_id')
    .innerJoin('products as p', 'p.id', 'e.product_id')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select(['e.product_id', 'p.list_price'])
    .where('l.currency', '=', 'USD')
    .where('e.min_qty', '=', 1)
    .where((eb) => eb.or([eb('c.parent_id', 'is', null), eb('c.parent_id', 'not in', campaignCat.map((x) => x.category_id))]))
    .orderBy('e.product_id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const price = (dealerId: number, qty = 1, currency?: string) => resolvePrice(s.db, { dealerId, productId: entry.product_id, qty, date: s.today, baseCurrency: 'TRY', currency: currency ?? 'TRY' });
  const gold = await price(s.gold.id);
  const plain = await price(s.plain.id);
  assert.is(plain.breakdown.base, 'list');
  assert.is(plain.unitNet, entry.list_price);
  assert.is(gold.breakdown.base, 'segment_list');
  assert.is(gold.breakdown.rate?.currency, 'USD', 'converted with a USD rate');
  assert.is(gold.breakdown.rate?.date, s.today);
  assert.ok(gold.unitNet < plain.unitNet && gold.unitNet !== plain.unitNet, `Gold ${gold.unitNet} below list ${plain.unitNet}`);
  // ~12 % under list at today's rate.
  assert.ok(Math.abs(gold.unitNet - Math.round(entry.list_price * 0.88)) <= 2, `${gold.unitNet} ≈ 88 % of ${entry.list_price}`);
  const tier10 = await price(s.gold.id, 10);
  const tier50 = await price(s.gold.id, 50);
  assert.is(tier10.breakdown.tier?.minQty, 10);
  assert.is(tier50.breakdown.tier?.minQty, 50);
  assert.ok(tier50.unitNet < tier10.unitNet && tier10.unitNet < gold.unitNet);
  const silver = await price(s.silver.id, 1, 'EUR');
  assert.is(silver.currency, 'EUR');
  assert.is(silver.breakdown.rate?.currency, 'EUR');
  // Wire transfer on the Gold list's own terms (−5 %) and the default (−3 %) for the plain dealer.
  const goldWire = await resolvePrice(s.db, { dealerId: s.gold.id, productId: entry.product_id, qty: 1, date: s.today, baseCurrency: 'TRY', currency: 'TRY', paymentMethod: 'wire' });
  const plainWire = await resolvePrice(s.db, { dealerId: s.plain.id, productId: entry.product_id, qty: 1, date: s.today, baseCurrency: 'TRY', currency: 'TRY', paymentMethod: 'wire' });
  assert.is(goldWire.breakdown.payment?.percent, '-5.00');
  assert.is(plainWire.breakdown.payment?.percent, '-3.00');
});

test('nordic: EUR base with cross rates, NOK for Silver, Norwegian VAT rates', async () => {
  const s = await demoSeller('nordic');
  const res = await seedDemoPricing(s.db, { slug: 'nordic', timeZone: s.tenant.timeZone });
  assert.ok(res?.seeded);
  assert.equal(await getSetting(s.db, 'pricing'), { baseCurrency: 'EUR', vatRates: [0, 12, 15, 25], defaultVatRate: 25 });
  const rates = await s.db.selectFrom('exchange_rates').select(['currency', (eb) => eb.cast<string>('rate', 'text').as('rate')]).execute();
  assert.equal([...new Set(rates.map((r) => r.currency))].sort(), ['NOK', 'USD']);
  for (const r of rates) assert.ok(r.currency === 'USD' ? Number(r.rate) > 0.9 && Number(r.rate) < 1 : Number(r.rate) > 0.08 && Number(r.rate) < 0.09, `${r.currency} ${r.rate}`);
  const e = await s.db.selectFrom('price_list_entries').select('product_id').where('price', 'is not', null).orderBy('product_id').limit(1).executeTakeFirstOrThrow();
  const gold = await resolvePrice(s.db, { dealerId: s.gold.id, productId: e.product_id, qty: 1, date: s.today, baseCurrency: 'EUR', currency: 'EUR' });
  assert.is(gold.breakdown.rate?.currency, 'USD');
  const silver = await resolvePrice(s.db, { dealerId: s.silver.id, productId: e.product_id, qty: 1, date: s.today, baseCurrency: 'EUR', currency: 'NOK' });
  assert.is(silver.currency, 'NOK');
  assert.ok(silver.unitNet > gold.unitNet * 8, 'NOK amounts are about 11× EUR');
});

test('a seller whose base currency was changed gets no demo rates topped up in the wrong currency', async () => {
  const s = await demoSeller('acme');
  await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  await s.db.deleteFrom('exchange_rates').execute();
  await s.db.updateTable('settings').set({ value: JSON.stringify({ baseCurrency: 'EUR', vatRates: [20], defaultVatRate: 20 }) }).where('key', '=', 'pricing').execute();
  const res = await seedDemoPricing(s.db, { slug: 'acme', timeZone: s.tenant.timeZone });
  assert.is(res?.ratesAdded, 0);
  assert.is((await counts(s)).rates, 0);
});

test.run();
