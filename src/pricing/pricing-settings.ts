import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { SettingValue } from '../settings/settings.ts';

/**
 * PRC-2/PRC-5: the seller's pricing setting (base currency, VAT rates offered, default VAT rate)
 * as a form: parsing of the typed text, and the facts the page shows and the save checks.
 *
 * Base-currency rule: exchange rates are stored as base-currency units per 1 unit of another
 * currency, and a price list in a non-base currency is converted with them. Changing the base while
 * any rate or non-base price list exists would silently re-denominate them, so it is refused until
 * they are gone (checked under a table lock in the saving transaction).
 */
export type PricingSetting = SettingValue<'pricing'>;

export type SettingsError =
  | { field: 'baseCurrency'; code: 'currencyFormat' | 'currencyUnknown' }
  | { field: 'baseCurrency'; code: 'baseLocked'; base: string; rates: number; lists: number }
  | { field: 'vatRates'; code: 'vatFormat'; bad: string }
  | { field: 'vatRates'; code: 'vatEmpty' | 'vatTooMany' }
  | { field: 'defaultVatRate'; code: 'defaultFormat' | 'defaultNotOffered' };

export interface SettingsValues {
  baseCurrency: string;
  vatRates: string;
  defaultVatRate: string;
}

export const MAX_VAT_RATES = 10;
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** '20', '%20' or '20 %' → 20; anything else (decimals, > 100) → null. */
function parseVat(raw: string): number | null {
  const v = raw.trim().replace(/^%\s*/, '').replace(/\s*%$/, '');
  if (!/^[0-9]{1,3}$/.test(v)) return null;
  const n = Number(v);
  return n <= 100 ? n : null;
}

/** Typed form text → a setting value, or one error per field (the first found). */
export function parseSettingsForm(v: SettingsValues): { ok: true; value: PricingSetting } | { ok: false; errors: SettingsError[] } {
  const errors: SettingsError[] = [];
  const base = v.baseCurrency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(base)) errors.push({ field: 'baseCurrency', code: 'currencyFormat' });
  else if (!ISO_CURRENCIES.has(base)) errors.push({ field: 'baseCurrency', code: 'currencyUnknown' });

  const parts = v.vatRates
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const rates: number[] = [];
  for (const p of parts) {
    const n = parseVat(p);
    if (n === null) {
      errors.push({ field: 'vatRates', code: 'vatFormat', bad: p.slice(0, 20) });
      break;
    }
    if (!rates.includes(n)) rates.push(n);
  }
  if (!errors.some((e) => e.field === 'vatRates')) {
    if (!rates.length) errors.push({ field: 'vatRates', code: 'vatEmpty' });
    else if (rates.length > MAX_VAT_RATES) errors.push({ field: 'vatRates', code: 'vatTooMany' });
  }
  rates.sort((a, b) => a - b);

  const def = parseVat(v.defaultVatRate);
  if (def === null) errors.push({ field: 'defaultVatRate', code: 'defaultFormat' });
  else if (rates.length && !errors.some((e) => e.field === 'vatRates') && !rates.includes(def)) errors.push({ field: 'defaultVatRate', code: 'defaultNotOffered' });

  if (errors.length || def === null) return { ok: false, errors };
  return { ok: true, value: { baseCurrency: base, vatRates: rates, defaultVatRate: def } };
}

export function settingsValues(s: PricingSetting): SettingsValues {
  return { baseCurrency: s.baseCurrency, vatRates: s.vatRates.join(', '), defaultVatRate: String(s.defaultVatRate) };
}

/** What pins the base currency: stored exchange rates, and price lists in another currency. */
export async function baseCurrencyUse(db: Kysely<TenantDb>, base: string): Promise<{ rates: number; lists: number }> {
  const [r, l] = await Promise.all([
    db.selectFrom('exchange_rates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('price_lists').select((eb) => eb.fn.countAll<string>().as('n')).where('currency', '<>', base).executeTakeFirstOrThrow(),
  ]);
  return { rates: Number(r.n), lists: Number(l.n) };
}

/**
 * Blocks concurrent rate and price-list writes until the caller's transaction ends, so the
 * "nothing pins the base" check stays true until the new base is committed. Raw SQL: tables are
 * named with the tenant schema explicitly (withSchema does not rewrite raw sql).
 */
export async function lockBaseCurrencyUse(trx: Kysely<TenantDb>, schema: string): Promise<void> {
  await sql`lock table ${sql.id(schema, 'exchange_rates')}, ${sql.id(schema, 'price_lists')} in share mode`.execute(trx);
}

export interface VatUsage {
  rate: number;
  products: number;
}

/** Products (not variants: they share their parent's rate in practice) per VAT rate, ascending. */
export async function vatUsage(db: Kysely<TenantDb>): Promise<VatUsage[]> {
  const rows = await db
    .selectFrom('products')
    .select(['vat_rate', (eb) => eb.fn.countAll<string>().as('n')])
    .where('parent_id', 'is', null)
    .groupBy('vat_rate')
    .orderBy('vat_rate')
    .execute();
  return rows.map((r) => ({ rate: r.vat_rate, products: Number(r.n) }));
}
