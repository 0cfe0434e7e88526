import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { parseMoney } from '../pricing/lists.ts';

/** ORD-4 (staff side): validation of seller shipping methods. Money is minor units parsed from text. */
export type MethodField = 'code' | 'name' | 'price' | 'currency' | 'free_from' | 'vat_rate' | 'sort';
export type MethodError = 'required' | 'code' | 'codeTaken' | 'money' | 'moneyPrecision' | 'moneyRange' | 'currency' | 'vat' | 'sort' | 'name';

export interface MethodValues {
  code: string;
  name: string;
  price: string;
  currency: string;
  free_from: string;
  vat_rate: string;
  active: boolean;
  sort: string;
}
export interface MethodInput {
  code: string;
  name: string;
  price: number;
  currency: string;
  free_from: number | null;
  vat_rate: number;
  active: boolean;
  sort: number;
}

/** Minor units → "1234.56" (or "1234,56" for Turkish) for a form field; no float. */
export function minorToText(minor: number, locale: Locale): string {
  const neg = minor < 0;
  const a = BigInt(Math.abs(minor));
  const s = `${a / 100n}${locale === 'tr' ? ',' : '.'}${(a % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

const isCurrency = (c: string) => {
  if (!/^[A-Z]{3}$/.test(c)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: c });
    return true;
  } catch {
    return false;
  }
};

export function validateMethod(v: MethodValues, locale: Locale): { ok: true; value: MethodInput } | { ok: false; errors: Partial<Record<MethodField, MethodError>> } {
  const errors: Partial<Record<MethodField, MethodError>> = {};
  const code = v.code.trim();
  if (!code) errors.code = 'required';
  else if (!/^[a-z0-9_-]{1,40}$/.test(code)) errors.code = 'code';
  const name = v.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 100) errors.name = 'name';
  const currency = v.currency.trim().toUpperCase();
  if (!isCurrency(currency)) errors.currency = 'currency';
  const cur = errors.currency ? 'TRY' : currency;
  let price = 0;
  const p = parseMoney(v.price, cur, locale);
  if (!p.ok || p.value < 0) errors.price = p.ok ? 'money' : (p.error as MethodError);
  else price = p.value;
  let freeFrom: number | null = null;
  if (v.free_from.trim()) {
    const f = parseMoney(v.free_from, cur, locale);
    if (!f.ok || f.value < 0) errors.free_from = f.ok ? 'money' : (f.error as MethodError);
    else freeFrom = f.value;
  }
  const vat = /^\d{1,3}$/.test(v.vat_rate.trim()) ? Number(v.vat_rate.trim()) : NaN;
  if (!(vat >= 0 && vat <= 100)) errors.vat_rate = 'vat';
  const sortRaw = v.sort.trim() || '0';
  const sort = /^-?\d{1,4}$/.test(sortRaw) ? Number(sortRaw) : NaN;
  if (!(sort >= -1000 && sort <= 1000)) errors.sort = 'sort';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { code, name, price, currency, free_from: freeFrom, vat_rate: vat, active: v.active, sort } };
}

export function listMethods(db: Kysely<TenantDb>) {
  return db.selectFrom('shipping_methods').selectAll().orderBy('sort').orderBy('name').orderBy('id').execute();
}
