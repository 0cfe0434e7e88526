import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PaymentMethod, TenantDb } from '../db/types.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import type { DealerPricing } from './context.ts';

/**
 * The dealer's unit net price as SQL (PRC-6 mirrored for the catalog's price facet and filter,
 * CAT-6): `resolvePrices` (resolve.ts) is the rule; this is the same rule written as set-based SQL
 * so a facet over thousands of products can read the dealer's price without resolving each one.
 * test/pricing/dealer-prices.test.ts compares the two for every product of a rich tenant.
 *
 * Input: a CTE (or table) `source` with columns id, parent_id, category_id, list_price, currency
 * (text) and qty, and any others. Output: the CTE `dp_price` — every source row with all its
 * columns plus `price`, the unit net price in minor units of the dealer's currency (ctx.currency),
 * or null where resolvePrices would throw 'missing_rate' for that product (so such a product never
 * matches a price filter). The source's columns are carried through rather than joined back by id:
 * PostgreSQL cannot tell that a join of two CTEs on id is one-to-one, and the resulting row
 * estimate (N²/200) would push the plan's cost over the JIT threshold (seconds of compiling).
 *
 * Steps as in resolve.ts: (1) the dealer's lists valid on the day ordered dealer > segment,
 * priority desc, id; a variant's own entries in a list hide its parent's entries in that list; the
 * largest min_qty ≤ qty; fixed price in the list's currency or percent off the product's own list
 * price; (2) the single best campaign (all / segment / dealer list targets; all / product or parent
 * / category or ancestor scopes; min_qty ≤ qty; amount_off converted to the working currency, never
 * below zero); (4) conversion to the dealer's currency with the latest rate ≤ day. No payment
 * method (step 3) — the catalog shows prices before the dealer picks one. Every division is
 * half-up on exact numerics: div(2n + d, 2d) for n ≥ 0, as money.ts's divRound.
 *
 * Cost: every lookup is a hash join against small CTEs (the dealer's lists, campaigns, rates)
 * or the list entries of the source's products — no per-row subquery. PostgreSQL estimates joins
 * of CTEs badly (no statistics), so a large source can look expensive enough for JIT compilation,
 * which costs far more than the query. The app's connections run with jit=off (src/db/pool.ts
 * sets `-c jit=off` on every pooled connection), so these statements need no extra round trips;
 * `withoutJit` stays as the named place that relies on it.
 */
export async function withoutJit<T>(db: Kysely<TenantDb>, run: (db: Kysely<TenantDb>) => Promise<T>): Promise<T> {
  return run(db);
}
const RATE_SCALE = 100000000;

export function dealerPriceCtes(schema: string, ctx: DealerPricing, source: string): RawBuilder<unknown> {
  const s = assertSchemaName(schema);
  const t = (name: string) => sql.id(s, name);
  const src = sql.id(source);
  const day = sql`${ctx.date}::date`;
  const base = ctx.baseCurrency;
  const target = ctx.currency;
  const segment = ctx.segmentId ?? 0;
  const half = (n: RawBuilder<unknown>, d: RawBuilder<unknown>) => sql`div(2 * (${n}) + (${d}), 2 * (${d}))`;
  return sql`
  dp_rates as materialized (
    select r.currency::text as currency, r.rate * ${RATE_SCALE} as scaled
    from (select distinct on (currency) currency, rate from ${t('exchange_rates')}
          where rate_date <= ${day} and currency::text <> ${base} order by currency, rate_date desc) r
    union all select ${base}::text, ${RATE_SCALE}::numeric
  ),
  dp_lists as materialized (
    select l.id, l.currency::text as currency,
           row_number() over (order by case l.kind when 'dealer' then 0 else 1 end, l.priority desc, l.id) as ord
    from ${t('price_lists')} l
    where l.active and l.valid_from <= ${day} and (l.valid_to is null or l.valid_to >= ${day})
      and ((l.kind = 'dealer' and l.dealer_id = ${ctx.dealerId}) or (l.kind = 'segment' and l.segment_id = ${segment}))
  ),
  dp_ids as materialized (
    select id from ${src} union select parent_id from ${src} where parent_id is not null
  ),
  dp_e as materialized (
    select e.product_id, l.ord, l.currency, e.min_qty, e.price, e.percent_off
    from dp_lists l join ${t('price_list_entries')} e on e.price_list_id = l.id
    where e.product_id in (select id from dp_ids)
  ),
  dp_cand as (
    select s.id, e.ord, e.currency, e.min_qty, e.price, e.percent_off
    from ${src} s join dp_e e on e.product_id = s.id
    where e.min_qty <= s.qty
    union all
    select s.id, e.ord, e.currency, e.min_qty, e.price, e.percent_off
    from ${src} s join dp_e e on e.product_id = s.parent_id
    where e.min_qty <= s.qty and not exists (select 1 from dp_e o where o.product_id = s.id and o.ord = e.ord)
  ),
  dp_base as (
    select distinct on (id) id, currency, price, percent_off from dp_cand order by id, ord, min_qty desc
  ),
  dp_w as materialized (
    select s.*,
           case when b.price is not null then b.price::numeric
                when b.percent_off is not null then ${half(sql`s.list_price * (10000 - b.percent_off * 100)`, sql`10000`)}
                else s.list_price::numeric end as dp_amount,
           case when b.price is not null then b.currency else s.currency end as dp_working
    from ${src} s left join dp_base b on b.id = s.id
  ),
  dp_camps as materialized (
    select c.id, c.scope, c.min_qty, c.percent_off * 100 as bp, c.amount_off, c.currency::text as currency
    from ${t('campaigns')} c
    where c.active and c.starts_at <= ${day} and c.ends_at >= ${day}
      and (c.target = 'all' or (c.target = 'segment' and c.segment_id = ${segment})
           or (c.target = 'dealers' and exists (select 1 from ${t('campaign_dealers')} cd where cd.campaign_id = c.id and cd.dealer_id = ${ctx.dealerId})))
  ),
  dp_cp as materialized (
    select cp.campaign_id, cp.product_id from ${t('campaign_products')} cp
    where cp.campaign_id in (select id from dp_camps where scope = 'products') and cp.product_id in (select id from dp_ids)
  ),
  dp_cc (campaign_id, category_id) as (
    select cc.campaign_id, cc.category_id from ${t('campaign_categories')} cc
    where cc.campaign_id in (select id from dp_camps where scope = 'categories')
    union
    select d.campaign_id, k.id from dp_cc d join ${t('categories')} k on k.parent_id = d.category_id
  ),
  dp_pcat as (
    select w.id, par.category_id from dp_w w join ${t('products')} par on par.id = w.parent_id where w.category_id is null
  ),
  dp_hc as (
    select w.id, c.id as cid from dp_w w join dp_camps c on c.scope = 'all'
    union all
    select w.id, cp.campaign_id from dp_w w join dp_cp cp on cp.product_id = w.id
    union all
    select w.id, cp.campaign_id from dp_w w join dp_cp cp on cp.product_id = w.parent_id
    union all
    select w.id, cc.campaign_id from dp_w w join dp_cc cc on cc.category_id = w.category_id
    union all
    select pc.id, cc.campaign_id from dp_pcat pc join dp_cc cc on cc.category_id = pc.category_id
  ),
  dp_ca as (
    select w.id, min(x.after) as after, bool_or(x.after is null) as broken
    from dp_hc h
    join dp_camps c on c.id = h.cid
    join dp_w w on w.id = h.id
    left join dp_rates rf on rf.currency = c.currency
    left join dp_rates rt on rt.currency = w.dp_working
    cross join lateral (
      select case when c.bp is not null then ${half(sql`w.dp_amount * (10000 - c.bp)`, sql`10000`)}
                  when c.currency = w.dp_working then greatest(0, w.dp_amount - c.amount_off)
                  when rf.scaled is null or rt.scaled is null then null
                  else greatest(0, w.dp_amount - ${half(sql`c.amount_off * rf.scaled`, sql`rt.scaled`)}) end as after
    ) x
    where c.min_qty <= w.qty
    group by w.id
  ),
  dp_price as (
    select w.*,
           (case when ca.broken then null
                 when w.currency <> ${target} and (rp.scaled is null or rg.scaled is null) then null
                 when w.dp_working = ${target} then coalesce(ca.after, w.dp_amount)
                 when rw.scaled is null or rg.scaled is null then null
                 else ${half(sql`coalesce(ca.after, w.dp_amount) * rw.scaled`, sql`rg.scaled`)} end)::bigint as price
    from dp_w w
    left join dp_ca ca on ca.id = w.id
    left join dp_rates rw on rw.currency = w.dp_working
    left join dp_rates rp on rp.currency = w.currency
    left join dp_rates rg on rg.currency = ${target}
  )`;
}

/** The columns `dealerPriceCtes` reads from its source, from a products table aliased `p`, at `qty`. */
export function dealerPriceSourceColumns(qty: RawBuilder<unknown> | number = 1): RawBuilder<unknown> {
  return sql`p.id, p.parent_id, p.category_id, p.list_price, p.currency::text as currency, ${typeof qty === 'number' ? sql.lit(qty) : qty}::int as qty`;
}

/**
 * The SQL dealer price of given products at given quantities (default 1), as a map; null where
 * a rate is missing. For the price equality test and for telling which products of a page can be
 * resolved when resolvePrices throws 'missing_rate'.
 */
export async function dealerPricesBySql(
  db: Kysely<TenantDb>,
  schema: string,
  ctx: DealerPricing,
  items: { productId: number; qty: number }[],
): Promise<Map<number, number | null>> {
  const s = assertSchemaName(schema);
  if (!items.length) return new Map();
  const ids = items.map((i) => i.productId);
  const qtys = items.map((i) => i.qty);
  const { rows } = await withoutJit(db, (d) => sql<{ id: number; price: string | null }>`
    with recursive dp_src as materialized (
      select ${dealerPriceSourceColumns(sql`q.qty`)}
      from unnest(${ids}::bigint[], ${qtys}::int[]) as q(id, qty) join ${sql.id(s, 'products')} p on p.id = q.id
    ),
    ${dealerPriceCtes(s, ctx, 'dp_src')}
    select id, price::text as price from dp_price`.execute(d));
  return new Map(rows.map((r) => [Number(r.id), r.price === null ? null : Number(r.price)]));
}

/**
 * Quantities above `fromQty` at which this dealer's price of a product may change (PRC-3 tier
 * table on the product page): the min_qty of the product's (or its parent's) entries in the
 * dealer's lists valid on the day, and of the campaigns running for the dealer. Ascending, at most
 * `limit`. Each is then priced with resolvePrices (the rule), so a superset costs only a row.
 */
export async function tierQuantities(
  db: Kysely<TenantDb>,
  ctx: DealerPricing,
  product: { id: number; parentId: number | null },
  fromQty: number,
  limit = 6,
): Promise<number[]> {
  const day = sql<Date>`${ctx.date}::date`;
  const ids = product.parentId ? [product.id, product.parentId] : [product.id];
  const rows = await db
    .selectFrom('price_list_entries as e')
    .innerJoin('price_lists as l', 'l.id', 'e.price_list_id')
    .select('e.min_qty as q')
    .where('e.product_id', 'in', ids)
    .where('e.min_qty', '>', fromQty)
    .where('l.active', '=', true)
    .where('l.valid_from', '<=', day)
    .where((eb) => eb.or([eb('l.valid_to', 'is', null), eb('l.valid_to', '>=', day)]))
    .where((eb) =>
      eb.or([
        eb.and([eb('l.kind', '=', 'dealer'), eb('l.dealer_id', '=', ctx.dealerId)]),
        eb.and([eb('l.kind', '=', 'segment'), eb('l.segment_id', '=', ctx.segmentId ?? 0)]),
      ]),
    )
    .union((qb) =>
      qb
        .selectFrom('campaigns as c')
        .select('c.min_qty as q')
        .where('c.min_qty', '>', fromQty)
        .where('c.active', '=', true)
        .where('c.starts_at', '<=', day)
        .where('c.ends_at', '>=', day)
        .where((eb) =>
          eb.or([
            eb('c.target', '=', 'all'),
            eb.and([eb('c.target', '=', 'segment'), eb('c.segment_id', '=', ctx.segmentId ?? 0)]),
            eb.and([eb('c.target', '=', 'dealers'), eb.exists(eb.selectFrom('campaign_dealers as cd').select('cd.dealer_id').whereRef('cd.campaign_id', '=', 'c.id').where('cd.dealer_id', '=', ctx.dealerId))]),
          ]),
        ),
    )
    .orderBy('q')
    .limit(limit)
    .execute();
  return rows.map((r) => r.q);
}

export interface PaymentOption {
  method: PaymentMethod;
  installments: number | null;
  /** The adjustment, e.g. '-3.00' (for showing only: the price comes from resolvePrices). */
  percent: string;
}

const METHOD_ORDER: PaymentMethod[] = ['wire', 'prepayment', 'open_account', 'card', 'installments'];

/**
 * The payment methods offered with a price list (PRC-4): the list's own adjustment rows, plus the
 * default rows (price_list_id null) for methods the list does not set — exactly the rows
 * resolvePrices would use for each method. Without a list (list price), the default rows. Ordered
 * wire, prepayment, open account, card, then instalments by count.
 */
export async function paymentOptions(db: Kysely<TenantDb>, priceListId: number | null): Promise<PaymentOption[]> {
  const rows = await db
    .selectFrom('payment_adjustments')
    .select(['price_list_id', 'method', 'installments', 'percent'])
    .where((eb) => (priceListId ? eb.or([eb('price_list_id', 'is', null), eb('price_list_id', '=', priceListId)]) : eb('price_list_id', 'is', null)))
    .execute();
  const byKey = new Map<string, PaymentOption>();
  // The list's own rows win over the defaults.
  for (const r of [...rows].sort((a, b) => (a.price_list_id === null ? 0 : 1) - (b.price_list_id === null ? 0 : 1))) {
    byKey.set(`${r.method}:${r.installments ?? 0}`, { method: r.method as PaymentMethod, installments: r.installments, percent: String(r.percent) });
  }
  return [...byKey.values()].sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || (a.installments ?? 0) - (b.installments ?? 0));
}
