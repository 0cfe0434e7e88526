import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { checkGtin, cleanGtin } from '../catalog/gtin.ts';
import { skuKey } from './levels.ts';

/**
 * Pick/pack scanning sessions (STK-3). A scan counts a product into the session; it does not move
 * stock (stock leaves with the order's shipment, which the orders issue books). expected_qty stays
 * null until a session is attached to an order (pick_sessions.order_id).
 */

export const MAX_SCAN_QTY = 9999;

export class PickError extends Error {
  constructor(
    readonly code: 'empty' | 'bad_qty' | 'bad_check_digit' | 'unknown' | 'closed' | 'not_found' | 'ambiguous',
    readonly input: string = '',
  ) {
    super(code);
  }
}

export interface PickSession {
  id: number;
  reference: string;
  order_id: number | null;
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

const sessionColumns = ['s.id', 's.reference', 's.order_id', 's.status', 's.created_at', 's.closed_at', 'u.name as created_by_name'] as const;

export async function listPickSessions(db: Kysely<TenantDb>, opts: { status: 'open' | 'closed'; limit: number }): Promise<(PickSession & { lines: number; scanned: number })[]> {
  return db
    .selectFrom('pick_sessions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
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
  return db.selectFrom('pick_sessions as s').leftJoin('users as u', 'u.id', 's.created_by').select(sessionColumns).where('s.id', '=', id).executeTakeFirst();
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

async function openSession(db: Kysely<TenantDb>, sessionId: number): Promise<void> {
  const s = await db.selectFrom('pick_sessions').select('status').where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw new PickError('not_found');
  if (s.status !== 'open') throw new PickError('closed');
}

/** Counts a scan into the session: +qty on the product's line (created on first scan). */
export async function recordScan(
  db: Kysely<TenantDb>,
  sessionId: number,
  raw: string,
  qtyField?: string,
): Promise<{ productId: number; sku: string; name: string; qty: number; scannedQty: number }> {
  await openSession(db, sessionId);
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
    .returning('scanned_qty')
    .executeTakeFirstOrThrow();
  return { productId: product.id, sku: product.sku, name: product.name, qty, scannedQty: line.scanned_qty };
}

/**
 * Sets a line's count (0 removes a line that no order expects). Used for corrections and for
 * undoing the last scan (its count minus that scan's quantity).
 */
export async function setLineCount(db: Kysely<TenantDb>, sessionId: number, productId: number, count: number): Promise<void> {
  if (!Number.isSafeInteger(count) || count < 0 || count > 2_000_000_000) throw new PickError('bad_qty', String(count));
  await openSession(db, sessionId);
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
