import { sql, type Kysely } from 'kysely';
import { latestRates } from '../pricing/rates.ts';
import type { PaymentMethod, TenantDb } from '../db/types.ts';
import { computeTotals, type OrderTotals } from '../orders/submit.ts';
import type { DealerPricing } from '../pricing/context.ts';
import { priceForDealer } from '../pricing/context.ts';
import { convert } from '../pricing/money.ts';
import type { ResolvedPrice } from '../pricing/resolve.ts';

/**
 * ORD-1/2/3: named carts and saved lists of a dealer user, and what a cart costs.
 *
 * Visibility (the rule every query here applies): a cart belongs to one dealer; a user sees the
 * carts they own plus the dealer's shared carts (shared carts only for users who may order).
 * Every lookup filters by dealer_id, so another dealer's or tenant's cart id is simply not found.
 *
 * Orderability of a line is submitOrder's rule (visible, active, parent visible, not hidden for
 * being out of stock, ≥ minimum, a multiple of the package) so the cart never promises what the
 * submission will refuse. Cart figures come from priceForDealer and computeTotals — the same
 * functions submitOrder uses — so the cart total is the order total for the same lines.
 */
export interface CartViewer {
  dealerId: number;
  userId: number;
  /** orders.place (or staff acting for the dealer): may see and edit shared carts. */
  canPlace: boolean;
}

export interface Cart {
  id: number;
  dealer_id: number;
  owner_id: number;
  owner_name: string;
  name: string;
  kind: 'cart' | 'list';
  shared: boolean;
  updated_at: Date;
  lines: number;
}

export const MAX_CART_LINES = 2000;
export const MAX_QTY = 1_000_000;

function visible(db: Kysely<TenantDb>, v: CartViewer) {
  return db
    .selectFrom('carts as c')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .select(['c.id', 'c.dealer_id', 'c.owner_id', 'u.name as owner_name', 'c.name', 'c.kind', 'c.shared', 'c.updated_at'])
    .select((eb) => eb.selectFrom('cart_lines as l').select(sql<number>`count(*)::int`.as('n')).whereRef('l.cart_id', '=', 'c.id').as('lines'))
    .where('c.dealer_id', '=', v.dealerId)
    .where((eb) => (v.canPlace ? eb.or([eb('c.owner_id', '=', v.userId), eb('c.shared', '=', true)]) : eb('c.owner_id', '=', v.userId)));
}

export async function listCarts(db: Kysely<TenantDb>, v: CartViewer): Promise<Cart[]> {
  return (await visible(db, v).orderBy('c.kind').orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(200).execute()) as Cart[];
}

export async function findCart(db: Kysely<TenantDb>, v: CartViewer, id: number): Promise<Cart | undefined> {
  return (await visible(db, v).where('c.id', '=', id).executeTakeFirst()) as Cart | undefined;
}

export async function createCart(db: Kysely<TenantDb>, v: CartViewer, input: { name: string; kind?: 'cart' | 'list'; shared?: boolean; activate?: boolean }): Promise<number> {
  const row = await db
    .insertInto('carts')
    .values({ dealer_id: v.dealerId, owner_id: v.userId, name: input.name, kind: input.kind ?? 'cart', shared: input.shared ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.activate !== false && (input.kind ?? 'cart') === 'cart') await setActiveCart(db, v, row.id);
  return row.id;
}

export async function setActiveCart(db: Kysely<TenantDb>, v: CartViewer, cartId: number): Promise<void> {
  await db
    .insertInto('user_active_carts')
    .values({ user_id: v.userId, cart_id: cartId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ cart_id: cartId }))
    .execute();
}

/** The user's active cart; the newest visible cart, or a new one named `defaultName`, when none is set. */
export async function activeCart(db: Kysely<TenantDb>, v: CartViewer, defaultName: string): Promise<Cart> {
  // The usual case in one statement: the active cart, still visible to the user and still a cart.
  const set = (await visible(db, v).innerJoin('user_active_carts as a', 'a.cart_id', 'c.id').where('a.user_id', '=', v.userId).where('c.kind', '=', 'cart').executeTakeFirst()) as Cart | undefined;
  if (set) return set;
  const newest = (await visible(db, v).where('c.kind', '=', 'cart').where('c.owner_id', '=', v.userId).orderBy('c.updated_at', 'desc').executeTakeFirst()) as Cart | undefined;
  const id = newest?.id ?? (await createCart(db, v, { name: defaultName, activate: false }));
  await setActiveCart(db, v, id);
  return (await findCart(db, v, id))!;
}

/** Id of the active cart without creating one (null when the user has none yet). */
export async function activeCartId(db: Kysely<TenantDb>, v: CartViewer): Promise<number | null> {
  const row = await db
    .selectFrom('user_active_carts as a')
    .innerJoin('carts as c', 'c.id', 'a.cart_id')
    .select('c.id')
    .where('a.user_id', '=', v.userId)
    .where('c.dealer_id', '=', v.dealerId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function touchCart(db: Kysely<TenantDb>, cartId: number): Promise<void> {
  await db.updateTable('carts').set({ updated_at: new Date() }).where('id', '=', cartId).execute();
}

/**
 * Adds quantities (a product already in the cart gets the quantity added) and touches the cart,
 * in one statement. Returns how many products were new to the cart (`xmax = 0` marks a row the
 * upsert inserted rather than updated), so a caller that knows the line count before can show
 * the new count without counting again.
 */
export async function addLines(db: Kysely<TenantDb>, cartId: number, items: Array<{ productId: number; qty: number }>): Promise<number> {
  const merged = new Map<number, number>();
  for (const i of items) merged.set(i.productId, (merged.get(i.productId) ?? 0) + i.qty);
  if (!merged.size) return 0;
  const row = await db
    .with('up', (w) =>
      w
        .insertInto('cart_lines')
        .values([...merged].map(([product_id, qty]) => ({ cart_id: cartId, product_id, qty: Math.min(qty, MAX_QTY) })))
        .onConflict((oc) => oc.columns(['cart_id', 'product_id']).doUpdateSet({ qty: sql<number>`least(cart_lines.qty + excluded.qty, ${MAX_QTY})` }))
        .returning(sql<boolean>`xmax = 0`.as('inserted')),
    )
    .updateTable('carts')
    .set({ updated_at: new Date() })
    .where('id', '=', cartId)
    .returning((eb) => eb.selectFrom('up').select(sql<number>`count(*) filter (where inserted)::int`.as('n')).as('added'))
    .executeTakeFirst();
  return row?.added ?? 0;
}

export async function setLineQty(db: Kysely<TenantDb>, cartId: number, productId: number, qty: number): Promise<void> {
  if (qty <= 0) await db.deleteFrom('cart_lines').where('cart_id', '=', cartId).where('product_id', '=', productId).execute();
  else await db.updateTable('cart_lines').set({ qty }).where('cart_id', '=', cartId).where('product_id', '=', productId).execute();
  await touchCart(db, cartId);
}

export async function cartItems(db: Kysely<TenantDb>, cartId: number): Promise<Array<{ productId: number; qty: number }>> {
  const rows = await db.selectFrom('cart_lines').select(['product_id', 'qty']).where('cart_id', '=', cartId).orderBy('added_at').orderBy('product_id').execute();
  return rows.map((r) => ({ productId: r.product_id, qty: r.qty }));
}

// ---------------------------------------------------------------------------------------------
// Products as a dealer may order them.

export interface OrderableProduct {
  id: number;
  sku: string;
  name: string;
  unit: string;
  variant: string;
  min_order_qty: number;
  order_multiple: number;
  orderable: boolean;
  available: number;
  behaviour: 'hide' | 'backorder' | 'block';
}

export type RowError = 'unknown_sku' | 'not_orderable' | 'below_minimum' | 'not_multiple' | 'bad_qty';

async function productRows(db: Kysely<TenantDb>, where: { ids?: number[]; skuKeys?: string[] }) {
  let q = db
    .selectFrom('products as p')
    .leftJoin('products as parent', 'parent.id', 'p.parent_id')
    .select([
      'p.id',
      'p.sku',
      'p.sku_key',
      'p.name',
      'p.unit',
      'p.variant_attributes',
      'p.min_order_qty',
      'p.order_multiple',
      'p.active',
      'p.hidden',
      'p.availability',
      'p.out_of_stock_behaviour',
      'p.stock_qty',
      'p.reserved_qty',
      'parent.active as parent_active',
      'parent.hidden as parent_hidden',
    ]);
  if (where.ids) q = q.where('p.id', 'in', where.ids.length ? where.ids : [0]);
  if (where.skuKeys) q = q.where('p.sku_key', 'in', where.skuKeys.length ? where.skuKeys : ['']);
  return q.execute();
}

function toOrderable(p: Awaited<ReturnType<typeof productRows>>[number]): OrderableProduct {
  const shown = p.active && !p.hidden && p.parent_active !== false && p.parent_hidden !== true;
  const orderable = shown && !(p.availability === 'out_of_stock' && p.out_of_stock_behaviour === 'hide');
  const attrs = p.variant_attributes ?? {};
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    unit: p.unit,
    variant: Object.values(attrs).join(' · '),
    min_order_qty: p.min_order_qty,
    order_multiple: p.order_multiple,
    orderable,
    available: Math.max(0, p.stock_qty - p.reserved_qty),
    behaviour: p.out_of_stock_behaviour,
  };
}

export async function productsById(db: Kysely<TenantDb>, ids: number[]): Promise<Map<number, OrderableProduct>> {
  const rows = await productRows(db, { ids: [...new Set(ids)] });
  return new Map(rows.map((r) => [r.id, toOrderable(r)]));
}

/** The SKU key the products.sku_key column holds (lower case, letters and digits only). */
export const skuKey = (sku: string) => sku.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Products by typed SKU: exact (case-insensitive) match first, else the one product with the same key. */
export async function productsBySku(db: Kysely<TenantDb>, skus: string[]): Promise<Map<string, OrderableProduct>> {
  const keys = [...new Set(skus.map(skuKey).filter(Boolean))];
  const out = new Map<string, OrderableProduct>();
  if (!keys.length) return out;
  const rows = await productRows(db, { skuKeys: keys });
  for (const sku of new Set(skus)) {
    const exact = rows.find((r) => r.sku.toLowerCase() === sku.trim().toLowerCase());
    const same = rows.filter((r) => r.sku_key === skuKey(sku));
    const hit = exact ?? (same.length === 1 ? same[0] : undefined);
    if (hit) out.set(sku, toOrderable(hit));
  }
  return out;
}

/** Why a quantity of this product cannot go into a cart, or null. */
export function lineError(p: OrderableProduct | undefined, qty: number): RowError | null {
  if (!p) return 'unknown_sku';
  if (!p.orderable) return 'not_orderable';
  if (!Number.isSafeInteger(qty) || qty < 1 || qty > MAX_QTY) return 'bad_qty';
  if (qty < p.min_order_qty) return 'below_minimum';
  if (qty % p.order_multiple !== 0) return 'not_multiple';
  return null;
}

/** A quantity typed by a person: whole number, spaces and thousands dots allowed ("1.000"). */
export function parseQty(raw: string): number | null {
  const t = raw.trim().replace(/[\s.]/g, '');
  if (!/^\d{1,7}$/.test(t)) return null;
  return Number(t);
}

export interface PastedRow {
  line: number;
  sku: string;
  qtyText: string;
}

/** "SKU<tab|;|,|space>qty" per line (qty defaults to 1 when missing); blank lines skipped. */
export function parsePaste(text: string, limit = MAX_CART_LINES): PastedRow[] {
  const out: PastedRow[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length && out.length < limit; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const m = /^(.+?)(?:[\t;,]+|\s+)\s*([\d.\s]+)$/.exec(raw);
    if (m) out.push({ line: i + 1, sku: m[1]!.trim(), qtyText: m[2]!.trim() });
    else out.push({ line: i + 1, sku: raw, qtyText: '1' });
  }
  return out;
}

export interface CheckedRow {
  sku: string;
  qtyText: string;
  qty: number | null;
  product?: OrderableProduct;
  error: RowError | null;
}

/** Checks typed SKU/qty rows (quick order, paste, shopping-list import) in two queries at most. */
export async function checkRows(db: Kysely<TenantDb>, rows: Array<{ sku: string; qtyText: string }>): Promise<CheckedRow[]> {
  const products = await productsBySku(db, rows.map((r) => r.sku.trim()).filter(Boolean));
  return rows.map((r) => {
    const sku = r.sku.trim();
    const qty = parseQty(r.qtyText);
    const product = products.get(sku);
    let error = lineError(product, qty ?? NaN);
    if (error === 'bad_qty' && qty === null && !product) error = 'unknown_sku';
    return { sku, qtyText: r.qtyText, qty, product, error };
  });
}

// ---------------------------------------------------------------------------------------------
// Figures (ORD-3): prices, tier hints, shipping estimate, stock warnings.

export interface ShippingOption {
  id: number;
  name: string;
  /** Price and free-from threshold in the cart currency; null when a rate is missing. */
  price: number | null;
  freeFrom: number | null;
  vatRate: number;
  /** What this cart would pay (0 when free). */
  net: number | null;
}

export interface CartFigures {
  currency: string;
  lines: ResolvedPrice[];
  totals: OrderTotals;
  shipping: ShippingOption | null;
  options: ShippingOption[];
  /** Net amount still needed for free shipping with the chosen method, or null. */
  freeShippingGap: number | null;
  tierHints: Map<number, { qty: number; percent: number }>;
}


/** Active shipping methods priced in the cart currency with what this cart's lines net would pay. */
export async function shippingOptions(db: Kysely<TenantDb>, ctx: DealerPricing, linesNet: number): Promise<ShippingOption[]> {
  const methods = await db.selectFrom('shipping_methods').selectAll().where('active', '=', true).orderBy('sort').orderBy('id').execute();
  if (!methods.length) return [];
  const rate = await latestRates(db, [...methods.map((m) => m.currency.trim()), ctx.currency], ctx.date, ctx.baseCurrency);
  const to = rate(ctx.currency);
  return methods.map((m) => {
    const from = rate(m.currency.trim());
    const conv = (amount: number) => (m.currency.trim() === ctx.currency ? amount : from && to ? Number(convert(BigInt(amount), from, to)) : null);
    const price = conv(m.price);
    const freeFrom = m.free_from != null ? conv(m.free_from) : null;
    const missing = price === null || (m.free_from != null && freeFrom === null);
    const net = missing ? null : freeFrom !== null && linesNet >= freeFrom ? 0 : price;
    return { id: m.id, name: m.name, price, freeFrom, vatRate: m.vat_rate, net };
  });
}

/** The next quantity tier of each line's price list ("buy 10 for −5 %"), priced with the one rule. */
async function tierHints(db: Kysely<TenantDb>, ctx: DealerPricing, lines: ResolvedPrice[], opts: PriceOpts): Promise<Map<number, { qty: number; percent: number }>> {
  const out = new Map<number, { qty: number; percent: number }>();
  const withList = lines.filter((l) => l.breakdown.priceListId != null);
  if (!withList.length) return out;
  const rows = await db
    .selectFrom('price_list_entries')
    .select(['price_list_id', 'product_id', sql<number>`min(min_qty)`.as('next')])
    .where((eb) => eb.or(withList.map((l) => eb.and([eb('price_list_id', '=', l.breakdown.priceListId!), eb('product_id', '=', l.breakdown.tier?.fromProductId ?? l.productId), eb('min_qty', '>', l.qty)]))))
    .groupBy(['price_list_id', 'product_id'])
    .execute();
  const nextQty = new Map<number, number>();
  for (const l of withList) {
    const r = rows.find((x) => x.price_list_id === l.breakdown.priceListId && x.product_id === (l.breakdown.tier?.fromProductId ?? l.productId));
    if (r) nextQty.set(l.productId, Number(r.next));
  }
  if (!nextQty.size) return out;
  const priced = await priceForDealer(db, ctx, [...nextQty].map(([productId, qty]) => ({ productId, qty })), opts);
  for (const l of withList) {
    const p = priced.get(l.productId);
    if (!p || p.unitNet >= l.unitNet || l.unitNet === 0) continue;
    out.set(l.productId, { qty: p.qty, percent: Math.round(((l.unitNet - p.unitNet) * 1000) / l.unitNet) / 10 });
  }
  return out;
}

export interface PriceOpts {
  paymentMethod?: PaymentMethod;
  installments?: number;
}

/** Prices the items and totals them like submitOrder would, with the chosen (else cheapest) shipping method. */
export async function cartFigures(
  db: Kysely<TenantDb>,
  ctx: DealerPricing,
  items: Array<{ productId: number; qty: number }>,
  opts: PriceOpts & { shippingMethodId?: number | null; hints?: boolean } = {},
): Promise<CartFigures> {
  const priceOpts = { paymentMethod: opts.paymentMethod, installments: opts.installments };
  const priced = items.length ? await priceForDealer(db, ctx, items, priceOpts) : new Map<number, ResolvedPrice>();
  const lines = items.map((i) => priced.get(i.productId)!).filter(Boolean);
  const linesNet = lines.reduce((s, l) => s + l.lineNet, 0);
  const [options, hints] = await Promise.all([shippingOptions(db, ctx, linesNet), opts.hints ? tierHints(db, ctx, lines, priceOpts) : Promise.resolve(new Map())]);
  const usable = options.filter((o) => o.net !== null);
  const chosen =
    (opts.shippingMethodId != null ? usable.find((o) => o.id === opts.shippingMethodId) : undefined) ??
    [...usable].sort((a, b) => a.net! - b.net! || (a.price ?? 0) - (b.price ?? 0))[0] ??
    null;
  const totals = computeTotals(ctx.currency, lines, BigInt(chosen?.net ?? 0), chosen?.vatRate ?? 0);
  const gap = chosen && chosen.freeFrom !== null && chosen.net! > 0 && linesNet < chosen.freeFrom ? chosen.freeFrom - linesNet : null;
  return { currency: ctx.currency, lines, totals, shipping: chosen, options, freeShippingGap: gap, tierHints: hints };
}

/** Stock warning of a line: null, 'backorder' (the rest waits) or 'block' (cannot be ordered beyond stock). */
export function stockWarning(p: OrderableProduct | undefined, qty: number): { kind: 'backorder' | 'block'; available: number } | null {
  if (!p || qty <= p.available) return null;
  if (p.behaviour === 'backorder') return { kind: 'backorder', available: p.available };
  return { kind: 'block', available: p.available };
}
