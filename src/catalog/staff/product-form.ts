import type { OutOfStockBehaviour, ProductOrderType } from '../../db/types.ts';
import type { Locale } from '../../i18n/define.ts';
import type { SettingValue } from '../../settings/settings.ts';
import { MAX_STOCK } from '../../stock/stock.ts';
import { parseId } from '../../web/params.ts';
import { checkGtin } from '../gtin.ts';
import { attributeValue, type AttributeDefinition, type ProductCard } from '../products.ts';
import { currencyScale, formatDecimal, isCountry, isCurrency, parseDecimal } from './decimal.ts';

/**
 * The staff product and variant forms (CAT-2, CAT-4): one flat map of the typed strings (so a
 * failed submit shows exactly what was typed) → checked data, or an error code per field.
 * Attribute inputs are named `attr.<code>`, custom fields `custom.<key>`. Database rules that
 * need a query (unique SKU/barcode, existing category) are checked by the caller.
 */
export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, FieldError>;
export type FieldError =
  | 'required'
  | 'tooLong'
  | 'number'
  | 'whole'
  | 'range'
  | 'precision'
  | 'gtin_format'
  | 'gtin_length'
  | 'gtin_check_digit'
  | 'skuFormat'
  | 'skuTaken'
  | 'barcodeTaken'
  | 'country'
  | 'currency'
  | 'category'
  | 'choice'
  | 'option'
  | 'axisRequired'
  | 'combinationTaken';

export type CustomFieldDef = SettingValue<'productCustomFields'>['fields'][number];

export const ORDER_TYPES = ['stock', 'mto', 'eto'] as const satisfies readonly ProductOrderType[];
export const OOS_BEHAVIOURS = ['backorder', 'hide', 'block'] as const satisfies readonly OutOfStockBehaviour[];
const SKU_RE = /^[\p{L}\p{N}][\p{L}\p{N}._\-/ ]{0,63}$/u;

export interface ProductData {
  card: {
    sku: string;
    name: string;
    barcode: string | null;
    category_id: number | null;
    brand: string;
    manufacturer: string;
    country_of_origin: string | null;
    short_description: string;
    description: string;
    advantages: string;
    technical_details: string;
    unit: string;
    pieces_per_package: number | null;
    packages_per_pallet: number | null;
    min_order_qty: number;
    order_multiple: number;
    order_type: ProductOrderType;
    lead_time_days: number;
    weight_g: number | null;
    vat_rate: number;
    list_price: number;
    currency: string;
    active: boolean;
    hidden: boolean;
    min_stock: number;
    out_of_stock_behaviour: OutOfStockBehaviour;
    backorder_extra_days: number;
    custom_fields: Record<string, string>;
    variant_attributes: Record<string, string>;
  };
  /** null: the field was left empty (no stock change on edit, zero on create). */
  stockQty: number | null;
  /** code → value; null removes the value. */
  attributes: Record<string, string | null>;
}

export interface VariantData {
  card: { sku: string; name: string; barcode: string | null; list_price: number; active: boolean; hidden: boolean; min_stock: number; variant_attributes: Record<string, string> };
  /** null: the field was left empty (no stock change on edit, zero on create). */
  stockQty: number | null;
  attributes: Record<string, string>;
}

export function valuesFromBody(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && k.length <= 80) out[k] = v.slice(0, 20_000);
  }
  return out;
}

/** The stock level the edit form was opened with (hidden stock_before), or null when absent or malformed. */
export function stockBeforeOf(values: FormValues): number | null {
  const raw = values.stock_before ?? '';
  return raw === '0' ? 0 : parseId(raw);
}

/** A reader that records the first error per field. */
class Reader {
  readonly errors: FieldErrors = {};
  constructor(
    readonly v: FormValues,
    readonly locale: Locale,
  ) {}
  raw(name: string): string {
    return (this.v[name] ?? '').trim();
  }
  fail(name: string, code: FieldError): null {
    this.errors[name] ??= code;
    return null;
  }
  text(name: string, max: number, required = false): string {
    const s = this.raw(name);
    if (required && !s) this.fail(name, 'required');
    if (s.length > max) this.fail(name, 'tooLong');
    return s.slice(0, max);
  }
  int(name: string, min: number, max: number, opts: { optional: true }): number | null;
  int(name: string, min: number, max: number, opts?: { optional?: false; fallback?: number }): number;
  int(name: string, min: number, max: number, opts: { optional?: boolean; fallback?: number } = {}): number | null {
    const s = this.raw(name);
    if (!s) {
      if (opts.optional) return null;
      if (opts.fallback !== undefined) return opts.fallback;
      this.fail(name, 'required');
      return min;
    }
    const r = parseDecimal(s, 0, this.locale);
    if (!r.ok) return this.fail(name, r.reason === 'precision' ? 'whole' : r.reason === 'range' ? 'range' : 'number') ?? min;
    if (r.value < min || r.value > max) return this.fail(name, 'range') ?? min;
    return r.value;
  }
  scaled(name: string, scale: number, max: number, required: boolean): number | null {
    const s = this.raw(name);
    if (!s) return required ? this.fail(name, 'required') : null;
    const r = parseDecimal(s, scale, this.locale, max);
    if (!r.ok) return this.fail(name, r.reason === 'format' ? 'number' : r.reason);
    return r.value;
  }
  option<T extends string>(name: string, options: readonly T[]): T {
    const s = this.raw(name);
    if ((options as readonly string[]).includes(s)) return s as T;
    this.fail(name, 'option');
    return options[0]!;
  }
  flag(name: string): boolean {
    return this.raw(name) === '1';
  }
  sku(): string {
    const s = this.raw('sku');
    if (!s) this.fail('sku', 'required');
    else if (!SKU_RE.test(s)) this.fail('sku', s.length > 64 ? 'tooLong' : 'skuFormat');
    return s;
  }
  barcode(): string | null {
    const s = this.raw('barcode');
    if (!s) return null;
    const check = checkGtin(s);
    if (!check.ok) return this.fail('barcode', `gtin_${check.reason}`);
    return check.gtin;
  }
  price(currency: string): number {
    return this.scaled('list_price', currencyScale(currency), 1e15, true) ?? 0;
  }
}

/** Checks one attribute input against its definition; empty means "no value". */
function readAttribute(r: Reader, field: string, def: AttributeDefinition): string | null {
  const s = r.raw(field);
  if (!s) return null;
  if (s.length > 500) return r.fail(field, 'tooLong');
  try {
    return attributeValue(def, s).value_text;
  } catch {
    return r.fail(field, def.type === 'choice' ? 'choice' : 'number');
  }
}

function readCustom(r: Reader, fields: CustomFieldDef[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const name = `custom.${f.key}`;
    if (f.type === 'yesno') {
      if (r.flag(name)) out[f.key] = '1';
      continue;
    }
    const s = r.text(name, 2000);
    if (!s) continue;
    if (f.type === 'number') {
      const ok = parseDecimal(s, 6, r.locale);
      if (!ok.ok) r.fail(name, 'number');
    }
    out[f.key] = s;
  }
  return out;
}

export function parseProductForm(values: FormValues, ctx: { locale: Locale; defs: AttributeDefinition[]; customFields: CustomFieldDef[] }): { ok: true; data: ProductData } | { ok: false; errors: FieldErrors } {
  const r = new Reader(values, ctx.locale);
  const currency = r.raw('currency').toUpperCase();
  if (!isCurrency(currency)) r.fail('currency', currency ? 'currency' : 'required');
  const country = r.raw('country_of_origin').toUpperCase();
  if (country && !isCountry(country)) r.fail('country_of_origin', 'country');
  const categoryRaw = r.raw('category_id');
  const categoryId = categoryRaw ? Number(categoryRaw) : null;
  if (categoryRaw && !/^[0-9]{1,15}$/.test(categoryRaw)) r.fail('category_id', 'category');
  const attributes: Record<string, string | null> = {};
  const variantAttributes: Record<string, string> = {};
  for (const def of ctx.defs) {
    const v = readAttribute(r, `attr.${def.code}`, def);
    attributes[def.code] = v;
    if (v !== null && def.variant_axis) variantAttributes[def.code] = v;
  }
  const card: ProductData['card'] = {
    sku: r.sku(),
    name: r.text('name', 200, true),
    barcode: r.barcode(),
    category_id: categoryId,
    brand: r.text('brand', 100),
    manufacturer: r.text('manufacturer', 200),
    country_of_origin: country || null,
    short_description: r.text('short_description', 500),
    description: r.text('description', 20_000),
    advantages: r.text('advantages', 10_000),
    technical_details: r.text('technical_details', 10_000),
    unit: r.text('unit', 20, true),
    pieces_per_package: r.int('pieces_per_package', 1, 1_000_000, { optional: true }),
    packages_per_pallet: r.int('packages_per_pallet', 1, 1_000_000, { optional: true }),
    min_order_qty: r.int('min_order_qty', 1, 1_000_000, { fallback: 1 }),
    order_multiple: r.int('order_multiple', 1, 1_000_000, { fallback: 1 }),
    order_type: r.option('order_type', ORDER_TYPES),
    lead_time_days: r.int('lead_time_days', 0, 3650, { fallback: 0 }),
    weight_g: r.scaled('weight_kg', 3, 2_000_000_000, false),
    vat_rate: r.int('vat_rate', 0, 100),
    list_price: r.price(isCurrency(currency) ? currency : 'TRY'),
    currency,
    active: r.flag('active'),
    hidden: r.flag('hidden'),
    min_stock: r.int('min_stock', 0, MAX_STOCK, { fallback: 0 }),
    out_of_stock_behaviour: r.option('out_of_stock_behaviour', OOS_BEHAVIOURS),
    backorder_extra_days: r.int('backorder_extra_days', 0, 3650, { fallback: 0 }),
    custom_fields: readCustom(r, ctx.customFields),
    variant_attributes: variantAttributes,
  };
  const stockQty = r.int('stock_qty', 0, MAX_STOCK, { optional: true });
  if (Object.keys(r.errors).length) return { ok: false, errors: r.errors };
  return { ok: true, data: { card, stockQty, attributes } };
}

/** A variant: own SKU, barcode, price, stock and its values on the variant axes (at least one). */
export function parseVariantForm(values: FormValues, ctx: { locale: Locale; axes: AttributeDefinition[]; currency: string }): { ok: true; data: VariantData } | { ok: false; errors: FieldErrors } {
  const r = new Reader(values, ctx.locale);
  const attributes: Record<string, string> = {};
  for (const def of ctx.axes) {
    const v = readAttribute(r, `attr.${def.code}`, def);
    if (v !== null) attributes[def.code] = v;
  }
  if (ctx.axes.length && !Object.keys(attributes).length && !ctx.axes.some((d) => r.errors[`attr.${d.code}`])) r.fail(`attr.${ctx.axes[0]!.code}`, 'axisRequired');
  const card: VariantData['card'] = {
    sku: r.sku(),
    name: r.text('name', 200, true),
    barcode: r.barcode(),
    list_price: r.price(ctx.currency),
    active: r.flag('active'),
    hidden: r.flag('hidden'),
    min_stock: r.int('min_stock', 0, MAX_STOCK, { fallback: 0 }),
    variant_attributes: attributes,
  };
  const stockQty = r.int('stock_qty', 0, MAX_STOCK, { optional: true });
  if (Object.keys(r.errors).length) return { ok: false, errors: r.errors };
  return { ok: true, data: { card, stockQty, attributes } };
}

/** Form values showing a stored product (and its attribute values) in the user's notation. */
export function valuesFromProduct(p: ProductCard, attrs: Record<string, string>, locale: Locale): FormValues {
  const n = (x: number | null) => (x === null ? '' : String(x));
  const v: FormValues = {
    sku: p.sku,
    name: p.name,
    barcode: p.barcode ?? '',
    category_id: n(p.category_id),
    brand: p.brand,
    manufacturer: p.manufacturer,
    country_of_origin: p.country_of_origin ?? '',
    short_description: p.short_description,
    description: p.description,
    advantages: p.advantages,
    technical_details: p.technical_details,
    unit: p.unit,
    pieces_per_package: n(p.pieces_per_package),
    packages_per_pallet: n(p.packages_per_pallet),
    min_order_qty: String(p.min_order_qty),
    order_multiple: String(p.order_multiple),
    order_type: p.order_type,
    lead_time_days: String(p.lead_time_days),
    weight_kg: p.weight_g === null ? '' : formatDecimal(p.weight_g, 3, locale).replace(/[.,]?0+$/, ''),
    vat_rate: String(p.vat_rate),
    list_price: formatDecimal(p.list_price, currencyScale(p.currency), locale),
    currency: p.currency,
    active: p.active ? '1' : '',
    hidden: p.hidden ? '1' : '',
    min_stock: String(p.min_stock),
    out_of_stock_behaviour: p.out_of_stock_behaviour,
    backorder_extra_days: String(p.backorder_extra_days),
    stock_qty: String(p.stock_qty),
    stock_before: String(p.stock_qty),
  };
  for (const [code, value] of Object.entries(attrs)) v[`attr.${code}`] = value;
  for (const [key, value] of Object.entries(p.custom_fields ?? {})) v[`custom.${key}`] = value;
  return v;
}

/** Defaults for a new product: active, sold from stock, the seller's usual currency and VAT. */
export function newProductValues(defaults: { currency: string; vatRate: number; unit: string }): FormValues {
  return {
    currency: defaults.currency,
    vat_rate: String(defaults.vatRate),
    unit: defaults.unit,
    min_order_qty: '1',
    order_multiple: '1',
    order_type: 'stock',
    lead_time_days: '0',
    active: '1',
    min_stock: '0',
    out_of_stock_behaviour: 'backorder',
    backorder_extra_days: '0',
    stock_qty: '0',
  };
}
