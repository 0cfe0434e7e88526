import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AttributeDefinitionsTable, AttributeType, ProductsTable, TenantDb } from '../db/types.ts';
import { categoryPath, listCategories, type Category } from './categories.ts';
import { checkGtin } from './gtin.ts';
import { inTransaction } from './tx.ts';

/** Product card queries and writes (CAT-2, CAT-4, CAT-7). Search lives in search.ts. */

export class ProductError extends Error {
  constructor(
    readonly field: string,
    readonly code: 'invalid_gtin' | 'invalid_value' | 'unknown_attribute' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

type ProductColumns = Exclude<keyof ProductsTable, 'attr_text' | 'sku_key' | 'gtin14' | 'search_text' | 'fts_tr' | 'fts_en'>;

const CARD_COLUMNS = [
  'id', 'sku', 'name', 'description', 'short_description', 'unit', 'list_price', 'currency', 'vat_rate', 'stock_qty',
  'reserved_qty', 'min_stock', 'active', 'hidden', 'category_id', 'parent_id', 'variant_attributes', 'barcode', 'brand',
  'manufacturer', 'country_of_origin', 'pieces_per_package', 'packages_per_pallet', 'min_order_qty', 'order_multiple',
  'order_type', 'lead_time_days', 'weight_g', 'advantages', 'technical_details', 'custom_fields', 'out_of_stock_behaviour',
  'backorder_extra_days', 'availability', 'created_at', 'updated_at',
] as const satisfies readonly (ProductColumns | 'availability')[];

export type ProductCard = Pick<Selectable<ProductsTable>, (typeof CARD_COLUMNS)[number]>;

export type AttributeDefinition = Selectable<AttributeDefinitionsTable>;

export interface ProductAttribute {
  code: string;
  name: string;
  type: AttributeType;
  unit: string;
  value: string;
}

export interface ProductDetail {
  product: ProductCard;
  attributes: ProductAttribute[];
  variants: Pick<ProductCard, 'id' | 'sku' | 'name' | 'variant_attributes' | 'availability' | 'list_price' | 'currency'>[];
  images: { id: number; alt: string; width: number | null; height: number | null }[];
  documents: { id: number; kind: string; title: string; original_name: string; size: number }[];
  breadcrumbs: Category[];
}

export type NewProduct = Omit<Insertable<ProductsTable>, 'variant_attributes' | 'custom_fields'> & {
  variant_attributes?: Record<string, string>;
  custom_fields?: Record<string, string>;
};

/** Validates the barcode (GS1 check digit) and stores it as digits. */
export async function createProduct(db: Kysely<TenantDb>, input: NewProduct): Promise<ProductCard> {
  const values = { ...input, barcode: normaliseBarcode(input.barcode ?? null) } as Insertable<ProductsTable>;
  if (input.variant_attributes) values.variant_attributes = JSON.stringify(input.variant_attributes);
  if (input.custom_fields) values.custom_fields = JSON.stringify(input.custom_fields);
  return db.insertInto('products').values(values).returning(CARD_COLUMNS).executeTakeFirstOrThrow();
}

export function normaliseBarcode(barcode: string | null): string | null {
  if (barcode === null || barcode.trim() === '') return null;
  const check = checkGtin(barcode);
  if (!check.ok) throw new ProductError('barcode', 'invalid_gtin', `barcode ${JSON.stringify(barcode)} is not a valid GTIN (${check.reason})`);
  return check.gtin;
}

export async function listAttributeDefinitions(db: Kysely<TenantDb>): Promise<AttributeDefinition[]> {
  return db.selectFrom('attribute_definitions').selectAll().orderBy('position').orderBy('id').execute();
}

export async function createAttributeDefinition(
  db: Kysely<TenantDb>,
  input: { code: string; name: string; type: AttributeType; unit?: string; choices?: string[]; filterable?: boolean; variantAxis?: boolean; position?: number },
): Promise<AttributeDefinition> {
  return db
    .insertInto('attribute_definitions')
    .values({
      code: input.code,
      name: input.name,
      type: input.type,
      unit: input.unit ?? '',
      choices: JSON.stringify(input.choices ?? []),
      filterable: input.filterable ?? false,
      variant_axis: input.variantAxis ?? false,
      position: input.position ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One attribute value checked against its definition: numbers parse, choices are one of the list. */
export function attributeValue(def: Pick<AttributeDefinition, 'code' | 'type' | 'choices'>, raw: string | number): { value_text: string; value_number: string | null } {
  const text = String(raw).trim();
  if (!text) throw new ProductError(def.code, 'invalid_value', `${def.code}: empty value`);
  if (def.type === 'number') {
    const n = Number(text.replace(',', '.'));
    if (!Number.isFinite(n)) throw new ProductError(def.code, 'invalid_value', `${def.code}: ${JSON.stringify(text)} is not a number`);
    return { value_text: String(n).replace('.', ','), value_number: String(n) };
  }
  if (def.type === 'choice' && !def.choices.includes(text)) {
    throw new ProductError(def.code, 'invalid_value', `${def.code}: ${JSON.stringify(text)} is not one of ${def.choices.join(', ')}`);
  }
  return { value_text: text, value_number: null };
}

/**
 * Replaces a product's attribute values (code → value). Unknown codes are refused; a null
 * value removes the attribute. The search columns follow through the table's trigger.
 */
export async function setProductAttributes(db: Kysely<TenantDb>, productId: number, values: Record<string, string | number | null>): Promise<void> {
  const codes = Object.keys(values);
  if (!codes.length) return;
  const defs = await db.selectFrom('attribute_definitions').select(['id', 'code', 'type', 'choices']).where('code', 'in', codes).execute();
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const rows: { product_id: number; attribute_id: number; value_text: string; value_number: string | null }[] = [];
  const removed: number[] = [];
  for (const [code, raw] of Object.entries(values)) {
    const def = byCode.get(code);
    if (!def) throw new ProductError(code, 'unknown_attribute', `unknown attribute ${code}`);
    if (raw === null) removed.push(def.id);
    else rows.push({ product_id: productId, attribute_id: def.id, ...attributeValue(def, raw) });
  }
  await inTransaction(db, async (trx) => {
    if (removed.length) await trx.deleteFrom('product_attribute_values').where('product_id', '=', productId).where('attribute_id', 'in', removed).execute();
    if (rows.length) {
      await trx
        .insertInto('product_attribute_values')
        .values(rows)
        .onConflict((oc) => oc.columns(['product_id', 'attribute_id']).doUpdateSet((eb) => ({ value_text: eb.ref('excluded.value_text'), value_number: eb.ref('excluded.value_number') })))
        .execute();
    }
  });
}

/** What a dealer may see: active, not hidden, and not an out-of-stock item set to "hide". */
export function dealerCanSee(p: Pick<ProductCard, 'active' | 'hidden' | 'availability' | 'out_of_stock_behaviour'>): boolean {
  return p.active && !p.hidden && !(p.availability === 'out_of_stock' && p.out_of_stock_behaviour === 'hide');
}

/** Everything the product page shows, in a bounded number of queries; null when not visible. */
export async function getProductDetail(db: Kysely<TenantDb>, id: number, opts: { includeHidden?: boolean } = {}): Promise<ProductDetail | null> {
  const product = await db.selectFrom('products').select(CARD_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!product || (!opts.includeHidden && !dealerCanSee(product))) return null;
  const familyId = product.parent_id ?? product.id;
  const [attributes, variants, images, documents, categories] = await Promise.all([
    db
      .selectFrom('product_attribute_values as v')
      .innerJoin('attribute_definitions as d', 'd.id', 'v.attribute_id')
      .select(['d.code', 'd.name', 'd.type', 'd.unit', 'v.value_text as value'])
      .where('v.product_id', '=', id)
      .orderBy('d.position')
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'variant_attributes', 'availability', 'list_price', 'currency', 'active', 'hidden', 'out_of_stock_behaviour'])
      .where((eb) => eb.or([eb('id', '=', familyId), eb('parent_id', '=', familyId)]))
      .orderBy('sku')
      .execute(),
    db.selectFrom('product_images').select(['id', 'alt', 'width', 'height']).where('product_id', '=', id).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('product_documents')
      .select(['id', 'kind', 'title', 'original_name', 'size'])
      .where('product_id', '=', id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    product.category_id ? listCategories(db) : Promise.resolve([] as Category[]),
  ]);
  return {
    product,
    attributes,
    variants: variants.length > 1 ? variants.filter((v) => opts.includeHidden || dealerCanSee(v)) : [],
    images,
    documents,
    breadcrumbs: product.category_id ? categoryPath(categories, product.category_id) : [],
  };
}

/**
 * CAT-10 hook: products this dealer bought before that match the query. Returns [] until the
 * orders issue adds order lines; then it becomes one query over the dealer's order lines
 * (grouped by product, ordered by count and last order date) joined to visible products.
 */
export async function boughtBefore(_db: Kysely<TenantDb>, _dealerId: number | null, _q: string, _limit = 5): Promise<{ id: number; sku: string; name: string }[]> {
  return [];
}

export type ProductChanges = Omit<Partial<NewProduct>, 'stock_qty' | 'id'>;

/**
 * Updates a product's card fields. Stock is not among them: it changes only through
 * src/stock/stock.ts. The barcode is validated like on create.
 */
export async function updateProduct(db: Kysely<TenantDb>, id: number, changes: ProductChanges): Promise<ProductCard | undefined> {
  const { variant_attributes, custom_fields, barcode, ...rest } = changes;
  const set: Record<string, unknown> = { ...rest, updated_at: new Date() };
  if (barcode !== undefined) set.barcode = normaliseBarcode(barcode);
  if (variant_attributes) set.variant_attributes = JSON.stringify(variant_attributes);
  if (custom_fields) set.custom_fields = JSON.stringify(custom_fields);
  delete set.stock_qty;
  return db.updateTable('products').set(set).where('id', '=', id).returning(CARD_COLUMNS).executeTakeFirst();
}

export async function findProductCard(db: Kysely<TenantDb>, id: number): Promise<ProductCard | undefined> {
  return db.selectFrom('products').select(CARD_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Which unique rule a failed insert/update broke: the SKU or the barcode (its 14-digit form). */
export function productUniqueViolation(err: unknown): 'sku' | 'barcode' | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505') return null;
  if (e.constraint === 'products_gtin14_key') return 'barcode';
  if (e.constraint === 'products_sku_key') return 'sku';
  return null;
}

/** A product's attribute values by attribute code, as stored (value_text). */
export async function productAttributeValues(db: Kysely<TenantDb>, productId: number): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('product_attribute_values as v')
    .innerJoin('attribute_definitions as d', 'd.id', 'v.attribute_id')
    .select(['d.code', 'v.value_text'])
    .where('v.product_id', '=', productId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.value_text]));
}

export class AttributeError extends Error {
  constructor(
    readonly code: 'not_found' | 'code_taken' | 'invalid_values' | 'has_values',
    message: string,
    /** Stored values the change would break (invalid_values). */
    readonly values: string[] = [],
  ) {
    super(message);
  }
}

export async function findAttributeDefinition(db: Kysely<TenantDb>, id: number): Promise<AttributeDefinition | undefined> {
  return db.selectFrom('attribute_definitions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many products carry a value for each attribute. */
export async function attributeValueCounts(db: Kysely<TenantDb>): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('product_attribute_values')
    .select(['attribute_id', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('attribute_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.attribute_id), Number(r.n)]));
}

/**
 * Changes a definition (the code never changes). When products already carry values, every
 * distinct stored value must fit the new type and choices; otherwise nothing changes and the
 * offending values are reported. Values that fit are rewritten in their new normal form
 * (e.g. a number's text), in the same transaction.
 */
export async function updateAttributeDefinition(
  db: Kysely<TenantDb>,
  id: number,
  input: { name: string; type: AttributeType; unit: string; choices: string[]; filterable: boolean; variantAxis: boolean; position: number },
): Promise<AttributeDefinition> {
  return inTransaction(db, async (trx) => {
    const def = await trx.selectFrom('attribute_definitions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!def) throw new AttributeError('not_found', `attribute ${id} not found`);
    const next = { code: def.code, type: input.type, choices: input.type === 'choice' ? input.choices : [] };
    const stored = await trx.selectFrom('product_attribute_values').select('value_text').distinct().where('attribute_id', '=', id).execute();
    const bad: string[] = [];
    const rewrites: { from: string; value_text: string; value_number: string | null }[] = [];
    for (const { value_text } of stored) {
      try {
        const v = attributeValue(next, value_text);
        rewrites.push({ from: value_text, ...v });
      } catch {
        bad.push(value_text);
      }
    }
    if (bad.length) throw new AttributeError('invalid_values', `${bad.length} stored value(s) do not fit the new definition`, bad.sort().slice(0, 20));
    const row = await trx
      .updateTable('attribute_definitions')
      .set({
        name: input.name,
        type: input.type,
        unit: input.unit,
        choices: JSON.stringify(next.choices),
        filterable: input.filterable,
        variant_axis: input.variantAxis,
        position: input.position,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (def.type !== input.type) {
      for (const r of rewrites) {
        await trx
          .updateTable('product_attribute_values')
          .set({ value_text: r.value_text, value_number: r.value_number })
          .where('attribute_id', '=', id)
          .where('value_text', '=', r.from)
          .execute();
      }
    }
    return row;
  });
}

/** Deletes a definition nobody uses; one with stored values is refused (they would vanish with it). */
export async function deleteAttributeDefinition(db: Kysely<TenantDb>, id: number): Promise<AttributeDefinition> {
  return inTransaction(db, async (trx) => {
    const def = await trx.selectFrom('attribute_definitions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!def) throw new AttributeError('not_found', `attribute ${id} not found`);
    const used = await trx.selectFrom('product_attribute_values').select('product_id').where('attribute_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new AttributeError('has_values', `attribute ${def.code} has values`);
    await trx.deleteFrom('attribute_definitions').where('id', '=', id).execute();
    return def;
  });
}
