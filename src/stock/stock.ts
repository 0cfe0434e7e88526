import { sql, type Kysely } from 'kysely';
import type { StockMovementSource, TenantDb } from '../db/types.ts';
import { inTransaction } from '../catalog/tx.ts';

/**
 * The only writers of products.stock_qty (STK-1). Every change takes the product rows' locks in
 * id order (two bulk writers — an import and an API call — never deadlock), writes the new
 * quantity and one stock_movements row with the delta, in one transaction. Stock never goes
 * negative: adjustments are conditional updates, absolute levels are validated.
 *
 * Alerts are not sent here: the stock-alert job (src/stock/jobs.ts) compares levels with
 * minimums and open subscriptions, so every writer (UI, import, API, orders) gets them by
 * nudging that job after commit.
 */
export class StockError extends Error {
  constructor(
    readonly code: 'not_found' | 'negative' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface StockChangeContext {
  source: StockMovementSource;
  note?: string;
  userId?: number | null;
  apiKeyId?: number | null;
  importId?: number | null;
}

export interface StockChange {
  productId: number;
  before: number;
  after: number;
}

export const MAX_STOCK = 2_000_000_000;

function validQty(qty: number): boolean {
  return Number.isSafeInteger(qty) && qty >= 0 && qty <= MAX_STOCK;
}

/**
 * Sets absolute levels (import, API, stock count). Unknown ids throw not_found; the whole call
 * is one transaction (the caller's when there is one). Unchanged levels write no movement.
 * Returns the changes actually made, in id order.
 */
export async function setStockLevels(db: Kysely<TenantDb>, items: { productId: number; qty: number }[], ctx: StockChangeContext): Promise<StockChange[]> {
  if (!items.length) return [];
  const wanted = new Map<number, number>();
  for (const it of items) {
    if (!validQty(it.qty)) throw new StockError('invalid', `stock must be a whole number between 0 and ${MAX_STOCK}`);
    wanted.set(it.productId, it.qty); // the last value for a product wins, as in a file read top to bottom
  }
  const ids = [...wanted.keys()].sort((a, b) => a - b);
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('products').select(['id', 'stock_qty']).where('id', 'in', ids).orderBy('id').forUpdate().execute();
    if (current.length !== ids.length) {
      const found = new Set(current.map((r) => Number(r.id)));
      throw new StockError('not_found', `product ${ids.find((id) => !found.has(id))} not found`);
    }
    const changes: StockChange[] = [];
    for (const row of current) {
      const after = wanted.get(Number(row.id))!;
      if (after !== row.stock_qty) changes.push({ productId: Number(row.id), before: row.stock_qty, after });
    }
    if (!changes.length) return changes;
    // Built with the query builder so withSchema names the tenant's table (raw SQL is not rewritten).
    await (trx as unknown as Kysely<any>)
      .updateTable('products as p')
      .from(sql`(select * from unnest(${sql.val(changes.map((ch) => ch.productId))}::bigint[], ${sql.val(changes.map((ch) => ch.after))}::int[]) as x(id, qty))`.as('v'))
      .set({ stock_qty: sql.ref('v.qty'), updated_at: sql`now()` })
      .whereRef('p.id', '=', 'v.id')
      .execute();
    await writeMovements(trx, changes, ctx);
    return changes;
  });
}

/**
 * Adds `delta` (negative to take out). Refuses to go below zero: the conditional UPDATE is the
 * guard, so concurrent takers can never oversell.
 */
export async function adjustStock(db: Kysely<TenantDb>, productId: number, delta: number, ctx: StockChangeContext): Promise<StockChange> {
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK) throw new StockError('invalid', 'the change must be a non-zero whole number');
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('products')
      .set({ stock_qty: sql<number>`stock_qty + ${delta}`, updated_at: new Date() })
      .where('id', '=', productId)
      .where(sql<boolean>`stock_qty + ${delta} between 0 and ${MAX_STOCK}`)
      .returning(['stock_qty'])
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('products').select('stock_qty').where('id', '=', productId).executeTakeFirst();
      if (!exists) throw new StockError('not_found', `product ${productId} not found`);
      throw new StockError('negative', `only ${exists.stock_qty} in stock`);
    }
    const change = { productId, before: row.stock_qty - delta, after: row.stock_qty };
    await writeMovements(trx, [change], ctx);
    return change;
  });
}

async function writeMovements(trx: Kysely<TenantDb>, changes: StockChange[], ctx: StockChangeContext): Promise<void> {
  await trx
    .insertInto('stock_movements')
    .values(
      changes.map((ch) => ({
        product_id: ch.productId,
        delta: ch.after - ch.before,
        qty_after: ch.after,
        source: ctx.source,
        note: (ctx.note ?? '').slice(0, 500),
        user_id: ctx.userId ?? null,
        api_key_id: ctx.apiKeyId ?? null,
        import_id: ctx.importId ?? null,
      })),
    )
    .execute();
}

/**
 * ORD-5: reservations for an order. Stock on hand (stock_qty) stays until the goods ship; an
 * order raises reserved_qty, and availability is stock_qty − reserved_qty. For products that
 * block (or hide) when out of stock the UPDATE only succeeds while enough is available, so
 * concurrent orders can never reserve more than is there; backorder products may be reserved
 * beyond stock (the excess is the backorder). Rows are locked in id order (no deadlocks between
 * orders, imports and the API). Must run inside the order's transaction: a shortfall is thrown
 * and the caller's rollback undoes the reservations already made.
 */
export class StockShortError extends Error {
  constructor(readonly short: Array<{ productId: number; wanted: number; available: number }>) {
    super(`not enough stock for ${short.map((s) => s.productId).join(', ')}`);
    this.name = 'StockShortError';
  }
}

export async function reserveStock(trx: Kysely<TenantDb>, lines: Array<{ productId: number; qty: number }>): Promise<void> {
  if (!trx.isTransaction) throw new Error('reserveStock must run inside the order transaction');
  const wanted = new Map<number, number>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.qty) || l.qty <= 0 || l.qty > MAX_STOCK) throw new StockError('invalid', 'quantity must be a positive whole number');
    wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.qty);
  }
  const ids = [...wanted.keys()].sort((a, b) => a - b);
  if (!ids.length) return;
  // One statement whatever the number of lines: the CTE locks the rows in id order (its LockRows
  // sits above the sort), then every row with enough available (or on backorder) is raised. The
  // condition is re-checked on the newest row version after a wait (READ COMMITTED), so two
  // orders can never both take the last units. Fewer rows than products → someone is short: the
  // figures are read (still under the locks) and thrown; the caller's rollback undoes the rest.
  const qtys = ids.map((id) => wanted.get(id)!);
  const want = sql<number>`(${qtys}::int[])[array_position(${ids}::bigint[], p.id)]`;
  const raised = await trx
    .with('locked', (db) => db.selectFrom('products').select('id').where('id', 'in', ids).orderBy('id').forUpdate())
    .updateTable('products as p')
    .from('locked')
    .set({ reserved_qty: sql<number>`p.reserved_qty + ${want}` })
    .whereRef('p.id', '=', 'locked.id')
    .where((eb) => eb.or([eb('p.out_of_stock_behaviour', '=', 'backorder'), eb(sql<number>`p.stock_qty - p.reserved_qty`, '>=', want)]))
    .returning('p.id')
    .execute();
  if (raised.length === ids.length) return;
  const done = new Set(raised.map((r) => r.id));
  const rows = await trx.selectFrom('products').select(['id', 'stock_qty', 'reserved_qty']).where('id', 'in', ids.filter((id) => !done.has(id))).execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  const short: Array<{ productId: number; wanted: number; available: number }> = [];
  for (const id of ids) {
    if (done.has(id)) continue;
    const r = found.get(id);
    if (!r) throw new StockError('not_found', `product ${id} not found`);
    short.push({ productId: id, wanted: wanted.get(id)!, available: Math.max(0, r.stock_qty - r.reserved_qty) });
  }
  throw new StockShortError(short);
}

/** Gives reservations back (cancelled or rejected order, lines reduced). Never below zero. */
export async function releaseStock(trx: Kysely<TenantDb>, lines: Array<{ productId: number; qty: number }>): Promise<void> {
  const byId = new Map<number, number>();
  for (const l of lines) if (l.qty > 0) byId.set(l.productId, (byId.get(l.productId) ?? 0) + l.qty);
  for (const id of [...byId.keys()].sort((a, b) => a - b)) {
    await trx
      .updateTable('products')
      .set({ reserved_qty: sql<number>`greatest(reserved_qty - ${byId.get(id)!}, 0)` })
      .where('id', '=', id)
      .execute();
  }
}

/**
 * Goods leave the warehouse for an order (the shipping issue calls this per shipment): on hand
 * and reserved both go down by the shipped quantity, with a movement row each. Conditional, so
 * stock never goes negative; rows locked in id order.
 */
export async function shipReserved(trx: Kysely<TenantDb>, lines: Array<{ productId: number; qty: number }>, ctx: StockChangeContext): Promise<StockChange[]> {
  if (!trx.isTransaction) throw new Error('shipReserved must run inside a transaction');
  const byId = new Map<number, number>();
  for (const l of lines) if (l.qty > 0) byId.set(l.productId, (byId.get(l.productId) ?? 0) + l.qty);
  const changes: StockChange[] = [];
  for (const id of [...byId.keys()].sort((a, b) => a - b)) {
    const n = byId.get(id)!;
    const row = await trx
      .updateTable('products')
      .set({ stock_qty: sql<number>`stock_qty - ${n}`, reserved_qty: sql<number>`greatest(reserved_qty - ${n}, 0)`, updated_at: new Date() })
      .where('id', '=', id)
      .where('stock_qty', '>=', n)
      .returning('stock_qty')
      .executeTakeFirst();
    if (!row) throw new StockError('negative', `not enough stock on hand to ship product ${id}`);
    changes.push({ productId: id, before: row.stock_qty + n, after: row.stock_qty });
  }
  if (changes.length) await writeMovements(trx, changes, ctx);
  return changes;
}
