import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { FIELD_LABELS, PRODUCT_FIELDS, type ProductField } from './import/columns.ts';
import { currencyScale } from './staff/decimal.ts';
import { categoryPaths, loadValidationContext } from './upsert.ts';

/**
 * The whole catalog as XLSX (CAT-8) in the column layout the importer reads: the same headings,
 * categories as slug paths, attributes as "<name> [<code>]" columns, prices as decimal numbers
 * in the product's currency. Importing the file unchanged therefore reports every row
 * "unchanged". Written with exceljs' streaming writer, 1,000 products per query (keyset on id),
 * so memory stays flat however large the catalog is.
 */
const PAGE = 1000;

export function exportFileName(slug: string, now = new Date()): string {
  return `${slug}-catalog-${now.toISOString().slice(0, 10)}.xlsx`;
}

export async function writeCatalogXlsx(db: Kysely<TenantDb>, locale: Locale, out: NodeJS.WritableStream): Promise<number> {
  const vctx = await loadValidationContext(db, locale);
  const paths = categoryPaths(vctx);
  const attrs = await db.selectFrom('attribute_definitions').select(['id', 'code', 'name']).orderBy('position').orderBy('id').execute();
  const labels = FIELD_LABELS[locale];
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(locale === 'tr' ? 'Ürünler' : 'Products', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    ...PRODUCT_FIELDS.map((f) => ({ header: labels[f], key: f, width: f === 'name' || f === 'description' ? 40 : 14 })),
    ...attrs.map((a) => ({ header: `${a.name} [${a.code}]`, key: `attr:${a.code}`, width: 16 })),
  ];
  let after = 0;
  let count = 0;
  for (;;) {
    const products = await db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'barcode', 'category_id', 'brand', 'manufacturer', 'country_of_origin', 'unit', 'list_price', 'currency', 'vat_rate', 'stock_qty', 'min_stock', 'min_order_qty', 'order_multiple', 'pieces_per_package', 'packages_per_pallet', 'order_type', 'lead_time_days', 'weight_g', 'out_of_stock_behaviour', 'active', 'hidden', 'short_description', 'description'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (!products.length) break;
    const values = await db
      .selectFrom('product_attribute_values')
      .select(['product_id', 'attribute_id', 'value_text'])
      .where(
        'product_id',
        'in',
        products.map((p) => p.id),
      )
      .execute();
    const byProduct = new Map<number, Map<number, string>>();
    for (const v of values) {
      let m = byProduct.get(v.product_id);
      if (!m) byProduct.set(v.product_id, (m = new Map()));
      m.set(v.attribute_id, v.value_text);
    }
    for (const p of products) {
      const row: Record<string, unknown> = {};
      for (const f of PRODUCT_FIELDS as readonly ProductField[]) {
        if (f === 'category') row[f] = p.category_id ? (paths.get(p.category_id) ?? String(p.category_id)) : null;
        else if (f === 'list_price') row[f] = p.list_price / 10 ** currencyScale(p.currency);
        else row[f] = (p as Record<string, unknown>)[f] === '' ? null : (p as Record<string, unknown>)[f];
      }
      const pa = byProduct.get(p.id);
      for (const a of attrs) row[`attr:${a.code}`] = pa?.get(a.id) ?? null;
      ws.addRow(row).commit();
      count++;
    }
    after = products.at(-1)!.id;
    if (products.length < PAGE) break;
  }
  ws.commit();
  await wb.commit();
  return count;
}

/** A web stream of the export for a Response; errors end the stream (the client sees a broken download). */
export function catalogXlsxStream(db: Kysely<TenantDb>, locale: Locale, onError: (err: unknown) => void): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writeCatalogXlsx(db, locale, pass).catch((err) => {
    onError(err);
    pass.destroy(err as Error);
  });
  return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}
