import type { Kysely } from 'kysely';
import type { Availability, TenantDb } from '../../db/types.ts';
import { descendantIds, listCategories } from '../categories.ts';
import { cleanGtin, toGtin14 } from '../gtin.ts';

/** Staff product list (CAT-2): filters from the URL, keyset pagination by SKU (unique). */
export interface StaffProductFilter {
  q?: string;
  categoryId?: number;
  status?: 'active' | 'inactive' | 'hidden';
  availability?: Availability;
  /** The last SKU of the previous page. */
  after?: string;
}

export interface StaffProductRow {
  id: number;
  sku: string;
  name: string;
  parent_id: number | null;
  category_name: string | null;
  list_price: number;
  currency: string;
  stock_qty: number;
  reserved_qty: number;
  availability: Availability;
  active: boolean;
  hidden: boolean;
  variant_count: number;
  variant_stock: number;
}

/** The same normal form as products.search_text (catalog_fold): Turkish I/ı/İ to i, lower case, accents off. */
export function foldText(s: string): string {
  return s
    .replace(/[İI]/g, 'i')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Top-level products (variants are counted on their parent). A text query matches every word
 * inside name/brand/attributes (folded: ı/i, accents), a SKU prefix or a barcode, and also finds
 * variants, so a scanned variant barcode lands on that variant.
 */
export async function listStaffProducts(db: Kysely<TenantDb>, f: StaffProductFilter, limit = 50): Promise<{ rows: StaffProductRow[]; next: string | null }> {
  let q = db
    .selectFrom('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select((eb) => [
      'p.id',
      'p.sku',
      'p.name',
      'p.parent_id',
      'c.name as category_name',
      'p.list_price',
      'p.currency',
      'p.stock_qty',
      'p.reserved_qty',
      'p.availability',
      'p.active',
      'p.hidden',
      eb.selectFrom('products as v').select(eb.fn.countAll<string>().as('n')).whereRef('v.parent_id', '=', 'p.id').as('variant_count'),
      eb
        .selectFrom('products as v')
        .select((vb) => vb.fn.coalesce(vb.fn.sum<string>('v.stock_qty'), vb.lit(0)).as('s'))
        .whereRef('v.parent_id', '=', 'p.id')
        .as('variant_stock'),
    ])
    .orderBy('p.sku')
    .limit(limit + 1);
  const text = (f.q ?? '').trim();
  if (text) {
    const words = foldText(text).split(/\s+/).filter(Boolean).slice(0, 6);
    const skuKey = text.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const gtin = cleanGtin(text);
    q = q.where((eb) =>
      eb.or([
        eb.and(words.map((w) => eb('p.search_text', 'like', `%${likeEscape(w)}%`))),
        ...(skuKey ? [eb('p.sku_key', 'like', `${likeEscape(skuKey)}%`)] : []),
        ...(gtin && gtin.length <= 14 ? [eb('p.gtin14', '=', toGtin14(gtin))] : []),
      ]),
    );
  } else {
    q = q.where('p.parent_id', 'is', null);
  }
  if (f.categoryId !== undefined) {
    const ids = descendantIds(await listCategories(db), f.categoryId);
    q = ids.length ? q.where('p.category_id', 'in', ids) : q.where('p.id', '<', 0);
  }
  if (f.status === 'active') q = q.where('p.active', '=', true).where('p.hidden', '=', false);
  if (f.status === 'inactive') q = q.where('p.active', '=', false);
  if (f.status === 'hidden') q = q.where('p.hidden', '=', true);
  if (f.availability) q = q.where('p.availability', '=', f.availability);
  if (f.after) q = q.where('p.sku', '>', f.after);
  const raw = await q.execute();
  const rows = raw.slice(0, limit).map((r) => ({
    ...r,
    id: Number(r.id),
    list_price: Number(r.list_price),
    variant_count: Number(r.variant_count ?? 0),
    variant_stock: Number(r.variant_stock ?? 0),
  }));
  return { rows, next: raw.length > limit ? rows.at(-1)!.sku : null };
}

/** Variants of a product for its edit page. */
export async function listVariants(db: Kysely<TenantDb>, parentId: number) {
  return db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'barcode', 'variant_attributes', 'list_price', 'currency', 'stock_qty', 'reserved_qty', 'availability', 'active', 'hidden'])
    .where('parent_id', '=', parentId)
    .orderBy('sku')
    .execute();
}
export type VariantRow = Awaited<ReturnType<typeof listVariants>>[number];
