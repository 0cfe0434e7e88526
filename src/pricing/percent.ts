/**
 * Percentages typed by staff (PRC-3 campaign discounts, PRC-4 payment adjustments) → the exact
 * numeric(5,2) text PostgreSQL stores ('12.50', '-3.00'), never through a float. Accepted:
 * '12', '12,5', '12.50', '-3', '−3' (Unicode minus), '3 %'. More than two decimals is refused
 * rather than rounded, so what is stored is exactly what was typed.
 */
export type PercentError = 'format' | 'precision' | 'range';

export function parsePercent(raw: string, opts: { min: number; minInclusive: boolean; max: number }): { ok: true; value: string; bp: bigint } | { ok: false; error: PercentError } {
  const s = raw.trim().replace(/[\s\u00a0\u202f%]/g, '').replace(/\u2212/g, '-').replace(',', '.');
  if (!/^[+-]?\d{1,6}(\.\d+)?$/.test(s)) return { ok: false, error: 'format' };
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s)!;
  const frac = m[3] ?? '';
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return { ok: false, error: 'precision' };
  const abs = BigInt(m[2]!) * 100n + BigInt(frac.slice(0, 2).padEnd(2, '0'));
  const bp = m[1] === '-' ? -abs : abs;
  const min = BigInt(Math.round(opts.min * 100));
  const max = BigInt(Math.round(opts.max * 100));
  if (bp > max || bp < min || (!opts.minInclusive && bp === min)) return { ok: false, error: 'range' };
  return { ok: true, value: formatBp(bp), bp };
}

/** 1250n → '12.50', -300n → '-3.00'. */
export function formatBp(bp: bigint): string {
  const neg = bp < 0n;
  const a = neg ? -bp : bp;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** A stored percentage for people: '12.50' → '%12,5' (tr) / '12.5 %' (en); '-3.00' → '−%3' / '−3 %'. */
export function displayPercent(value: string, locale: 'tr' | 'en'): string {
  const [int = '0', frac = ''] = value.split('.');
  const f = frac.replace(/0+$/, '');
  const sign = int.startsWith('-') ? '\u2212' : '';
  const body = `${int.replace('-', '')}${f ? (locale === 'tr' ? ',' : '.') + f : ''}`;
  return locale === 'tr' ? `${sign}%${body}` : `${sign}${body} %`;
}

/** A stored percentage as a form value that parses back: '-3.00' → '-3', '12.50' → '12,5' (tr). */
export function inputPercent(value: string, locale: 'tr' | 'en'): string {
  const [int = '0', frac = ''] = value.split('.');
  const f = frac.replace(/0+$/, '');
  return `${int}${f ? (locale === 'tr' ? ',' : '.') + f : ''}`;
}
