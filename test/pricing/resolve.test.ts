import type { Insertable, Kysely, KyselyPlugin } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { PaymentMethod, ProductsTable, TenantDb } from '../../src/db/types.ts';
import { divRound, parseDecimal, percentOff } from '../../src/pricing/money.ts';
import { PricingError, pricingDay, resolvePrice, resolvePrices, type ResolvedPrice } from '../../src/pricing/resolve.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

async function rejects(fn: () => Promise<unknown>, check?: (e: unknown) => boolean): Promise<void> {
  let threw = false;
  try {
    await fn();
  } catch (e) {
    threw = true;
    if (check) assert.ok(check(e), `unexpected error: ${String(e)}`);
  }
  assert.ok(threw, 'expected a rejection');
}

/**
 * PRC-6: table-driven tests of the price-resolution rule (src/pricing/resolve.ts). One fixture
 * world (segments, lists, tiers, campaigns, payment adjustments, rates) in tenant A; each row of
 * the table is a request and the figures it must produce. Base currency TRY; "today" 2026-11-23.
 */
const test = suite('PRC-6 resolvePrice');

type Db = Kysely<TenantDb>;
let A: Db;
let B: Db;
const id: Record<string, number> = {};
const TODAY = '2026-11-23';

let skuSeq = 0;
async function prod(db: Db, key: string, v: Partial<Insertable<ProductsTable>> & { list_price: number }) {
  const row = await db
    .insertInto('products')
    .values({ sku: `PRC-${++skuSeq}`, name: key, description: '', unit: 'adet', currency: 'TRY', vat_rate: 20, stock_qty: 5, ...v })
    .returning('id')
    .executeTakeFirstOrThrow();
  id[key] = row.id;
  return row.id;
}

async function list(db: Db, key: string, v: { currency?: string; kind: 'segment' | 'dealer'; segment?: string; dealer?: string; from?: string; to?: string | null; priority?: number; active?: boolean }, entries: [string, number, { price?: number; pct?: string }][]) {
  const row = await db
    .insertInto('price_lists')
    .values({
      name: key,
      currency: v.currency ?? 'TRY',
      kind: v.kind,
      segment_id: v.segment ? id[v.segment]! : null,
      dealer_id: v.dealer ? id[v.dealer]! : null,
      valid_from: v.from ?? '2026-01-01',
      valid_to: v.to ?? null,
      priority: v.priority ?? 0,
      active: v.active ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  id[key] = row.id;
  for (const [p, minQty, e] of entries) {
    await db.insertInto('price_list_entries').values({ price_list_id: row.id, product_id: id[p]!, min_qty: minQty, price: e.price ?? null, percent_off: e.pct ?? null }).execute();
  }
}

async function campaign(
  db: Db,
  key: string,
  v: { target: 'all' | 'segment' | 'dealers'; segment?: string; dealers?: string[]; scope: 'all' | 'products' | 'categories'; products?: string[]; categories?: string[]; pct?: string; amount?: number; currency?: string; minQty?: number; from?: string; to?: string },
) {
  const row = await db
    .insertInto('campaigns')
    .values({
      name: key,
      starts_at: v.from ?? '2026-11-01',
      ends_at: v.to ?? '2026-11-30',
      target: v.target,
      segment_id: v.segment ? id[v.segment]! : null,
      scope: v.scope,
      percent_off: v.pct ?? null,
      amount_off: v.amount ?? null,
      currency: v.amount ? (v.currency ?? 'TRY') : null,
      min_qty: v.minQty ?? 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  id[key] = row.id;
  for (const d of v.dealers ?? []) await db.insertInto('campaign_dealers').values({ campaign_id: row.id, dealer_id: id[d]! }).execute();
  for (const p of v.products ?? []) await db.insertInto('campaign_products').values({ campaign_id: row.id, product_id: id[p]! }).execute();
  for (const c of v.categories ?? []) await db.insertInto('campaign_categories').values({ campaign_id: row.id, category_id: id[c]! }).execute();
}

test.before(async () => {
  A = (await makeTenant({ name: 'Fiyat A' })).db;
  B = (await makeTenant({ name: 'Fiyat B' })).db;
  const db = A;
  // Products first, so tenant B can reuse the same ids (isolation probe).
  await prod(db, 'pA', { list_price: 10000 });
  await prod(db, 'pB', { list_price: 3000, vat_rate: 10 });
  await prod(db, 'pParent', { list_price: 5000 });
  await prod(db, 'pVar', { list_price: 6000, parent_id: id.pParent! });
  await prod(db, 'pVar2', { list_price: 7000, parent_id: id.pParent! });
  await prod(db, 'pThird', { list_price: 1000 });
  await prod(db, 'pHalf', { list_price: 1005, vat_rate: 10 });
  await prod(db, 'pUsd', { list_price: 1000, currency: 'USD' });
  await prod(db, 'pC', { list_price: 200 });

  for (const [k, code] of [['gold', 'GOLD'], ['silver', 'SILVER']] as const) {
    id[k] = (await db.insertInto('dealer_segments').values({ code, name: code }).returning('id').executeTakeFirstOrThrow()).id;
  }
  for (const [k, seg] of [['dGold', 'gold'], ['dSilver', 'silver'], ['dPlain', null], ['dSpecial', 'gold']] as const) {
    id[k] = (await db.insertInto('dealers').values({ code: k, company_name: k, segment_id: seg ? id[seg]! : null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  id.tools = (await db.insertInto('categories').values({ slug: 'tools', name: 'Tools' }).returning('id').executeTakeFirstOrThrow()).id;
  id.drills = (await db.insertInto('categories').values({ slug: 'drills', name: 'Drills', parent_id: id.tools }).returning('id').executeTakeFirstOrThrow()).id;
  await db.updateTable('products').set({ category_id: id.drills! }).where('id', '=', id.pA!).execute();
  await db.updateTable('products').set({ category_id: id.tools! }).where('id', '=', id.pB!).execute();

  await list(db, 'Lgold', { kind: 'segment', segment: 'gold' }, [
    ['pA', 1, { price: 9000 }],
    ['pA', 10, { pct: '15.00' }],
    ['pA', 50, { price: 8000 }],
    ['pB', 1, { price: 2800 }],
    ['pParent', 1, { pct: '10' }],
    ['pVar2', 1, { price: 6500 }],
    ['pThird', 1, { pct: '33.33' }],
  ]);
  await list(db, 'LgoldHigh', { kind: 'segment', segment: 'gold', priority: 5, from: '2026-11-01', to: '2026-11-30' }, [
    ['pB', 1, { price: 2500 }],
    ['pC', 5, { price: 100 }],
  ]);
  await list(db, 'LgoldTie', { kind: 'segment', segment: 'gold', priority: 5 }, [['pB', 1, { price: 2400 }]]);
  await list(db, 'LgoldFuture', { kind: 'segment', segment: 'gold', priority: 10, from: '2027-01-01' }, [['pB', 1, { price: 1 }]]);
  await list(db, 'LgoldOff', { kind: 'segment', segment: 'gold', priority: 99, active: false }, [['pA', 1, { price: 1 }]]);
  await list(db, 'Lspecial', { kind: 'dealer', dealer: 'dSpecial', currency: 'USD' }, [['pA', 1, { price: 250 }]]);
  await list(db, 'Lsilver', { kind: 'segment', segment: 'silver', currency: 'USD' }, [
    ['pA', 1, { pct: '20' }],
    ['pA', 10, { pct: '25' }],
  ]);

  await campaign(db, 'C1', { target: 'all', scope: 'products', products: ['pB'], pct: '10' });
  await campaign(db, 'C2', { target: 'segment', segment: 'silver', scope: 'categories', categories: ['tools'], pct: '5' });
  await campaign(db, 'C3', { target: 'dealers', dealers: ['dPlain'], scope: 'products', products: ['pB'], amount: 500 });
  await campaign(db, 'C4', { target: 'all', scope: 'all', pct: '50', minQty: 100 });
  await campaign(db, 'C5', { target: 'all', scope: 'all', pct: '90', from: '2026-10-01', to: '2026-10-31' });
  await campaign(db, 'C6', { target: 'all', scope: 'products', products: ['pParent'], amount: 1, currency: 'USD' });

  for (const [m, n, pct, l] of [
    ['wire', null, '-3.00', null],
    ['card', null, '0', null],
    ['installments', 3, '4.50', null],
    ['installments', 6, '9.99', null],
    ['wire', null, '-5', 'Lgold'],
  ] as const) {
    await db.insertInto('payment_adjustments').values({ method: m, installments: n, percent: pct, price_list_id: l ? id[l]! : null }).execute();
  }
  for (const [c, d, r] of [
    ['USD', '2026-11-20', '34'],
    ['USD', '2026-11-23', '35.00000000'],
    ['USD', '2026-11-24', '99'],
    ['EUR', '2026-11-23', '40.12345678'],
  ] as const) {
    await db.insertInto('exchange_rates').values({ currency: c, rate_date: d, rate: r }).execute();
  }
});

test.after(closeTestDb);

test('money helpers: exact decimals, half-up (also for negatives), 1/3 discounts', () => {
  assert.is(parseDecimal('33.33', 2), 3333n);
  assert.is(parseDecimal('-3', 2), -300n);
  assert.is(parseDecimal('40.12345678', 8), 4012345678n);
  assert.throws(() => parseDecimal('1e3', 2));
  assert.is(divRound(5n, 2n), 3n);
  assert.is(divRound(-5n, 2n), -3n);
  assert.is(divRound(4n, 3n), 1n);
  assert.is(percentOff(1000n, 3333n), 667n); // 666.7
  assert.is(percentOff(1n, 5000n), 1n); // 0.5 → 1
});

interface Row {
  name: string;
  dealer: string;
  product: string;
  qty?: number;
  date?: string;
  pay?: PaymentMethod;
  inst?: number;
  currency?: string;
  expect: Partial<Omit<ResolvedPrice, 'breakdown'>> & { base?: string; list?: string; tier?: number; campaign?: string | null; rateDate?: string; payPct?: string; fromProduct?: string };
}

const rows: Row[] = [
  // Base: list price, segment lists, dealer lists.
  { name: 'no segment, no list → list price', dealer: 'dPlain', product: 'pA', expect: { unitNet: 10000, currency: 'TRY', base: 'list', listUnitNet: 10000, campaign: null } },
  { name: 'segment list fixed entry', dealer: 'dGold', product: 'pA', expect: { unitNet: 9000, base: 'segment_list', list: 'Lgold', tier: 1 } },
  { name: 'dealer list beats segment list (and sets currency USD)', dealer: 'dSpecial', product: 'pA', expect: { unitNet: 250, currency: 'USD', base: 'dealer_list', list: 'Lspecial', listUnitNet: 286 } },
  { name: 'dealer list without the product → the segment list', dealer: 'dSpecial', product: 'pB', expect: { unitNet: 2250, base: 'segment_list', list: 'LgoldHigh', campaign: 'C1' } },
  // Priority, ties, validity, inactive.
  { name: 'higher priority wins; tie on priority → lowest id; future list ignored', dealer: 'dGold', product: 'pB', qty: 1, expect: { base: 'segment_list', list: 'LgoldHigh', unitNet: 2250, campaign: 'C1' } },
  { name: 'expired list (valid_to passed) → next list', dealer: 'dGold', product: 'pB', date: '2026-12-01', expect: { list: 'LgoldTie', unitNet: 2400, campaign: null } },
  { name: 'list valid through its valid_to day (inclusive)', dealer: 'dGold', product: 'pB', date: '2026-11-30', expect: { list: 'LgoldHigh', unitNet: 2250 } },
  { name: 'future list applies from its valid_from day', dealer: 'dGold', product: 'pB', date: '2027-01-01', expect: { list: 'LgoldFuture', unitNet: 1 } },
  { name: 'inactive list ignored', dealer: 'dGold', product: 'pA', qty: 2, expect: { list: 'Lgold', unitNet: 9000 } },
  // Tiers exactly at the thresholds.
  { name: 'tier: qty 9 → min 1', dealer: 'dGold', product: 'pA', qty: 9, expect: { unitNet: 9000, tier: 1, lineNet: 81000 } },
  { name: 'tier: qty 10 → min 10 (percent 15 off list)', dealer: 'dGold', product: 'pA', qty: 10, expect: { unitNet: 8500, tier: 10, lineNet: 85000 } },
  { name: 'tier: qty 49 → min 10', dealer: 'dGold', product: 'pA', qty: 49, expect: { unitNet: 8500, tier: 10 } },
  { name: 'tier: qty 50 → min 50 (fixed)', dealer: 'dGold', product: 'pA', qty: 50, expect: { unitNet: 8000, tier: 50 } },
  { name: 'list whose entries all need more → list price below the tier', dealer: 'dGold', product: 'pC', qty: 4, expect: { unitNet: 200, base: 'list' } },
  { name: 'same list at the tier threshold', dealer: 'dGold', product: 'pC', qty: 5, expect: { unitNet: 100, list: 'LgoldHigh', tier: 5 } },
  // Variants.
  { name: 'variant without own entry → parent percent entry on the variant list price', dealer: 'dGold', product: 'pVar', expect: { unitNet: 5400 - 35, base: 'segment_list', fromProduct: 'pParent', campaign: 'C6' } },
  { name: 'variant with own entry wins', dealer: 'dGold', product: 'pVar2', expect: { unitNet: 6500 - 35, fromProduct: 'pVar2', campaign: 'C6' } },
  // Campaigns: target, scope, overlap, min_qty, dates, stacking on tiers.
  { name: 'campaign all/product', dealer: 'dGold', product: 'pB', expect: { campaign: 'C1' } },
  { name: 'overlap: dealer-list amount campaign (−5.00) beats −10 % (best single one)', dealer: 'dPlain', product: 'pB', expect: { unitNet: 2500, campaign: 'C3' } },
  { name: 'segment campaign by parent category (pA is in Drills ⊂ Tools), stacked on the list entry', dealer: 'dSilver', product: 'pA', expect: { unitNet: 217, currency: 'USD', campaign: 'C2', base: 'segment_list' } },
  { name: 'segment campaign stacks on the tier', dealer: 'dSilver', product: 'pA', qty: 10, expect: { unitNet: 204, tier: 10, campaign: 'C2' } },
  { name: 'dealer-list campaign not for other dealers; overlap −10 % (C1) vs −5 % (C2) → C1', dealer: 'dSilver', product: 'pB', currency: 'TRY', expect: { unitNet: 2700, campaign: 'C1' } },
  { name: 'category campaign skips a product outside the category', dealer: 'dSilver', product: 'pThird', currency: 'TRY', expect: { unitNet: 1000, campaign: null } },
  { name: 'segment campaign not for another segment', dealer: 'dGold', product: 'pA', expect: { campaign: null } },
  { name: 'campaign min_qty: 99 no', dealer: 'dPlain', product: 'pA', qty: 99, expect: { unitNet: 10000, campaign: null } },
  { name: 'campaign min_qty: 100 yes', dealer: 'dPlain', product: 'pA', qty: 100, expect: { unitNet: 5000, campaign: 'C4' } },
  { name: 'ended campaign never applies', dealer: 'dPlain', product: 'pA', date: '2026-11-01', expect: { unitNet: 10000, campaign: null } },
  { name: 'campaign amount in USD converted on the day (0.01 USD = 0.35 TRY)', dealer: 'dPlain', product: 'pParent', expect: { unitNet: 5000 - 35, campaign: 'C6' } },
  { name: 'campaign amount converted with that day’s rate (0.34 TRY)', dealer: 'dPlain', product: 'pParent', date: '2026-11-22', expect: { unitNet: 5000 - 34, campaign: 'C6' } },
  { name: 'campaign on its last day (ends_at inclusive)', dealer: 'dPlain', product: 'pA', date: '2026-10-31', expect: { unitNet: 1000, campaign: 'C5' } },
  { name: 'campaign before its start', dealer: 'dPlain', product: 'pA', date: '2026-09-30', expect: { unitNet: 10000, campaign: null } },
  // Payment method.
  { name: 'wire −3 % default', dealer: 'dPlain', product: 'pA', pay: 'wire', expect: { unitNet: 9700, payPct: '-3.00' } },
  { name: 'wire −5 % of the chosen list', dealer: 'dGold', product: 'pA', pay: 'wire', expect: { unitNet: 8550, payPct: '-5.00' } },
  { name: 'list without own installment row → default +4.5 %', dealer: 'dGold', product: 'pA', pay: 'installments', inst: 3, expect: { unitNet: 9405, payPct: '4.50' } },
  { name: '6 installments +9.99 %', dealer: 'dPlain', product: 'pA', pay: 'installments', inst: 6, expect: { unitNet: 10999 } },
  { name: 'method without a row → 0 %', dealer: 'dPlain', product: 'pA', pay: 'open_account', expect: { unitNet: 10000, payPct: '0' } },
  { name: 'payment after campaign', dealer: 'dPlain', product: 'pB', pay: 'wire', expect: { unitNet: 2425, campaign: 'C3' } },
  // Currency.
  { name: 'TRY → EUR with 40.12345678', dealer: 'dPlain', product: 'pA', currency: 'EUR', expect: { unitNet: 249, currency: 'EUR', rateDate: TODAY, listUnitNet: 249 } },
  { name: 'USD product in its own currency, no conversion', dealer: 'dPlain', product: 'pUsd', expect: { unitNet: 1000, currency: 'USD' } },
  { name: 'USD → TRY with the day’s rate', dealer: 'dPlain', product: 'pUsd', currency: 'TRY', expect: { unitNet: 35000, rateDate: TODAY } },
  { name: 'USD → TRY on a day without a rate → latest earlier rate', dealer: 'dPlain', product: 'pUsd', currency: 'TRY', date: '2026-11-22', expect: { unitNet: 34000, rateDate: '2026-11-20' } },
  { name: 'later rates are not used', dealer: 'dPlain', product: 'pUsd', currency: 'TRY', date: '2026-11-23', expect: { unitNet: 35000 } },
  { name: 'cross USD → EUR via the base currency', dealer: 'dPlain', product: 'pUsd', currency: 'EUR', expect: { unitNet: 872, currency: 'EUR' } },
  { name: 'silver list in USD on an earlier day', dealer: 'dSilver', product: 'pA', date: '2026-11-21', expect: { unitNet: 224, rateDate: '2026-11-20' } },
  // Rounding and VAT.
  { name: '33.33 % off 10.00 → 6.67; VAT 20 % unit 8.00', dealer: 'dGold', product: 'pThird', expect: { unitNet: 667, unitGross: 800, lineGross: 800 } },
  { name: 'line-level VAT: 3 × 6.67 = 20.01 net → 24.01 gross (not 3 × 8.00)', dealer: 'dGold', product: 'pThird', qty: 3, expect: { lineNet: 2001, lineGross: 2401, unitGross: 800 } },
  { name: 'VAT half-up: 10.05 × 1.10 = 11.055 → 11.06', dealer: 'dPlain', product: 'pHalf', expect: { unitNet: 1005, vatRate: 10, unitGross: 1106, lineGross: 1106 } },
];

const inv = () => Object.fromEntries(Object.entries(id).map(([k, v]) => [String(v), k]));

for (const r of rows) {
  test(`table: ${r.name}`, async () => {
    const got = await resolvePrice(A, { dealerId: id[r.dealer]!, productId: id[r.product]!, qty: r.qty ?? 1, date: r.date ?? TODAY, paymentMethod: r.pay, installments: r.inst, currency: r.currency });
    const e = r.expect;
    const b = got.breakdown;
    const ctx = `${r.name}: ${JSON.stringify(got)}`;
    for (const k of ['unitNet', 'currency', 'listUnitNet', 'vatRate', 'unitGross', 'lineNet', 'lineGross'] as const) {
      if (e[k] !== undefined) assert.is(got[k], e[k], `${k} — ${ctx}`);
    }
    if (e.base) assert.is(b.base, e.base, ctx);
    if (e.list) assert.is(b.priceListId, id[e.list], `list — ${ctx}`);
    if (e.tier !== undefined) assert.is(b.tier?.minQty, e.tier, ctx);
    if (e.fromProduct) assert.is(b.tier?.fromProductId, id[e.fromProduct], ctx);
    if (e.campaign === null) assert.is(b.campaign, undefined, ctx);
    else if (e.campaign) assert.is(b.campaign?.id, id[e.campaign], `campaign ${inv()[String(b.campaign?.id)]} — ${ctx}`);
    if (e.rateDate) assert.is(b.rate?.date, e.rateDate, ctx);
    if (e.payPct) assert.is(b.payment?.percent, e.payPct, ctx);
  });
}

test('missing rate → clear error naming currency and day', async () => {
  try {
    await resolvePrice(A, { dealerId: id.dPlain!, productId: id.pUsd!, qty: 1, date: '2026-11-19', currency: 'TRY' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, PricingError);
    assert.is((e as PricingError).code, 'missing_rate');
    assert.match((e as Error).message, /USD.*2026-11-19/);
  }
  // A currency nobody quotes: same error.
  await rejects(() => resolvePrice(A, { dealerId: id.dPlain!, productId: id.pA!, qty: 1, date: TODAY, currency: 'GBP' }), (e: unknown) => (e as PricingError).code === 'missing_rate');
});

test('unoffered instalment count, bad input, unknown product → PricingError', async () => {
  const code = (c: string) => (e: unknown) => e instanceof PricingError && e.code === c;
  await rejects(() => resolvePrice(A, { dealerId: id.dPlain!, productId: id.pA!, qty: 1, date: TODAY, paymentMethod: 'installments', installments: 12 }), code('payment_method_unavailable'));
  await rejects(() => resolvePrice(A, { dealerId: id.dPlain!, productId: id.pA!, qty: 0, date: TODAY }), code('invalid_input'));
  await rejects(() => resolvePrice(A, { dealerId: id.dPlain!, productId: id.pA!, qty: 1, date: '23.11.2026' }), code('invalid_input'));
  await rejects(() => resolvePrice(A, { dealerId: id.dPlain!, productId: 987654, qty: 1, date: TODAY }), code('product_not_found'));
});

function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    // Counted on results: transformQuery also sees subqueries built from the same db.
    transformQuery: (a) => a.node,
    transformResult: async (a) => {
      n++;
      return a.result;
    },
  };
  return { db: db.withPlugin(plugin), count: () => n };
}

test('bounded queries: 48 products cost the same few queries as 1', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 48; i++) {
    const pid = await prod(A, `bulk${i}`, { list_price: 1000 + i, category_id: i % 2 ? id.drills! : id.tools!, parent_id: i % 3 === 2 ? id.pParent! : null });
    ids.push(pid);
    if (i % 4 === 0) await A.insertInto('price_list_entries').values({ price_list_id: id.Lgold!, product_id: pid, min_qty: 1, percent_off: '12.50' }).execute();
  }
  await campaign(A, 'Cbulk', { target: 'segment', segment: 'gold', scope: 'categories', categories: ['drills'], pct: '2' });
  const one = counting(A);
  await resolvePrices(one.db, { dealerId: id.dGold!, items: [{ productId: ids[0]!, qty: 1 }], paymentMethod: 'wire', currency: 'EUR', date: TODAY });
  const many = counting(A);
  const res = await resolvePrices(many.db, { dealerId: id.dGold!, items: ids.map((p, i) => ({ productId: p, qty: 1 + i })), paymentMethod: 'wire', currency: 'EUR', date: TODAY });
  assert.is(res.size, 48);
  assert.ok(many.count() <= 10, `queries: ${many.count()}`);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await resolvePrices(A, { dealerId: id.dGold!, items: ids.map((p) => ({ productId: p, qty: 1 })), paymentMethod: 'wire', currency: 'EUR', date: TODAY });
  console.log(`  PRC-6: ${many.count()} queries for 48 products (1 product: ${one.count()}); ${((performance.now() - t0) / 20).toFixed(2)} ms per 48-product call (sequential, warm)`);
  assert.is(many.count(), one.count());
  // Spot-check: bulk0 has its own 12.5 % entry, is in Tools (no Cbulk), wire −5 % of Lgold, then → EUR.
  const p0 = res.get(ids[0]!)!;
  assert.is(p0.breakdown.tier?.percentOff, '12.50');
  assert.is(p0.breakdown.campaign, undefined);
  assert.is(res.get(ids[1]!)!.breakdown.campaign?.id, id.Cbulk);
  // bulk2 is a variant of pParent: the parent's 10 % entry, and C6 (−0.01 USD) beats nothing else in Tools.
  assert.is(res.get(ids[2]!)!.breakdown.tier?.fromProductId, id.pParent);
  assert.is(res.get(ids[2]!)!.breakdown.campaign?.id, id.C6);
  // 1002 − 10 % = 901.8 → 902; − 35 (C6) = 867; wire −5 % = 823.65 → 824; → EUR: 824 / 40.12345678 = 20.54 → 21.
  assert.is(res.get(ids[2]!)!.unitNet, 21);
  await A.deleteFrom('campaigns').where('id', '=', id.Cbulk!).execute();
});

test('pricingDay: the calendar day in the seller’s time zone; no items → empty map after the dealer check', async () => {
  assert.is(pricingDay(new Date('2026-11-22T21:30:00Z')), '2026-11-23'); // 00:30 in Istanbul (UTC+3)
  assert.is(pricingDay(new Date('2026-11-22T20:59:59Z')), '2026-11-22');
  assert.is(pricingDay(new Date('2026-11-22T21:30:00Z'), 'UTC'), '2026-11-22');
  assert.is((await resolvePrices(A, { dealerId: id.dPlain!, items: [], date: TODAY })).size, 0);
  await rejects(() => resolvePrices(A, { dealerId: 424242, items: [], date: TODAY }), (e) => e instanceof PricingError && e.code === 'dealer_not_found');
  await rejects(() => resolvePrices(A, { dealerId: id.dPlain!, items: [{ productId: id.pA!, qty: 1 }, { productId: id.pA!, qty: 2 }], date: TODAY }), (e) => e instanceof PricingError && e.code === 'invalid_input');
});

test('resolvePrices matches resolvePrice item by item', async () => {
  const keys = ['pA', 'pB', 'pVar', 'pVar2', 'pThird', 'pUsd'];
  const many = await resolvePrices(A, { dealerId: id.dGold!, items: keys.map((k, i) => ({ productId: id[k]!, qty: i + 1 })), date: TODAY, paymentMethod: 'card' });
  for (const [i, k] of keys.entries()) {
    const one = await resolvePrice(A, { dealerId: id.dGold!, productId: id[k]!, qty: i + 1, date: TODAY, paymentMethod: 'card' });
    assert.equal(many.get(id[k]!), one, k);
  }
});

test('tenant isolation: another tenant’s dealer ids and lists never reach tenant A', async () => {
  // Tenant B: a dealer with the same id as A's dPlain and a dealer list at 0.01 for the same product id as pA.
  await B.insertInto('dealers').values({ id: id.dPlain!, code: 'B1', company_name: 'B bayi' }).execute();
  await B.insertInto('dealers').values({ id: 900, code: 'B900', company_name: 'B bayi 900' }).execute();
  await B.insertInto('products').values({ id: id.pA!, sku: 'B-1', name: 'B', description: '', unit: 'adet', list_price: 5, currency: 'TRY', vat_rate: 20, stock_qty: 1 }).execute();
  const l = await B.insertInto('price_lists').values({ name: 'B', currency: 'TRY', kind: 'dealer', dealer_id: id.dPlain!, valid_from: '2026-01-01' }).returning('id').executeTakeFirstOrThrow();
  await B.insertInto('price_list_entries').values({ price_list_id: l.id, product_id: id.pA!, price: 1 }).execute();
  await B.insertInto('campaigns').values({ name: 'B all', starts_at: '2026-01-01', ends_at: '2026-12-31', target: 'all', scope: 'all', percent_off: '99' }).execute();

  const a = await resolvePrice(A, { dealerId: id.dPlain!, productId: id.pA!, qty: 1, date: TODAY });
  assert.is(a.unitNet, 10000);
  assert.is(a.breakdown.base, 'list');
  assert.is(a.breakdown.campaign, undefined);
  // B's dealer 900 does not exist in A.
  await rejects(() => resolvePrice(A, { dealerId: 900, productId: id.pA!, qty: 1, date: TODAY }), (e: unknown) => e instanceof PricingError && e.code === 'dealer_not_found');
  // And from B's side, B's own list applies to B's product.
  const b = await resolvePrice(B, { dealerId: id.dPlain!, productId: id.pA!, qty: 1, date: TODAY });
  assert.is(b.breakdown.base, 'dealer_list');
  assert.is(b.unitNet, 0); // 0.01 − 99 % = 0.0001 → 0 (half-up)
});

test('schema constraints: exactly one of price/percent, target matches kind', async () => {
  await rejects(() => A.insertInto('price_list_entries').values({ price_list_id: id.Lgold!, product_id: id.pC!, price: 1, percent_off: '1' }).execute());
  await rejects(() => A.insertInto('price_list_entries').values({ price_list_id: id.Lgold!, product_id: id.pC!, price: null, percent_off: null }).execute());
  await rejects(() => A.insertInto('price_lists').values({ name: 'x', currency: 'TRY', kind: 'dealer', segment_id: id.gold!, valid_from: TODAY }).execute());
  await rejects(() => A.insertInto('price_list_entries').values({ price_list_id: id.Lgold!, product_id: id.pA!, min_qty: 10, percent_off: '1' }).execute());
});

test.run();
