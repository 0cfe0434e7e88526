import type { Kysely } from 'kysely';
import { validateProductInput, type FieldError, type RowResult, type ValidationContext } from '../catalog/upsert.ts';
import type { TenantDb } from '../db/types.ts';
import type { ApiScope } from './keys.ts';
import { minorToDecimal } from './products.ts';

/**
 * Maps API JSON onto the shared catalog service's input (src/catalog/upsert.ts does every check
 * of the values themselves). What happens here is only what is particular to the API:
 * - money comes as integer minor units (`list_price: 1250`) or as text (`list_price_decimal:
 *   "12.50"`); both are handed on as decimal text in the product's currency;
 * - fields a GET returns but nobody writes (id, availability, timestamps, …) are ignored and
 *   parent_sku must be the current one, so a product read can be sent back; `category` may be
 *   the object a GET returns;
 * - stock_qty in a product body needs the stock.write scope as well (the list price is part of
 *   the product card and comes with products.write; prices.write alone allows only /prices).
 */

/** Output-only fields a client may send back unchanged; they are dropped. */
const READ_ONLY = new Set(['id', 'availability', 'reserved_qty', 'created_at', 'updated_at']);
/** Shown by GET, edited only in the back office. */
const NOT_WRITABLE = new Set(['variant_attributes', 'custom_fields', 'advantages', 'technical_details', 'backorder_extra_days']);

export type Mapped = { ok: true; input: Record<string, unknown> } | { ok: false; sku: string; errors: Record<string, string>; input?: Record<string, unknown> };

const skuText = (raw: unknown): string => (typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '');

/** Field errors as the API shows them: field → message (several messages for one field joined). */
export function fieldMap(errors: readonly FieldError[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const f = e.field || 'sku';
    out[f] = out[f] ? `${out[f]}; ${e.message}` : e.message;
  }
  return out;
}

export interface Existing {
  currency: string;
  parentSku: string | null;
}

/** What the products named have now: the currency (minor units are read in its scale) and the parent. */
export async function existingBySku(db: Kysely<TenantDb>, items: readonly unknown[]): Promise<Map<string, Existing>> {
  const skus = [...new Set(items.map((i) => (i && typeof i === 'object' ? skuText((i as { sku?: unknown }).sku) : '')).filter(Boolean))];
  if (!skus.length) return new Map();
  const rows = await db
    .selectFrom('products as p')
    .leftJoin('products as parent', 'parent.id', 'p.parent_id')
    .select(['p.sku', 'p.currency', 'parent.sku as parent_sku'])
    .where('p.sku', 'in', skus)
    .execute();
  return new Map(rows.map((r) => [r.sku, { currency: r.currency.trim(), parentSku: r.parent_sku }]));
}

/**
 * `list_price` (minor units) / `list_price_decimal` → the service's decimal `list_price`, with the
 * currency that decides the scale. Errors name the API's own field.
 */
function mapPrice(item: Record<string, unknown>, out: Record<string, unknown>, errors: Record<string, string>, currentCurrency: string | undefined) {
  const hasMinor = item.list_price !== undefined;
  const hasText = item.list_price_decimal !== undefined;
  delete out.list_price_decimal;
  if (!hasMinor && !hasText) return;
  const currency = typeof item.currency === 'string' && item.currency.trim() ? item.currency.trim().toUpperCase() : (currentCurrency ?? 'TRY');
  // The service reads the scale from the currency; without one it would assume TRY's.
  if (item.currency === undefined && currentCurrency) out.currency = currentCurrency;
  if (hasMinor) {
    const v = item.list_price;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      errors.list_price = 'must be a whole number of minor units (e.g. 1250 for 12.50), or send list_price_decimal as text';
      return;
    }
    const text = minorToDecimal(v, /^[A-Z]{3}$/.test(currency) ? currency : 'TRY');
    if (hasText && item.list_price_decimal !== text) {
      errors.list_price_decimal = `does not match list_price (${v} is ${text} ${currency}); send one of them`;
      return;
    }
    out.list_price = text;
    return;
  }
  if (typeof item.list_price_decimal !== 'string') {
    errors.list_price_decimal = 'must be text such as "12.50"';
    return;
  }
  out.list_price = item.list_price_decimal;
}

/** One product body from the API → the service's input, or the API-level errors of that item. */
export function mapProduct(raw: unknown, scopes: readonly string[], existing: Map<string, Existing>): Mapped {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, sku: '', errors: { product: 'must be a JSON object' } };
  const item = raw as Record<string, unknown>;
  const sku = skuText(item.sku);
  const errors: Record<string, string> = {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (READ_ONLY.has(k)) continue;
    if (NOT_WRITABLE.has(k)) {
      errors[k] = 'cannot be written through the API; edit it in the back office';
      continue;
    }
    out[k] = v;
  }
  // A GET body carries parent_sku; sending it back unchanged is fine, changing it is not.
  if (item.parent_sku !== undefined && item.parent_sku !== (existing.get(sku)?.parentSku ?? null)) {
    errors.parent_sku = 'variants are made and moved in the back office; send the current value or leave it out';
  }
  delete out.parent_sku;
  const need = (field: string, scope: ApiScope) => {
    if (item[field] !== undefined && !scopes.includes(scope)) errors[field] = `needs the ${scope} scope`;
  };
  need('stock_qty', 'stock.write');
  const cat = item.category;
  if (cat && typeof cat === 'object' && !Array.isArray(cat)) {
    const c = cat as { id?: unknown; path?: unknown };
    out.category = typeof c.path === 'string' ? c.path : typeof c.id === 'number' ? String(c.id) : '?';
  }
  mapPrice(item, out, errors, existing.get(sku)?.currency);
  if (!Object.keys(errors).length) return { ok: true, input: out };
  for (const f of Object.keys(errors)) delete out[f];
  return { ok: false, sku, errors, input: out };
}

/**
 * An item refused here is still checked by the service, so the answer names every bad field at
 * once (the API's own message wins for a field both complain about).
 */
export function withServiceErrors(m: Mapped, vctx: ValidationContext): Mapped {
  if (m.ok || !m.input) return m;
  const r = validateProductInput(m.input, vctx);
  return r.ok ? m : { ...m, errors: { ...fieldMap(r.errors), ...m.errors } };
}

/** `{sku, qty}` → the service's stock item. */
export function mapStockItem(raw: unknown): { ok: true; item: { sku: string; qty: string | number } } | { ok: false; sku: string; errors: Record<string, string> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, sku: '', errors: { item: 'must be a JSON object like {"sku": "A-1", "qty": 5}' } };
  const item = raw as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const k of Object.keys(item)) if (k !== 'sku' && k !== 'qty') errors[k] = 'unknown field (give sku and qty)';
  if (item.qty === undefined || item.qty === null) errors.qty = 'required';
  else if (typeof item.qty !== 'number' && typeof item.qty !== 'string') errors.qty = 'must be a whole number';
  if (Object.keys(errors).length) return { ok: false, sku: skuText(item.sku), errors };
  return { ok: true, item: { sku: item.sku as string, qty: item.qty as string | number } };
}

/** `{sku, list_price | list_price_decimal, currency}` → the service's price item. */
export function mapPriceItem(raw: unknown, existing: Map<string, Existing>): { ok: true; item: { sku: string; list_price: string; currency?: string } } | { ok: false; sku: string; errors: Record<string, string> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, sku: '', errors: { item: 'must be a JSON object like {"sku": "A-1", "list_price": 1250, "currency": "TRY"}' } };
  const item = raw as Record<string, unknown>;
  const sku = skuText(item.sku);
  const errors: Record<string, string> = {};
  for (const k of Object.keys(item)) if (!['sku', 'list_price', 'list_price_decimal', 'currency'].includes(k)) errors[k] = 'unknown field (give sku, list_price and currency)';
  if (item.list_price === undefined && item.list_price_decimal === undefined) errors.list_price = 'required';
  const out: Record<string, unknown> = {};
  if (!errors.list_price) mapPrice(item, out, errors, existing.get(sku)?.currency);
  if (Object.keys(errors).length) return { ok: false, sku, errors };
  const currency = typeof item.currency === 'string' ? item.currency : (out.currency as string | undefined);
  return { ok: true, item: { sku: item.sku as string, list_price: out.list_price as string, ...(currency !== undefined ? { currency } : {}) } };
}

export interface ItemResult {
  index: number;
  sku: string;
  status: RowResult['outcome'];
  id?: number;
  errors?: Record<string, string>;
}

/**
 * Runs the service on the items that mapped cleanly and merges its results with the mapping
 * errors, in request order, with a summary.
 */
export async function runItems<T>(
  mapped: ({ ok: true; value: T } | { ok: false; sku: string; errors: Record<string, string> })[],
  write: (values: T[]) => Promise<RowResult[]>,
): Promise<{ summary: Record<RowResult['outcome'], number>; results: ItemResult[] }> {
  const good: { index: number; value: T }[] = [];
  const results: ItemResult[] = new Array(mapped.length);
  mapped.forEach((m, index) => {
    if (m.ok) good.push({ index, value: m.value });
    else results[index] = { index, sku: m.sku, status: 'rejected', errors: m.errors };
  });
  const written = good.length ? await write(good.map((g) => g.value)) : [];
  written.forEach((r, i) => {
    const index = good[i]!.index;
    results[index] = { index, sku: r.sku, status: r.outcome, ...(r.id !== undefined ? { id: r.id } : {}), ...(r.errors?.length ? { errors: fieldMap(r.errors) } : {}) };
  });
  const summary = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) summary[r.status]++;
  return { summary, results };
}
