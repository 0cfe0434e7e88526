import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Availability, StockMovementSource, TenantDb } from '../db/types.ts';
import { descendantIds, listCategories } from '../catalog/categories.ts';
import { cleanGtin } from '../catalog/gtin.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { MAX_STOCK } from './stock.ts';

/**
 * Staff views of stock (STK-1, STK-2): levels with filters, one product's levels and movement
 * history, minimum stock. Writes of stock_qty go through stock.ts only; min_stock is written here.
 *
 * "Available" is stock − reserved everywhere (the generated availability column uses the same).
 */

export const STOCK_FILTERS = ['low', 'out', 'reserved'] as const;
export type StockFilter = (typeof STOCK_FILTERS)[number];

export interface StockRow {
  id: number;
  sku: string;
  name: string;
  barcode: string | null;
  unit: string;
  stock_qty: number;
  reserved_qty: number;
  min_stock: number;
  availability: Availability;
  active: boolean;
  hidden: boolean;
  parent_id: number | null;
}

export interface StockListQuery {
  q: string;
  categoryId: number | null;
  filter: StockFilter | null;
  /** Keyset: the id of the last row of the previous page (rows are ordered by sku, id). */
  after: number | null;
  limit: number;
}

const ROW_COLUMNS = ['id', 'sku', 'name', 'barcode', 'unit', 'stock_qty', 'reserved_qty', 'min_stock', 'availability', 'active', 'hidden', 'parent_id'] as const;

/** SKU key as products.sku_key stores it (lower case, letters and digits only). */
export function skuKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Text filter: a barcode (any GTIN length, compared as GTIN-14), a SKU prefix, or words of the
 * name/brand through the folded search column (Turkish letters and case do not matter; the
 * trigram index serves the LIKE). Raw SQL names the tenant's function with its schema.
 */
function textMatch(schema: string, q: string) {
  const s = assertSchemaName(schema);
  const key = skuKey(q);
  const digits = cleanGtin(q);
  return (eb: any): Expression<SqlBool> => {
    const ors: Expression<SqlBool>[] = [eb(sql`p.search_text`, 'like', sql`'%' || ${sql.id(s, 'catalog_fold')}(${q}) || '%'`)];
    if (key) ors.push(eb('p.sku_key', 'like', `${escapeLike(key)}%`));
    if (digits && digits.length >= 8 && digits.length <= 14) ors.push(eb('p.gtin14', '=', digits.padStart(14, '0')));
    return eb.or(ors);
  };
}

export async function listStockLevels(db: Kysely<TenantDb>, schema: string, query: StockListQuery): Promise<{ rows: StockRow[]; nextAfter: number | null }> {
  let qb = db.selectFrom('products as p').select(ROW_COLUMNS.map((c) => `p.${c}` as const));
  const q = query.q.trim();
  if (q) qb = qb.where(textMatch(schema, q));
  if (query.categoryId) {
    const ids = descendantIds(await listCategories(db), query.categoryId);
    qb = qb.where('p.category_id', 'in', ids.length ? ids : [query.categoryId]);
  }
  if (query.filter === 'low') qb = qb.where('p.min_stock', '>', 0).where(sql<boolean>`p.stock_qty - p.reserved_qty <= p.min_stock`);
  if (query.filter === 'out') qb = qb.where(sql<boolean>`p.stock_qty - p.reserved_qty <= 0`);
  if (query.filter === 'reserved') qb = qb.where('p.reserved_qty', '>', 0);
  if (query.after) {
    const after = query.after;
    qb = qb.where((eb) =>
      eb(
        eb.refTuple('p.sku', 'p.id'),
        '>',
        eb.selectFrom('products as a').select(['a.sku', 'a.id']).where('a.id', '=', after) as never,
      ),
    );
  }
  const rows = await qb.orderBy('p.sku').orderBy('p.id').limit(query.limit + 1).execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { rows: page, nextAfter: more ? page.at(-1)!.id : null };
}

export async function findStockRow(db: Kysely<TenantDb>, id: number): Promise<StockRow | undefined> {
  return db.selectFrom('products as p').select(ROW_COLUMNS.map((c) => `p.${c}` as const)).where('p.id', '=', id).executeTakeFirst();
}

export interface StockProduct extends StockRow {
  pieces_per_package: number | null;
  low_stock_alerted_at: Date | null;
  category_name: string | null;
}

export async function findStockProduct(db: Kysely<TenantDb>, id: number): Promise<StockProduct | undefined> {
  return db
    .selectFrom('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select(ROW_COLUMNS.map((col) => `p.${col}` as const))
    .select(['p.pieces_per_package', 'p.low_stock_alerted_at', 'c.name as category_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export interface MovementRow {
  id: number;
  delta: number;
  qty_after: number;
  source: StockMovementSource;
  note: string;
  created_at: Date;
  user_name: string | null;
  import_id: number | null;
  api_key_id: number | null;
}

/** Newest first, keyset on id (ids follow commit order closely enough for a history; never repeat). */
export async function listMovements(db: Kysely<TenantDb>, productId: number, opts: { before: number | null; limit: number }): Promise<{ rows: MovementRow[]; nextBefore: number | null }> {
  let qb = db
    .selectFrom('stock_movements as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.delta', 'm.qty_after', 'm.source', 'm.note', 'm.created_at', 'u.name as user_name', 'm.import_id', 'm.api_key_id'])
    .where('m.product_id', '=', productId);
  if (opts.before) qb = qb.where('m.id', '<', opts.before);
  const rows = await qb.orderBy('m.id', 'desc').limit(opts.limit + 1).execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return { rows: page, nextBefore: more ? page.at(-1)!.id : null };
}

/** Sets the minimum stock level; returns false when the product does not exist. */
export async function setMinStock(db: Kysely<TenantDb>, productId: number, minStock: number): Promise<boolean> {
  if (!Number.isSafeInteger(minStock) || minStock < 0 || minStock > MAX_STOCK) throw new RangeError('min stock out of range');
  const res = await db.updateTable('products').set({ min_stock: minStock, updated_at: new Date() }).where('id', '=', productId).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export const available = (r: Pick<StockRow, 'stock_qty' | 'reserved_qty'>) => r.stock_qty - r.reserved_qty;
export const isLow = (r: Pick<StockRow, 'stock_qty' | 'reserved_qty' | 'min_stock'>) => r.min_stock > 0 && available(r) <= r.min_stock;
