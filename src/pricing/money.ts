/**
 * Exact money arithmetic for pricing (PRC-6). Amounts are integer minor units; percentages are
 * basis points (numeric(5,2) '33.33' → 3333n); exchange rates are scaled by 10^8 (numeric(18,8)).
 * Every division rounds half-up (half away from zero) to a whole minor unit. No floats anywhere.
 */
export const BP = 10000n;
export const RATE_SCALE = 100000000n;

/** Parses an exact decimal string ('33.33', '-3', '1.5') into an integer scaled by 10^scale. */
export function parseDecimal(value: string | number, scale: number): bigint {
  const s = String(value).trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new RangeError(`not a decimal: ${s}`);
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale && /[^0]/.test(frac.slice(scale))) throw new RangeError(`too many decimals: ${s}`);
  const n = BigInt(m[2]!) * 10n ** BigInt(scale) + BigInt(frac.slice(0, scale) || '0');
  return m[1] === '-' ? -n : n;
}

/** n / d rounded half-up (half away from zero); d > 0. */
export function divRound(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (2n * d);
  return neg ? -q : q;
}

/** amount reduced by bp basis points (3333n = 33.33 %), half-up. */
export function percentOff(amount: bigint, bp: bigint): bigint {
  return divRound(amount * (BP - bp), BP);
}

/** amount adjusted by bp basis points (negative = discount, positive = surcharge), half-up. */
export function percentAdjust(amount: bigint, bp: bigint): bigint {
  return divRound(amount * (BP + bp), BP);
}

/** amount in currency A → currency B, given both rates in base units per 1 unit (×10^8), half-up. */
export function convert(amount: bigint, fromRate: bigint, toRate: bigint): bigint {
  return divRound(amount * fromRate, toRate);
}

export function toSafeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${v} exceeds 2^53`);
  return Number(v);
}
