import { sql, type Kysely } from 'kysely';
import type { PaymentMethod, Settlement, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { convert, parseDecimal, RATE_SCALE } from '../pricing/money.ts';
import { parseMoney } from '../pricing/lists.ts';

/**
 * FIN-1/FIN-2/FIN-4: dealer settlement terms kept by finance staff (/staff/accounts).
 *
 *  - Settlement: prepayment (orders wait for payment against a proforma) or open account with a
 *    credit limit (minor units, account currency = the dealer's invoice currency by default) and a
 *    payment term in days.
 *  - Payment methods allowed per dealer: open_account, wire, prepayment, card. Card goes through
 *    a gateway adapter (`registerCardGateway`); none is shipped, so card cannot be enabled until
 *    one is registered.
 *  - Over-limit policy: block the order, or send it to the seller's finance for review.
 *
 * Exposure for the list is computed set-based with the same rule as `exposure()` in credit.ts
 * (open = total_gross − paid_gross of every non-cancelled order, converted with the latest rate on
 * or before the day); the account page calls `exposure()` itself.
 */

export const ACCOUNT_METHODS = ['open_account', 'wire', 'prepayment', 'card'] as const satisfies readonly PaymentMethod[];

/** A card-payment gateway adapter (FIN-4). No gateway is shipped; a deployment registers one. */
export interface CardGateway {
  name: string;
  /** Starts a payment and returns where to send the buyer. */
  startPayment(input: { orderId: number; amount: number; currency: string; returnUrl: string }): Promise<{ redirectUrl: string; reference: string }>;
}
let gateway: CardGateway | null = null;
export function registerCardGateway(g: CardGateway | null): void {
  gateway = g;
}
export function cardGateway(): CardGateway | null {
  return gateway;
}

export type AccountField = 'settlement' | 'credit_limit' | 'currency' | 'payment_term_days' | 'payment_methods' | 'over_limit';
export type AccountError = 'required' | 'money' | 'moneyPrecision' | 'moneyRange' | 'currency' | 'days' | 'methods' | 'card' | 'settlement' | 'overLimit' | 'prepaymentMethod';

export interface AccountValues {
  settlement: string;
  credit_limit: string;
  currency: string;
  payment_term_days: string;
  payment_methods: string[];
  over_limit: string;
}

export interface AccountInput {
  settlement: Settlement;
  credit_limit: number;
  currency: string;
  payment_term_days: number;
  payment_methods: PaymentMethod[];
  over_limit: 'block' | 'review';
}

export function validateAccount(v: AccountValues, locale: Locale): { ok: true; value: AccountInput } | { ok: false; errors: Partial<Record<AccountField, AccountError>> } {
  const errors: Partial<Record<AccountField, AccountError>> = {};
  const settlement = v.settlement === 'prepayment' || v.settlement === 'open_account' ? v.settlement : null;
  if (!settlement) errors.settlement = 'settlement';
  const currency = v.currency.trim().toUpperCase();
  let okCurrency = /^[A-Z]{3}$/.test(currency);
  if (okCurrency) {
    try {
      new Intl.NumberFormat('en', { style: 'currency', currency });
    } catch {
      okCurrency = false;
    }
  }
  if (!okCurrency) errors.currency = 'currency';
  let limit = 0;
  if (v.credit_limit.trim() === '') limit = 0;
  else {
    const m = parseMoney(v.credit_limit, okCurrency ? currency : 'TRY', locale);
    if (!m.ok) errors.credit_limit = m.error === 'required' ? 'money' : (m.error as AccountError);
    else if (m.value < 0) errors.credit_limit = 'money';
    else limit = m.value;
  }
  const daysRaw = v.payment_term_days.trim();
  const days = /^\d{1,3}$/.test(daysRaw) ? Number(daysRaw) : NaN;
  if (!Number.isInteger(days) || days < 0 || days > 365) errors.payment_term_days = 'days';
  const methods = [...new Set(v.payment_methods)].filter((m): m is (typeof ACCOUNT_METHODS)[number] => (ACCOUNT_METHODS as readonly string[]).includes(m));
  if (methods.length !== new Set(v.payment_methods).size || methods.length === 0) errors.payment_methods = 'methods';
  else if (methods.includes('card') && !gateway) errors.payment_methods = 'card';
  else if (settlement === 'prepayment' && methods.includes('open_account')) errors.payment_methods = 'prepaymentMethod';
  const over = v.over_limit === 'block' || v.over_limit === 'review' ? v.over_limit : null;
  if (!over) errors.over_limit = 'overLimit';
  if (Object.keys(errors).length) return { ok: false, errors };
  // Stored in a fixed order so audits compare equal.
  const ordered = ACCOUNT_METHODS.filter((m) => methods.includes(m));
  return { ok: true, value: { settlement: settlement!, credit_limit: limit, currency, payment_term_days: days, payment_methods: ordered, over_limit: over! } };
}

/** Inserts or updates under the row lock; returns the previous row (null when new). */
export async function saveAccount(trx: Kysely<TenantDb>, dealerId: number, v: AccountInput) {
  const prev = await trx.selectFrom('dealer_accounts').selectAll().where('dealer_id', '=', dealerId).forUpdate().executeTakeFirst();
  const row = { settlement: v.settlement, credit_limit: v.credit_limit, currency: v.currency, payment_term_days: v.payment_term_days, payment_methods: v.payment_methods, over_limit: v.over_limit, updated_at: new Date() };
  if (prev) await trx.updateTable('dealer_accounts').set(row).where('dealer_id', '=', dealerId).execute();
  else await trx.insertInto('dealer_accounts').values({ dealer_id: dealerId, ...row }).execute();
  return prev ?? null;
}

export interface AccountRow {
  dealer_id: number;
  code: string;
  company_name: string;
  status: string;
  has_account: boolean;
  settlement: Settlement;
  credit_limit: number;
  currency: string;
  payment_term_days: number;
  payment_methods: PaymentMethod[];
  over_limit: 'block' | 'review';
  /** null when a rate is missing. */
  exposure: number | null;
  open_orders: number;
}

/** Share of the limit used, in whole percent (null without a limit). */
export function usedPercent(r: { credit_limit: number; exposure: number | null }): number | null {
  if (r.exposure === null || r.credit_limit <= 0) return null;
  return Number((BigInt(r.exposure) * 100n) / BigInt(r.credit_limit));
}

export const NEAR_LIMIT = 80;

/**
 * Every dealer with its terms (defaults when none are kept yet) and exposure. Bounded: three
 * queries whatever the number of dealers.
 */
export async function listAccounts(db: Kysely<TenantDb>, opts: { baseCurrency: string; day: string; q?: string; near?: boolean }): Promise<AccountRow[]> {
  let q = db
    .selectFrom('dealers as d')
    .leftJoin('dealer_accounts as a', 'a.dealer_id', 'd.id')
    .select([
      'd.id as dealer_id',
      'd.code',
      'd.company_name',
      'd.status',
      sql<boolean>`a.dealer_id is not null`.as('has_account'),
      sql<Settlement>`coalesce(a.settlement, 'open_account')`.as('settlement'),
      sql<number>`coalesce(a.credit_limit, 0)`.as('credit_limit'),
      sql<string>`coalesce(a.currency, d.invoice_currency, ${opts.baseCurrency})`.as('currency'),
      sql<number>`coalesce(a.payment_term_days, 30)`.as('payment_term_days'),
      sql<PaymentMethod[]>`coalesce(a.payment_methods, '{open_account}')`.as('payment_methods'),
      sql<'block' | 'review'>`coalesce(a.over_limit, 'block')`.as('over_limit'),
    ]);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('d.company_name', 'ilike', like), eb('d.code', 'ilike', like)]));
  }
  const dealers = await q.orderBy('d.company_name').orderBy('d.id').limit(1000).execute();
  const ids = dealers.map((d) => d.dealer_id);
  const sums = ids.length
    ? await db
        .selectFrom('orders')
        .select(['dealer_id', 'currency', sql<string>`sum(total_gross - paid_gross)::text`.as('open'), sql<number>`count(*) filter (where status not in ('delivered','completed'))::int`.as('n')])
        .where('dealer_id', 'in', ids)
        .where('status', '<>', 'cancelled')
        .groupBy(['dealer_id', 'currency'])
        .execute()
    : [];
  const currencies = [...new Set([...sums.map((s) => s.currency), ...dealers.map((d) => d.currency)])].filter((c) => c !== opts.baseCurrency);
  const rates = new Map<string, bigint>([[opts.baseCurrency, RATE_SCALE]]);
  if (currencies.length) {
    const found = await db
      .selectFrom('exchange_rates')
      .distinctOn('currency')
      .select(['currency', sql<string>`rate::text`.as('rate')])
      .where('currency', 'in', currencies)
      .where('rate_date', '<=', sql<Date>`${opts.day}::date`)
      .orderBy('currency')
      .orderBy('rate_date', 'desc')
      .execute();
    for (const r of found) rates.set(r.currency, parseDecimal(r.rate, 8));
  }
  const byDealer = new Map<number, typeof sums>();
  for (const s of sums) byDealer.set(s.dealer_id, [...(byDealer.get(s.dealer_id) ?? []), s]);
  const rows: AccountRow[] = dealers.map((d) => {
    let total: bigint | null = 0n;
    let n = 0;
    for (const s of byDealer.get(d.dealer_id) ?? []) {
      n += s.n;
      if (total === null) continue;
      if (s.currency === d.currency) total += BigInt(s.open);
      else {
        const from = rates.get(s.currency);
        const to = rates.get(d.currency);
        total = from && to ? total + convert(BigInt(s.open), from, to) : null;
      }
    }
    return { ...d, exposure: total === null ? null : Number(total), open_orders: n };
  });
  if (opts.near) return rows.filter((r) => (usedPercent(r) ?? -1) >= NEAR_LIMIT).sort((a, b) => (usedPercent(b) ?? 0) - (usedPercent(a) ?? 0));
  return rows;
}

/** The dealer's open (not cancelled, not yet delivered) orders for the account page. */
export function openOrders(db: Kysely<TenantDb>, dealerId: number) {
  return db
    .selectFrom('orders')
    .select(['id', 'number', 'status', 'currency', 'total_gross', 'paid_gross', 'created_at'])
    .where('dealer_id', '=', dealerId)
    .where('status', 'not in', ['cancelled', 'delivered', 'completed'])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}
