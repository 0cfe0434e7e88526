import type { Kysely } from 'kysely';
import type { TenantDb } from '../../db/types.ts';
import { setStockLevels } from '../../stock/stock.ts';
import { toGtin14 } from '../gtin.ts';
import { createProduct, findProductCard, productUniqueViolation, setProductAttributes, updateProduct, type ProductCard } from '../products.ts';
import { inTransaction } from '../tx.ts';
import type { FieldErrors, ProductData, VariantData } from './product-form.ts';

/**
 * Saving the staff product and variant forms: card fields, attribute values and stock in one
 * transaction, so a refused form leaves nothing half-saved. Stock goes through setStockLevels
 * (movement row, source 'manual'); on edit only when the typed level differs from the level the
 * form was opened with, so saving a card never overwrites stock that changed meanwhile.
 */
export type SaveResult = { ok: true; product: ProductCard; before: ProductCard | null; stockChanged: boolean } | { ok: false; errors: FieldErrors };

class Refused extends Error {
  constructor(readonly errors: FieldErrors) {
    super('refused');
  }
}

export interface SaveContext {
  userId: number;
  /** Writes the audit row inside the same transaction. */
  audit: (trx: Kysely<TenantDb>, before: ProductCard | null, after: ProductCard) => Promise<void>;
}

async function checkUnique(trx: Kysely<TenantDb>, sku: string, barcode: string | null, selfId: number | null): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  let q = trx.selectFrom('products').select('id').where('sku', '=', sku);
  if (selfId !== null) q = q.where('id', '<>', selfId);
  if (await q.executeTakeFirst()) errors.sku = 'skuTaken';
  if (barcode) {
    let b = trx.selectFrom('products').select('id').where('gtin14', '=', toGtin14(barcode));
    if (selfId !== null) b = b.where('id', '<>', selfId);
    if (await b.executeTakeFirst()) errors.barcode = 'barcodeTaken';
  }
  return errors;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | { ok: false; errors: FieldErrors }> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Refused) return { ok: false, errors: err.errors };
    const dup = productUniqueViolation(err);
    if (dup) return { ok: false, errors: { [dup]: dup === 'sku' ? 'skuTaken' : 'barcodeTaken' } };
    throw err;
  }
}

async function applyStock(trx: Kysely<TenantDb>, id: number, qty: number | null, before: number | null, ctx: SaveContext): Promise<boolean> {
  if (qty === null || (before === null ? qty === 0 : qty === before)) return false;
  const changes = await setStockLevels(trx, [{ productId: id, qty }], { source: 'manual', userId: ctx.userId, note: 'product form' });
  return changes.length > 0;
}

/** Creates (id null) or updates a top-level product. */
export async function saveProduct(db: Kysely<TenantDb>, id: number | null, data: ProductData, stockBefore: number | null, ctx: SaveContext): Promise<SaveResult> {
  return guarded(() =>
    inTransaction(db, async (trx) => {
      const before = id === null ? null : ((await findProductCard(trx, id)) ?? null);
      if (id !== null && (!before || before.parent_id !== null)) throw new Error(`product ${id} is not a top-level product of this tenant`);
      const errors = await checkUnique(trx, data.card.sku, data.card.barcode, id);
      if (data.card.category_id !== null) {
        const cat = await trx.selectFrom('categories').select('id').where('id', '=', data.card.category_id).executeTakeFirst();
        if (!cat) errors.category_id = 'category';
      }
      if (Object.keys(errors).length) throw new Refused(errors);
      let saved: ProductCard;
      if (id === null) {
        saved = await createProduct(trx, { ...data.card, stock_qty: 0 });
      } else {
        saved = (await updateProduct(trx, id, data.card))!;
        // Variants follow their parent's category (CAT-4).
        await trx.updateTable('products').set({ category_id: data.card.category_id, updated_at: new Date() }).where('parent_id', '=', id).where('category_id', 'is distinct from', data.card.category_id).execute();
      }
      await setProductAttributes(trx, saved.id, data.attributes);
      const stockChanged = await applyStock(trx, saved.id, data.stockQty, id === null ? null : (stockBefore ?? before!.stock_qty), ctx);
      const after = (await findProductCard(trx, saved.id))!;
      await ctx.audit(trx, before, after);
      return { ok: true as const, product: after, before, stockChanged };
    }),
  );
}

/**
 * Creates (id null) or updates a variant of `parent`. A variant takes the parent's category and,
 * on creation, its card fields (unit, VAT, currency, descriptions…) and non-axis attribute values; its own are SKU, name,
 * barcode, price, stock and its values on the variant axes, which must differ from its siblings'.
 */
export async function saveVariant(db: Kysely<TenantDb>, parent: ProductCard, id: number | null, data: VariantData, stockBefore: number | null, ctx: SaveContext): Promise<SaveResult> {
  return guarded(() =>
    inTransaction(db, async (trx) => {
      const before = id === null ? null : ((await findProductCard(trx, id)) ?? null);
      if (id !== null && (!before || before.parent_id !== parent.id)) throw new Error(`product ${id} is not a variant of ${parent.id}`);
      const errors = await checkUnique(trx, data.card.sku, data.card.barcode, id);
      const siblings = await trx.selectFrom('products').select(['id', 'variant_attributes']).where((eb) => eb.or([eb('parent_id', '=', parent.id), eb('id', '=', parent.id)])).execute();
      const key = (a: Record<string, string>) => JSON.stringify(Object.entries(a).sort(([x], [y]) => x.localeCompare(y)));
      const mine = key(data.card.variant_attributes);
      if (siblings.some((s) => s.id !== id && key(s.variant_attributes) === mine)) errors[`attr.${Object.keys(data.card.variant_attributes)[0] ?? ''}`] = 'combinationTaken';
      if (Object.keys(errors).length) throw new Refused(errors);
      let saved: ProductCard;
      if (id === null) {
        const { id: _pid, created_at: _c, updated_at: _u, availability: _a, reserved_qty: _r, parent_id: _p, variant_attributes: _v, custom_fields, ...inherited } = parent;
        saved = await createProduct(trx, { ...inherited, custom_fields, ...data.card, parent_id: parent.id, category_id: parent.category_id, stock_qty: 0 });
        // The parent's other attribute values (material, model…) describe the variant too, so search and facets find it.
        await trx
          .insertInto('product_attribute_values')
          .columns(['product_id', 'attribute_id', 'value_text', 'value_number'])
          .expression((eb) =>
            eb
              .selectFrom('product_attribute_values as v')
              .innerJoin('attribute_definitions as d', 'd.id', 'v.attribute_id')
              .select([eb.val(saved.id).as('product_id'), 'v.attribute_id', 'v.value_text', 'v.value_number'])
              .where('v.product_id', '=', parent.id)
              .where('d.variant_axis', '=', false),
          )
          .execute();
      } else {
        saved = (await updateProduct(trx, id, { ...data.card, category_id: parent.category_id }))!;
      }
      await setProductAttributes(trx, saved.id, data.attributes);
      const stockChanged = await applyStock(trx, saved.id, data.stockQty, id === null ? null : (stockBefore ?? before!.stock_qty), ctx);
      const after = (await findProductCard(trx, saved.id))!;
      await ctx.audit(trx, before, after);
      return { ok: true as const, product: after, before, stockChanged };
    }),
  );
}

/** Card fields that differ between two versions (for the audit row). */
export function changedFields(before: ProductCard | null, after: ProductCard): Record<string, { from: unknown; to: unknown }> {
  if (!before) return {};
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after) as (keyof ProductCard)[]) {
    if (k === 'updated_at' || k === 'created_at' || k === 'availability') continue;
    const a = JSON.stringify(before[k]);
    const b = JSON.stringify(after[k]);
    if (a !== b) out[k] = { from: before[k], to: after[k] };
  }
  return out;
}
