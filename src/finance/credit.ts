import { sql, type Kysely } from 'kysely';
import type { DealerAccountsTable, TenantDb } from '../db/types.ts';
import type { Selectable } from 'kysely';
import { RATE_SCALE, convert, parseDecimal } from '../pricing/money.ts';

/**
 * FIN-1/FIN-2: a dealer's settlement terms and credit exposure.
 *
 * Exposure = what the dealer owes or has committed to: the gross total of every order that is not
 * cancelled, minus what has been paid on it. (The finance issue replaces the body of `exposure`
 * with the ledger — open invoices plus uninvoiced orders — behind the same signature.) Orders in
 * another currency than the account's are converted with the latest rate on or before `day`.
 *
 * `lockAccount` is the serialisation point: every order submission of a dealer takes this row
 * lock first, so two concurrent orders can never both fit under the same remaining limit.
 */
export type DealerAccount = Selectable<DealerAccountsTable>;

export class CreditError extends Error {
  constructor(
    readonly code: 'missing_rate',
    message: string,
  ) {
    super(message);
    this.name = 'CreditError';
  }
}

/** The account row, created with defaults (open account, limit 0 → nothing on account) when missing, and locked. */
export async function lockAccount(trx: Kysely<TenantDb>, dealerId: number, defaultCurrency: string): Promise<DealerAccount> {
  if (!trx.isTransaction) throw new Error('lockAccount must run inside a transaction');
  const row = await trx.selectFrom('dealer_accounts').selectAll().where('dealer_id', '=', dealerId).forUpdate().executeTakeFirst();
  if (row) return row;
  await trx.insertInto('dealer_accounts').values({ dealer_id: dealerId, currency: defaultCurrency }).onConflict((oc) => oc.column('dealer_id').doNothing()).execute();
  return trx.selectFrom('dealer_accounts').selectAll().where('dealer_id', '=', dealerId).forUpdate().executeTakeFirstOrThrow();
}

/** Open exposure in the account's currency (minor units). */
export async function exposure(db: Kysely<TenantDb>, account: Pick<DealerAccount, 'dealer_id' | 'currency'>, day: string, baseCurrency: string): Promise<number> {
  const rows = await db
    .selectFrom('orders')
    .select(['currency', sql<string>`sum(total_gross - paid_gross)::text`.as('open')])
    .where('dealer_id', '=', account.dealer_id)
    .where('status', '<>', 'cancelled')
    .groupBy('currency')
    .execute();
  let total = 0n;
  const others = rows.filter((r) => r.currency !== account.currency).map((r) => r.currency);
  const rates = new Map<string, bigint>([[baseCurrency, RATE_SCALE]]);
  const need = [...new Set([...others, account.currency])].filter((c) => c !== baseCurrency);
  if (others.length && need.length) {
    const found = await db
      .selectFrom('exchange_rates')
      .distinctOn('currency')
      .select(['currency', sql<string>`rate::text`.as('rate')])
      .where('currency', 'in', need)
      .where('rate_date', '<=', sql<Date>`${day}::date`)
      .orderBy('currency')
      .orderBy('rate_date', 'desc')
      .execute();
    for (const r of found) rates.set(r.currency, parseDecimal(r.rate, 8));
  }
  for (const r of rows) {
    const open = BigInt(r.open);
    if (r.currency === account.currency) total += open;
    else {
      const from = rates.get(r.currency);
      const to = rates.get(account.currency);
      if (!from || !to) throw new CreditError('missing_rate', `no exchange rate for ${!from ? r.currency : account.currency} on or before ${day}`);
      total += convert(open, from, to);
    }
  }
  return Number(total);
}
