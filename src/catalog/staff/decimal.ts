import type { Locale } from '../../i18n/define.ts';

/**
 * Decimal text typed by people → a scaled integer, without ever going through a float.
 * Money is integer minor units (scale = the currency's fraction digits), weights are grams
 * from kilograms (scale 3). Accepted: "1234,56", "1234.56", "1.234,56", "1,234.56", "1 234,56".
 * With both separators the last one is the decimal mark. With one separator followed by exactly
 * three digits the locale decides: in Turkish "1.234" is one thousand two hundred thirty-four,
 * in English "1,234" is; otherwise a lone separator is the decimal mark.
 */
export type DecimalResult = { ok: true; value: number } | { ok: false; reason: 'format' | 'precision' | 'range' };

const GROUPED = (g: string) => new RegExp(`^[0-9]{1,3}(\\${g}[0-9]{3})+$`);

export function parseDecimal(input: string, scale: number, locale: Locale, max = Number.MAX_SAFE_INTEGER): DecimalResult {
  const s = input.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[0-9]+([.,][0-9]+)*$/.test(s)) return { ok: false, reason: 'format' };
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let intPart = s;
  let frac = '';
  const split = (mark: string) => {
    const at = s.lastIndexOf(mark);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
  };
  if (dots && commas) {
    const mark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = mark === '.' ? ',' : '.';
    if ((mark === '.' ? dots : commas) > 1) return { ok: false, reason: 'format' };
    split(mark);
    if (!GROUPED(group).test(intPart)) return { ok: false, reason: 'format' };
    intPart = intPart.split(group).join('');
  } else if (dots || commas) {
    const sep = dots ? '.' : ',';
    const count = dots || commas;
    const localGroup = locale === 'tr' ? '.' : ',';
    if (count > 1 || (sep === localGroup && /^[0-9]{1,3}[.,][0-9]{3}$/.test(s))) {
      if (!GROUPED(sep).test(s)) return { ok: false, reason: 'format' };
      intPart = s.split(sep).join('');
    } else {
      split(sep);
    }
  }
  if (frac.length > scale) return { ok: false, reason: 'precision' };
  const digits = (intPart + frac.padEnd(scale, '0')).replace(/^0+(?=[0-9])/, '');
  const big = BigInt(digits || '0');
  if (big > BigInt(max)) return { ok: false, reason: 'range' };
  return { ok: true, value: Number(big) };
}

/** The inverse for form values: "1234,56" (tr) / "1234.56" (en), no grouping, so it parses back. */
export function formatDecimal(value: number, scale: number, locale: Locale): string {
  const neg = value < 0;
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const int = scale ? digits.slice(0, -scale) : digits;
  const frac = scale ? digits.slice(-scale) : '';
  return `${neg ? '-' : ''}${int}${frac ? (locale === 'tr' ? ',' : '.') + frac : ''}`;
}

/** Fraction digits of a currency's minor unit (TRY, EUR, NOK: 2; JPY: 0). */
const scales = new Map<string, number>();
export function currencyScale(currency: string): number {
  let n = scales.get(currency);
  if (n !== undefined) return n;
  try {
    n = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    n = 2;
  }
  if (scales.size < 500) scales.set(currency, n);
  return n;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** ISO 3166-1 alpha-2 country code known to ICU ("ZZ", unknown region, is not). */
export const isCountry = (code: string) => /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && REGIONS.of(code) !== undefined;
