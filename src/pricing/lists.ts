import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { currencyScale, formatDecimal, isCurrency, parseDecimal as parseMoneyText } from '../catalog/staff/decimal.ts';
import { BP, parseDecimal, percentAdjust, percentOff, toSafeNumber } from './money.ts';
import { parseDay } from './rates.ts';

/**
 * PRC-1/PRC-3: price lists (per segment or per dealer, one currency, validity dates, priority)
 * and their entries (fixed price in minor units of the list's currency, or percent off the
 * product's list price; quantity tiers are entries with min_qty > 1). What is written here is what
 * `resolvePrices` reads (src/pricing/resolve.ts). Money is parsed from text (never floats),
 * percentages are exact numeric(5,2) strings.
 */

// ---------- lists ----------

export type ListStatus = 'running' | 'scheduled' | 'expired' | 'inactive';
export const LIST_STATUSES: readonly ListStatus[] = ['running', 'scheduled', 'expired', 'inactive'];

export interface ListRow {
  id: number;
  name: string;
  kind: 'segment' | 'dealer';
  segment_id: number | null;
  segment_name: string | null;
  dealer_id: number | null;
  dealer_code: string | null;
  dealer_name: string | null;
  currency: string;
  valid_from: string;
  valid_to: string | null;
  priority: number;
  active: boolean;
  note: string;
  entry_count: number;
  status: ListStatus;
}

export interface ListFilter {
  q?: string;
  segmentId?: number | null;
  kind?: 'segment' | 'dealer' | null;
  currency?: string | null;
  status?: ListStatus | null;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function statusSql(today: string) {
  return sql<ListStatus>`case when not l.active then 'inactive'
    when l.valid_from > ${today}::date then 'scheduled'
    when l.valid_to is not null and l.valid_to < ${today}::date then 'expired'
    else 'running' end`;
}

function listQuery(db: Kysely<TenantDb>, today: string) {
  return db
    .selectFrom('price_lists as l')
    .leftJoin('dealer_segments as s', 's.id', 'l.segment_id')
    .leftJoin('dealers as d', 'd.id', 'l.dealer_id')
    .select([
      'l.id',
      'l.name',
      'l.kind',
      'l.segment_id',
      's.name as segment_name',
      'l.dealer_id',
      'd.code as dealer_code',
      'd.company_name as dealer_name',
      sql<string>`l.currency::text`.as('currency'),
      sql<string>`l.valid_from::text`.as('valid_from'),
      sql<string | null>`l.valid_to::text`.as('valid_to'),
      'l.priority',
      'l.active',
      'l.note',
      statusSql(today).as('status'),
    ])
    .select((eb) => eb.selectFrom('price_list_entries as e').select(sql<number>`count(*)::int`.as('n')).whereRef('e.price_list_id', '=', 'l.id').as('entry_count'));
}

export const LISTS_PAGE = 100;

export async function listPriceLists(db: Kysely<TenantDb>, today: string, f: ListFilter, offset = 0): Promise<{ rows: ListRow[]; more: boolean }> {
  let q = listQuery(db, today);
  if (f.q) q = q.where((eb) => eb.or([eb('l.name', 'ilike', likeOf(f.q!)), eb('d.code', 'ilike', likeOf(f.q!)), eb('d.company_name', 'ilike', likeOf(f.q!))]));
  if (f.kind) q = q.where('l.kind', '=', f.kind);
  if (f.segmentId) q = q.where('l.segment_id', '=', f.segmentId);
  if (f.currency) q = q.where('l.currency', '=', f.currency);
  if (f.status) q = q.where(statusSql(today), '=', f.status);
  const rows = (await q.orderBy('l.kind').orderBy('l.priority', 'desc').orderBy('l.id').offset(offset).limit(LISTS_PAGE + 1).execute()) as ListRow[];
  return { rows: rows.slice(0, LISTS_PAGE), more: rows.length > LISTS_PAGE };
}

export async function findPriceList(db: Kysely<TenantDb>, id: number, today: string): Promise<ListRow | undefined> {
  return (await listQuery(db, today).where('l.id', '=', id).executeTakeFirst()) as ListRow | undefined;
}

export async function listCurrencies(db: Kysely<TenantDb>): Promise<string[]> {
  const rows = await db.selectFrom('price_lists').select(sql<string>`currency::text`.as('c')).distinct().orderBy('c').execute();
  return rows.map((r) => r.c);
}

export type ListField = 'name' | 'kind' | 'segment_id' | 'dealer_code' | 'currency' | 'valid_from' | 'valid_to' | 'priority' | 'note';
export type ListError = 'required' | 'tooLong' | 'segment' | 'dealer' | 'currency' | 'date' | 'dateOrder' | 'priority';

export interface ListValues {
  name: string;
  kind: string;
  segment_id: string;
  dealer_code: string;
  currency: string;
  valid_from: string;
  valid_to: string;
  priority: string;
  active: boolean;
  note: string;
}

export interface ListInput {
  name: string;
  kind: 'segment' | 'dealer';
  segment_id: number | null;
  dealer_id: number | null;
  currency: string;
  valid_from: string;
  valid_to: string | null;
  priority: number;
  active: boolean;
  note: string;
}

export function listValues(body: Record<string, unknown>): ListValues {
  const s = (k: string, max = 200) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '');
  return {
    name: s('name'),
    kind: s('kind'),
    segment_id: s('segment_id'),
    dealer_code: s('dealer_code'),
    currency: s('currency').toUpperCase(),
    valid_from: s('valid_from'),
    valid_to: s('valid_to'),
    priority: s('priority'),
    active: body.active === '1' || body.active === 'on',
    note: s('note', 2000),
  };
}

export function valuesOfList(l: ListRow): ListValues {
  return {
    name: l.name,
    kind: l.kind,
    segment_id: l.segment_id ? String(l.segment_id) : '',
    dealer_code: l.dealer_code ?? '',
    currency: l.currency,
    valid_from: l.valid_from,
    valid_to: l.valid_to ?? '',
    priority: String(l.priority),
    active: l.active,
    note: l.note,
  };
}

/** Validates the list form; segment and dealer are looked up in this tenant's schema. */
export async function validateList(db: Kysely<TenantDb>, v: ListValues): Promise<{ ok: true; value: ListInput } | { ok: false; errors: Partial<Record<ListField, ListError>> }> {
  const e: Partial<Record<ListField, ListError>> = {};
  if (!v.name) e.name = 'required';
  else if (v.name.length > 120) e.name = 'tooLong';
  let segmentId: number | null = null;
  let dealerId: number | null = null;
  if (v.kind === 'segment') {
    const id = /^[0-9]{1,15}$/.test(v.segment_id) ? Number(v.segment_id) : 0;
    const seg = id ? await db.selectFrom('dealer_segments').select('id').where('id', '=', id).executeTakeFirst() : undefined;
    if (!seg) e.segment_id = v.segment_id ? 'segment' : 'required';
    else segmentId = seg.id;
  } else if (v.kind === 'dealer') {
    const code = v.dealer_code.trim();
    const d = code ? await db.selectFrom('dealers').select('id').where(sql<boolean>`upper(code) = upper(${code})`).executeTakeFirst() : undefined;
    if (!d) e.dealer_code = code ? 'dealer' : 'required';
    else dealerId = d.id;
  } else e.kind = 'required';
  if (!isCurrency(v.currency)) e.currency = v.currency ? 'currency' : 'required';
  const from = parseDay(v.valid_from);
  if (!from.ok) e.valid_from = v.valid_from ? 'date' : 'required';
  const to = v.valid_to ? parseDay(v.valid_to) : null;
  if (to && !to.ok) e.valid_to = 'date';
  if (from.ok && to?.ok && to.value < from.value) e.valid_to = 'dateOrder';
  let priority = 0;
  if (v.priority) {
    if (!/^-?[0-9]{1,6}$/.test(v.priority) || Math.abs(Number(v.priority)) > 100000) e.priority = 'priority';
    else priority = Number(v.priority);
  }
  if (v.note.length > 1000) e.note = 'tooLong';
  if (Object.keys(e).length || !from.ok) return { ok: false, errors: e };
  return {
    ok: true,
    value: {
      name: v.name,
      kind: v.kind as 'segment' | 'dealer',
      segment_id: segmentId,
      dealer_id: dealerId,
      currency: v.currency,
      valid_from: from.value,
      valid_to: to?.ok ? to.value : null,
      priority,
      active: v.active,
      note: v.note,
    },
  };
}

export async function createPriceList(db: Kysely<TenantDb>, v: ListInput): Promise<number> {
  const row = await db.insertInto('price_lists').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePriceList(db: Kysely<TenantDb>, id: number, v: ListInput): Promise<void> {
  await db.updateTable('price_lists').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Copies a list (inactive, so it does not start pricing before someone looks at it) with all its entries. */
export async function duplicatePriceList(db: Kysely<TenantDb>, id: number, name: string): Promise<{ id: number; entries: number }> {
  const copy = await db
    .insertInto('price_lists')
    .columns(['name', 'currency', 'kind', 'segment_id', 'dealer_id', 'valid_from', 'valid_to', 'priority', 'active', 'note'])
    .expression((eb) =>
      eb
        .selectFrom('price_lists')
        .select([sql.lit(name).as('name'), 'currency', 'kind', 'segment_id', 'dealer_id', 'valid_from', 'valid_to', 'priority', sql.lit(false).as('active'), 'note'])
        .where('id', '=', id),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await db
    .insertInto('price_list_entries')
    .columns(['price_list_id', 'product_id', 'min_qty', 'price', 'percent_off'])
    .expression((eb) => eb.selectFrom('price_list_entries').select([sql.lit(copy.id).as('price_list_id'), 'product_id', 'min_qty', 'price', 'percent_off']).where('price_list_id', '=', id))
    .executeTakeFirst();
  return { id: copy.id, entries: Number(r.numInsertedOrUpdatedRows ?? 0n) };
}

// ---------- parsing: money and percent ----------

export type ValueError = 'required' | 'money' | 'moneyPrecision' | 'moneyRange' | 'percent' | 'percentPrecision' | 'percentRange';

/** A price typed in the list's currency → minor units ("1.234,56", "1234.56"; never through a float). */
export function parseMoney(raw: string, currency: string, locale: Locale): { ok: true; value: number } | { ok: false; error: ValueError } {
  const s = raw.trim();
  if (!s) return { ok: false, error: 'required' };
  const r = parseMoneyText(s, currencyScale(currency), locale, 10 ** 15);
  if (r.ok) return r;
  return { ok: false, error: r.reason === 'precision' ? 'moneyPrecision' : r.reason === 'range' ? 'moneyRange' : 'money' };
}

/**
 * A percentage as an exact numeric(5,2) string: "7,5", "7.5", "%7,5", "7,5 %" → "7.50".
 * Bounds are inclusive: [min, max]. At most two decimals.
 */
export function parsePercent(raw: string, min = 0, max = 100): { ok: true; value: string; bp: bigint } | { ok: false; error: ValueError } {
  let s = raw.trim().replace(/\s+/g, '');
  if (!s) return { ok: false, error: 'required' };
  s = s.replace(/^%/, '').replace(/%$/, '').replace(',', '.');
  if (!/^[+-]?[0-9]{1,6}(\.[0-9]+)?$/.test(s)) return { ok: false, error: 'percent' };
  let bp: bigint;
  try {
    bp = parseDecimal(s, 2);
  } catch {
    return { ok: false, error: 'percentPrecision' };
  }
  if (bp < BigInt(min) * 100n || bp > BigInt(max) * 100n) return { ok: false, error: 'percentRange' };
  const neg = bp < 0n;
  const a = neg ? -bp : bp;
  return { ok: true, value: `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`, bp };
}

/** A percent for display: "7.50" → "7,5" (tr) / "7.5" (en). */
export function displayPercent(value: string, locale: Locale): string {
  const t = value.replace(/\.?0+$/, '') || '0';
  return locale === 'tr' ? t.replace('.', ',') : t;
}

/** Minor units back to a form value in the list's currency (no grouping, parses back). */
export function moneyInput(minor: number, currency: string, locale: Locale): string {
  return formatDecimal(minor, currencyScale(currency), locale);
}

// ---------- entries ----------

export interface EntryRow {
  id: number;
  product_id: number;
  sku: string;
  product_name: string;
  parent_id: number | null;
  list_price: number;
  product_currency: string;
  min_qty: number;
  price: number | null;
  percent_off: string | null;
}

export const ENTRIES_PAGE = 100;

function entryQuery(db: Kysely<TenantDb>, listId: number) {
  return db
    .selectFrom('price_list_entries as e')
    .innerJoin('products as p', 'p.id', 'e.product_id')
    .select(['e.id', 'e.product_id', 'p.sku', 'p.name as product_name', 'p.parent_id', 'p.list_price', sql<string>`p.currency::text`.as('product_currency'), 'e.min_qty', 'e.price', sql<string | null>`e.percent_off::text`.as('percent_off')])
    .where('e.price_list_id', '=', listId);
}

/** One page of a list's entries by SKU then tier, optionally filtered by SKU or product name. */
export async function listEntries(db: Kysely<TenantDb>, listId: number, opts: { q?: string; offset?: number }): Promise<{ rows: EntryRow[]; more: boolean }> {
  let q = entryQuery(db, listId);
  if (opts.q) q = q.where((eb) => eb.or([eb('p.sku', 'ilike', likeOf(opts.q!)), eb('p.name', 'ilike', likeOf(opts.q!))]));
  const rows = await q
    .orderBy('p.sku')
    .orderBy('e.min_qty')
    .orderBy('e.id')
    .offset(opts.offset ?? 0)
    .limit(ENTRIES_PAGE + 1)
    .execute();
  return { rows: rows.slice(0, ENTRIES_PAGE), more: rows.length > ENTRIES_PAGE };
}

export async function findEntry(db: Kysely<TenantDb>, listId: number, entryId: number): Promise<EntryRow | undefined> {
  return entryQuery(db, listId).where('e.id', '=', entryId).executeTakeFirst();
}

/** The unit price an entry gives at its tier, where it can be computed without a dealer. */
export function entryPreview(e: Pick<EntryRow, 'price' | 'percent_off' | 'list_price' | 'product_currency'>, listCurrency: string): { amount: number; currency: string } | null {
  if (e.price != null) return { amount: e.price, currency: listCurrency };
  if (e.percent_off != null) return { amount: toSafeNumber(percentOff(BigInt(e.list_price), parseDecimal(e.percent_off, 2))), currency: e.product_currency };
  return null;
}

export interface ProductBrief {
  id: number;
  sku: string;
  name: string;
  list_price: number;
  currency: string;
}

/** Products by SKU: exact SKU first, else a unique match ignoring case and punctuation (sku_key). */
export async function findProductsBySku(db: Kysely<TenantDb>, skus: string[]): Promise<Map<string, ProductBrief>> {
  const out = new Map<string, ProductBrief>();
  const wanted = [...new Set(skus.map((s) => s.trim()).filter(Boolean))];
  if (!wanted.length) return out;
  const keyOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const keys = [...new Set(wanted.map(keyOf).filter(Boolean))];
  const rows = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'list_price', sql<string>`currency::text`.as('currency'), 'sku_key'])
    .where((eb) => eb.or([eb('sku', 'in', wanted), ...(keys.length ? [eb('sku_key', 'in', keys)] : [])]))
    .execute();
  for (const s of wanted) {
    const exact = rows.find((r) => r.sku === s);
    const byKey = rows.filter((r) => r.sku_key === keyOf(s));
    const p = exact ?? (byKey.length === 1 ? byKey[0] : undefined);
    if (p) out.set(s, { id: p.id, sku: p.sku, name: p.name, list_price: p.list_price, currency: p.currency });
  }
  return out;
}

export type EntryField = 'sku' | 'min_qty' | 'value';
export type EntryError = ValueError | 'sku' | 'minQty' | 'duplicate';
export type EntryMode = 'fixed' | 'percent';

export interface EntryValues {
  sku: string;
  min_qty: string;
  mode: EntryMode;
  value: string;
}

export interface EntryInput {
  min_qty: number;
  price: number | null;
  percent_off: string | null;
}

export function entryValues(body: Record<string, unknown>): EntryValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 100) : '');
  let value = s('value');
  let mode: EntryMode = s('mode') === 'percent' ? 'percent' : 'fixed';
  if (value.includes('%')) mode = 'percent';
  if (mode === 'percent') value = value.replace(/%/g, '').trim();
  return { sku: s('sku'), min_qty: s('min_qty') || '1', mode, value };
}

export function valuesOfEntry(e: EntryRow, listCurrency: string, locale: Locale): EntryValues {
  return {
    sku: e.sku,
    min_qty: String(e.min_qty),
    mode: e.percent_off != null ? 'percent' : 'fixed',
    value: e.percent_off != null ? displayPercent(e.percent_off, locale) : moneyInput(e.price ?? 0, listCurrency, locale),
  };
}

const MAX_QTY = 1_000_000;

export function parseMinQty(raw: string): number | null {
  const s = raw.trim();
  if (!/^[0-9]{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_QTY ? n : null;
}

/** Min qty and the fixed price or percent of an entry form; the SKU is checked by the caller. */
export function validateEntryValue(v: EntryValues, currency: string, locale: Locale): { ok: true; value: EntryInput } | { ok: false; errors: Partial<Record<EntryField, EntryError>> } {
  const errors: Partial<Record<EntryField, EntryError>> = {};
  const minQty = parseMinQty(v.min_qty);
  if (minQty === null) errors.min_qty = 'minQty';
  let price: number | null = null;
  let percent: string | null = null;
  if (v.mode === 'percent') {
    const p = parsePercent(v.value);
    if (p.ok) percent = p.value;
    else errors.value = p.error;
  } else {
    const m = parseMoney(v.value, currency, locale);
    if (m.ok) price = m.value;
    else errors.value = m.error;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { min_qty: minQty!, price, percent_off: percent } };
}

async function tierTaken(db: Kysely<TenantDb>, listId: number, productId: number, minQty: number, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('price_list_entries').select('id').where('price_list_id', '=', listId).where('product_id', '=', productId).where('min_qty', '=', minQty);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** Adds an entry; a product with the same min qty already in the list is a field error. */
export async function addEntry(db: Kysely<TenantDb>, listId: number, productId: number, v: EntryInput): Promise<{ ok: true; id: number } | { ok: false; error: 'duplicate' }> {
  if (await tierTaken(db, listId, productId, v.min_qty)) return { ok: false, error: 'duplicate' };
  const row = await db
    .insertInto('price_list_entries')
    .values({ price_list_id: listId, product_id: productId, ...v })
    .onConflict((oc) => oc.constraint('price_list_entries_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? { ok: true, id: row.id } : { ok: false, error: 'duplicate' };
}

export async function updateEntry(db: Kysely<TenantDb>, listId: number, entry: EntryRow, v: EntryInput): Promise<{ ok: true } | { ok: false; error: 'duplicate' }> {
  if (await tierTaken(db, listId, entry.product_id, v.min_qty, entry.id)) return { ok: false, error: 'duplicate' };
  await db.updateTable('price_list_entries').set(v).where('id', '=', entry.id).where('price_list_id', '=', listId).execute();
  return { ok: true };
}

export async function deleteEntry(db: Kysely<TenantDb>, listId: number, entryId: number): Promise<boolean> {
  const r = await db.deleteFrom('price_list_entries').where('id', '=', entryId).where('price_list_id', '=', listId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function touchList(db: Kysely<TenantDb>, listId: number): Promise<void> {
  await db.updateTable('price_lists').set({ updated_at: new Date() }).where('id', '=', listId).execute();
}

// ---------- bulk ----------

export type BulkAction = 'set_percent' | 'adjust_fixed';
export type BulkError = 'noSelection' | 'action' | ValueError | 'negative';

/**
 * Applies one action to the selected entries of a list in the caller's transaction:
 * set_percent turns them into "X % off"; adjust_fixed changes fixed prices by ±X % (half-up),
 * leaving percent entries as they are. Ids not in this list are ignored.
 */
export async function applyBulk(db: Kysely<TenantDb>, listId: number, action: BulkAction, bp: bigint, percent: string, ids: number[]): Promise<{ changed: number; skipped: number }> {
  const rows = await db.selectFrom('price_list_entries').select(['id', 'price', 'percent_off']).where('price_list_id', '=', listId).where('id', 'in', ids).orderBy('id').forUpdate().execute();
  if (action === 'set_percent') {
    if (rows.length) await db.updateTable('price_list_entries').set({ price: null, percent_off: percent }).where('price_list_id', '=', listId).where('id', 'in', rows.map((r) => r.id)).execute();
    return { changed: rows.length, skipped: 0 };
  }
  let changed = 0;
  for (const r of rows) {
    if (r.price == null) continue;
    const next = toSafeNumber(percentAdjust(BigInt(r.price), bp));
    if (next !== r.price) await db.updateTable('price_list_entries').set({ price: next }).where('id', '=', r.id).execute();
    changed++;
  }
  return { changed, skipped: rows.length - changed };
}

// ---------- paste ----------

export interface PasteLine {
  line: number;
  sku: string;
  min_qty: number;
  price: number | null;
  percent_off: string | null;
}
export type PasteErrorCode = 'columns' | 'sku' | 'minQty' | 'duplicate' | 'empty' | 'tooMany' | ValueError;
export interface PasteError {
  line: number;
  code: PasteErrorCode;
  detail?: string;
}

export const MAX_PASTE_LINES = 5000;

/**
 * Parses pasted lines "SKU;min_qty;price or %" (also tab-separated, as copied from a spreadsheet;
 * "SKU;value" means min qty 1). A value with "%" is percent off, otherwise a price in the list's
 * currency. All-or-nothing: the caller saves only when there are no errors.
 */
export async function parsePaste(db: Kysely<TenantDb>, text: string, currency: string, locale: Locale): Promise<{ ok: true; lines: Array<PasteLine & { product_id: number }> } | { ok: false; errors: PasteError[] }> {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const errors: PasteError[] = [];
  const parsed: PasteLine[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.trim();
    const n = i + 1;
    if (!line) continue;
    if (++count > MAX_PASTE_LINES) {
      errors.push({ line: n, code: 'tooMany' });
      break;
    }
    const cells = line.split(line.includes('\t') ? '\t' : ';').map((c) => c.trim());
    if (cells.length !== 2 && cells.length !== 3) {
      errors.push({ line: n, code: 'columns', detail: line.slice(0, 60) });
      continue;
    }
    const [sku, qtyRaw, valueRaw] = cells.length === 3 ? (cells as [string, string, string]) : [cells[0]!, '1', cells[1]!];
    if (!sku) {
      errors.push({ line: n, code: 'sku' });
      continue;
    }
    const minQty = parseMinQty(qtyRaw);
    if (minQty === null) errors.push({ line: n, code: 'minQty', detail: qtyRaw.slice(0, 20) });
    let price: number | null = null;
    let percent: string | null = null;
    if (valueRaw.includes('%')) {
      const p = parsePercent(valueRaw);
      if (p.ok) percent = p.value;
      else errors.push({ line: n, code: p.error, detail: valueRaw.slice(0, 20) });
    } else {
      const m = parseMoney(valueRaw, currency, locale);
      if (m.ok) price = m.value;
      else errors.push({ line: n, code: m.error, detail: valueRaw.slice(0, 20) });
    }
    if (minQty === null || (price === null && percent === null)) continue;
    const key = `${sku.toLowerCase()}|${minQty}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({ line: n, code: 'duplicate', detail: String(dup) });
      continue;
    }
    seen.set(key, n);
    parsed.push({ line: n, sku, min_qty: minQty, price, percent_off: percent });
  }
  const products = await findProductsBySku(db, parsed.map((p) => p.sku));
  const lines: Array<PasteLine & { product_id: number }> = [];
  for (const p of parsed) {
    const prod = products.get(p.sku);
    if (!prod) errors.push({ line: p.line, code: 'sku', detail: p.sku.slice(0, 60) });
    else lines.push({ ...p, product_id: prod.id });
  }
  if (!errors.length && !lines.length) errors.push({ line: 0, code: 'empty' });
  errors.sort((a, b) => a.line - b.line);
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}

/** Writes parsed paste lines: insert, or overwrite the entry with the same product and min qty. */
export async function upsertEntries(db: Kysely<TenantDb>, listId: number, lines: Array<{ product_id: number; min_qty: number; price: number | null; percent_off: string | null }>): Promise<{ created: number; updated: number }> {
  let created = 0;
  for (let i = 0; i < lines.length; i += 500) {
    const chunk = lines.slice(i, i + 500);
    const rows = await db
      .insertInto('price_list_entries')
      .values(chunk.map((l) => ({ price_list_id: listId, product_id: l.product_id, min_qty: l.min_qty, price: l.price, percent_off: l.percent_off })))
      .onConflict((oc) => oc.constraint('price_list_entries_key').doUpdateSet((eb) => ({ price: eb.ref('excluded.price'), percent_off: eb.ref('excluded.percent_off') })))
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    created += rows.filter((r) => r.inserted).length;
  }
  return { created, updated: lines.length - created };
}

/** Whether the seller has any exchange rate for a currency (the base currency needs none). */
export async function hasRate(db: Kysely<TenantDb>, currency: string, baseCurrency: string): Promise<boolean> {
  if (currency === baseCurrency) return true;
  return Boolean(await db.selectFrom('exchange_rates').select('currency').where('currency', '=', currency).limit(1).executeTakeFirst());
}
