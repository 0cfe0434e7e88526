import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { getSetting, setSetting } from '../settings/settings.ts';
import { divRound, parseDecimal, percentOff, RATE_SCALE } from './money.ts';
import { pricingDay } from './resolve.ts';

/**
 * Demo pricing for the demo sellers (issue 5 "Demo"): segments Gold / Silver / New, demo dealers in
 * them, a Gold price list in USD with fixed prices and quantity tiers, a Silver list in a second
 * foreign currency with percent-off entries, a running and a scheduled campaign, payment-method
 * adjustments (defaults + the Gold list's own) and a week of daily exchange rates — so the price
 * differences are visible right after `npm start`.
 *
 * Idempotent: the structure is written once (a seller that already has the GOLD segment is left
 * alone); the week of rates is topped up on every run with insert-if-missing, never overwriting a
 * rate (and only while the seller's base currency is still the demo's).
 * Bulk: a handful of multi-row inserts per seller.
 */
export interface DemoPricingPlan {
  base: string;
  vatRates: number[];
  defaultVatRate: number;
  /** Dealer codes: the first goes to Gold (invoiced in the base currency, priced from the USD list). */
  gold: string;
  /** Goes to Silver and is invoiced in `second`. */
  silver: string;
  /** The Silver list's currency (EUR for a TRY seller, NOK for a EUR seller). */
  second: string;
  /** Rate of day i (0 = six days ago … 6 = today) as exact decimal text, base units per 1 unit. */
  rates: Record<string, (i: number) => string>;
  /** SKU family whose top-level category gets the running campaign, and the scheduled one. */
  campaignFamily: string;
  scheduledFamily: string;
  skuPrefix: string;
  names: { gold: string; silver: string; fresh: string; goldList: string; silverList: string; running: string; scheduled: string };
}

/** Decimal text from an integer in units of 10^-scale (deterministic demo rates, no floats). */
const fixed = (units: number, scale: number) => {
  const s = String(units).padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};

export const DEMO_PRICING: Record<string, DemoPricingPlan> = {
  acme: {
    base: 'TRY',
    vatRates: [1, 10, 20],
    defaultVatRate: 20,
    gold: 'ACM-1001',
    silver: 'ACM-1002',
    second: 'EUR',
    // ~34.2–34.5 TRY per USD and ~36.4–36.7 TRY per EUR, drifting up with a small daily wobble.
    rates: {
      USD: (i) => fixed(342000 + i * 350 + ((i * 37) % 7) * 110, 4),
      EUR: (i) => fixed(364500 + i * 290 + ((i * 53) % 5) * 130, 4),
    },
    campaignFamily: 'BOY',
    scheduledFamily: 'BHC',
    skuPrefix: 'AC',
    names: {
      gold: 'Gold',
      silver: 'Silver',
      fresh: 'Yeni',
      goldList: 'Gold bayiler — USD',
      silverList: 'Silver bayiler — EUR',
      running: 'Boya kampanyası: %15 indirim',
      scheduled: 'Gold bahçe haftası: %10 indirim',
    },
  },
  nordic: {
    base: 'EUR',
    vatRates: [0, 12, 15, 25],
    defaultVatRate: 25,
    gold: 'NV-1001',
    silver: 'NV-1002',
    second: 'NOK',
    // Cross values of the same market: ~0.939 EUR per USD, ~0.0851 EUR per NOK.
    rates: {
      USD: (i) => fixed(939000 + i * 600 + ((i * 37) % 7) * 300, 6),
      NOK: (i) => fixed(85100 + i * 40 + ((i * 53) % 5) * 25, 6),
    },
    campaignFamily: 'PNT',
    scheduledFamily: 'GRD',
    skuPrefix: 'NV',
    names: {
      gold: 'Gold',
      silver: 'Silver',
      fresh: 'New',
      goldList: 'Gold dealers — USD',
      silverList: 'Silver dealers — NOK',
      running: 'Paint weeks: 15 % off',
      scheduled: 'Gold garden week: 10 % off',
    },
  },
};

export const DEMO_GOLD_PRODUCTS = 300;
export const DEMO_SILVER_PRODUCTS = 250;
export const DEMO_RATE_DAYS = 7;

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface DemoPricingResult {
  seeded: boolean;
  ratesAdded: number;
  /** Human summary for the start-up log (which dealer is in which segment). */
  lines: string[];
}

async function topLevelCategoryOf(db: Kysely<TenantDb>, skuLike: string): Promise<{ id: number; name: string } | null> {
  const p = await db.selectFrom('products').select('category_id').where('sku', 'like', skuLike).where('category_id', 'is not', null).orderBy('id').limit(1).executeTakeFirst();
  let id = p?.category_id ?? null;
  for (let depth = 0; id !== null && depth < 10; depth++) {
    const c = await db.selectFrom('categories').select(['id', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
    if (!c) return null;
    if (c.parent_id === null) return { id: c.id, name: c.name };
    id = c.parent_id;
  }
  return null;
}

/** Inserts the demo week of rates that are missing (never overwrites). */
async function topUpRates(db: Kysely<TenantDb>, plan: DemoPricingPlan, today: string): Promise<number> {
  const rows = Object.entries(plan.rates).flatMap(([currency, rate]) =>
    Array.from({ length: DEMO_RATE_DAYS }, (_, i) => ({ currency, rate_date: addDays(today, i - (DEMO_RATE_DAYS - 1)), rate: rate(i) })),
  );
  const added = await db
    .insertInto('exchange_rates')
    .values(rows)
    .onConflict((oc) => oc.columns(['currency', 'rate_date']).doNothing())
    .returning('currency')
    .execute();
  return added.length;
}

export async function seedDemoPricing(db: Kysely<TenantDb>, opts: { slug: string; timeZone: string; now?: Date }): Promise<DemoPricingResult | null> {
  const plan = DEMO_PRICING[opts.slug];
  if (!plan) return null;
  const today = pricingDay(opts.now ?? new Date(), opts.timeZone);
  return db.transaction().execute(async (trx) => {
    const hasSetting = await trx.selectFrom('settings').select('key').where('key', '=', 'pricing').executeTakeFirst();
    if (!hasSetting) await setSetting(trx, 'pricing', { baseCurrency: plan.base, vatRates: plan.vatRates, defaultVatRate: plan.defaultVatRate });
    const base = (await getSetting(trx, 'pricing')).baseCurrency;
    const ratesAdded = base === plan.base ? await topUpRates(trx, plan, today) : 0;
    const done = await trx.selectFrom('dealer_segments').select('id').where('code', '=', 'GOLD').executeTakeFirst();
    if (done) return { seeded: false, ratesAdded, lines: [] };

    const segs = await trx
      .insertInto('dealer_segments')
      .values([
        { code: 'GOLD', name: plan.names.gold },
        { code: 'SILVER', name: plan.names.silver },
        { code: 'NEW', name: plan.names.fresh },
      ])
      .returning(['id', 'code'])
      .execute();
    const seg = Object.fromEntries(segs.map((s) => [s.code, s.id])) as Record<'GOLD' | 'SILVER' | 'NEW', number>;
    const dealers = await trx.selectFrom('dealers').select(['id', 'code', 'company_name']).where('code', 'in', [plan.gold, plan.silver]).execute();
    const gold = dealers.find((d) => d.code === plan.gold);
    const silver = dealers.find((d) => d.code === plan.silver);
    if (gold) await trx.updateTable('dealers').set({ segment_id: seg.GOLD }).where('id', '=', gold.id).execute();
    if (silver) await trx.updateTable('dealers').set({ segment_id: seg.SILVER, invoice_currency: plan.second }).where('id', '=', silver.id).execute();

    const [goldList, silverList] = await trx
      .insertInto('price_lists')
      .values([
        { name: plan.names.goldList, currency: 'USD', kind: 'segment', segment_id: seg.GOLD, valid_from: addDays(today, -30), priority: 10, note: 'demo' },
        { name: plan.names.silverList, currency: plan.second, kind: 'segment', segment_id: seg.SILVER, valid_from: addDays(today, -30), priority: 10, note: 'demo' },
      ])
      .returning('id')
      .execute();

    // Parents only (variants follow their parent's entries), spread over the catalogue.
    const products = await trx.selectFrom('products').select(['id', 'list_price']).where('parent_id', 'is', null).where('active', '=', true).where('currency', '=', plan.base).orderBy('id').execute();
    const usdToday = parseDecimal(plan.rates.USD!(DEMO_RATE_DAYS - 1), 8);
    const goldProducts = products.filter((_, i) => i % 6 === 0).slice(0, DEMO_GOLD_PRODUCTS);
    const goldEntries = goldProducts.flatMap((p) => {
      // 12 % under the list price at today's rate, in US cents; tiers from 10 (−5 %) and 50 (−9 %).
      const usd = divRound(BigInt(p.list_price) * RATE_SCALE * 88n, usdToday * 100n);
      return [
        { price_list_id: goldList!.id, product_id: p.id, min_qty: 1, price: Number(usd) },
        { price_list_id: goldList!.id, product_id: p.id, min_qty: 10, price: Number(percentOff(usd, 500n)) },
        { price_list_id: goldList!.id, product_id: p.id, min_qty: 50, price: Number(percentOff(usd, 900n)) },
      ];
    });
    const silverEntries = products
      .filter((_, i) => i % 5 === 2)
      .slice(0, DEMO_SILVER_PRODUCTS)
      .map((p, i) => ({ price_list_id: silverList!.id, product_id: p.id, min_qty: 1, percent_off: i % 2 ? '12.00' : '8.00' }));
    if (goldEntries.length) await trx.insertInto('price_list_entries').values(goldEntries).execute();
    if (silverEntries.length) await trx.insertInto('price_list_entries').values(silverEntries).execute();

    await trx
      .insertInto('payment_adjustments')
      .values([
        { price_list_id: null, method: 'wire', installments: null, percent: '-3.00' },
        { price_list_id: null, method: 'open_account', installments: null, percent: '0.00' },
        { price_list_id: null, method: 'installments', installments: 3, percent: '4.00' },
        { price_list_id: null, method: 'installments', installments: 6, percent: '7.50' },
        // The Gold list's own terms.
        { price_list_id: goldList!.id, method: 'wire', installments: null, percent: '-5.00' },
        { price_list_id: goldList!.id, method: 'open_account', installments: null, percent: '0.00' },
        { price_list_id: goldList!.id, method: 'installments', installments: 3, percent: '3.00' },
        { price_list_id: goldList!.id, method: 'installments', installments: 6, percent: '6.00' },
      ])
      .execute();

    const runningCat = await topLevelCategoryOf(trx, `${plan.skuPrefix}-${plan.campaignFamily}-%`);
    const scheduledCat = await topLevelCategoryOf(trx, `${plan.skuPrefix}-${plan.scheduledFamily}-%`);
    const runningEnds = addDays(today, 14);
    const scheduledStarts = addDays(today, 7);
    if (runningCat) {
      const c = await trx
        .insertInto('campaigns')
        .values({ name: plan.names.running, starts_at: addDays(today, -3), ends_at: runningEnds, target: 'all', scope: 'categories', percent_off: '15.00', note: 'demo' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('campaign_categories').values({ campaign_id: c.id, category_id: runningCat.id }).execute();
    }
    if (scheduledCat) {
      const c = await trx
        .insertInto('campaigns')
        .values({ name: plan.names.scheduled, starts_at: scheduledStarts, ends_at: addDays(today, 21), target: 'segment', segment_id: seg.GOLD, scope: 'categories', percent_off: '10.00', note: 'demo' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('campaign_categories').values({ campaign_id: c.id, category_id: scheduledCat.id }).execute();
    }

    const who = (d: { code: string; company_name: string } | undefined) => (d ? `${d.code} ${d.company_name}` : 'no dealer');
    const others = await trx.selectFrom('dealers').select('code').where('segment_id', 'is', null).orderBy('code').execute();
    const lines = [
      `Gold = ${who(gold)} (invoiced in ${plan.base}; USD list: ${goldProducts.length} products at fixed prices, tiers from 10 −5 % and 50 −9 %; own payment terms: wire −5 %)`,
      `Silver = ${who(silver)} (invoiced in ${plan.second}; ${plan.second} list: ${silverEntries.length} products 8 % / 12 % off)`,
      `segment ${plan.names.fresh}: no dealers yet; dealers without a segment (list prices): ${others.length ? others.map((d) => d.code).join(', ') : 'none'}`,
      runningCat ? `campaign "${plan.names.running}" on ${runningCat.name} for all dealers until ${runningEnds}` : 'no running campaign (category not found)',
      scheduledCat ? `scheduled campaign "${plan.names.scheduled}" on ${scheduledCat.name} for Gold from ${scheduledStarts}` : 'no scheduled campaign (category not found)',
      `payment: wire −3 %, open account 0 %, 3 instalments +4 %, 6 instalments +7.5 %; exchange rates ${Object.keys(plan.rates).join(', ')} in ${plan.base} for ${addDays(today, 1 - DEMO_RATE_DAYS)}…${today}`,
    ];
    return { seeded: true, ratesAdded, lines };
  });
}
