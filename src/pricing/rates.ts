import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { parseDecimal, RATE_SCALE } from './money.ts';

/**
 * PRC-2: the seller's daily exchange rates (exchange_rates: units of the base currency per 1 unit
 * of `currency`, numeric(18,8), one row per currency and day). Rates are parsed exactly (BigInt
 * via parseDecimal, never floats) and written with an upsert on (currency, rate_date). The base
 * currency is the seller's setting `pricing.baseCurrency` (default TRY); callers pass it in.
 */
export const RATE_HISTORY_DAYS = 14;
export const MAX_CSV_BYTES = 1024 * 1024;
export const MAX_CSV_LINES = 5000;

export type RateError = 'currencyFormat' | 'currencyUnknown' | 'currencyBase' | 'date' | 'rateFormat' | 'rateTooPrecise' | 'ratePositive' | 'rateTooLarge';

export interface RateInput {
  currency: string;
  date: string;
  /** Canonical numeric(18,8) text, e.g. '34.12340000'. */
  rate: string;
}

const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** numeric(18,8): at most 10 integer digits. */
const MAX_RATE = 10n ** 18n;

export function parseCurrency(raw: string, base: string): { ok: true; value: string } | { ok: false; error: RateError } {
  const v = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(v)) return { ok: false, error: 'currencyFormat' };
  if (v === base) return { ok: false, error: 'currencyBase' };
  if (!ISO_CURRENCIES.has(v)) return { ok: false, error: 'currencyUnknown' };
  return { ok: true, value: v };
}

/** A real calendar day 'YYYY-MM-DD' (2026-02-30 is rejected). */
export function parseDay(raw: string): { ok: true; value: string } | { ok: false; error: RateError } {
  const v = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return { ok: false, error: 'date' };
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v || Number(m[1]) < 2000) return { ok: false, error: 'date' };
  return { ok: true, value: v };
}

/** '34,1234' or '34.1234' → exact scaled value; > 0, at most 8 decimals, fits numeric(18,8). */
export function parseRate(raw: string): { ok: true; value: string; scaled: bigint } | { ok: false; error: RateError } {
  let v = raw.trim().replace(/\s/g, '');
  if (v.includes(',')) {
    if (v.includes('.') || v.indexOf(',') !== v.lastIndexOf(',')) return { ok: false, error: 'rateFormat' };
    v = v.replace(',', '.');
  }
  if (!/^[+-]?\d+(?:\.\d+)?$/.test(v)) return { ok: false, error: 'rateFormat' };
  let scaled: bigint;
  try {
    scaled = parseDecimal(v, 8);
  } catch {
    return { ok: false, error: 'rateTooPrecise' };
  }
  if (scaled <= 0n) return { ok: false, error: 'ratePositive' };
  if (scaled >= MAX_RATE) return { ok: false, error: 'rateTooLarge' };
  return { ok: true, value: formatScaled(scaled), scaled };
}

function formatScaled(scaled: bigint): string {
  const int = scaled / RATE_SCALE;
  const frac = (scaled % RATE_SCALE).toString().padStart(8, '0');
  return `${int}.${frac}`;
}

/** A stored rate for display: trailing zeros trimmed to at least 4 decimals, decimal comma in Turkish. */
export function displayRate(rate: string, locale: 'tr' | 'en'): string {
  const [int, frac = ''] = rate.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < 4) f = f.padEnd(4, '0');
  return `${int}${locale === 'tr' ? ',' : '.'}${f}`;
}

export function validateRate(raw: { currency: string; date: string; rate: string }, base: string): { ok: true; value: RateInput } | { ok: false; errors: Partial<Record<'currency' | 'date' | 'rate', RateError>> } {
  const c = parseCurrency(raw.currency, base);
  const d = parseDay(raw.date);
  const r = parseRate(raw.rate);
  if (c.ok && d.ok && r.ok) return { ok: true, value: { currency: c.value, date: d.value, rate: r.value } };
  const errors: Partial<Record<'currency' | 'date' | 'rate', RateError>> = {};
  if (!c.ok) errors.currency = c.error;
  if (!d.ok) errors.date = d.error;
  if (!r.ok) errors.rate = r.error;
  return { ok: false, errors };
}

/** Inserts or overwrites the rate of (currency, date); returns the previous rate, if any. */
export async function upsertRate(db: Kysely<TenantDb>, r: RateInput): Promise<string | null> {
  const prev = await db
    .selectFrom('exchange_rates')
    .select(sql<string>`rate::text`.as('rate'))
    .where('currency', '=', r.currency)
    .where(sql<boolean>`rate_date = ${r.date}::date`)
    .forUpdate()
    .executeTakeFirst();
  await db
    .insertInto('exchange_rates')
    .values({ currency: r.currency, rate_date: r.date, rate: r.rate })
    .onConflict((oc) => oc.columns(['currency', 'rate_date']).doUpdateSet({ rate: r.rate }))
    .execute();
  return prev?.rate ?? null;
}

export interface RateRow {
  currency: string;
  date: string;
  rate: string;
}

/** The rates of the last RATE_HISTORY_DAYS days up to `today` (and any entered ahead), per currency, latest first. */
export async function listRecentRates(db: Kysely<TenantDb>, today: string): Promise<RateRow[]> {
  return db
    .selectFrom('exchange_rates')
    .select(['currency', sql<string>`rate_date::text`.as('date'), sql<string>`rate::text`.as('rate')])
    .where(sql<boolean>`rate_date > ${today}::date - ${RATE_HISTORY_DAYS}::int`)
    .orderBy('currency')
    .orderBy('rate_date', 'desc')
    .execute();
}

export type CsvError = { line: number; code: RateError | 'columns' | 'duplicate' | 'header' | 'empty' | 'tooMany'; detail?: string };

/**
 * Parses a rates CSV (date;currency;rate — `;` or `,` delimited, optional header naming the
 * columns in any order). All-or-nothing: any bad line gives errors and no rows.
 */
export function parseRatesCsv(text: string, base: string): { ok: true; rows: RateInput[] } | { ok: false; errors: CsvError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const errors: CsvError[] = [];
  const rows: RateInput[] = [];
  const seen = new Map<string, number>();
  let order: [number, number, number] = [0, 1, 2]; // index of date, currency, rate
  let first = true;
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const n = i + 1;
    if (!line) continue;
    const delim = line.includes(';') ? ';' : ',';
    const cells = line.split(delim).map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
    if (first) {
      first = false;
      if (!/^\d/.test(cells[0] ?? '') && /[a-zçğıöşü]/i.test(line)) {
        const idx = (names: string[]) => cells.findIndex((h) => names.includes(h.toLocaleLowerCase('tr').replace(/\s+/g, ' ')));
        const o: [number, number, number] = [idx(['date', 'tarih']), idx(['currency', 'döviz', 'para birimi', 'doviz']), idx(['rate', 'kur'])];
        if (cells.length !== 3 || o.some((x) => x < 0) || new Set(o).size !== 3) errors.push({ line: n, code: 'header', detail: line.slice(0, 80) });
        else order = o;
        continue;
      }
    }
    if (++count > MAX_CSV_LINES) {
      errors.push({ line: n, code: 'tooMany' });
      break;
    }
    if (cells.length !== 3) {
      errors.push({ line: n, code: 'columns', detail: line.slice(0, 80) });
      continue;
    }
    const v = validateRate({ date: cells[order[0]]!, currency: cells[order[1]]!, rate: cells[order[2]]! }, base);
    if (!v.ok) {
      for (const code of [v.errors.date, v.errors.currency, v.errors.rate]) if (code) errors.push({ line: n, code });
      continue;
    }
    const key = `${v.value.currency}|${v.value.date}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({ line: n, code: 'duplicate', detail: String(dup) });
      continue;
    }
    seen.set(key, n);
    rows.push(v.value);
  }
  if (!errors.length && !rows.length) errors.push({ line: 0, code: 'empty' });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/**
 * The latest rate on or before `day` of each currency (PRC-2), as a lookup: base-currency units per
 * 1 unit in exact 10^-8 fixed point; the base currency itself is 1; null = no rate kept. One query.
 * Used wherever an amount outside resolvePrices (shipping, credit, approval limits) is converted.
 */
export async function latestRates(db: Kysely<TenantDb>, currencies: string[], day: string, base: string): Promise<(c: string) => bigint | null> {
  const need = [...new Set(currencies)].filter((c) => c !== base);
  const rows = need.length
    ? await db
        .selectFrom('exchange_rates')
        .distinctOn('currency')
        .select(['currency', sql<string>`rate::text`.as('rate')])
        .where('currency', 'in', need)
        .where('rate_date', '<=', sql<Date>`${day}::date`)
        .orderBy('currency')
        .orderBy('rate_date', 'desc')
        .execute()
    : [];
  const map = new Map<string, bigint>(rows.map((r) => [r.currency.trim(), parseDecimal(r.rate, 8)]));
  map.set(base, RATE_SCALE);
  return (c) => map.get(c) ?? null;
}
