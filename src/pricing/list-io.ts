import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { FIELD_LABELS, type PriceListField } from '../catalog/import/columns.ts';
import type { Cell } from '../catalog/import/read.ts';
import { currencyScale, formatDecimal, parseDecimal } from '../catalog/staff/decimal.ts';
import { listIoMessages } from './list-io-messages.ts';

/**
 * PRC-1: XLSX export and import of one price list. The export writes the columns the import reads
 * (SKU, min qty, price in the list's currency as exact decimal text, percent off) plus product
 * name, list price and currency for information, one row per entry sorted by SKU then min qty,
 * so an unedited export imports back as all "unchanged". The import runs through the CAT-8
 * pipeline (src/catalog/import/process.ts): this file parses one row (`parsePriceListRow`) and
 * applies a batch of rows to one list (`applyPriceListRows`) — always the run's own list, looked
 * up in the tenant schema the job is bound to.
 */

export interface PriceListRef {
  id: number;
  name: string;
  currency: string;
}

/** A list of this tenant by id (ids come from URLs and import runs), with its entry count. */
export async function findPriceList(db: Kysely<TenantDb>, id: number) {
  return db
    .selectFrom('price_lists as l')
    .select(['l.id', 'l.name', 'l.currency', 'l.kind', (eb) => eb.selectFrom('price_list_entries as e').select((e) => e.fn.countAll<string>().as('n')).whereRef('e.price_list_id', '=', 'l.id').as('entries')])
    .where('l.id', '=', id)
    .executeTakeFirst()
    .then((r) => (r ? { ...r, entries: Number(r.entries ?? 0) } : undefined));
}

export interface FieldError {
  field: string;
  message: string;
}

export interface PriceListEntryInput {
  sku: string;
  minQty: number;
  /** Minor units of the list's currency, or null for a percent entry. */
  price: number | null;
  /** numeric(5,2) text ('12.50'), or null for a fixed price. */
  percentOff: string | null;
}

export type RowCells = Partial<Record<PriceListField, Cell | undefined>>;
export type ParsedRow = { ok: true; entry: PriceListEntryInput } | { ok: false; sku: string; errors: FieldError[] };

const MAX_QTY = 2_147_483_647;
const blank = (c: Cell | undefined): c is null | undefined => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/** A number from a cell as decimal text without binary noise (0.1 + 0.2 → "0.3"); null when not representable. */
function numberText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const s = String(Number(n.toPrecision(15)));
  return /e/i.test(s) ? null : s;
}

/** Minimum quantity: empty = 1, else a whole number ≥ 1 ("1.000" is a thousand in Turkish). */
export function parseMinQty(cell: Cell | undefined, locale: Locale): number | null {
  if (blank(cell)) return 1;
  let n: number | null = null;
  if (typeof cell === 'number') n = Number.isInteger(cell) ? cell : null;
  else if (typeof cell === 'string') {
    const r = parseDecimal(cell, 0, locale, MAX_QTY);
    n = r.ok ? r.value : null;
  }
  return n !== null && n >= 1 && n <= MAX_QTY ? n : null;
}

type MoneyResult = { ok: true; value: number } | { ok: false; message: string };

/**
 * A price typed or exported as text, or a numeric cell, in minor units of `currency`. Accepts
 * "1.234,56", "1234.56", "1,234.56", a currency code or symbol around it; "1234.56" with exactly
 * the currency's decimals (what the export writes) always reads "." as the decimal mark.
 */
export function parsePrice(cell: Cell | undefined, currency: string, locale: Locale): MoneyResult {
  const m = listIoMessages[locale];
  const scale = currencyScale(currency);
  let text: string;
  let reading: Locale = locale;
  if (typeof cell === 'number') {
    if (cell < 0) return { ok: false, message: m.err_priceNegative };
    const s = numberText(cell);
    if (s === null) return { ok: false, message: m.err_price };
    text = s;
    reading = 'en';
  } else if (typeof cell === 'string') {
    text = cell
      .trim()
      .replace(new RegExp(`^(${currency}|[₺$€£¥]${currency === 'TRY' ? '|TL' : ''})\\s*|\\s*(${currency}|[₺$€£¥]${currency === 'TRY' ? '|TL' : ''})$`, 'gi'), '')
      .trim();
    if (/^[-\u2212]/.test(text)) return { ok: false, message: m.err_priceNegative };
    if (scale > 0 && new RegExp(`^[0-9]+\\.[0-9]{${scale}}$`).test(text)) reading = 'en';
  } else {
    return { ok: false, message: m.err_price };
  }
  const r = parseDecimal(text, scale, reading);
  if (r.ok) return r;
  return { ok: false, message: r.reason === 'precision' ? m.err_pricePrecision(scale) : r.reason === 'range' ? m.err_priceRange : m.err_price };
}

/** Percent off: 0–100 with at most two decimals ("12,5", "12.50", "%5", "5 %", numeric cells as written) → '12.50'. */
export function parsePercentOff(cell: Cell | undefined): string | null {
  let s: string | null = null;
  if (typeof cell === 'number') s = cell < 0 ? null : numberText(cell);
  else if (typeof cell === 'string') s = cell.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  if (s === null) return null;
  const m = /^([0-9]{1,3})(?:\.([0-9]+))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return null;
  const bp = BigInt(m[1]!) * 100n + BigInt(frac.slice(0, 2).padEnd(2, '0'));
  if (bp > 10000n) return null;
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}`;
}

/** One row of a price-list file → an entry, or every problem of the row. */
export function parsePriceListRow(cells: RowCells, opts: { currency: string; locale: Locale }): ParsedRow {
  const m = listIoMessages[opts.locale];
  const sku = blank(cells.sku) ? '' : String(cells.sku).trim();
  const errors: FieldError[] = [];
  if (!sku) errors.push({ field: 'sku', message: m.err_skuRequired });
  const minQty = parseMinQty(cells.min_qty, opts.locale);
  if (minQty === null) errors.push({ field: 'min_qty', message: m.err_minQty });
  const hasPrice = !blank(cells.price);
  const hasPercent = !blank(cells.percent_off);
  let price: number | null = null;
  let percentOff: string | null = null;
  if (hasPrice && hasPercent) errors.push({ field: 'price', message: m.err_both });
  else if (!hasPrice && !hasPercent) errors.push({ field: 'price', message: m.err_neither });
  else if (hasPrice) {
    const r = parsePrice(cells.price, opts.currency, opts.locale);
    if (r.ok) price = r.value;
    else errors.push({ field: 'price', message: r.message });
  } else {
    percentOff = parsePercentOff(cells.percent_off);
    if (percentOff === null) errors.push({ field: 'percent_off', message: m.err_percent });
  }
  if (errors.length) return { ok: false, sku, errors };
  return { ok: true, entry: { sku, minQty: minQty!, price, percentOff } };
}

/**
 * The key two rows of one file must not share: SKU + minimum quantity as it will be stored
 * (so "10" and 10 collide); an unreadable quantity keys on its text.
 */
export function priceListRowKey(cells: RowCells, locale: Locale): string | null {
  const sku = blank(cells.sku) ? '' : String(cells.sku).trim();
  if (!sku) return null;
  const q = parseMinQty(cells.min_qty, locale);
  return `${sku}\u0000${q ?? String(cells.min_qty)}`;
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected';
export interface AppliedRow {
  sku: string;
  outcome: Outcome;
  errors?: FieldError[];
}

/**
 * Applies rows to one list inside the caller's transaction: unknown SKUs are rejected, the rest
 * are upserted on (price_list_id, product_id, min_qty) in one statement. The conflict update runs
 * only when the price or percent differs (so "unchanged" writes nothing) and sets both columns,
 * which clears the other one when an entry switches between fixed and percent; xmax = 0 tells a
 * new row from an updated one. Rows must have distinct keys (the pipeline rejects duplicates first).
 */
export async function applyPriceListRows(trx: Kysely<TenantDb>, list: { id: number; currency: string }, rows: RowCells[], locale: Locale): Promise<AppliedRow[]> {
  const m = listIoMessages[locale];
  const parsed = rows.map((r) => parsePriceListRow(r, { currency: list.currency, locale }));
  const skus = [...new Set(parsed.flatMap((p) => (p.ok ? [p.entry.sku] : [])))];
  const products = skus.length ? await trx.selectFrom('products').select(['id', 'sku']).where('sku', 'in', skus).execute() : [];
  const idBySku = new Map(products.map((p) => [p.sku, p.id]));
  const results: AppliedRow[] = parsed.map((p) => (p.ok ? { sku: p.entry.sku, outcome: 'unchanged' } : { sku: p.sku, outcome: 'rejected', errors: p.errors }));
  const values: { price_list_id: number; product_id: number; min_qty: number; price: number | null; percent_off: string | null }[] = [];
  const indexByKey = new Map<string, number>();
  parsed.forEach((p, i) => {
    if (!p.ok) return;
    const productId = idBySku.get(p.entry.sku);
    if (productId === undefined) {
      results[i] = { sku: p.entry.sku, outcome: 'rejected', errors: [{ field: 'sku', message: m.err_unknownSku }] };
      return;
    }
    indexByKey.set(`${productId}:${p.entry.minQty}`, i);
    values.push({ price_list_id: list.id, product_id: productId, min_qty: p.entry.minQty, price: p.entry.price, percent_off: p.entry.percentOff });
  });
  if (!values.length) return results;
  const written = await trx
    .insertInto('price_list_entries')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['price_list_id', 'product_id', 'min_qty'])
        .doUpdateSet((eb) => ({ price: eb.ref('excluded.price'), percent_off: eb.ref('excluded.percent_off') }))
        .where(sql<boolean>`(price_list_entries.price, price_list_entries.percent_off) is distinct from (excluded.price, excluded.percent_off)`),
    )
    .returning(['product_id', 'min_qty', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
  for (const w of written) {
    const i = indexByKey.get(`${w.product_id}:${w.min_qty}`);
    if (i !== undefined) results[i] = { sku: results[i]!.sku, outcome: w.inserted ? 'created' : 'updated' };
  }
  if (written.length) await trx.updateTable('price_lists').set({ updated_at: new Date() }).where('id', '=', list.id).execute();
  return results;
}

const PAGE = 1000;

export function priceListFileName(name: string, now = new Date()): string {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'price-list';
  return `${base}-${now.toISOString().slice(0, 10)}.xlsx`;
}

/** The list's entries as XLSX in the user's language, streamed page by page (keyset on SKU, min qty). */
export async function writePriceListXlsx(db: Kysely<TenantDb>, list: PriceListRef, locale: Locale, out: NodeJS.WritableStream): Promise<number> {
  const m = listIoMessages[locale];
  const labels = FIELD_LABELS[locale];
  const scale = currencyScale(list.currency);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(m.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: labels.sku, key: 'sku', width: 18 },
    { header: m.headProductName, key: 'name', width: 40 },
    { header: m.headListPrice, key: 'list_price', width: 16 },
    { header: m.headCurrency, key: 'currency', width: 12 },
    { header: labels.min_qty, key: 'min_qty', width: 12 },
    { header: m.headPrice(list.currency), key: 'price', width: 16, style: { numFmt: '@' } },
    { header: labels.percent_off, key: 'percent_off', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let after: { sku: string; minQty: number } | null = null;
  let count = 0;
  for (;;) {
    let q = db
      .selectFrom('price_list_entries as e')
      .innerJoin('products as p', 'p.id', 'e.product_id')
      .select(['p.sku', 'p.name', 'p.list_price', 'p.currency', 'e.min_qty', 'e.price', 'e.percent_off'])
      .where('e.price_list_id', '=', list.id)
      .orderBy('p.sku')
      .orderBy('e.min_qty')
      .limit(PAGE);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('p.sku', '>', a.sku), eb.and([eb('p.sku', '=', a.sku), eb('e.min_qty', '>', a.minQty)])]));
    }
    const rows = await q.execute();
    for (const r of rows) {
      ws.addRow({
        sku: r.sku,
        name: r.name,
        list_price: r.list_price / 10 ** currencyScale(r.currency),
        currency: r.currency,
        min_qty: r.min_qty,
        price: r.price === null ? null : formatDecimal(r.price, scale, 'en'),
        percent_off: r.percent_off === null ? null : Number(r.percent_off),
      }).commit();
      count++;
    }
    if (rows.length < PAGE) break;
    const last = rows.at(-1)!;
    after = { sku: last.sku, minQty: last.min_qty };
  }
  ws.commit();
  await wb.commit();
  return count;
}

/** A web stream of the export for a Response; an error ends the stream (the client sees a broken download). */
export function priceListXlsxStream(db: Kysely<TenantDb>, list: PriceListRef, locale: Locale, onError: (err: unknown) => void): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writePriceListXlsx(db, list, locale, pass).catch((err) => {
    onError(err);
    pass.destroy(err as Error);
  });
  return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}
