import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { Brand } from '../notifications/templates.ts';
import type { LowStockItem } from './mail-templates.ts';

/**
 * The stock-alert pass (STK-2, CAT-7), run by the stock-alert job. The database is the truth:
 * products.low_stock_alerted_at marks "alert sent for this dip", stock_subscriptions.notified_at
 * closes a subscription; each is set in the same transaction as the notification rows, so a run
 * twice (or two workers at once) sends nothing twice.
 *
 * Rows are locked in id order with SKIP LOCKED: a row a stock writer holds right now is left for
 * the next run (the writer nudges the job after it commits), and the pass never waits on — or
 * deadlocks with — a bulk stock update that locks the same products.
 */

/** A product counts as low when its available stock has reached its minimum. */
const isLowSql = sql<boolean>`(min_stock > 0 and stock_qty - reserved_qty <= min_stock)`;
export const MAIL_ITEMS = 50;
const SUBSCRIPTION_BATCH = 500;

export interface AlertResult {
  rearmed: number;
  lowAlerted: number;
  backInStock: number;
  notificationIds: number[];
}

export async function runStockAlerts(db: Kysely<TenantDb>, brand: Brand): Promise<AlertResult> {
  const result: AlertResult = { rearmed: 0, lowAlerted: 0, backInStock: 0, notificationIds: [] };
  result.rearmed = await rearmLowStock(db);
  const low = await alertLowStock(db, brand);
  result.lowAlerted = low.products;
  result.notificationIds.push(...low.notificationIds);
  for (let i = 0; i < 20; i++) {
    const batch = await notifyBackInStock(db, brand);
    result.backInStock += batch.closed;
    result.notificationIds.push(...batch.notificationIds);
    if (batch.closed < SUBSCRIPTION_BATCH) break;
  }
  return result;
}

/** Stock rose above the minimum again (or the minimum was removed): the next dip alerts again. */
async function rearmLowStock(db: Kysely<TenantDb>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('products')
      .select('id')
      .where('low_stock_alerted_at', 'is not', null)
      .where(sql<boolean>`not ${isLowSql}`)
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    if (!rows.length) return 0;
    await trx.updateTable('products').set({ low_stock_alerted_at: null }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows.length;
  });
}

/** Warehouse staff; the owner and admins when the seller has no warehouse staff. */
async function alertRecipients(db: Kysely<TenantDb>) {
  const staff = await db
    .selectFrom('users')
    .select(['email', 'locale', 'role'])
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .where('role', 'in', ['warehouse', 'owner', 'admin'])
    .orderBy('id')
    .execute();
  const warehouse = staff.filter((s) => s.role === 'warehouse');
  return warehouse.length ? warehouse : staff;
}

async function alertLowStock(db: Kysely<TenantDb>, brand: Brand): Promise<{ products: number; notificationIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'stock_qty', 'reserved_qty', 'min_stock'])
      .where('low_stock_alerted_at', 'is', null)
      .where(isLowSql)
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    if (!rows.length) return { products: 0, notificationIds: [] };
    const recipients = await alertRecipients(trx);
    // Nobody to tell yet: leave the products unmarked so the first staff member hears about them.
    if (!recipients.length) return { products: 0, notificationIds: [] };
    const sorted = [...rows].sort((a, b) => a.stock_qty - a.reserved_qty - (b.stock_qty - b.reserved_qty) || a.sku.localeCompare(b.sku));
    const items: LowStockItem[] = sorted.slice(0, MAIL_ITEMS).map((r) => ({ sku: r.sku, name: r.name, available: r.stock_qty - r.reserved_qty, minStock: r.min_stock }));
    const payload = { items, more: rows.length - items.length, url: `${brand.portalUrl}staff/stock/replenishment` };
    const notificationIds: number[] = [];
    for (const to of recipients) {
      notificationIds.push(await queueNotification(trx, brand, { template: 'stock.low', locale: to.locale, to: to.email, payload }));
    }
    await trx.updateTable('products').set({ low_stock_alerted_at: sql<Date>`now()` }).where('id', 'in', rows.map((r) => r.id)).execute();
    return { products: rows.length, notificationIds };
  });
}

/**
 * Open subscriptions whose product a dealer can order from stock again. A subscription of a user
 * or dealer that is no longer active is closed without a mail; a product that is hidden or
 * inactive keeps its subscriptions open until dealers can see it again.
 */
async function notifyBackInStock(db: Kysely<TenantDb>, brand: Brand): Promise<{ closed: number; notificationIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('stock_subscriptions as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
      .select(['s.id', 'p.id as product_id', 'p.sku', 'p.name as product_name', 'u.email', 'u.name as user_name', 'u.locale', 'u.status as user_status', 'u.kind', 'd.status as dealer_status'])
      .where('s.notified_at', 'is', null)
      .where(sql<boolean>`p.stock_qty - p.reserved_qty > 0`)
      .where('p.active', '=', true)
      .where('p.hidden', '=', false)
      .orderBy('s.id')
      .limit(SUBSCRIPTION_BATCH)
      .forUpdate(['s'])
      .skipLocked()
      .execute();
    if (!rows.length) return { closed: 0, notificationIds: [] };
    const notificationIds: number[] = [];
    for (const r of rows) {
      if (r.kind !== 'dealer' || r.user_status !== 'active' || r.dealer_status !== 'active') continue;
      notificationIds.push(
        await queueNotification(trx, brand, {
          template: 'stock.back_in_stock',
          locale: r.locale,
          to: r.email,
          payload: { name: r.user_name, productName: r.product_name, sku: r.sku, url: `${brand.portalUrl}portal/catalog/products/${r.product_id}` },
        }),
      );
    }
    await trx.updateTable('stock_subscriptions').set({ notified_at: sql<Date>`now()` }).where('id', 'in', rows.map((r) => r.id)).execute();
    return { closed: rows.length, notificationIds };
  });
}
