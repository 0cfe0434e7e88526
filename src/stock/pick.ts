import { sql, type Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import { checkGtin, cleanGtin } from '../catalog/gtin.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { notifyOrderStatus } from '../orders/notify.ts';
import { changeStatus } from '../orders/status.ts';
import { createShipment, fulfilmentLines, SHIPPABLE } from '../shipping/shipments.ts';
import { skuKey } from './levels.ts';

/**
 * Pick/pack scanning sessions (STK-3). A scan counts a product into the session; it does not move
 * stock (stock leaves with the order's shipment, src/shipping/shipments.ts). A free session has
 * expected_qty null on every line. A session attached to an order (pick_sessions.order_id, one
 * open per order) expects, per product, what remains to be shipped; a product the order does not
 * have is still counted (the line shows it) but flagged, and blocks the shipment made from the
 * scanned quantities until it is set to 0.
 */

export const MAX_SCAN_QTY = 9999;

export class PickError extends Error {
  constructor(
    readonly code: 'empty' | 'bad_qty' | 'bad_check_digit' | 'unknown' | 'closed' | 'not_found' | 'ambiguous' | 'order_status' | 'pick_over' | 'pick_unexpected' | 'pick_nothing' | 'has_shipment',
    readonly input: string = '',
    /** For the order codes: the SKUs concerned ("VD-4X40 12/10"), or the order's status. */
    readonly items: string[] = [],
  ) {
    super(code);
  }
}

export interface PickSession {
  id: number;
  reference: string;
  order_id: number | null;
  order_number: string | null;
  status: 'open' | 'closed';
  created_at: Date;
  closed_at: Date | null;
  created_by_name: string | null;
}

export interface PickLine {
  product_id: number;
  sku: string;
  name: string;
  barcode: string | null;
  expected_qty: number | null;
  scanned_qty: number;
  updated_at: Date;
}

export async function createPickSession(db: Kysely<TenantDb>, input: { reference: string; userId: number }): Promise<number> {
  const row = await db.insertInto('pick_sessions').values({ reference: input.reference, created_by: input.userId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const sessionColumns = ['s.id', 's.reference', 's.order_id', 'o.number as order_number', 's.status', 's.created_at', 's.closed_at', 'u.name as created_by_name'] as const;

export async function listPickSessions(db: Kysely<TenantDb>, opts: { status: 'open' | 'closed'; limit: number }): Promise<(PickSession & { lines: number; scanned: number })[]> {
  return db
    .selectFrom('pick_sessions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .leftJoin('orders as o', 'o.id', 's.order_id')
    .select(sessionColumns)
    .select((eb) => [
      eb.selectFrom('pick_lines as l').whereRef('l.session_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('lines'),
      eb.selectFrom('pick_lines as l').whereRef('l.session_id', '=', 's.id').select(sql<number>`coalesce(sum(l.scanned_qty), 0)::int`.as('n')).as('scanned'),
    ])
    .where('s.status', '=', opts.status)
    .orderBy('s.id', 'desc')
    .limit(opts.limit)
    .execute() as Promise<(PickSession & { lines: number; scanned: number })[]>;
}

export async function findPickSession(db: Kysely<TenantDb>, id: number): Promise<PickSession | undefined> {
  return db.selectFrom('pick_sessions as s').leftJoin('users as u', 'u.id', 's.created_by').leftJoin('orders as o', 'o.id', 's.order_id').select(sessionColumns).where('s.id', '=', id).executeTakeFirst();
}

/** Most recently scanned first, so the line just counted is at the top. */
export async function listPickLines(db: Kysely<TenantDb>, sessionId: number): Promise<PickLine[]> {
  return db
    .selectFrom('pick_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.product_id', 'p.sku', 'p.name', 'p.barcode', 'l.expected_qty', 'l.scanned_qty', 'l.updated_at'])
    .where('l.session_id', '=', sessionId)
    .orderBy('l.updated_at', 'desc')
    .orderBy('p.sku')
    .execute();
}

/**
 * Reads scanner or keyboard input: "8690000000012", "3*8690000000012", "VD-4X40" or "2*vd-4x40".
 * `qty` (the form's quantity field) multiplies when the code has no "n*" prefix.
 */
export function parseScan(raw: string, qtyField: string | undefined): { code: string; qty: number } {
  const text = raw.trim();
  if (!text) throw new PickError('empty');
  const m = /^(\d{1,4})\s*[*xX×]\s*(.+)$/.exec(text);
  const qtyText = m ? m[1]! : (qtyField ?? '').trim() || '1';
  const code = (m ? m[2]! : text).trim();
  if (!code) throw new PickError('empty');
  if (!/^\d{1,4}$/.test(qtyText)) throw new PickError('bad_qty', text);
  const qty = Number(qtyText);
  if (qty < 1 || qty > MAX_SCAN_QTY) throw new PickError('bad_qty', text);
  return { code, qty };
}

/** Finds the product a code names: the barcode on its GTIN-14 form first, then the SKU (case-insensitive). */
export async function findProductByCode(db: Kysely<TenantDb>, code: string): Promise<{ id: number; sku: string; name: string }> {
  const digits = cleanGtin(code);
  let badCheckDigit = false;
  if (digits && [8, 12, 13, 14].includes(digits.length)) {
    const check = checkGtin(digits);
    if (check.ok) {
      const hit = await db.selectFrom('products').select(['id', 'sku', 'name']).where('gtin14', '=', digits.padStart(14, '0')).executeTakeFirst();
      if (hit) return hit;
    } else {
      badCheckDigit = true;
    }
  }
  const key = skuKey(code);
  if (key) {
    const hits = await db.selectFrom('products').select(['id', 'sku', 'name']).where('sku_key', '=', key).limit(10).execute();
    const exact = hits.filter((h) => h.sku.toLowerCase() === code.toLowerCase());
    if (exact.length === 1) return exact[0]!;
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw new PickError('ambiguous', code);
  }
  throw new PickError(badCheckDigit ? 'bad_check_digit' : 'unknown', code);
}

async function openSession(db: Kysely<TenantDb>, sessionId: number): Promise<{ orderId: number | null }> {
  const s = await db.selectFrom('pick_sessions').select(['status', 'order_id']).where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw new PickError('not_found');
  if (s.status !== 'open') throw new PickError('closed');
  return { orderId: s.order_id };
}

/** Counts a scan into the session: +qty on the product's line (created on first scan). */
export async function recordScan(
  db: Kysely<TenantDb>,
  sessionId: number,
  raw: string,
  qtyField?: string,
): Promise<{ productId: number; sku: string; name: string; qty: number; scannedQty: number; unexpected: boolean }> {
  const { orderId } = await openSession(db, sessionId);
  const { code, qty } = parseScan(raw, qtyField);
  const product = await findProductByCode(db, code);
  const line = await db
    .insertInto('pick_lines')
    .values({ session_id: sessionId, product_id: product.id, scanned_qty: qty })
    .onConflict((oc) =>
      oc.columns(['session_id', 'product_id']).doUpdateSet({
        scanned_qty: sql<number>`least(pick_lines.scanned_qty + excluded.scanned_qty, 2000000000)`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['scanned_qty', 'expected_qty'])
    .executeTakeFirstOrThrow();
  if (orderId) await syncPrepared(db, orderId, sessionId);
  return { productId: product.id, sku: product.sku, name: product.name, qty, scannedQty: line.scanned_qty, unexpected: orderId !== null && line.expected_qty === null };
}

/**
 * Sets a line's count (0 removes a line that no order expects). Used for corrections and for
 * undoing the last scan (its count minus that scan's quantity).
 */
export async function setLineCount(db: Kysely<TenantDb>, sessionId: number, productId: number, count: number): Promise<void> {
  if (!Number.isSafeInteger(count) || count < 0 || count > 2_000_000_000) throw new PickError('bad_qty', String(count));
  const { orderId } = await openSession(db, sessionId);
  const res = await db
    .updateTable('pick_lines')
    .set({ scanned_qty: count, updated_at: new Date() })
    .where('session_id', '=', sessionId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw new PickError('not_found');
  if (count === 0) {
    await db.deleteFrom('pick_lines').where('session_id', '=', sessionId).where('product_id', '=', productId).where('expected_qty', 'is', null).execute();
  }
  if (orderId) await syncPrepared(db, orderId, sessionId);
}

/** Takes back one scan of `qty`; never below zero. */
export async function undoScan(db: Kysely<TenantDb>, sessionId: number, productId: number, qty: number): Promise<void> {
  const line = await db.selectFrom('pick_lines').select('scanned_qty').where('session_id', '=', sessionId).where('product_id', '=', productId).executeTakeFirst();
  if (!line) throw new PickError('not_found');
  await setLineCount(db, sessionId, productId, Math.max(0, line.scanned_qty - qty));
}

export async function closePickSession(db: Kysely<TenantDb>, sessionId: number): Promise<boolean> {
  const res = await db.updateTable('pick_sessions').set({ status: 'closed', closed_at: new Date() }).where('id', '=', sessionId).where('status', '=', 'open').executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

// ── Picking for an order (STK-3) ─────────────────────────────────────────────────────────────

export type PickFlag = 'ok' | 'short' | 'over' | 'unexpected';

/** How a line of an order session compares with what the order expects (free sessions: always ok). */
export function pickFlag(session: { order_id: number | null }, line: { expected_qty: number | null; scanned_qty: number }): PickFlag {
  if (session.order_id === null) return 'ok';
  if (line.expected_qty === null) return 'unexpected';
  if (line.scanned_qty > line.expected_qty) return 'over';
  if (line.scanned_qty < line.expected_qty) return 'short';
  return 'ok';
}

/** Remaining to ship per product of the order (ordered − shipped − in draft shipments). */
async function remainingByProduct(db: Kysely<TenantDb>, orderId: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const l of await fulfilmentLines(db, orderId)) out.set(l.product_id, (out.get(l.product_id) ?? 0) + l.remaining);
  return out;
}

/**
 * "Start picking" on an order: opens its pick session (or the one already open) with the expected
 * quantity per product = what remains to be shipped; a reopened session's expectations are brought
 * up to date. A confirmed order becomes preparing (changeStatus + dealer notification).
 * Runs under the order row lock, so two clicks at once make one session.
 */
export async function startOrderPick(
  trx: Kysely<TenantDb>,
  orderId: number,
  userId: number,
  brand: Brand,
): Promise<{ sessionId: number; number: string; created: boolean; notified: number[] }> {
  if (!trx.isTransaction) throw new Error('startOrderPick must run inside a transaction');
  const order = await trx.selectFrom('orders').select(['id', 'number', 'status']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw new PickError('not_found');
  if (!SHIPPABLE.includes(order.status)) throw new PickError('order_status', '', [order.status]);
  const remaining = await remainingByProduct(trx, orderId);
  const open = await trx.selectFrom('pick_sessions').select('id').where('order_id', '=', orderId).where('status', '=', 'open').executeTakeFirst();
  const sessionId = open?.id ?? (await trx.insertInto('pick_sessions').values({ reference: order.number, order_id: orderId, created_by: userId }).returning('id').executeTakeFirstOrThrow()).id;
  const rows = [...remaining].filter(([, qty]) => qty > 0 || open).map(([productId, qty]) => ({ session_id: sessionId, product_id: productId, expected_qty: qty, scanned_qty: 0 }));
  if (rows.length) {
    await trx
      .insertInto('pick_lines')
      .values(rows)
      .onConflict((oc) => oc.columns(['session_id', 'product_id']).doUpdateSet({ expected_qty: sql<number>`excluded.expected_qty` }))
      .execute();
  }
  let notified: number[] = [];
  if (order.status === 'confirmed') {
    const from = await changeStatus(trx, orderId, 'preparing', { kind: 'staff', userId }, { note: `pick #${sessionId}` });
    notified = await notifyOrderStatus(trx, orderId, from, 'preparing', brand);
  }
  return { sessionId, number: order.number, created: !open, notified };
}

/**
 * Scanning fills the order's prepared quantities: per product, the scanned count is spread over
 * the order's lines of that product (line order), each up to its quantity, on top of what shipped.
 */
async function syncPrepared(db: Kysely<TenantDb>, orderId: number, sessionId: number): Promise<void> {
  const [lines, scans] = await Promise.all([
    db.selectFrom('order_lines').select(['id', 'product_id', 'qty', 'shipped_qty', 'prepared_qty']).where('order_id', '=', orderId).orderBy('line_no').execute(),
    db.selectFrom('pick_lines').select(['product_id', 'scanned_qty']).where('session_id', '=', sessionId).execute(),
  ]);
  const left = new Map(scans.map((x) => [x.product_id, x.scanned_qty]));
  for (const l of lines) {
    const take = Math.min(left.get(l.product_id) ?? 0, l.qty - l.shipped_qty);
    left.set(l.product_id, (left.get(l.product_id) ?? 0) - take);
    const prepared = l.shipped_qty + take;
    if (prepared !== l.prepared_qty) await db.updateTable('order_lines').set({ prepared_qty: prepared }).where('id', '=', l.id).execute();
  }
}

/**
 * The shipment an order session's scanned quantities make: each product's count spread over the
 * order lines of that product, up to what remains on each. Refused (PickError, nothing written)
 * when a product the order does not have was scanned, when more was scanned than remains, or
 * when nothing was scanned. On success the session is closed and linked to the new draft.
 */
export async function shipmentFromPick(trx: Kysely<TenantDb>, sessionId: number, userId: number): Promise<{ shipmentId: number; number: string; orderId: number }> {
  if (!trx.isTransaction) throw new Error('shipmentFromPick must run inside a transaction');
  const session = await trx.selectFrom('pick_sessions').select(['id', 'order_id', 'status']).where('id', '=', sessionId).executeTakeFirst();
  if (!session || session.order_id === null) throw new PickError('not_found');
  const orderId = session.order_id;
  const order = await trx.selectFrom('orders').select(['status']).where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
  await trx.selectFrom('pick_sessions').select('id').where('id', '=', sessionId).forUpdate().execute();
  const made = await trx.selectFrom('shipments').select('number').where('pick_session_id', '=', sessionId).where('status', '<>', 'cancelled').executeTakeFirst();
  if (made) throw new PickError('has_shipment', '', [made.number]);
  if (!SHIPPABLE.includes(order.status as OrderStatus)) throw new PickError('order_status', '', [order.status]);
  const scans = await trx
    .selectFrom('pick_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.product_id', 'p.sku', 'l.scanned_qty', 'l.expected_qty'])
    .where('l.session_id', '=', sessionId)
    .where('l.scanned_qty', '>', 0)
    .orderBy('p.sku')
    .execute();
  const lines = await fulfilmentLines(trx, orderId);
  const unexpected = scans.filter((x) => !lines.some((l) => l.product_id === x.product_id));
  if (unexpected.length) throw new PickError('pick_unexpected', '', unexpected.map((x) => `${x.sku} ×${x.scanned_qty}`));
  const plan = new Map<number, number>();
  const over: string[] = [];
  for (const x of scans) {
    let left = x.scanned_qty;
    let remaining = 0;
    for (const l of lines.filter((l) => l.product_id === x.product_id)) {
      remaining += l.remaining;
      const take = Math.min(left, l.remaining);
      if (take > 0) plan.set(l.id, take);
      left -= take;
    }
    if (left > 0) over.push(`${x.sku} ${x.scanned_qty}/${remaining}`);
  }
  if (over.length) throw new PickError('pick_over', '', over);
  if (!plan.size) throw new PickError('pick_nothing');
  const s = await createShipment(trx, orderId, { lines: plan, pickSessionId: sessionId, userId });
  await trx.updateTable('pick_sessions').set({ status: 'closed', closed_at: new Date() }).where('id', '=', sessionId).where('status', '=', 'open').execute();
  return { shipmentId: s.id, number: s.number, orderId };
}
