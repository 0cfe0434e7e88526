import { sql, type Kysely } from 'kysely';
import type { OrderStatus, ShipmentStatus, TenantDb } from '../db/types.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { notifyOrderStatus } from '../orders/notify.ts';
import { changeStatus, type StatusActor } from '../orders/status.ts';
import { shipReserved, StockError } from '../stock/stock.ts';

/**
 * Shipments of an order (ORD-6/ORD-7 split shipments, SHP-2 groundwork). The only way goods leave
 * the warehouse for an order:
 *
 *  - `createShipment` makes a draft with per-line quantities (default: everything remaining). A
 *    draft holds its quantities: remaining = ordered − shipped − in other drafts, so two drafts
 *    never promise the same pieces.
 *  - `markShipped`, in the caller's transaction: stock booked out with `shipReserved` (on hand and
 *    reserved go down, a movement row per product), order_lines.shipped_qty up and reserved_qty
 *    down (conditional: never over the ordered quantity; a CHECK backs it), the order to
 *    partly_shipped or shipped through `changeStatus`, the dealer notified, a history row.
 *  - `markDelivered` (shipped → delivered; the order follows when every shipment is delivered)
 *    and `cancelShipment` (drafts only).
 *
 * Every writer takes the order row lock first, so two staff shipping the same remaining pieces
 * at once run one after the other and the second finds nothing left.
 */

export const SHIPPABLE: readonly OrderStatus[] = ['confirmed', 'preparing', 'partly_shipped'];

export type ShipmentErrorCode = 'not_found' | 'order_status' | 'nothing' | 'over' | 'qty' | 'status' | 'stock' | 'carrier' | 'tracking_url';

export class ShipmentError extends Error {
  constructor(
    readonly code: ShipmentErrorCode,
    readonly detail: { status?: OrderStatus | ShipmentStatus; lines?: Array<{ lineId: number; sku: string; wanted: number; remaining: number }>; sku?: string } = {},
  ) {
    super(code);
    this.name = 'ShipmentError';
  }
}

export const MAX_CARRIER = 120;
export const MAX_TRACKING = 120;

export interface FulfilmentLine {
  id: number;
  line_no: number;
  product_id: number;
  sku: string;
  name: string;
  unit: string;
  qty: number;
  shipped_qty: number;
  /** In draft shipments, not shipped yet. */
  drafted_qty: number;
  remaining: number;
}

/** Per order line: ordered, shipped, held by drafts, remaining to put in a shipment. */
export async function fulfilmentLines(db: Kysely<TenantDb>, orderId: number): Promise<FulfilmentLine[]> {
  const rows = await db
    .selectFrom('order_lines as l')
    .select(['l.id', 'l.line_no', 'l.product_id', 'l.sku', 'l.name', 'l.unit', 'l.qty', 'l.shipped_qty'])
    .select((eb) =>
      eb
        .selectFrom('shipment_lines as sl')
        .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
        .whereRef('sl.order_line_id', '=', 'l.id')
        .where('s.status', '=', 'draft')
        .select(sql<number>`coalesce(sum(sl.qty), 0)::int`.as('n'))
        .$asScalar()
        .as('drafted_qty'),
    )
    .where('l.order_id', '=', orderId)
    .orderBy('l.line_no')
    .execute();
  return rows.map((r) => {
    const drafted = Number(r.drafted_qty ?? 0);
    return { ...r, drafted_qty: drafted, remaining: Math.max(0, r.qty - r.shipped_qty - drafted) };
  });
}

async function lockOrder(trx: Kysely<TenantDb>, orderId: number) {
  if (!trx.isTransaction) throw new Error('shipments change inside a transaction');
  const order = await trx.selectFrom('orders').select(['id', 'number', 'status']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw new ShipmentError('not_found');
  return order;
}

export interface ShipmentInput {
  /** Order line id → quantity. Missing: everything remaining. Lines given 0 are left out. */
  lines?: Map<number, number>;
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  pickSessionId?: number | null;
  userId: number | null;
}

function cleanTracking(input: { carrier?: string | undefined; trackingNumber?: string | undefined; trackingUrl?: string | undefined }, needCarrier: boolean) {
  const carrier = (input.carrier ?? '').trim().slice(0, MAX_CARRIER);
  const trackingNumber = (input.trackingNumber ?? '').trim().slice(0, MAX_TRACKING) || null;
  const trackingUrl = (input.trackingUrl ?? '').trim().slice(0, 500) || null;
  if (needCarrier && !carrier) throw new ShipmentError('carrier');
  if (trackingUrl) {
    let ok = false;
    try {
      const u = new URL(trackingUrl);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) throw new ShipmentError('tracking_url');
  }
  return { carrier, trackingNumber, trackingUrl };
}

/** A draft shipment. Refuses quantities over what remains (per line, all reported) and empty shipments. */
export async function createShipment(trx: Kysely<TenantDb>, orderId: number, input: ShipmentInput): Promise<{ id: number; number: string }> {
  const order = await lockOrder(trx, orderId);
  if (!SHIPPABLE.includes(order.status)) throw new ShipmentError('order_status', { status: order.status });
  const tracking = cleanTracking(input, false);
  const lines = await fulfilmentLines(trx, orderId);
  const wanted: Array<{ lineId: number; qty: number }> = [];
  const over: Array<{ lineId: number; sku: string; wanted: number; remaining: number }> = [];
  for (const l of lines) {
    const q = input.lines ? (input.lines.get(l.id) ?? 0) : l.remaining;
    if (!Number.isSafeInteger(q) || q < 0) throw new ShipmentError('qty');
    if (q > l.remaining) over.push({ lineId: l.id, sku: l.sku, wanted: q, remaining: l.remaining });
    else if (q > 0) wanted.push({ lineId: l.id, qty: q });
  }
  if (input.lines) for (const id of input.lines.keys()) if (!lines.some((l) => l.id === id)) throw new ShipmentError('qty');
  if (over.length) throw new ShipmentError('over', { lines: over });
  if (!wanted.length) throw new ShipmentError('nothing');
  const last = await trx.selectFrom('shipments').select(sql<number>`coalesce(max(seq), 0)::int`.as('n')).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const seq = last.n + 1;
  const number = `${order.number}-${seq}`;
  const row = await trx
    .insertInto('shipments')
    .values({
      order_id: orderId,
      seq,
      number,
      carrier: tracking.carrier,
      tracking_number: tracking.trackingNumber,
      tracking_url: tracking.trackingUrl,
      pick_session_id: input.pickSessionId ?? null,
      created_by: input.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('shipment_lines')
    .values(wanted.map((w) => ({ shipment_id: row.id, order_line_id: w.lineId, qty: w.qty })))
    .execute();
  return { id: row.id, number };
}

async function lockShipment(trx: Kysely<TenantDb>, orderId: number, shipmentId: number) {
  const s = await trx.selectFrom('shipments').selectAll().where('id', '=', shipmentId).where('order_id', '=', orderId).forUpdate().executeTakeFirst();
  if (!s) throw new ShipmentError('not_found');
  return s;
}

async function historyNote(trx: Kysely<TenantDb>, orderId: number, status: OrderStatus, actor: StatusActor, note: string) {
  await trx
    .insertInto('order_status_history')
    .values({ order_id: orderId, from_status: status, to_status: status, actor: actor.kind, actor_user_id: actor.userId ?? null, note: note.slice(0, 1000) })
    .execute();
}

export interface ShipResult {
  number: string;
  from: OrderStatus;
  to: OrderStatus;
  notified: number[];
}

/**
 * Books a draft shipment out (see the file comment). The carrier is required; tracking number and
 * link are optional (the link must be http(s)). Returns the order's old and new status.
 */
export async function markShipped(
  trx: Kysely<TenantDb>,
  orderId: number,
  shipmentId: number,
  input: { carrier?: string; trackingNumber?: string; trackingUrl?: string },
  actor: StatusActor,
  brand: Brand,
  opts: { notify?: boolean } = {},
): Promise<ShipResult> {
  const order = await lockOrder(trx, orderId);
  const shipment = await lockShipment(trx, orderId, shipmentId);
  if (shipment.status !== 'draft') throw new ShipmentError('status', { status: shipment.status });
  if (!SHIPPABLE.includes(order.status)) throw new ShipmentError('order_status', { status: order.status });
  const tracking = cleanTracking(
    {
      carrier: input.carrier ?? shipment.carrier,
      trackingNumber: input.trackingNumber ?? shipment.tracking_number ?? '',
      trackingUrl: input.trackingUrl ?? shipment.tracking_url ?? '',
    },
    true,
  );
  const lines = await trx
    .selectFrom('shipment_lines as sl')
    .innerJoin('order_lines as l', 'l.id', 'sl.order_line_id')
    .select(['sl.order_line_id', 'sl.qty', 'l.product_id', 'l.sku', 'l.qty as ordered', 'l.shipped_qty'])
    .where('sl.shipment_id', '=', shipmentId)
    .orderBy('l.line_no')
    .execute();
  for (const l of lines) {
    const done = await trx
      .updateTable('order_lines')
      .set({
        shipped_qty: sql<number>`shipped_qty + ${l.qty}`,
        reserved_qty: sql<number>`greatest(reserved_qty - ${l.qty}, 0)`,
        prepared_qty: sql<number>`greatest(prepared_qty, shipped_qty + ${l.qty})`,
      })
      .where('id', '=', l.order_line_id)
      .where(sql<boolean>`shipped_qty + ${l.qty} <= qty`)
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw new ShipmentError('over', { lines: [{ lineId: l.order_line_id, sku: l.sku, wanted: l.qty, remaining: Math.max(0, l.ordered - l.shipped_qty) }] });
  }
  try {
    await shipReserved(
      trx,
      lines.map((l) => ({ productId: l.product_id, qty: l.qty })),
      { source: 'order', note: shipment.number, userId: actor.userId ?? null },
    );
  } catch (err) {
    if (err instanceof StockError && err.code === 'negative') {
      const id = Number(/product (\d+)/.exec(err.message)?.[1]);
      throw new ShipmentError('stock', { sku: lines.find((l) => l.product_id === id)?.sku ?? '' });
    }
    throw err;
  }
  await trx
    .updateTable('shipments')
    .set({ status: 'shipped', shipped_at: new Date(), shipped_by: actor.userId ?? null, carrier: tracking.carrier, tracking_number: tracking.trackingNumber, tracking_url: tracking.trackingUrl })
    .where('id', '=', shipmentId)
    .execute();
  const left = await trx
    .selectFrom('order_lines')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('order_id', '=', orderId)
    .where(sql<boolean>`shipped_qty < qty`)
    .executeTakeFirstOrThrow();
  const to: OrderStatus = left.n === 0 ? 'shipped' : 'partly_shipped';
  const note = [shipment.number, tracking.carrier, tracking.trackingNumber].filter(Boolean).join(' · ');
  let from: OrderStatus = order.status;
  if (order.status !== to) from = await changeStatus(trx, orderId, to, actor, { note });
  else await historyNote(trx, orderId, to, actor, note);
  // The demo seeds shipped orders without mailing anyone (notify: false).
  const mailShipment = { number: shipment.number, carrier: tracking.carrier, trackingNumber: tracking.trackingNumber, trackingUrl: tracking.trackingUrl };
  const notified = opts.notify === false ? [] : await notifyOrderStatus(trx, orderId, from, to, brand, { shipment: mailShipment });
  return { number: shipment.number, from, to, notified };
}

/** Shipped → delivered; when no shipment is still on its way or drafted and the order is fully shipped, the order becomes delivered. */
export async function markDelivered(trx: Kysely<TenantDb>, orderId: number, shipmentId: number, actor: StatusActor, brand: Brand): Promise<{ number: string; orderDelivered: boolean; notified: number[] }> {
  const order = await lockOrder(trx, orderId);
  const shipment = await lockShipment(trx, orderId, shipmentId);
  if (shipment.status !== 'shipped') throw new ShipmentError('status', { status: shipment.status });
  await trx.updateTable('shipments').set({ status: 'delivered', delivered_at: new Date() }).where('id', '=', shipmentId).execute();
  const open = await trx
    .selectFrom('shipments')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('order_id', '=', orderId)
    .where('status', 'in', ['draft', 'shipped'])
    .executeTakeFirstOrThrow();
  const note = `${shipment.number} ✓`;
  if (order.status === 'shipped' && open.n === 0) {
    const from = await changeStatus(trx, orderId, 'delivered', actor, { note });
    const notified = await notifyOrderStatus(trx, orderId, from, 'delivered', brand);
    return { number: shipment.number, orderDelivered: true, notified };
  }
  await historyNote(trx, orderId, order.status, actor, note);
  return { number: shipment.number, orderDelivered: false, notified: [] };
}

/** Drafts only: their quantities become remaining again. */
export async function cancelShipment(trx: Kysely<TenantDb>, orderId: number, shipmentId: number): Promise<{ number: string }> {
  await lockOrder(trx, orderId);
  const shipment = await lockShipment(trx, orderId, shipmentId);
  if (shipment.status !== 'draft') throw new ShipmentError('status', { status: shipment.status });
  await trx.updateTable('shipments').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', shipmentId).execute();
  return { number: shipment.number };
}

export interface ShipmentView {
  id: number;
  number: string;
  status: ShipmentStatus;
  carrier: string;
  tracking_number: string | null;
  tracking_url: string | null;
  pick_session_id: number | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  created_by_name: string | null;
  lines: Array<{ order_line_id: number; line_no: number; sku: string; name: string; unit: string; qty: number }>;
}

/**
 * The shipments of an order, oldest first, with their lines. The dealer side sees only what left
 * the warehouse (shipped, delivered); the desk passes `{ all: true }` for drafts and cancelled ones.
 * The caller has already checked the order belongs to whoever asks.
 */
export async function shipmentsForOrder(db: Kysely<TenantDb>, orderId: number, opts: { all?: boolean } = {}): Promise<ShipmentView[]> {
  let q = db
    .selectFrom('shipments as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select(['s.id', 's.number', 's.status', 's.carrier', 's.tracking_number', 's.tracking_url', 's.pick_session_id', 's.shipped_at', 's.delivered_at', 's.created_at', 'u.name as created_by_name'])
    .where('s.order_id', '=', orderId);
  if (!opts.all) q = q.where('s.status', 'in', ['shipped', 'delivered']);
  const rows = await q.orderBy('s.seq').execute();
  if (!rows.length) return [];
  const lines = await db
    .selectFrom('shipment_lines as sl')
    .innerJoin('order_lines as l', 'l.id', 'sl.order_line_id')
    .select(['sl.shipment_id', 'sl.order_line_id', 'l.line_no', 'l.sku', 'l.name', 'l.unit', 'sl.qty'])
    .where(
      'sl.shipment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('l.line_no')
    .execute();
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.shipment_id === r.id).map(({ shipment_id: _s, ...l }) => l) }));
}
