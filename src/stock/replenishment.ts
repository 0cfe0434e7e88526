import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { available, type StockRow } from './levels.ts';

/**
 * Replenishment suggestions (STK-4). A product needs ordering when its available stock
 * (stock − reserved) has reached its minimum (the same rule as the low-stock alert) or when stock
 * does not cover open reservations. The suggestion brings stock back to "minimum + reserved",
 * at least one unit, rounded up to the product's order multiple. Stock, minimum and multiple are
 * all in the product's unit; pieces_per_package is not used because it describes what one unit
 * holds when the unit is itself a package ("kutu" of 100 pieces), so rounding to it would be wrong.
 */

export const REPLENISH_SORTS = ['shortage', 'sku', 'name', 'available'] as const;
export type ReplenishSort = (typeof REPLENISH_SORTS)[number];

export interface ReplenishRow extends Pick<StockRow, 'id' | 'sku' | 'name' | 'barcode' | 'unit' | 'stock_qty' | 'reserved_qty' | 'min_stock'> {
  pack: number;
  suggested: number;
}

const needsOrdering = sql<boolean>`((min_stock > 0 and stock_qty - reserved_qty <= min_stock) or stock_qty < reserved_qty)`;
const suggestedSql = sql<number>`(ceil(greatest(min_stock + reserved_qty - stock_qty, 1)::numeric / order_multiple) * order_multiple)::int`;

export async function listReplenishment(
  db: Kysely<TenantDb>,
  opts: { sort: ReplenishSort; desc: boolean; limit: number; offset: number },
): Promise<{ rows: ReplenishRow[]; total: number }> {
  const base = db.selectFrom('products').where(needsOrdering);
  const dir = opts.desc ? 'desc' : 'asc';
  let qb = base.select([
    'id',
    'sku',
    'name',
    'barcode',
    'unit',
    'stock_qty',
    'reserved_qty',
    'min_stock',
    'order_multiple as pack',
    suggestedSql.as('suggested'),
  ]);
  if (opts.sort === 'shortage') qb = qb.orderBy(suggestedSql, dir);
  else if (opts.sort === 'available') qb = qb.orderBy(sql`stock_qty - reserved_qty`, dir);
  else qb = qb.orderBy(opts.sort, dir);
  const [rows, count] = await Promise.all([
    qb.orderBy('sku').orderBy('id').limit(opts.limit).offset(opts.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A CSV field: quoted when needed; a leading = + - @ gets a quote mark so spreadsheets do not run it as a formula. */
function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function replenishmentCsv(rows: ReplenishRow[], headers: string[]): string {
  const lines = [headers.map(csvField).join(',')];
  for (const r of rows) {
    lines.push([r.sku, r.name, r.barcode, r.unit, r.stock_qty, r.reserved_qty, available(r), r.min_stock, r.pack, r.suggested].map(csvField).join(','));
  }
  // BOM: Excel reads the file as UTF-8 (Turkish letters) only with it.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
