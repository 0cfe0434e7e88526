import type { ImportKind } from '../../db/types.ts';

/**
 * The spreadsheet layout (CAT-8): which fields a column can feed, the header names recognised
 * for each (Turkish ERP exports such as Logo/Netsis/Mikro and English ones), and the column
 * order the catalog export writes — the same layout the importer reads, so an export imports
 * back as "unchanged". Attribute columns are `attr:<code>`; the export heads them
 * "<name> [<code>]" and the guesser reads that back.
 */
export const PRODUCT_FIELDS = [
  'sku', 'name', 'barcode', 'category', 'brand', 'manufacturer', 'country_of_origin', 'unit', 'list_price', 'currency', 'vat_rate',
  'stock_qty', 'min_stock', 'min_order_qty', 'order_multiple', 'pieces_per_package', 'packages_per_pallet', 'order_type',
  'lead_time_days', 'weight_g', 'out_of_stock_behaviour', 'active', 'hidden', 'short_description', 'description',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];
/**
 * PRC-1: the columns of a price-list import (one entry per row: SKU + minimum quantity, and a
 * fixed price in the list's currency or a percentage off the list price).
 */
export const PRICE_LIST_FIELDS = ['sku', 'min_qty', 'price', 'percent_off'] as const;
export type PriceListField = (typeof PRICE_LIST_FIELDS)[number];
export type Field = ProductField | PriceListField;
/** A mapping target: a field, an attribute column, or '' (ignored). */
export type Target = Field | `attr:${string}` | '';

export const KIND_FIELDS: Record<ImportKind, readonly Field[]> = {
  products: PRODUCT_FIELDS,
  stock: ['sku', 'stock_qty'],
  prices: ['sku', 'list_price', 'currency'],
  price_list: PRICE_LIST_FIELDS,
};

/** Header → field. Keys are folded (see fold()); both languages are always accepted. */
const ALIASES: Record<ProductField, string[]> = {
  sku: ['sku', 'stok kodu', 'stokkodu', 'urun kodu', 'malzeme kodu', 'kod', 'code', 'item code', 'product code', 'article', 'article number', 'artikel'],
  name: ['name', 'urun adi', 'stok adi', 'urun', 'ad', 'adi', 'aciklama adi', 'product name', 'item name', 'malzeme adi'],
  barcode: ['barcode', 'barkod', 'ean', 'gtin', 'ean13', 'barkod no'],
  category: ['category', 'kategori', 'kategori yolu', 'grup', 'urun grubu', 'category path'],
  brand: ['brand', 'marka'],
  manufacturer: ['manufacturer', 'uretici', 'imalatci', 'producer'],
  country_of_origin: ['country of origin', 'origin', 'mense', 'mensei', 'mense ulke', 'ulke', 'country'],
  unit: ['unit', 'birim', 'olcu birimi', 'uom'],
  list_price: ['list price', 'price', 'fiyat', 'liste fiyati', 'satis fiyati', 'birim fiyat', 'fiyat 1'],
  currency: ['currency', 'para birimi', 'doviz', 'doviz cinsi', 'pb'],
  vat_rate: ['vat', 'vat rate', 'vat %', 'kdv', 'kdv orani', 'kdv %', 'tax rate'],
  stock_qty: ['stock', 'stock qty', 'stok', 'stok miktari', 'miktar', 'quantity', 'qty', 'on hand', 'mevcut'],
  min_stock: ['min stock', 'minimum stock', 'min stok', 'minimum stok', 'kritik stok'],
  min_order_qty: ['min order qty', 'minimum order', 'moq', 'min siparis', 'minimum siparis', 'min siparis miktari'],
  order_multiple: ['order multiple', 'siparis kati', 'kat', 'pack multiple'],
  pieces_per_package: ['pieces per package', 'koli ici adet', 'paket ici adet', 'koli ici', 'pcs per pack'],
  packages_per_pallet: ['packages per pallet', 'palet ici koli', 'palet ici paket', 'packs per pallet'],
  order_type: ['order type', 'siparis tipi', 'uretim tipi'],
  lead_time_days: ['lead time', 'lead time days', 'teslim suresi', 'tedarik suresi', 'termin', 'termin gun'],
  weight_g: ['weight g', 'weight', 'agirlik', 'agirlik g', 'agirlik gr'],
  out_of_stock_behaviour: ['out of stock behaviour', 'out of stock', 'stok yoksa', 'stoksuz davranis'],
  active: ['active', 'aktif', 'durum'],
  hidden: ['hidden', 'gizli'],
  short_description: ['short description', 'kisa aciklama', 'ozet'],
  description: ['description', 'aciklama', 'uzun aciklama', 'detay', 'long description'],
};

/**
 * Header → field for price-list files. Checked instead of ALIASES for that kind: there "fiyat"
 * is the list's own price, and the catalog's "Liste Fiyatı"/"Para Birimi" columns of the
 * price-list export are information only (not recognised, so ignored).
 */
const PRICE_LIST_ALIASES: Record<Exclude<PriceListField, 'sku'>, string[]> = {
  min_qty: [
    'min qty', 'min miktar', 'minimum miktar', 'asgari adet', 'asgari miktar', 'min adet', 'minimum adet', 'kademe', 'kademe miktari',
    'miktardan itibaren', 'adetten itibaren', 'min quantity', 'minimum quantity', 'minimum qty', 'from qty', 'qty from', 'quantity from',
    'tier', 'tier qty', 'break qty', 'miktar', 'adet', 'qty', 'quantity',
  ],
  price: [
    'price', 'fiyat', 'net fiyat', 'net price', 'birim fiyat', 'unit price', 'fixed price', 'sabit fiyat', 'ozel fiyat', 'special price',
    'bayi fiyati', 'dealer price', 'liste disi fiyat', 'fiyat 1', 'tutar',
  ],
  percent_off: [
    'percent off', '% off', 'iskonto %', 'iskonto', 'iskonto orani', 'iskonto yuzdesi', 'indirim', 'indirim %', 'indirim orani', '% indirim',
    '% iskonto', 'discount', 'discount %', 'discount percent', 'percent', 'yuzde', 'off %',
  ],
};

/** Column headings of the export (and the first alias a person would recognise), per language. */
export const FIELD_LABELS: Record<'tr' | 'en', Record<Field, string>> = {
  tr: {
    sku: 'Stok Kodu', name: 'Ürün Adı', barcode: 'Barkod', category: 'Kategori', brand: 'Marka', manufacturer: 'Üretici',
    country_of_origin: 'Menşei', unit: 'Birim', list_price: 'Liste Fiyatı', currency: 'Para Birimi', vat_rate: 'KDV %',
    stock_qty: 'Stok Miktarı', min_stock: 'Minimum Stok', min_order_qty: 'Min Sipariş', order_multiple: 'Sipariş Katı',
    pieces_per_package: 'Koli İçi Adet', packages_per_pallet: 'Palet İçi Koli', order_type: 'Sipariş Tipi',
    lead_time_days: 'Teslim Süresi', weight_g: 'Ağırlık (g)', out_of_stock_behaviour: 'Stok Yoksa', active: 'Aktif',
    hidden: 'Gizli', short_description: 'Kısa Açıklama', description: 'Açıklama',
    min_qty: 'Min Miktar', price: 'Fiyat', percent_off: 'İskonto %',
  },
  en: {
    sku: 'SKU', name: 'Name', barcode: 'Barcode', category: 'Category', brand: 'Brand', manufacturer: 'Manufacturer',
    country_of_origin: 'Country of origin', unit: 'Unit', list_price: 'List price', currency: 'Currency', vat_rate: 'VAT %',
    stock_qty: 'Stock', min_stock: 'Min stock', min_order_qty: 'Min order qty', order_multiple: 'Order multiple',
    pieces_per_package: 'Pieces per package', packages_per_pallet: 'Packages per pallet', order_type: 'Order type',
    lead_time_days: 'Lead time days', weight_g: 'Weight (g)', out_of_stock_behaviour: 'Out of stock behaviour', active: 'Active',
    hidden: 'Hidden', short_description: 'Short description', description: 'Description',
    min_qty: 'Min qty', price: 'Price', percent_off: 'Percent off',
  },
};

/** Header folding: Turkish letters to ASCII, case, punctuation and spacing ignored. */
export function fold(header: string): string {
  return header
    .replace(/[İIı]/g, 'i')
    .toLocaleLowerCase('tr')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ğ]/g, 'g')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

const BY_ALIAS = new Map<string, ProductField>();
for (const field of PRODUCT_FIELDS) {
  for (const a of [field.replace(/_/g, ' '), ...ALIASES[field], fold(FIELD_LABELS.tr[field]), fold(FIELD_LABELS.en[field])]) {
    if (!BY_ALIAS.has(a)) BY_ALIAS.set(a, field);
  }
}

const BY_PRICE_LIST_ALIAS = new Map<string, PriceListField>();
for (const a of [...ALIASES.sku, 'sku', fold(FIELD_LABELS.tr.sku), fold(FIELD_LABELS.en.sku)]) BY_PRICE_LIST_ALIAS.set(a, 'sku');
for (const field of ['min_qty', 'price', 'percent_off'] as const) {
  for (const a of [field.replace(/_/g, ' '), ...PRICE_LIST_ALIASES[field], fold(FIELD_LABELS.tr[field]), fold(FIELD_LABELS.en[field])]) {
    if (!BY_PRICE_LIST_ALIAS.has(a)) BY_PRICE_LIST_ALIAS.set(a, field);
  }
}

const CURRENCY_SUFFIX = /\s*[([]\s*([A-Za-z]{3})\s*[)\]]\s*$/;

/** "Fiyat (USD)" → "USD": the currency a price column's header names, if any. */
export function headerCurrency(header: string): string | null {
  const m = CURRENCY_SUFFIX.exec(header);
  return m ? m[1]!.toUpperCase() : null;
}

/** "<name> [<code>]" or "attr:<code>" → the attribute code. */
export function attributeHeader(header: string): string | null {
  const m = /\[([a-z0-9_]{1,60})\]\s*$/.exec(header.trim()) ?? /^attr:([a-z0-9_]{1,60})$/.exec(header.trim());
  return m ? m[1]! : null;
}

/**
 * A guessed target per column: the first column recognised for a field wins, fields the import
 * kind does not take are left out, attribute columns are recognised by code or attribute name.
 */
export function guessMapping(headers: readonly string[], kind: ImportKind, attributes: readonly { code: string; name: string }[]): Target[] {
  const allowed = new Set<string>(KIND_FIELDS[kind]);
  const used = new Set<string>();
  const attrByName = new Map(attributes.map((a) => [fold(a.name), a.code]));
  const codes = new Set(attributes.map((a) => a.code));
  if (kind === 'price_list') {
    return headers.map((h) => {
      const target = BY_PRICE_LIST_ALIAS.get(fold(h.replace(CURRENCY_SUFFIX, ''))) ?? '';
      if (!target || used.has(target)) return '';
      used.add(target);
      return target;
    });
  }
  return headers.map((h) => {
    let target: Target = '';
    const code = attributeHeader(h);
    const f = fold(h);
    if (code && codes.has(code)) target = `attr:${code}`;
    else if (BY_ALIAS.has(f)) target = BY_ALIAS.get(f)!;
    else if (attrByName.has(f)) target = `attr:${attrByName.get(f)!}`;
    if (!target || used.has(target)) return '';
    if (!target.startsWith('attr:') && !allowed.has(target)) return '';
    if (target.startsWith('attr:') && kind !== 'products') return '';
    used.add(target);
    return target;
  });
}
