import { sql, type Kysely } from 'kysely';
import type { PaymentMethod, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { paymentMessages } from './payment-messages.ts';
import { parsePercent } from './percent.ts';

/**
 * PRC-4: payment-method adjustments. A row is (price list or null = the default, method,
 * instalment count for 'installments' only, percent numeric(5,2) > −100; negative = discount).
 * resolve.ts uses the chosen list's own row for (method, instalments), else the default row — so a
 * list inherits every default it does not override. Unique per (list, method, instalments): the
 * duplicate is refused here with a message before the unique index would fire.
 */
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['wire', 'open_account', 'prepayment', 'card', 'installments'];
export const MAX_INSTALLMENTS = 60;

export interface AdjustmentRow {
  id: number;
  price_list_id: number | null;
  method: PaymentMethod;
  installments: number | null;
  percent: string;
}

export interface PriceListOption {
  id: number;
  name: string;
  currency: string;
  kind: 'segment' | 'dealer';
  target: string;
  active: boolean;
}

export async function priceListOptions(db: Kysely<TenantDb>): Promise<PriceListOption[]> {
  return db
    .selectFrom('price_lists as l')
    .leftJoin('dealer_segments as s', 's.id', 'l.segment_id')
    .leftJoin('dealers as d', 'd.id', 'l.dealer_id')
    .select(['l.id', 'l.name', sql<string>`trim(l.currency)`.as('currency'), 'l.kind', sql<string>`coalesce(s.name, d.code || ' ' || d.company_name, '')`.as('target'), 'l.active'])
    .orderBy('l.name')
    .orderBy('l.id')
    .execute();
}

const methodOrder = sql`array_position(array['wire','open_account','prepayment','card','installments']::text[], method)`;

/** The rows of one list (null = the defaults), in method order, instalments ascending. */
export async function listAdjustments(db: Kysely<TenantDb>, listId: number | null): Promise<AdjustmentRow[]> {
  return db
    .selectFrom('payment_adjustments')
    .select(['id', 'price_list_id', 'method', 'installments', 'percent'])
    .where((eb) => (listId === null ? eb('price_list_id', 'is', null) : eb('price_list_id', '=', listId)))
    .orderBy(methodOrder)
    .orderBy(sql`coalesce(installments, 0)`)
    .execute();
}

export const adjustmentKey = (r: { method: PaymentMethod; installments: number | null }) => `${r.method}:${r.installments ?? 0}`;

export interface EffectiveRow {
  key: string;
  method: PaymentMethod;
  installments: number | null;
  /** The list's own row (an override), if any. */
  own?: AdjustmentRow;
  /** The default row for the same method and count, if any. */
  inherited?: AdjustmentRow;
}

/** What a list charges per method: its own rows, and the defaults it inherits (in method order). */
export function effectiveRows(defaults: AdjustmentRow[], own: AdjustmentRow[]): EffectiveRow[] {
  const map = new Map<string, EffectiveRow>();
  for (const r of defaults) map.set(adjustmentKey(r), { key: adjustmentKey(r), method: r.method, installments: r.installments, inherited: r });
  for (const r of own) {
    const k = adjustmentKey(r);
    const e = map.get(k) ?? { key: k, method: r.method, installments: r.installments };
    e.own = r;
    map.set(k, e);
  }
  return [...map.values()].sort((a, b) => PAYMENT_METHODS.indexOf(a.method) - PAYMENT_METHODS.indexOf(b.method) || (a.installments ?? 0) - (b.installments ?? 0));
}

export interface AdjustmentValues {
  method: string;
  installments: string;
  percent: string;
}
export type AdjustmentErrors = Partial<Record<keyof AdjustmentValues | 'form', string>>;
export interface AdjustmentInput {
  method: PaymentMethod;
  installments: number | null;
  percent: string;
}

export function parsePaymentPercent(raw: string, locale: Locale): { ok: true; value: string } | { ok: false; error: string } {
  const m = paymentMessages[locale];
  if (!raw.trim()) return { ok: false, error: m.errRequired };
  const p = parsePercent(raw, { min: -100, minInclusive: false, max: 999.99 });
  if (p.ok) return { ok: true, value: p.value };
  return { ok: false, error: p.error === 'precision' ? m.errPrecision : p.error === 'range' ? m.errRange : m.errFormat };
}

export function validateAdjustment(v: AdjustmentValues, locale: Locale): { ok: true; value: AdjustmentInput } | { ok: false; errors: AdjustmentErrors } {
  const m = paymentMessages[locale];
  const errors: AdjustmentErrors = {};
  const method = v.method as PaymentMethod;
  let installments: number | null = null;
  if (!PAYMENT_METHODS.includes(method)) errors.method = m.errMethod;
  else if (method === 'installments') {
    const n = /^[0-9]{1,3}$/.test(v.installments.trim()) ? Number(v.installments.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < 2 || n > MAX_INSTALLMENTS) errors.installments = m.errInstallments(MAX_INSTALLMENTS);
    else installments = n;
  }
  const p = parsePaymentPercent(v.percent, locale);
  if (!p.ok) errors.percent = p.error;
  if (Object.keys(errors).length || !p.ok) return { ok: false, errors };
  return { ok: true, value: { method, installments, percent: p.value } };
}

export async function findDuplicate(db: Kysely<TenantDb>, listId: number | null, a: Pick<AdjustmentInput, 'method' | 'installments'>): Promise<AdjustmentRow | undefined> {
  return db
    .selectFrom('payment_adjustments')
    .select(['id', 'price_list_id', 'method', 'installments', 'percent'])
    .where((eb) => (listId === null ? eb('price_list_id', 'is', null) : eb('price_list_id', '=', listId)))
    .where('method', '=', a.method)
    .where((eb) => (a.installments === null ? eb('installments', 'is', null) : eb('installments', '=', a.installments)))
    .executeTakeFirst();
}

/** Inserts a row; null when the (list, method, instalments) row exists already (checked, and the unique index as the backstop). */
export async function createAdjustment(trx: Kysely<TenantDb>, listId: number | null, a: AdjustmentInput): Promise<AdjustmentRow | null> {
  if (await findDuplicate(trx, listId, a)) return null;
  try {
    return await trx
      .insertInto('payment_adjustments')
      .values({ price_list_id: listId, method: a.method, installments: a.installments, percent: a.percent })
      .returning(['id', 'price_list_id', 'method', 'installments', 'percent'])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return null;
    throw err;
  }
}

export async function findAdjustment(db: Kysely<TenantDb>, id: number): Promise<AdjustmentRow | undefined> {
  return db.selectFrom('payment_adjustments').select(['id', 'price_list_id', 'method', 'installments', 'percent']).where('id', '=', id).executeTakeFirst();
}
