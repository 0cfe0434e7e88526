import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { PaymentMethod, PriceListKind, TenantDb } from '../db/types.ts';
import { convert, divRound, parseDecimal, percentAdjust, percentOff, RATE_SCALE, toSafeNumber } from './money.ts';

/**
 * PRC-6: the one price-resolution rule. Everything that shows or charges a price (catalog, product
 * page, cart, quotes, orders) calls `resolvePrices` (many products, bounded queries) or
 * `resolvePrice` (one product).
 *
 * PRECEDENCE — which price wins, step by step:
 *  1. Base price. The dealer's price lists that are active and valid on `date`
 *     (valid_from ≤ date ≤ valid_to, valid_to null = open-ended) are ordered:
 *     dealer lists before segment lists (the dealer's own segment only); within one kind the
 *     highest priority first, ties → lowest id. The first list in that order that has an
 *     applicable entry for the product wins; if none has, the base is the product's list price.
 *     - Variants: if the list has any entry for the variant itself, only the variant's entries
 *       count; otherwise the parent product's entries do.
 *     - Quantity tiers: among those entries the one with the largest min_qty ≤ qty applies. A list
 *       whose entries all need more than qty does not apply to this line (the next list, or the list
 *       price, is used).
 *     - A fixed entry is a unit price in the list's currency; a percent entry is that percentage off
 *       the product's (variant's own) list price, in the product's currency (rounded half-up).
 *  2. Campaign (stacked on the tiered price). Of the campaigns active on `date`
 *     (starts_at ≤ date ≤ ends_at, both inclusive) that target this dealer (all / the dealer's
 *     segment / the dealer in the campaign's dealer list), cover the product (scope all / the product
 *     or its parent listed / its category or any ancestor category listed) and whose min_qty ≤ qty,
 *     the single one giving the lowest price applies (ties → lowest id); campaigns never add up.
 *     Percent campaigns round half-up; amount_off is converted to the working currency first
 *     (half-up) and the price never goes below zero.
 *  3. Payment method. The adjustment row of the chosen price list for (method, installments), else
 *     the default row (price_list_id null). No row → 0 %, except instalments, whose count must be
 *     offered (otherwise PricingError 'payment_method_unavailable'). Negative percent = discount.
 *     Rounded half-up.
 *  4. Currency. Target = `currency` if given, else the chosen list's currency, else the product's.
 *     Converted with the rate of the latest rate_date ≤ date for each non-base currency
 *     (rate = base-currency units per 1 unit); no such rate → PricingError 'missing_rate'.
 *     Rounded half-up once (cross rates go through the base currency in one exact step).
 *  5. VAT. lineNet = unitNet × qty (exact). unitGross = unitNet × (1 + vat) and
 *     lineGross = lineNet × (1 + vat), each rounded half-up — the line figure is computed from the
 *     line net, not from the rounded unit gross (line-level rounding).
 *  listUnitNet is the product's list price converted to the target currency (for showing the
 *  discount next to the base price).
 *
 * All arithmetic is BigInt on integer minor units; percentages are exact basis points and rates
 * exact 10^-8 fixed point. All currencies are assumed to have 2-decimal minor units.
 *
 * Queries: three statements per call whatever the number of items (each phase is one statement
 * whose sub-queries come back as JSON arrays): (1) dealer, products; (2) lists, campaigns,
 * payment adjustments, rates; (3) list entries, campaign products, campaign categories, category
 * ancestors — skipped when the dealer has no list and no product/category-scoped campaign.
 */

export class PricingError extends Error {
  constructor(
    readonly code: 'dealer_not_found' | 'product_not_found' | 'missing_rate' | 'payment_method_unavailable' | 'invalid_input',
    message: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}

export interface PriceItem {
  productId: number;
  qty: number;
}

export interface PriceRequest {
  dealerId: number;
  items: PriceItem[];
  paymentMethod?: PaymentMethod;
  installments?: number;
  /** The pricing day, 'YYYY-MM-DD'. */
  date: string;
  /** Target currency; default the chosen list's currency, else the product's. */
  currency?: string;
  /** The seller's base currency, in which exchange rates are expressed. Default TRY. */
  baseCurrency?: string;
}

export interface RateUsed {
  currency: string;
  date: string;
  rate: string;
}

export interface PriceBreakdown {
  base: 'list' | 'segment_list' | 'dealer_list';
  /** The base amount before campaign and payment, in `baseCurrency` (the working currency). */
  baseUnit: number;
  baseCurrency: string;
  priceListId?: number;
  /** The entry used; fromProductId differs from the priced product when the parent's entry applied. */
  tier?: { minQty: number; price?: number; percentOff?: string; fromProductId: number };
  campaign?: { id: number; name: string; percentOff?: string; amountOff?: number; currency?: string; before: number; after: number };
  payment?: { method: PaymentMethod; installments?: number; percent: string; priceListId: number | null; before: number; after: number };
  /** Present when converted: from → to with the rate(s) used (cross conversions list both). */
  rate?: { from: string; to: string; currency: string; date: string; rate: string; cross?: RateUsed };
}

export interface ResolvedPrice {
  productId: number;
  qty: number;
  /** Integer minor units of `currency`. */
  unitNet: number;
  currency: string;
  listUnitNet: number;
  vatRate: number;
  unitGross: number;
  lineNet: number;
  lineGross: number;
  breakdown: PriceBreakdown;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CUR = /^[A-Z]{3}$/;

interface ListRow {
  id: number;
  kind: PriceListKind;
  currency: string;
  priority: number;
}
interface EntryRow {
  price_list_id: number;
  product_id: number;
  min_qty: number;
  price: number | null;
  percent_off: string | null;
}
interface CampaignRow {
  id: number;
  name: string;
  scope: 'all' | 'products' | 'categories';
  percent_off: string | null;
  amount_off: number | null;
  currency: string | null;
  min_qty: number;
}

function validate(req: PriceRequest): void {
  const bad = (m: string) => new PricingError('invalid_input', m);
  if (!Number.isSafeInteger(req.dealerId) || req.dealerId <= 0) throw bad('dealerId');
  if (!DAY.test(req.date) || Number.isNaN(Date.parse(`${req.date}T00:00:00Z`))) throw bad('date');
  if (req.currency !== undefined && !CUR.test(req.currency)) throw bad('currency');
  if (req.baseCurrency !== undefined && !CUR.test(req.baseCurrency)) throw bad('baseCurrency');
  if (req.installments !== undefined && (!Number.isSafeInteger(req.installments) || req.installments < 2)) throw bad('installments');
  if (req.paymentMethod === 'installments' && req.installments === undefined) throw bad('installments');
  const seen = new Set<number>();
  for (const it of req.items) {
    if (!Number.isSafeInteger(it.productId) || it.productId <= 0) throw bad('productId');
    if (!Number.isSafeInteger(it.qty) || it.qty < 1) throw bad('qty');
    if (seen.has(it.productId)) throw bad(`duplicate productId ${it.productId}`);
    seen.add(it.productId);
  }
}

/** Resolves unit and line prices for many products of one dealer with a bounded number of queries. */
export async function resolvePrices(db: Kysely<TenantDb>, req: PriceRequest): Promise<Map<number, ResolvedPrice>> {
  validate(req);
  const out = new Map<number, ResolvedPrice>();
  const base = req.baseCurrency ?? 'TRY';
  const date = req.date;
  const day = sql<Date>`${date}::date`;

  // Phase 1 (one statement): the dealer (must exist in this tenant's schema) and the products with
  // their parents.
  const ids = req.items.map((i) => i.productId);
  const productCols = ['id', 'parent_id', 'category_id', 'list_price', 'currency', 'vat_rate'] as const;
  const first = await db
    .selectNoFrom((eb) => [
      jsonObjectFrom(eb.selectFrom('dealers').select(['id', 'segment_id']).where('id', '=', req.dealerId)).as('dealer'),
      // A UNION of two index lookups: "id in (…) or id in (parents)" would scan the whole table.
      jsonArrayFrom(
        eb
          .selectFrom('products')
          .select(productCols)
          .where('id', 'in', ids.length ? ids : [0])
          .union(
            eb
              .selectFrom('products')
              .select(productCols)
              .where('id', 'in', eb.selectFrom('products as v').select('v.parent_id').where('v.id', 'in', ids.length ? ids : [0]).where('v.parent_id', 'is not', null)),
          ),
      ).as('products'),
    ])
    .executeTakeFirstOrThrow();
  const dealer = first.dealer;
  const products = first.products;
  if (!dealer) throw new PricingError('dealer_not_found', `dealer ${req.dealerId} not found`);
  if (req.items.length === 0) return out;
  const byId = new Map(products.map((p) => [p.id, p]));
  for (const id of ids) if (!byId.has(id)) throw new PricingError('product_not_found', `product ${id} not found`);
  const allIds = products.map((p) => p.id);
  const categoryOf = (p: (typeof products)[number]) => p.category_id ?? (p.parent_id != null ? byId.get(p.parent_id)?.category_id ?? null : null);
  const catIds = [...new Set(products.map(categoryOf).filter((c): c is number => c != null))];

  // Phase 2 (one statement): lists valid on the day; campaigns on the day for this dealer; payment
  // adjustments for the method (every list's row and the default — one per list at most); the
  // latest rate ≤ date of every currency. Exact numbers travel as text inside the JSON.
  const second = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('price_lists')
          .select(['id', 'kind', 'currency', 'priority'])
          .where('active', '=', true)
          .where('valid_from', '<=', day)
          .where((w) => w.or([w('valid_to', 'is', null), w('valid_to', '>=', day)]))
          .where((w) => {
            const ors = [w.and([w('kind', '=', 'dealer'), w('dealer_id', '=', dealer.id)])];
            if (dealer.segment_id != null) ors.push(w.and([w('kind', '=', 'segment'), w('segment_id', '=', dealer.segment_id)]));
            return w.or(ors);
          }),
      ).as('lists'),
      jsonArrayFrom(
        eb
          .selectFrom('campaigns as c')
          .select(['c.id', 'c.name', 'c.scope', sql<string | null>`c.percent_off::text`.as('percent_off'), 'c.amount_off', 'c.currency', 'c.min_qty'])
          .where('c.active', '=', true)
          .where('c.starts_at', '<=', day)
          .where('c.ends_at', '>=', day)
          .where((w) => {
            const ors = [
              w('c.target', '=', 'all'),
              w.and([w('c.target', '=', 'dealers'), w.exists(w.selectFrom('campaign_dealers as cd').select('cd.dealer_id').whereRef('cd.campaign_id', '=', 'c.id').where('cd.dealer_id', '=', dealer.id))]),
            ];
            if (dealer.segment_id != null) ors.push(w.and([w('c.target', '=', 'segment'), w('c.segment_id', '=', dealer.segment_id)]));
            return w.or(ors);
          }),
      ).as('campaigns'),
      jsonArrayFrom(
        eb
          .selectFrom('payment_adjustments')
          .select(['price_list_id', sql<string>`percent::text`.as('percent')])
          .where('method', '=', req.paymentMethod ?? 'wire')
          .where((w) => (req.paymentMethod === 'installments' ? w('installments', '=', req.installments!) : w('installments', 'is', null)))
          .where(sql<boolean>`${req.paymentMethod !== undefined}`),
      ).as('payRows'),
      jsonArrayFrom(
        eb
          .selectFrom('exchange_rates')
          .distinctOn('currency')
          .select(['currency', sql<string>`rate_date::text`.as('rate_date'), sql<string>`rate::text`.as('rate')])
          .where('rate_date', '<=', day)
          .orderBy('currency')
          .orderBy('rate_date', 'desc'),
      ).as('rateRows'),
    ])
    .executeTakeFirstOrThrow();
  // Precedence order (dealer lists first, then priority desc, then id) is applied here, not
  // trusted to survive json_agg.
  const lists: ListRow[] = second.lists
    .map((l) => ({ id: l.id, kind: l.kind, currency: l.currency, priority: l.priority }))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'dealer' ? -1 : 1) || b.priority - a.priority || a.id - b.id);
  const campaigns = (second.campaigns as CampaignRow[]).slice().sort((a, b) => a.id - b.id);
  const payRows = second.payRows;
  const rateRows = second.rateRows;
  const payOf = new Map(payRows.map((r) => [r.price_list_id ?? 0, r.percent]));
  const rates = new Map<string, RateUsed>();
  for (const r of rateRows) rates.set(r.currency.trim(), { currency: r.currency.trim(), date: r.rate_date, rate: r.rate });

  // Phase 3 (one statement, skipped when there is nothing to look up): entries of those lists for
  // these products (and parents); the scope rows of product- and category-scoped campaigns; every
  // (category, ancestor-or-self) pair of the products' categories (recursive).
  const byProductCamps = campaigns.filter((c) => c.scope === 'products').map((c) => c.id);
  const byCategoryCamps = campaigns.filter((c) => c.scope === 'categories').map((c) => c.id);
  const needCats = byCategoryCamps.length > 0 && catIds.length > 0;
  let entries: EntryRow[] = [];
  let cpRows: Array<{ campaign_id: number; product_id: number }> = [];
  let ccRows: Array<{ campaign_id: number; category_id: number }> = [];
  let anc: Array<{ category_id: number; ancestor_id: number }> = [];
  if (lists.length || byProductCamps.length || byCategoryCamps.length) {
    const none = [0];
    const third = await db
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('price_list_entries')
            .select(['price_list_id', 'product_id', 'min_qty', 'price', sql<string | null>`percent_off::text`.as('percent_off')])
            .where('price_list_id', 'in', lists.length ? lists.map((l) => l.id) : none)
            .where('product_id', 'in', allIds),
        ).as('entries'),
        jsonArrayFrom(
          eb.selectFrom('campaign_products').select(['campaign_id', 'product_id']).where('campaign_id', 'in', byProductCamps.length ? byProductCamps : none).where('product_id', 'in', allIds),
        ).as('cpRows'),
        jsonArrayFrom(eb.selectFrom('campaign_categories').select(['campaign_id', 'category_id']).where('campaign_id', 'in', byCategoryCamps.length ? byCategoryCamps : none)).as('ccRows'),
        jsonArrayFrom(
          db
            .withRecursive('up(category_id, ancestor_id, depth)', (qb) =>
              qb
                .selectFrom('categories')
                .select(['id as category_id', 'id as ancestor_id', sql<number>`0`.as('depth')])
                .where('id', 'in', needCats ? catIds : none)
                .unionAll((u) =>
                  u
                    .selectFrom('up')
                    .innerJoin('categories as c', 'c.id', 'up.ancestor_id')
                    .select(['up.category_id', sql<number>`c.parent_id`.as('ancestor_id'), sql<number>`up.depth + 1`.as('depth')])
                    .where('c.parent_id', 'is not', null)
                    .where('up.depth', '<', 32),
                ),
            )
            .selectFrom('up')
            .select(['category_id', 'ancestor_id']),
        ).as('anc'),
      ])
      .executeTakeFirstOrThrow();
    entries = third.entries as EntryRow[];
    cpRows = third.cpRows;
    ccRows = third.ccRows;
    anc = third.anc as Array<{ category_id: number; ancestor_id: number }>;
  }
  const entriesOf = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const k = `${e.price_list_id}:${e.product_id}`;
    (entriesOf.get(k) ?? entriesOf.set(k, []).get(k)!).push(e);
  }
  const campProducts = new Map<number, Set<number>>();
  for (const r of cpRows) (campProducts.get(r.campaign_id) ?? campProducts.set(r.campaign_id, new Set()).get(r.campaign_id)!).add(r.product_id);
  const campCategories = new Map<number, Set<number>>();
  for (const r of ccRows) (campCategories.get(r.campaign_id) ?? campCategories.set(r.campaign_id, new Set()).get(r.campaign_id)!).add(r.category_id);
  const ancestors = new Map<number, Set<number>>();
  for (const r of anc) (ancestors.get(r.category_id) ?? ancestors.set(r.category_id, new Set()).get(r.category_id)!).add(r.ancestor_id);

  const rateOf = (cur: string): { scaled: bigint; used?: RateUsed } => {
    if (cur === base) return { scaled: RATE_SCALE };
    const r = rates.get(cur);
    if (!r) throw new PricingError('missing_rate', `no ${cur} exchange rate on or before ${date}`);
    return { scaled: parseDecimal(r.rate, 8), used: r };
  };
  const conv = (amount: bigint, from: string, to: string) => (from === to ? amount : convert(amount, rateOf(from).scaled, rateOf(to).scaled));

  for (const item of req.items) {
    const p = byId.get(item.productId)!;
    const productCur = p.currency.trim();
    const listPrice = BigInt(p.list_price);

    // Step 1: base.
    let amount = listPrice;
    let working = productCur;
    const breakdown: PriceBreakdown = { base: 'list', baseUnit: 0, baseCurrency: productCur };
    let chosen: ListRow | undefined;
    for (const l of lists) {
      let set = entriesOf.get(`${l.id}:${p.id}`);
      if (!set && p.parent_id != null) set = entriesOf.get(`${l.id}:${p.parent_id}`);
      if (!set) continue;
      let best: EntryRow | undefined;
      for (const e of set) if (e.min_qty <= item.qty && (!best || e.min_qty > best.min_qty)) best = e;
      if (!best) continue;
      chosen = l;
      breakdown.base = l.kind === 'dealer' ? 'dealer_list' : 'segment_list';
      breakdown.priceListId = l.id;
      if (best.price != null) {
        amount = BigInt(best.price);
        working = l.currency.trim();
        breakdown.tier = { minQty: best.min_qty, price: best.price, fromProductId: best.product_id };
      } else {
        amount = percentOff(listPrice, parseDecimal(best.percent_off!, 2));
        breakdown.tier = { minQty: best.min_qty, percentOff: best.percent_off!, fromProductId: best.product_id };
      }
      break;
    }
    breakdown.baseUnit = toSafeNumber(amount);
    breakdown.baseCurrency = working;

    // Step 2: the best single campaign, on the tiered price.
    const cat = categoryOf(p);
    let bestCamp: { c: CampaignRow; after: bigint } | undefined;
    for (const c of campaigns) {
      if (c.min_qty > item.qty) continue;
      if (c.scope === 'products') {
        const s = campProducts.get(c.id);
        if (!s || !(s.has(p.id) || (p.parent_id != null && s.has(p.parent_id)))) continue;
      } else if (c.scope === 'categories') {
        const s = campCategories.get(c.id);
        const up = cat != null ? ancestors.get(cat) : undefined;
        if (!s || !up || ![...up].some((a) => s.has(a))) continue;
      }
      let after: bigint;
      if (c.percent_off != null) after = percentOff(amount, parseDecimal(c.percent_off, 2));
      else {
        after = amount - conv(BigInt(c.amount_off!), c.currency!.trim(), working);
        if (after < 0n) after = 0n;
      }
      if (!bestCamp || after < bestCamp.after) bestCamp = { c, after };
    }
    if (bestCamp) {
      const { c } = bestCamp;
      breakdown.campaign = {
        id: c.id,
        name: c.name,
        ...(c.percent_off != null ? { percentOff: c.percent_off } : { amountOff: c.amount_off!, currency: c.currency!.trim() }),
        before: toSafeNumber(amount),
        after: toSafeNumber(bestCamp.after),
      };
      amount = bestCamp.after;
    }

    // Step 3: payment method.
    if (req.paymentMethod) {
      const own = chosen ? payOf.get(chosen.id) : undefined;
      const def = payOf.get(0);
      const percent = own ?? def;
      if (percent === undefined && req.paymentMethod === 'installments') {
        throw new PricingError('payment_method_unavailable', `${req.installments} instalments are not offered`);
      }
      const pct = percent ?? '0';
      const after = percentAdjust(amount, parseDecimal(pct, 2));
      breakdown.payment = {
        method: req.paymentMethod,
        ...(req.paymentMethod === 'installments' ? { installments: req.installments! } : {}),
        percent: pct,
        priceListId: own !== undefined ? chosen!.id : null,
        before: toSafeNumber(amount),
        after: toSafeNumber(after),
      };
      amount = after;
    }

    // Step 4: currency.
    const target = req.currency ?? chosen?.currency.trim() ?? productCur;
    if (working !== target) {
      const from = rateOf(working);
      const to = rateOf(target);
      amount = convert(amount, from.scaled, to.scaled);
      const main = to.used ?? from.used!;
      breakdown.rate = { from: working, to: target, ...main, ...(to.used && from.used ? { cross: from.used } : {}) };
    }
    const listUnit = conv(listPrice, productCur, target);

    // Step 5: VAT.
    const vatBp = BigInt(p.vat_rate) * 100n;
    const qty = BigInt(item.qty);
    const lineNet = amount * qty;
    out.set(item.productId, {
      productId: item.productId,
      qty: item.qty,
      unitNet: toSafeNumber(amount),
      currency: target,
      listUnitNet: toSafeNumber(listUnit),
      vatRate: p.vat_rate,
      unitGross: toSafeNumber(divRound(amount * (10000n + vatBp), 10000n)),
      lineNet: toSafeNumber(lineNet),
      lineGross: toSafeNumber(divRound(lineNet * (10000n + vatBp), 10000n)),
      breakdown,
    });
  }
  return out;
}

/** One product: a thin wrapper over `resolvePrices`. */
export async function resolvePrice(
  db: Kysely<TenantDb>,
  req: Omit<PriceRequest, 'items'> & { productId: number; qty: number },
): Promise<ResolvedPrice> {
  const { productId, qty, ...rest } = req;
  const m = await resolvePrices(db, { ...rest, items: [{ productId, qty }] });
  return m.get(productId)!;
}

/**
 * The pricing day ('YYYY-MM-DD') of an instant in the seller's time zone — list validity, campaign
 * dates and exchange-rate days are calendar days there (default Europe/Istanbul).
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
export function pricingDay(at: Date = new Date(), timeZone = 'Europe/Istanbul'): string {
  // Making an Intl formatter costs far more than using one: one per time zone, kept.
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = f.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
