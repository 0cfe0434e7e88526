import type { Kysely } from 'kysely';
import { categoryPath, descendantIds, listCategories, type Category } from '../catalog/categories.ts';
import { currencyScale } from '../catalog/staff/decimal.ts';
import type { TenantDb } from '../db/types.ts';

/** Read side of the products API (API-1): keyset pages by id and the JSON shape of a product. */

const COLUMNS = [
  'p.id', 'p.sku', 'p.name', 'p.description', 'p.short_description', 'p.unit', 'p.list_price', 'p.currency', 'p.vat_rate',
  'p.stock_qty', 'p.reserved_qty', 'p.min_stock', 'p.availability', 'p.active', 'p.hidden', 'p.category_id', 'p.variant_attributes',
  'p.barcode', 'p.brand', 'p.manufacturer', 'p.country_of_origin', 'p.pieces_per_package', 'p.packages_per_pallet', 'p.min_order_qty',
  'p.order_multiple', 'p.order_type', 'p.lead_time_days', 'p.weight_g', 'p.advantages', 'p.technical_details', 'p.custom_fields',
  'p.out_of_stock_behaviour', 'p.backorder_extra_days', 'p.created_at', 'p.updated_at',
] as const;

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

export interface ListFilter {
  after?: number;
  limit: number;
  skus?: string[];
  updatedSince?: Date;
  categoryIds?: number[];
}

function baseQuery(db: Kysely<TenantDb>) {
  return db
    .selectFrom('products as p')
    .leftJoin('products as parent', 'parent.id', 'p.parent_id')
    .select([...COLUMNS, 'parent.sku as parent_sku']);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** 12345 TRY → "123.45": integer arithmetic only, a dot as the decimal mark, no grouping. */
export function minorToDecimal(minor: number, currency: string): string {
  const scale = currencyScale(currency);
  const digits = String(Math.abs(minor)).padStart(scale + 1, '0');
  const int = scale ? digits.slice(0, -scale) : digits;
  return `${minor < 0 ? '-' : ''}${int}${scale ? `.${digits.slice(-scale)}` : ''}`;
}

export interface ApiProduct {
  id: number;
  sku: string;
  parent_sku: string | null;
  name: string;
  [field: string]: unknown;
}

function toJson(r: Row, categories: Category[], attributes: Map<number, Record<string, string>>): ApiProduct {
  const path = r.category_id ? categoryPath(categories, r.category_id) : [];
  return {
    id: r.id,
    sku: r.sku,
    parent_sku: r.parent_sku,
    name: r.name,
    short_description: r.short_description,
    description: r.description,
    category: r.category_id ? { id: r.category_id, path: path.map((c) => c.slug).join('/'), name: path.at(-1)?.name ?? null } : null,
    barcode: r.barcode,
    brand: r.brand,
    manufacturer: r.manufacturer,
    country_of_origin: r.country_of_origin,
    unit: r.unit,
    pieces_per_package: r.pieces_per_package,
    packages_per_pallet: r.packages_per_pallet,
    min_order_qty: r.min_order_qty,
    order_multiple: r.order_multiple,
    order_type: r.order_type,
    lead_time_days: r.lead_time_days,
    weight_g: r.weight_g,
    list_price: r.list_price,
    list_price_decimal: minorToDecimal(r.list_price, r.currency),
    currency: r.currency,
    vat_rate: Number(r.vat_rate),
    stock_qty: r.stock_qty,
    reserved_qty: r.reserved_qty,
    min_stock: r.min_stock,
    availability: r.availability,
    out_of_stock_behaviour: r.out_of_stock_behaviour,
    backorder_extra_days: r.backorder_extra_days,
    active: r.active,
    hidden: r.hidden,
    variant_attributes: r.variant_attributes,
    attributes: attributes.get(r.id) ?? {},
    custom_fields: r.custom_fields,
    advantages: r.advantages,
    technical_details: r.technical_details,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

async function withDetails(db: Kysely<TenantDb>, rows: Row[]): Promise<ApiProduct[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [categories, attrRows] = await Promise.all([
    rows.some((r) => r.category_id) ? listCategories(db) : Promise.resolve([] as Category[]),
    db
      .selectFrom('product_attribute_values as v')
      .innerJoin('attribute_definitions as d', 'd.id', 'v.attribute_id')
      .select(['v.product_id', 'd.code', 'v.value_text'])
      .where('v.product_id', 'in', ids)
      .orderBy('d.position')
      .orderBy('d.id')
      .execute(),
  ]);
  const attributes = new Map<number, Record<string, string>>();
  for (const a of attrRows) {
    const id = Number(a.product_id);
    const map = attributes.get(id) ?? {};
    map[a.code] = a.value_text;
    attributes.set(id, map);
  }
  return rows.map((r) => toJson(r, categories, attributes));
}

/** One keyset page ordered by id; `next` is the last id when more rows may follow. */
export async function listApiProducts(db: Kysely<TenantDb>, f: ListFilter): Promise<{ items: ApiProduct[]; next: number | null }> {
  let q = baseQuery(db).orderBy('p.id').limit(f.limit + 1);
  if (f.after) q = q.where('p.id', '>', f.after);
  if (f.skus) q = q.where('p.sku', 'in', f.skus);
  if (f.updatedSince) q = q.where('p.updated_at', '>=', f.updatedSince);
  if (f.categoryIds) q = q.where('p.category_id', 'in', f.categoryIds);
  const rows = await q.execute();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { items: await withDetails(db, page), next: more ? page.at(-1)!.id : null };
}

export async function findApiProductsBySku(db: Kysely<TenantDb>, skus: string[]): Promise<Map<string, ApiProduct>> {
  if (!skus.length) return new Map();
  const rows = await baseQuery(db).where('p.sku', 'in', skus).execute();
  return new Map((await withDetails(db, rows)).map((p) => [p.sku, p]));
}

/**
 * A category named by id ("12") or by its slug path from the root ("hirdavat/vidalar"), with
 * everything below it; null when no such category exists.
 */
export async function resolveCategoryFilter(db: Kysely<TenantDb>, ref: string): Promise<number[] | null> {
  const categories = await listCategories(db);
  let id: number | undefined;
  if (/^[0-9]{1,15}$/.test(ref)) id = categories.find((c) => c.id === Number(ref))?.id;
  else {
    let parent: number | null = null;
    for (const slug of ref.split('/').filter(Boolean)) {
      const found: Category | undefined = categories.find((c) => c.parent_id === parent && c.slug === slug);
      if (!found) return null;
      parent = found.id;
    }
    id = parent ?? undefined;
  }
  return id === undefined ? null : descendantIds(categories, id);
}
