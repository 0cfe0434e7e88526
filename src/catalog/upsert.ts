import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { TenantDb } from '../db/types.ts';
import { defineMessages, type Locale } from '../i18n/define.ts';
import { MAX_STOCK, setStockLevels, StockError } from '../stock/stock.ts';
import { checkGtin, toGtin14 } from './gtin.ts';
import { attributeValue, ProductError, type AttributeDefinition } from './products.ts';
import { currencyScale, isCountry, isCurrency, parseDecimal } from './staff/decimal.ts';
import { inTransaction } from './tx.ts';

/**
 * The one way products are written in bulk, keyed by SKU (CAT-8 spreadsheet import, API-1).
 *
 * Each row is all-or-nothing: its card fields, attribute values and stock land together or not
 * at all, and a bad row never blocks the good ones. Rows are validated completely before
 * anything is written (including barcode clashes with other products), then a batch is written
 * with a handful of set-based statements inside a savepoint. Only if that fails (a race with
 * another writer, say) is the batch replayed row by row, each in its own savepoint, so the
 * failure lands on the row that caused it.
 *
 * Absent fields are left as they are on update. A SKU given twice in one call: the first
 * occurrence is applied, later ones are rejected (silently letting the last win hides mistakes
 * in ERP exports). Stock goes through setStockLevels, so it gets movement rows and ordered locks.
 */

export const upsertMessages = defineMessages({
  tr: {
    required: 'zorunlu alan',
    requiredForNew: 'yeni ürün için zorunlu',
    text: (max: number) => `en çok ${max} karakterlik metin olmalı`,
    notEmpty: 'boş olamaz',
    unknownField: 'bilinmeyen alan',
    sku: 'stok kodu 1–64 karakter olmalı ve kontrol karakteri içermemeli',
    gtin: (reason: string): string =>
      reason === 'check_digit' ? 'barkodun kontrol hanesi hatalı' : reason === 'length' ? 'barkod 8, 12, 13 ya da 14 haneli olmalı' : 'barkod yalnızca rakam içermeli',
    category: (v: string) => `bilinmeyen kategori “${v}” (kategori numarası ya da “ust/alt” biçiminde kısa ad yolu)`,
    country: 'iki harfli ülke kodu olmalı (ör. TR)',
    currency: 'üç harfli para birimi kodu olmalı (ör. TRY)',
    money: 'tutar olmalı (ör. 1.234,56 ya da 1234.56)',
    moneyPrecision: (digits: number) => `en çok ${digits} ondalık hane olabilir`,
    integer: (min: number, max: number) => `${min} ile ${max} arasında tam sayı olmalı`,
    vat: '0 ile 100 arasında KDV oranı olmalı (ör. 20 ya da %20)',
    boolean: 'evet/hayır (1/0) olmalı',
    choice: (choices: string) => `şunlardan biri olmalı: ${choices}`,
    unknownAttribute: (code: string) => `bilinmeyen özellik “${code}”`,
    attribute: (detail: string) => `geçersiz özellik değeri: ${detail}`,
    duplicateSku: (first: string) => `stok kodu tekrar ediyor (ilk geçtiği yer: ${first}); yalnızca ilki uygulandı`,
    barcodeTaken: (sku: string) => `barkod başka bir ürüne ait (${sku})`,
    unknownSku: 'bu stok koduyla ürün yok',
    writeFailed: 'satır kaydedilemedi',
  },
  en: {
    required: 'required',
    requiredForNew: 'required for a new product',
    text: (max: number) => `must be text of at most ${max} characters`,
    notEmpty: 'must not be empty',
    unknownField: 'unknown field',
    sku: 'SKU must be 1–64 characters without control characters',
    gtin: (reason: string) =>
      reason === 'check_digit' ? 'barcode check digit is wrong' : reason === 'length' ? 'barcode must have 8, 12, 13 or 14 digits' : 'barcode must contain digits only',
    category: (v: string) => `unknown category “${v}” (a category id or a slug path like “parent/child”)`,
    country: 'must be a two-letter country code (e.g. TR)',
    currency: 'must be a three-letter currency code (e.g. TRY)',
    money: 'must be an amount (e.g. 1234.56 or 1.234,56)',
    moneyPrecision: (digits: number) => `at most ${digits} decimal places`,
    integer: (min: number, max: number) => `must be a whole number from ${min} to ${max}`,
    vat: 'must be a VAT rate from 0 to 100 (e.g. 20 or 20%)',
    boolean: 'must be yes/no (1/0, true/false)',
    choice: (choices: string) => `must be one of: ${choices}`,
    unknownAttribute: (code: string) => `unknown attribute “${code}”`,
    attribute: (detail: string) => `invalid attribute value: ${detail}`,
    duplicateSku: (first: string) => `SKU appears more than once (first at ${first}); only the first was applied`,
    barcodeTaken: (sku: string) => `barcode already belongs to another product (${sku})`,
    unknownSku: 'no product with this SKU',
    writeFailed: 'the row could not be saved',
  },
});
type Msg = (typeof upsertMessages)['en'];

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The accepted shape (API bodies); validateProductInput does the checks against the catalog. */
export const productInputSchema = z
  .object({
    sku: z.union([z.string(), z.number()]),
    name: scalar.optional(),
    description: scalar.optional(),
    short_description: scalar.optional(),
    barcode: scalar.optional(),
    category: scalar.optional(),
    brand: scalar.optional(),
    manufacturer: scalar.optional(),
    country_of_origin: scalar.optional(),
    unit: scalar.optional(),
    vat_rate: scalar.optional(),
    list_price: scalar.optional(),
    currency: scalar.optional(),
    min_order_qty: scalar.optional(),
    order_multiple: scalar.optional(),
    pieces_per_package: scalar.optional(),
    packages_per_pallet: scalar.optional(),
    order_type: scalar.optional(),
    lead_time_days: scalar.optional(),
    weight_g: scalar.optional(),
    active: scalar.optional(),
    hidden: scalar.optional(),
    min_stock: scalar.optional(),
    out_of_stock_behaviour: scalar.optional(),
    stock_qty: scalar.optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  })
  .strict();
export type ProductInput = z.input<typeof productInputSchema>;

/** Product columns the import/API write; `category` is written as category_id. */
type Column =
  | 'name' | 'description' | 'short_description' | 'barcode' | 'category_id' | 'brand' | 'manufacturer' | 'country_of_origin'
  | 'unit' | 'vat_rate' | 'list_price' | 'currency' | 'min_order_qty' | 'order_multiple' | 'pieces_per_package'
  | 'packages_per_pallet' | 'order_type' | 'lead_time_days' | 'weight_g' | 'active' | 'hidden' | 'min_stock' | 'out_of_stock_behaviour';
type Value = string | number | boolean | null;
type Parsed = { ok: true; value: Value } | { ok: false; message: string };

export interface ValidationContext {
  /** Language of error messages and how ambiguous decimal text is read ("1.234" is 1234 in tr). */
  locale: Locale;
  /** Category id (as text) and lower-case slug path ("parent/child") → id. */
  categories: Map<string, number>;
  attributes: Map<string, Pick<AttributeDefinition, 'id' | 'code' | 'type' | 'choices'>>;
}

export interface ValidProduct {
  sku: string;
  columns: Partial<Record<Column, Value>>;
  stockQty?: number;
  /** attribute id → value; null removes it. */
  attributes?: Map<number, { value_text: string; value_number: string | null } | null>;
}

export interface FieldError {
  field: string;
  message: string;
}
export type ValidationResult = { ok: true; value: ValidProduct } | { ok: false; errors: FieldError[] };

export interface UpsertContext {
  source: 'import' | 'api';
  userId?: number | null;
  apiKeyId?: number | null;
  importId?: number | null;
  /** Message language and decimal reading; default en. */
  locale?: Locale;
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected';
export interface RowResult {
  sku: string;
  outcome: Outcome;
  id?: number;
  errors?: FieldError[];
}

/** Category paths and attribute definitions, loaded once per batch. */
export async function loadValidationContext(db: Kysely<TenantDb>, locale: Locale = 'en'): Promise<ValidationContext> {
  const [cats, attrs] = await Promise.all([
    db.selectFrom('categories').select(['id', 'parent_id', 'slug']).execute(),
    db.selectFrom('attribute_definitions').select(['id', 'code', 'type', 'choices']).execute(),
  ]);
  const byId = new Map(cats.map((c) => [c.id, c]));
  const categories = new Map<string, number>();
  for (const c of cats) {
    const parts: string[] = [];
    for (let at: (typeof cats)[number] | undefined = c, guard = 0; at && guard < 100; at = at.parent_id ? byId.get(at.parent_id) : undefined, guard++) parts.unshift(at.slug);
    categories.set(parts.join('/'), c.id);
    categories.set(String(c.id), c.id);
  }
  return { locale, categories, attributes: new Map(attrs.map((a) => [a.code, a])) };
}

/** The slug path of every category by id (the export writes these; the importer reads them back). */
export function categoryPaths(vctx: ValidationContext): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, id] of vctx.categories) if (!/^[0-9]+$/.test(key)) out.set(id, key);
  return out;
}

const ok = (value: Value): Parsed => ({ ok: true, value });
const bad = (message: string): Parsed => ({ ok: false, message });

function asText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  return null;
}

function text(min: number, max: number) {
  return (raw: unknown, m: Msg): Parsed => {
    const s = asText(raw)?.trim();
    if (s === undefined) return bad(m.text(max));
    if (s.length < min) return bad(m.notEmpty);
    return s.length > max ? bad(m.text(max)) : ok(s);
  };
}

/** A number that came from a spreadsheet cell or JSON, as decimal text without binary noise (0.1+0.2 → "0.3"). */
function numberText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const s = String(Number(n.toPrecision(15)));
  return /e/i.test(s) ? null : s;
}

function decimal(raw: unknown, scale: number, locale: Locale): ReturnType<typeof parseDecimal> {
  if (typeof raw === 'number') {
    const s = numberText(raw);
    if (s === null || raw < 0) return { ok: false, reason: 'format' };
    // Digits from a number always use "." as the decimal mark, whatever the locale.
    return parseDecimal(s, scale, 'en');
  }
  if (typeof raw !== 'string') return { ok: false, reason: 'format' };
  return parseDecimal(raw, scale, locale);
}

function integer(min: number, max: number) {
  return (raw: unknown, m: Msg, v: ValidationContext): Parsed => {
    const r = decimal(raw, 0, v.locale);
    return r.ok && r.value >= min && r.value <= max ? ok(r.value) : bad(m.integer(min, max));
  };
}

function nullable(parse: (raw: unknown, m: Msg, v: ValidationContext) => Parsed) {
  return (raw: unknown, m: Msg, v: ValidationContext): Parsed => (raw === null || (typeof raw === 'string' && raw.trim() === '') ? ok(null) : parse(raw, m, v));
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 'evet', 'e', 'x', 'aktif', 'var']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'hayır', 'hayir', 'h', 'pasif', 'yok']);
function boolean(raw: unknown, m: Msg): Parsed {
  if (typeof raw === 'boolean') return ok(raw);
  const s = asText(raw)?.trim().toLocaleLowerCase('tr');
  if (s !== undefined && TRUE.has(s)) return ok(true);
  if (s !== undefined && FALSE.has(s)) return ok(false);
  return bad(m.boolean);
}

function choice(values: Record<string, string>) {
  const shown = [...new Set(Object.values(values))].join(', ');
  return (raw: unknown, m: Msg): Parsed => {
    const s = asText(raw)?.trim().toLocaleLowerCase('tr');
    const v = s === undefined ? undefined : values[s];
    return v ? ok(v) : bad(m.choice(shown));
  };
}

function vat(raw: unknown, m: Msg): Parsed {
  if (typeof raw === 'number') {
    // A percent-formatted Excel cell holds 0.2 for 20 %.
    const n = raw > 0 && raw < 1 ? Math.round(raw * 100) : raw;
    return Number.isInteger(n) && n >= 0 && n <= 100 && (raw >= 1 || raw <= 0 || Math.abs(raw * 100 - n) < 1e-9) ? ok(n) : bad(m.vat);
  }
  const s = asText(raw)?.trim().replace(/^%\s*|\s*%$/g, '');
  return s !== undefined && /^[0-9]{1,3}$/.test(s) && Number(s) <= 100 ? ok(Number(s)) : bad(m.vat);
}

const FIELDS: Record<Exclude<keyof ProductInput, 'sku' | 'category' | 'list_price' | 'stock_qty' | 'attributes'>, (raw: unknown, m: Msg, v: ValidationContext) => Parsed> = {
  name: text(1, 300),
  description: text(0, 20_000),
  short_description: text(0, 1_000),
  barcode: nullable((raw, m) => {
    const s = typeof raw === 'number' ? numberText(raw) : asText(raw);
    const check = checkGtin(s ?? '');
    return check.ok ? ok(check.gtin) : bad(m.gtin(check.reason));
  }),
  brand: text(0, 200),
  manufacturer: text(0, 200),
  country_of_origin: nullable((raw, m) => {
    const s = asText(raw)?.trim().toUpperCase() ?? '';
    return isCountry(s) ? ok(s) : bad(m.country);
  }),
  unit: text(1, 20),
  vat_rate: vat,
  currency: (raw, m) => {
    const s = asText(raw)?.trim().toUpperCase() ?? '';
    return isCurrency(s) ? ok(s) : bad(m.currency);
  },
  min_order_qty: integer(1, 1_000_000),
  order_multiple: integer(1, 1_000_000),
  pieces_per_package: nullable(integer(1, 10_000_000)),
  packages_per_pallet: nullable(integer(1, 10_000_000)),
  order_type: choice({ stock: 'stock', stok: 'stock', mto: 'mto', eto: 'eto' }),
  lead_time_days: integer(0, 3650),
  weight_g: nullable(integer(0, 1_000_000_000)),
  active: boolean,
  hidden: boolean,
  min_stock: integer(0, MAX_STOCK),
  out_of_stock_behaviour: choice({ hide: 'hide', gizle: 'hide', backorder: 'backorder', 'sipariş al': 'backorder', block: 'block', engelle: 'block' }),
};

function skuOf(raw: unknown): string {
  const s = raw && typeof raw === 'object' ? asText((raw as { sku?: unknown }).sku) : null;
  return (s ?? '').trim();
}

/**
 * Checks one row against the catalog (categories, attribute definitions). Absent keys stay
 * absent; `null` (or an empty text) clears nullable fields. Every error of the row is reported.
 */
export function validateProductInput(raw: unknown, vctx: ValidationContext): ValidationResult {
  const m = upsertMessages[vctx.locale];
  const errors: FieldError[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ field: 'sku', message: m.required }] };
  const input = raw as Record<string, unknown>;
  const known = productInputSchema.shape;
  for (const key of Object.keys(input)) if (!(key in known)) errors.push({ field: key, message: m.unknownField });

  const sku = skuOf(input);
  if (input.sku === undefined || input.sku === null || sku === '') errors.push({ field: 'sku', message: m.required });
  else if (sku.length > 64 || /[\u0000-\u001f\u007f]/.test(sku)) errors.push({ field: 'sku', message: m.sku });

  const columns: ValidProduct['columns'] = {};
  for (const [field, parse] of Object.entries(FIELDS) as [Column, (typeof FIELDS)['name']][]) {
    if (input[field] === undefined) continue;
    const r = parse(input[field], m, vctx);
    if (r.ok) columns[field] = r.value;
    else errors.push({ field, message: r.message });
  }

  if (input.category !== undefined) {
    const c = input.category;
    if (c === null || (typeof c === 'string' && c.trim() === '')) columns.category_id = null;
    else {
      const key = (asText(c) ?? '').trim().toLowerCase().replace(/\s*\/\s*/g, '/').replace(/^\/+|\/+$/g, '');
      const id = vctx.categories.get(key);
      if (id === undefined) errors.push({ field: 'category', message: m.category(asText(c) ?? '') });
      else columns.category_id = id;
    }
  }

  if (input.list_price !== undefined) {
    const currency = typeof columns.currency === 'string' ? columns.currency : 'TRY';
    const scale = currencyScale(currency);
    const r = decimal(input.list_price, scale, vctx.locale);
    if (r.ok) columns.list_price = r.value;
    else errors.push({ field: 'list_price', message: r.reason === 'precision' ? m.moneyPrecision(scale) : m.money });
  }

  let stockQty: number | undefined;
  if (input.stock_qty !== undefined) {
    const r = integer(0, MAX_STOCK)(input.stock_qty, m, vctx);
    if (r.ok) stockQty = r.value as number;
    else errors.push({ field: 'stock_qty', message: r.message });
  }

  let attributes: ValidProduct['attributes'];
  if (input.attributes !== undefined) {
    attributes = new Map();
    const attrs = input.attributes;
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) errors.push({ field: 'attributes', message: m.unknownField });
    else {
      for (const [code, value] of Object.entries(attrs as Record<string, unknown>)) {
        const def = vctx.attributes.get(code);
        if (!def) {
          errors.push({ field: `attributes.${code}`, message: m.unknownAttribute(code) });
          continue;
        }
        if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
          attributes.set(def.id, null);
          continue;
        }
        const v = typeof value === 'number' ? numberText(value) : asText(value);
        try {
          attributes.set(def.id, attributeValue(def, v ?? ''));
        } catch (err) {
          if (!(err instanceof ProductError)) throw err;
          errors.push({ field: `attributes.${code}`, message: m.attribute(err.message) });
        }
      }
    }
  }

  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { sku, columns, ...(stockQty !== undefined ? { stockQty } : {}), ...(attributes ? { attributes } : {}) } };
}

const PG_TYPES: Record<Column, string> = {
  name: 'text', description: 'text', short_description: 'text', barcode: 'text', category_id: 'bigint', brand: 'text',
  manufacturer: 'text', country_of_origin: 'text', unit: 'text', vat_rate: 'integer', list_price: 'bigint', currency: 'text',
  min_order_qty: 'integer', order_multiple: 'integer', pieces_per_package: 'integer', packages_per_pallet: 'integer',
  order_type: 'text', lead_time_days: 'integer', weight_g: 'integer', active: 'boolean', hidden: 'boolean', min_stock: 'integer',
  out_of_stock_behaviour: 'text',
};
const COLUMNS = Object.keys(PG_TYPES) as Column[];
/** The text columns the search documents are generated from (all NOT NULL DEFAULT ''). */
const SEARCH_TEXT: Column[] = ['name', 'brand', 'manufacturer', 'short_description', 'description'];

interface Pending {
  index: number;
  value: ValidProduct;
}

export interface UpsertOptions {
  /** 'update' refuses unknown SKUs instead of creating them (prices, stock). */
  mode?: 'upsert' | 'update';
  /** A context loaded earlier (the importer loads it once per file). */
  validation?: ValidationContext;
  /** How a row is named in the duplicate-SKU message; default "#<position>". */
  label?: (index: number) => string;
}

/**
 * Creates or updates products by SKU. Returns one result per input, in input order. Throws only
 * on infrastructure failures (database down); bad rows come back as `rejected` with field errors.
 */
export async function upsertProducts(db: Kysely<TenantDb>, inputs: readonly unknown[], ctx: UpsertContext, opts: UpsertOptions = {}): Promise<RowResult[]> {
  const vctx = opts.validation ?? (await loadValidationContext(db, ctx.locale ?? 'en'));
  const m = upsertMessages[vctx.locale];
  const label = opts.label ?? ((i: number) => `#${i + 1}`);
  const results: RowResult[] = new Array(inputs.length);
  const pending: Pending[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((raw, index) => {
    const r = validateProductInput(raw, vctx);
    if (!r.ok) {
      results[index] = { sku: skuOf(raw), outcome: 'rejected', errors: r.errors };
      return;
    }
    const first = seen.get(r.value.sku);
    if (first !== undefined) {
      results[index] = { sku: r.value.sku, outcome: 'rejected', errors: [{ field: 'sku', message: m.duplicateSku(label(first)) }] };
      return;
    }
    seen.set(r.value.sku, index);
    pending.push({ index, value: r.value });
  });
  if (!pending.length) return results;

  await inTransaction(db, async (trx) => {
    await sql`savepoint upsert_batch`.execute(trx);
    try {
      const out = await applyBatch(trx, pending, ctx, opts.mode ?? 'upsert', m);
      await sql`release savepoint upsert_batch`.execute(trx);
      for (const [i, r] of out) results[i] = r;
      return;
    } catch (err) {
      await sql`rollback to savepoint upsert_batch`.execute(trx);
      if (!rowLevel(err)) throw err;
    }
    for (const row of pending) {
      await sql`savepoint upsert_row`.execute(trx);
      try {
        const out = await applyBatch(trx, [row], ctx, opts.mode ?? 'upsert', m);
        await sql`release savepoint upsert_row`.execute(trx);
        for (const [i, r] of out) results[i] = r;
      } catch (err) {
        await sql`rollback to savepoint upsert_row`.execute(trx);
        if (!rowLevel(err)) throw err;
        const e = err as { constraint?: string; message?: string };
        const field = e.constraint === 'products_gtin14_key' ? 'barcode' : e.constraint === 'products_sku_key' ? 'sku' : '';
        results[row.index] = { sku: row.value.sku, outcome: 'rejected', errors: [{ field, message: `${m.writeFailed}: ${e.message ?? String(err)}` }] };
      }
    }
  });
  return results;
}

/**
 * Whether a failed write is the data's fault (a constraint or a value the database refuses:
 * SQLSTATE classes 22 and 23, or a stock rule) and worth retrying row by row. Deadlocks,
 * serialization failures and lost connections are not: they are thrown so the caller retries.
 */
function rowLevel(err: unknown): boolean {
  if (err instanceof StockError) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/** Writes validated rows; all statements are set-based. Returns index → result. */
async function applyBatch(trx: Kysely<TenantDb>, rows: Pending[], ctx: UpsertContext, mode: 'upsert' | 'update', m: Msg): Promise<Map<number, RowResult>> {
  const out = new Map<number, RowResult>();
  const existing = await trx
    .selectFrom('products')
    .select(['id', 'sku', 'stock_qty', ...COLUMNS])
    .where(
      'sku',
      'in',
      rows.map((r) => r.value.sku),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const bySku = new Map(existing.map((e) => [e.sku, e]));

  const withAttrs = rows.filter((r) => r.value.attributes?.size).map((r) => bySku.get(r.value.sku)?.id).filter((id): id is number => id !== undefined);
  const currentAttrs = new Map<string, string>();
  if (withAttrs.length) {
    const rowsA = await trx.selectFrom('product_attribute_values').select(['product_id', 'attribute_id', 'value_text']).where('product_id', 'in', withAttrs).execute();
    for (const a of rowsA) currentAttrs.set(`${a.product_id}/${a.attribute_id}`, a.value_text);
  }

  // Barcodes must be unique across the catalog (by their 14-digit form): refuse the row up front.
  const gtins = [...new Set(rows.map((r) => r.value.columns.barcode).filter((b): b is string => typeof b === 'string').map(toGtin14))];
  const holders = new Map<string, string>();
  if (gtins.length) {
    const held = await trx.selectFrom('products').select(['sku', 'gtin14']).where('gtin14', 'in', gtins).execute();
    for (const h of held) if (h.gtin14) holders.set(h.gtin14, h.sku);
  }

  const creates: Pending[] = [];
  const updates: { row: Pending; id: number; changed: Column[] }[] = [];
  const attrWrites: { row: Pending; id?: number }[] = [];
  const stock: { row: Pending; id?: number; qty: number }[] = [];

  for (const row of rows) {
    const v = row.value;
    const cur = bySku.get(v.sku);
    const reject = (field: string, message: string) => out.set(row.index, { sku: v.sku, outcome: 'rejected', errors: [{ field, message }] });
    if (!cur && mode === 'update') {
      reject('sku', m.unknownSku);
      continue;
    }
    if (!cur && (v.columns.name === undefined || v.columns.list_price === undefined)) {
      // A new product without a price would be orderable at zero: both are required to create.
      reject(v.columns.name === undefined ? 'name' : 'list_price', m.requiredForNew);
      continue;
    }
    if (typeof v.columns.barcode === 'string') {
      const g = toGtin14(v.columns.barcode);
      const holder = holders.get(g);
      if (holder !== undefined && holder !== v.sku) {
        reject('barcode', m.barcodeTaken(holder));
        continue;
      }
      holders.set(g, v.sku);
    }
    if (!cur) {
      creates.push(row);
      if (v.attributes?.size) attrWrites.push({ row });
      continue;
    }
    const changed = (Object.keys(v.columns) as Column[]).filter((c) => v.columns[c] !== cur[c]);
    const attrsChanged = [...(v.attributes ?? [])].some(([attrId, val]) => (currentAttrs.get(`${cur.id}/${attrId}`) ?? null) !== (val?.value_text ?? null));
    const stockChanged = v.stockQty !== undefined && v.stockQty !== cur.stock_qty;
    if (changed.length) updates.push({ row, id: cur.id, changed });
    if (attrsChanged) attrWrites.push({ row, id: cur.id });
    if (stockChanged) stock.push({ row, id: cur.id, qty: v.stockQty! });
    out.set(row.index, { sku: v.sku, id: cur.id, outcome: changed.length || attrsChanged || stockChanged ? 'updated' : 'unchanged' });
  }

  // The search columns (generated from name, brand, descriptions and attr_text) are the costly
  // part of a product write, and attribute values reach attr_text through a trigger that updates
  // the product again. A new product with attributes is therefore inserted without its search
  // text, gets its attributes, and receives the text in the one bulk UPDATE below: its search
  // documents are computed once instead of twice. All of it is one transaction (one savepoint),
  // so nobody ever sees the row without its name.
  const deferred: { row: Pending; changed: Column[] }[] = [];
  if (creates.length) {
    // Kysely fills columns a row does not give with DEFAULT, so rows may differ in their fields.
    const inserted = await trx
      .insertInto('products')
      .values(
        creates.map((r) => {
          const values: Record<string, unknown> = { sku: r.value.sku, stock_qty: r.value.stockQty ?? 0, ...r.value.columns };
          if (r.value.attributes?.size) for (const c of SEARCH_TEXT) values[c] = '';
          return values as never;
        }),
      )
      .returning(['id', 'sku'])
      .execute();
    const ids = new Map(inserted.map((p) => [p.sku, p.id]));
    for (const r of creates) {
      out.set(r.index, { sku: r.value.sku, id: ids.get(r.value.sku)!, outcome: 'created' });
      if (r.value.attributes?.size) deferred.push({ row: r, changed: SEARCH_TEXT });
    }
  }
  const idOf = (row: Pending, id?: number) => id ?? out.get(row.index)!.id!;
  // A new product's opening stock is part of its INSERT (as createProduct does), recorded as a
  // movement like any other change; later changes go through setStockLevels.
  const opening = creates.filter((r) => r.value.stockQty);
  if (opening.length) {
    await trx
      .insertInto('stock_movements')
      .values(
        opening.map((r) => ({
          product_id: idOf(r),
          delta: r.value.stockQty!,
          qty_after: r.value.stockQty!,
          source: ctx.source,
          user_id: ctx.userId ?? null,
          api_key_id: ctx.apiKeyId ?? null,
          import_id: ctx.importId ?? null,
        })),
      )
      .execute();
  }

  if (attrWrites.length) {
    const upserts: { product_id: number; attribute_id: number; value_text: string; value_number: string | null }[] = [];
    const removals: { product_id: number; attribute_id: number }[] = [];
    for (const w of attrWrites) {
      const productId = idOf(w.row, w.id);
      for (const [attributeId, val] of w.row.value.attributes!) {
        const current = currentAttrs.get(`${productId}/${attributeId}`) ?? null;
        if (val === null) {
          if (current !== null) removals.push({ product_id: productId, attribute_id: attributeId });
        } else if (current !== val.value_text) upserts.push({ product_id: productId, attribute_id: attributeId, ...val });
      }
    }
    if (upserts.length) {
      await trx
        .insertInto('product_attribute_values')
        .values(upserts)
        .onConflict((oc) => oc.columns(['product_id', 'attribute_id']).doUpdateSet((eb) => ({ value_text: eb.ref('excluded.value_text'), value_number: eb.ref('excluded.value_number') })))
        .execute();
    }
    if (removals.length) {
      await trx
        .deleteFrom('product_attribute_values')
        .where((eb) => eb.or(removals.map((r) => eb.and([eb('product_id', '=', r.product_id), eb('attribute_id', '=', r.attribute_id)]))))
        .execute();
    }
  }

  // Existing rows: their changed columns. New rows with attributes: their search text (their other
  // columns were inserted, so they get a statement of their own).
  await bulkUpdate(trx, updates.map((u) => ({ id: u.id, changed: u.changed, value: (c: Column) => (c in u.row.value.columns ? u.row.value.columns[c]! : bySku.get(u.row.value.sku)![c]) })));
  await bulkUpdate(trx, deferred.map((d) => ({ id: idOf(d.row), changed: d.changed, value: (c: Column) => d.row.value.columns[c] ?? '' })));

  if (stock.length) {
    await setStockLevels(
      trx,
      stock.map((s) => ({ productId: idOf(s.row, s.id), qty: s.qty })),
      { source: ctx.source, userId: ctx.userId ?? null, apiKeyId: ctx.apiKeyId ?? null, importId: ctx.importId ?? null },
    );
  }
  return out;
}

/**
 * One UPDATE for many rows, setting only the columns some row changes (PostgreSQL recomputes a
 * generated column only when a column it reads is set); a row keeps its value in the others.
 */
async function bulkUpdate(trx: Kysely<TenantDb>, rows: { id: number; changed: Column[]; value: (c: Column) => Value }[]): Promise<void> {
  if (!rows.length) return;
  const cols = COLUMNS.filter((c) => rows.some((r) => r.changed.includes(c)));
  const data = rows.map((r) => Object.fromEntries([['id', r.id], ...cols.map((c) => [c, r.value(c)])]));
  const defs = sql.join([sql`id bigint`, ...cols.map((c) => sql`${sql.id(c)} ${sql.raw(PG_TYPES[c])}`)]);
  const set = Object.fromEntries([...cols.map((c) => [c, sql.ref(`v.${c}`)]), ['updated_at', sql`now()`]]);
  await (trx as unknown as Kysely<any>)
    .updateTable('products as p')
    .from(sql`(select * from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(${defs}))`.as('v'))
    .set(set)
    .whereRef('p.id', '=', 'v.id')
    .execute();
}

/** List prices by SKU (API-1, price imports). Unknown SKUs are rejected rows. */
export function setListPrices(
  db: Kysely<TenantDb>,
  items: readonly { sku: string; list_price: string | number; currency?: string }[],
  ctx: UpsertContext,
  opts: Omit<UpsertOptions, 'mode'> = {},
): Promise<RowResult[]> {
  const inputs = items.map((i) => ({ sku: i.sku, list_price: i.list_price, ...(i.currency !== undefined ? { currency: i.currency } : {}) }));
  return upsertProducts(db, inputs, ctx, { ...opts, mode: 'update' });
}

/** Absolute stock levels by SKU (API-1, stock imports); movements carry the source. Unknown SKUs are rejected rows. */
export function setStockBySku(
  db: Kysely<TenantDb>,
  items: readonly { sku: string; qty: string | number }[],
  ctx: UpsertContext,
  opts: Omit<UpsertOptions, 'mode'> = {},
): Promise<RowResult[]> {
  return upsertProducts(db, items.map((i) => ({ sku: i.sku, stock_qty: i.qty })), ctx, { ...opts, mode: 'update' });
}
