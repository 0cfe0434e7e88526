import { sql, type Kysely } from 'kysely';
import { latestRates } from '../pricing/rates.ts';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import { ORDER_STATUSES } from '../db/types.ts';
import { CreditError } from '../finance/credit.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { convert } from '../pricing/money.ts';
import { pricingSettings } from '../pricing/context.ts';
import { PricingError, resolvePrices, type ResolvedPrice } from '../pricing/resolve.ts';
import { releaseStock, reserveStock, StockShortError } from '../stock/stock.ts';
import { applyChangePolicy, creditAfterChange, creditRefuses, lockForChange, lockProducts, type CreditOutcome, type PolicyResult } from './edit-policy.ts';
import { notifyOrderChanged, notifyOrderStatus } from './notify.ts';
import { changeStatus, OrderStatusError, type StatusActor } from './status.ts';
import { computeTotals } from './submit.ts';

/**
 * ORD-6/ORD-7/ORD-11: the seller's order desk.
 *
 *  - `listOrders` / `statusCounts`: the incoming-orders list with filters (status, dealer, date
 *    range in the seller's time zone, text on number / PO / dealer) and counts per status; offset
 *    pagination, newest first.
 *  - `deskTransition`: every staff status change goes through `changeStatus` (row lock, transition
 *    table, history, stock release on cancel) and then writes the dealer notifications in the same
 *    transaction. Two staff confirming at once: the second waits for the row lock, then finds the
 *    order already confirmed and gets `OrderStatusError('not_allowed')`.
 *  - `editLines`: before confirmation (and never once invoiced, ORD-11) staff change quantities,
 *    remove or add lines. One transaction: order row lock, re-price every line with the one price
 *    rule at the order's pricing day and payment method, reservations adjusted by the difference
 *    (reserveStock is conditional — stock never goes negative — releaseStock gives back), totals
 *    recomputed with computeTotals, a history note, dealer notified. Locks, credit policy (block
 *    refuses, review sends a placed order to credit review) and the purchasing policy re-run
 *    (a raised placed order goes back for the dealer's approval; a waiting order's steps restart
 *    when its workflow changes) are the shared rules of edit-policy.ts, the same as a dealer's
 *    own change.
 *  - Flags (VIP, gift, replacement, return) and "mark invoiced" (until the finance issue writes
 *    invoices) are plain locked updates.
 */

export const FLAGS = ['vip', 'gift', 'replacement', 'return'] as const;
export type OrderFlag = (typeof FLAGS)[number];

/** Before the seller confirms, lines may be edited (ORD-6). */
export const STAFF_EDITABLE: readonly OrderStatus[] = ['awaiting_approval', 'credit_review', 'awaiting_payment', 'placed'];

export class DeskError extends Error {
  constructor(
    readonly code: 'not_found' | 'invoiced' | 'not_editable' | 'empty' | 'qty' | 'product' | 'duplicate_product' | 'out_of_stock' | 'pricing' | 'already_invoiced' | 'credit_limit',
    readonly detail: {
      status?: OrderStatus;
      short?: Array<{ productId: number; wanted: number; available: number }>;
      sku?: string;
      message?: string;
      limit?: number;
      exposure?: number;
      currency?: string;
      increase?: number;
    } = {},
  ) {
    super(code);
    this.name = 'DeskError';
  }
}

export interface DeskFilters {
  status?: OrderStatus | undefined;
  dealerId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

export const PAGE_SIZE = 50;

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function filtered(db: Kysely<TenantDb>, f: DeskFilters, timeZone: string, withStatus: boolean) {
  let q = db.selectFrom('orders as o').innerJoin('dealers as d', 'd.id', 'o.dealer_id');
  if (withStatus && f.status) q = q.where('o.status', '=', f.status);
  if (f.dealerId) q = q.where('o.dealer_id', '=', f.dealerId);
  if (f.from) q = q.where('o.created_at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone ${timeZone}`);
  if (f.to) q = q.where('o.created_at', '<', sql<Date>`((${f.to}::date + 1))::timestamp at time zone ${timeZone}`);
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) => eb.or([eb('o.number', 'ilike', like), eb('o.po_number', 'ilike', like), eb('d.company_name', 'ilike', like), eb('d.code', 'ilike', like), eb('d.trade_name', 'ilike', like)]));
  }
  return q;
}

export interface DeskRow {
  id: number;
  number: string;
  status: OrderStatus;
  dealer_id: number;
  dealer_name: string;
  dealer_code: string;
  po_number: string;
  currency: string;
  total_gross: number;
  flags: string[];
  created_at: Date;
  line_count: number;
  invoiced_at: Date | null;
}

export async function listOrders(db: Kysely<TenantDb>, f: DeskFilters, timeZone: string, page = 1): Promise<{ rows: DeskRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, f, timeZone, true)
      .select([
        'o.id',
        'o.number',
        'o.status',
        'o.dealer_id',
        'd.company_name as dealer_name',
        'd.code as dealer_code',
        'o.po_number',
        'o.currency',
        'o.total_gross',
        'o.flags',
        'o.created_at',
        'o.invoiced_at',
        (eb) => eb.selectFrom('order_lines as l').select(sql<number>`count(*)::int`.as('n')).whereRef('l.order_id', '=', 'o.id').$asScalar().as('line_count'),
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * PAGE_SIZE)
      .execute(),
    filtered(db, f, timeZone, true).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** Counts per status under the same filters except the status itself (the tabs). */
export async function statusCounts(db: Kysely<TenantDb>, f: DeskFilters, timeZone: string): Promise<Record<OrderStatus, number>> {
  const rows = await filtered(db, f, timeZone, false).select(['o.status', sql<number>`count(*)::int`.as('n')]).groupBy('o.status').execute();
  const out = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export async function loadOrder(db: Kysely<TenantDb>, id: number) {
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('dealers as d', 'd.id', 'o.dealer_id')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .leftJoin('shipping_methods as sm', 'sm.id', 'o.shipping_method_id')
    .selectAll('o')
    .select(['d.company_name as dealer_name', 'd.code as dealer_code', 'u.name as user_name', 'u.email as user_email', 'sm.name as shipping_method_name'])
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!order) return null;
  const [lines, history, approvals] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('line_no').execute(),
    db
      .selectFrom('order_status_history as h')
      .leftJoin('users as u', 'u.id', 'h.actor_user_id')
      .select(['h.id', 'h.from_status', 'h.to_status', 'h.actor', 'h.note', 'h.created_at', 'u.name as actor_name'])
      .where('h.order_id', '=', id)
      .orderBy('h.id')
      .execute(),
    db
      .selectFrom('order_approvals as a')
      .leftJoin('users as u', 'u.id', 'a.decided_by')
      .select(['a.id', 'a.level', 'a.status', 'a.decided_at', 'a.note', 'u.name as decided_by_name'])
      .where('a.order_id', '=', id)
      .orderBy('a.level')
      .execute(),
  ]);
  return { order, lines, history, approvals };
}
export type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

/**
 * A staff status change with its side effects: `changeStatus` + dealer notifications; marking a
 * prepayment received also records the paid amount (the whole gross total).
 */
export async function deskTransition(
  trx: Kysely<TenantDb>,
  orderId: number,
  to: OrderStatus,
  actor: StatusActor,
  brand: Brand,
  opts: { note?: string; cancelReason?: string; paymentReceived?: boolean } = {},
): Promise<{ from: OrderStatus; notified: number[] }> {
  if (opts.paymentReceived) {
    const cur = await trx.selectFrom('orders').select(['status']).where('id', '=', orderId).forUpdate().executeTakeFirst();
    if (!cur) throw new OrderStatusError('not_found', null, to);
    if (cur.status !== 'awaiting_payment') throw new OrderStatusError('not_allowed', cur.status, to);
  }
  const from = await changeStatus(trx, orderId, to, actor, { note: opts.note, cancelReason: opts.cancelReason });
  if (opts.paymentReceived) await trx.updateTable('orders').set({ paid_gross: sql<number>`total_gross` }).where('id', '=', orderId).execute();
  const notified = await notifyOrderStatus(trx, orderId, from, to, brand, { reason: opts.cancelReason });
  return { from, notified };
}

export async function setFlag(trx: Kysely<TenantDb>, orderId: number, flag: OrderFlag, on: boolean): Promise<string[] | null> {
  const row = await trx.selectFrom('orders').select(['flags']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!row) return null;
  const next = on ? [...new Set([...row.flags, flag])] : row.flags.filter((f) => f !== flag);
  await trx.updateTable('orders').set({ flags: next, updated_at: new Date() }).where('id', '=', orderId).execute();
  return next;
}

/** Until the finance issue writes invoices: stamps invoiced_at, which freezes lines, billing and prices (ORD-11). */
export async function markInvoiced(trx: Kysely<TenantDb>, orderId: number, actor: StatusActor): Promise<void> {
  const row = await trx.selectFrom('orders').select(['status', 'invoiced_at']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!row) throw new DeskError('not_found');
  if (row.invoiced_at) throw new DeskError('already_invoiced');
  if (row.status === 'cancelled') throw new DeskError('not_editable', { status: row.status });
  const now = new Date();
  await trx.updateTable('orders').set({ invoiced_at: now, updated_at: now }).where('id', '=', orderId).execute();
  await trx.insertInto('order_status_history').values({ order_id: orderId, from_status: row.status, to_status: row.status, actor: actor.kind, actor_user_id: actor.userId ?? null, note: 'invoiced' }).execute();
}

/** ORD-11: refuses any change of billing data or prices on an invoiced order. */
export function assertNotInvoiced(order: { invoiced_at: Date | null }): void {
  if (order.invoiced_at) throw new DeskError('invoiced');
}

export interface LineEdit {
  /** New quantities by order line id (0 = remove). */
  qty: Map<number, number>;
  remove: number[];
  add: Array<{ productId: number; qty: number }>;
  note?: string;
}

export interface EditResult {
  notified?: number[];
  changes: Array<{ sku: string; name: string; from: number; to: number }>;
  totalGross: { from: number; to: number };
  /** The order's status after the edit (awaiting_approval / credit_review when the policies say so). */
  status?: OrderStatus;
  approval?: PolicyResult['approval'];
  creditReview?: boolean;
}


/**
 * Edits the lines of an order before confirmation (see the header). Throws DeskError for every
 * refusal; the caller's transaction then rolls back whatever was done.
 */
export async function editLines(trx: Kysely<TenantDb>, tenantId: number, orderId: number, edit: LineEdit, actor: StatusActor, brand: Brand): Promise<EditResult> {
  if (!trx.isTransaction) throw new Error('editLines must run inside a transaction');
  // Account → order → products (edit-policy.ts): the same order as a dealer change and
  // submitOrder, so a staff edit and a dealer change of the same order never deadlock, and the
  // credit check below sees every other order of the dealer.
  const locked = await lockForChange(trx, orderId);
  if (!locked) throw new DeskError('not_found');
  const { account, order } = locked;
  assertNotInvoiced(order);
  if (!STAFF_EDITABLE.includes(order.status)) throw new DeskError('not_editable', { status: order.status });
  const lines = await trx.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();

  // The wanted quantities per product.
  const wanted = new Map<number, number>();
  const removed = new Set(edit.remove);
  for (const l of lines) {
    let q = edit.qty.has(l.id) ? edit.qty.get(l.id)! : l.qty;
    if (removed.has(l.id)) q = 0;
    if (!Number.isSafeInteger(q) || q < 0 || q > 1_000_000) throw new DeskError('qty', { sku: l.sku });
    if (q > 0) wanted.set(l.product_id, q);
  }
  const newIds: number[] = [];
  for (const a of edit.add) {
    if (!Number.isSafeInteger(a.qty) || a.qty < 1 || a.qty > 1_000_000) throw new DeskError('qty');
    if (lines.some((l) => l.product_id === a.productId) || newIds.includes(a.productId)) throw new DeskError('duplicate_product');
    wanted.set(a.productId, a.qty);
    newIds.push(a.productId);
  }
  if (wanted.size === 0) throw new DeskError('empty');
  if (newIds.length) {
    const found = await trx.selectFrom('products').select(['id', 'active', 'hidden']).where('id', 'in', newIds).execute();
    for (const id of newIds) {
      const p = found.find((x) => x.id === id);
      if (!p || !p.active) throw new DeskError('product');
    }
  }

  // Re-price every remaining line at the order's pricing day, currency and payment method.
  const [settings, dealer] = await Promise.all([pricingSettings(trx, tenantId), trx.selectFrom('dealers').select(['id']).where('id', '=', order.dealer_id).executeTakeFirstOrThrow()]);
  let prices: Map<number, ResolvedPrice>;
  try {
    prices = await resolvePrices(trx, {
      dealerId: dealer.id,
      items: [...wanted].map(([productId, qty]) => ({ productId, qty })),
      date: order.priced_day,
      currency: order.currency,
      baseCurrency: settings.baseCurrency,
      paymentMethod: order.payment_method,
      installments: order.installments ?? undefined,
    });
  } catch (err) {
    if (err instanceof PricingError) throw new DeskError('pricing', { message: err.message });
    throw err;
  }

  // Reservations: the difference only, more first (conditional, all or nothing), then releases.
  const more: Array<{ productId: number; qty: number }> = [];
  const less: Array<{ productId: number; qty: number }> = [];
  for (const l of lines) {
    const next = wanted.get(l.product_id) ?? 0;
    const diff = next - l.reserved_qty;
    if (diff > 0) more.push({ productId: l.product_id, qty: diff });
    if (diff < 0) less.push({ productId: l.product_id, qty: -diff });
  }
  for (const id of newIds) more.push({ productId: id, qty: wanted.get(id)! });
  await lockProducts(trx, [...more, ...less].map((x) => x.productId));
  try {
    if (more.length) await reserveStock(trx, more);
  } catch (err) {
    if (err instanceof StockShortError) throw new DeskError('out_of_stock', { short: err.short });
    throw err;
  }
  if (less.length) await releaseStock(trx, less);

  // Lines: delete, update, insert.
  const changes: EditResult['changes'] = [];
  const gone = lines.filter((l) => !wanted.has(l.product_id));
  if (gone.length) await trx.deleteFrom('order_lines').where('id', 'in', gone.map((l) => l.id)).execute();
  for (const l of gone) changes.push({ sku: l.sku, name: l.name, from: l.qty, to: 0 });
  for (const l of lines) {
    const p = prices.get(l.product_id);
    if (!p || !wanted.has(l.product_id)) continue;
    await trx
      .updateTable('order_lines')
      .set({ qty: p.qty, reserved_qty: p.qty, vat_rate: p.vatRate, unit_net: p.unitNet, unit_gross: p.unitGross, list_unit_net: p.listUnitNet, line_net: p.lineNet, line_gross: p.lineGross, breakdown: JSON.stringify(p.breakdown) })
      .where('id', '=', l.id)
      .execute();
    if (p.qty !== l.qty) changes.push({ sku: l.sku, name: l.name, from: l.qty, to: p.qty });
  }
  if (newIds.length) {
    const info = await trx.selectFrom('products').select(['id', 'sku', 'name', 'unit']).where('id', 'in', newIds).execute();
    let no = lines.reduce((m, l) => Math.max(m, l.line_no), 0);
    for (const id of newIds) {
      const p = prices.get(id)!;
      const pr = info.find((x) => x.id === id)!;
      no += 1;
      await trx
        .insertInto('order_lines')
        .values({ order_id: orderId, line_no: no, product_id: id, sku: pr.sku, name: pr.name, unit: pr.unit, qty: p.qty, reserved_qty: p.qty, vat_rate: p.vatRate, unit_net: p.unitNet, unit_gross: p.unitGross, list_unit_net: p.listUnitNet, line_net: p.lineNet, line_gross: p.lineGross, breakdown: JSON.stringify(p.breakdown) })
        .execute();
      changes.push({ sku: pr.sku, name: pr.name, from: 0, to: p.qty });
    }
  }

  // Shipping: the method's price again (free from its threshold on the new lines net).
  const priced = [...wanted.keys()].map((id) => prices.get(id)!);
  let shippingNet = 0n;
  let shippingVat = 0;
  if (order.shipping_method_id != null && order.shipping_net >= 0) {
    const m = await trx.selectFrom('shipping_methods').selectAll().where('id', '=', order.shipping_method_id).executeTakeFirst();
    if (m) {
      let toOrder = (v: number): bigint | null => BigInt(v);
      if (m.currency !== order.currency) {
        const rate = await latestRates(trx, [m.currency, order.currency], order.priced_day, settings.baseCurrency);
        const from = rate(m.currency);
        const to = rate(order.currency);
        toOrder = (v) => (from && to ? convert(BigInt(v), from, to) : null);
      }
      const price = toOrder(m.price);
      const freeFrom = m.free_from != null ? toOrder(m.free_from) : null;
      if (price === null) throw new DeskError('pricing', { message: `no exchange rate for ${m.currency}` });
      const net = priced.reduce((s, l) => s + BigInt(l.lineNet), 0n);
      shippingNet = freeFrom !== null && net >= freeFrom ? 0n : price;
      shippingVat = m.vat_rate;
    } else shippingNet = BigInt(order.shipping_net);
  }
  const totals = computeTotals(order.currency, priced, shippingNet, shippingVat);
  let credit: CreditOutcome;
  try {
    credit = await creditAfterChange(trx, account, order, totals.totalGross, settings.baseCurrency);
  } catch (err) {
    if (err instanceof CreditError) throw new DeskError('pricing', { message: err.message });
    throw err;
  }
  if (creditRefuses(credit, order.status)) throw new DeskError('credit_limit', { limit: credit.limit, exposure: credit.exposure, currency: credit.currency, increase: credit.increase });
  await trx
    .updateTable('orders')
    .set({ lines_net: totals.linesNet, shipping_net: totals.shippingNet, vat_total: totals.vatTotal, total_gross: totals.totalGross, vat_by_rate: JSON.stringify(totals.vatByRate), updated_at: new Date() })
    .where('id', '=', orderId)
    .execute();
  const policy = await applyChangePolicy(trx, {
    order,
    by: 'seller',
    actor,
    kind: 'lines',
    changes,
    text: edit.note,
    newTotal: totals.totalGross,
    added: newIds.length > 0,
    productIds: [...wanted.keys()],
    credit,
    baseCurrency: settings.baseCurrency,
    brand,
  });
  const result: EditResult = { changes, totalGross: { from: order.total_gross, to: totals.totalGross }, status: policy.status, approval: policy.approval, creditReview: policy.creditReview };
  if (changes.length || result.totalGross.from !== result.totalGross.to) result.notified = await notifyOrderChanged(trx, orderId, result, brand);
  if (policy.notified.length) result.notified = [...(result.notified ?? []), ...policy.notified];
  return result;
}
