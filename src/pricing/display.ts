import { divRound } from './money.ts';
import type { ResolvedPrice } from './resolve.ts';

/**
 * Formatting helpers for showing resolved prices to people (PRC-2 rate notes, PRC-4 instalments,
 * PRC-5 discount next to the base price). Pure functions of their inputs; amounts stay integer
 * minor units, only the final text is made here. `money` is the page's formatter (minor units +
 * currency → text, e.g. moneyFormat in src/catalog/money.ts).
 */
export type Money = (minor: number, currency: string) => string;
export type DisplayLocale = 'tr' | 'en';

const intlLocale = (l: DisplayLocale) => (l === 'tr' ? 'tr-TR' : 'en-GB');
const percentFormats = new Map<DisplayLocale, Intl.NumberFormat>();

/**
 * The discount of `net` against `list` as "−12 %" (en "−12%", tr "−%12"), half-up to a tenth of a
 * percent; null when there is none (equal, higher, or no list price).
 */
export function discountLabel(list: number, net: number, locale: DisplayLocale): string | null {
  if (!(list > 0) || net >= list) return null;
  const permille = divRound(BigInt(list - net) * 1000n, BigInt(list));
  if (permille === 0n) return null;
  let f = percentFormats.get(locale);
  if (!f) percentFormats.set(locale, (f = new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 })));
  return `−${f.format(Number(permille) / 1000)}`;
}

/** An exact rate string ('34.12340000') without trailing zeros, with the locale's decimal mark ('34,1234'). */
export function rateText(rate: string, locale: DisplayLocale): string {
  const [int, frac = ''] = rate.trim().split('.');
  const f = frac.replace(/0+$/, '');
  const grouped = Number(int).toLocaleString(intlLocale(locale));
  return f ? `${grouped}${locale === 'tr' ? ',' : '.'}${f}` : grouped;
}

/** A calendar day 'YYYY-MM-DD' in the locale's short form (20.11.2026, 20/11/2026). */
export function dayText(day: string, locale: DisplayLocale): string {
  const [y, m, d] = day.split('-');
  return locale === 'tr' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** The amount in the source currency before conversion (after tier, campaign and payment method). */
export function amountBeforeConversion(r: ResolvedPrice): number {
  const b = r.breakdown;
  return b.payment?.after ?? b.campaign?.after ?? b.baseUnit;
}

/**
 * The conversion behind a converted price, e.g. "$12.50 × 34.1234 (20/11/2026)" (a list in USD shown
 * in the base currency), "₺426.55 ÷ 34.1234 (…)" (base → USD), or both rates for a cross
 * conversion; null when nothing was converted.
 */
export function conversionNote(r: ResolvedPrice, money: Money, locale: DisplayLocale): string | null {
  const rate = r.breakdown.rate;
  if (!rate) return null;
  const from = money(amountBeforeConversion(r), rate.from);
  const at = (x: { rate: string; date: string }) => `${rateText(x.rate, locale)} (${dayText(x.date, locale)})`;
  if (rate.cross) return `${from} × ${at(rate.cross)} ÷ ${at(rate)}`;
  return rate.currency === rate.from ? `${from} × ${at(rate)}` : `${from} ÷ ${at(rate)}`;
}

/** One instalment of a total, half-up (the last one absorbs nothing: this is what is shown, "6 × X"). */
export function instalmentAmount(total: number, count: number): number {
  return Number(divRound(BigInt(total), BigInt(count)));
}
