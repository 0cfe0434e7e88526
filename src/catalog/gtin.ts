/**
 * GS1 identifiers (GTIN-8 = EAN-8, GTIN-12 = UPC-A, GTIN-13 = EAN-13, GTIN-14): digits only,
 * the last one a mod-10 check digit over the others weighted 3,1,3,… from the right.
 * Stored as entered (digits); searched through the 14-digit form so a UPC-A scan finds the
 * same item as its EAN-13 with a leading zero.
 */
export type GtinKind = 'GTIN-8' | 'GTIN-12' | 'GTIN-13' | 'GTIN-14';

const KINDS: Record<number, GtinKind> = { 8: 'GTIN-8', 12: 'GTIN-12', 13: 'GTIN-13', 14: 'GTIN-14' };

/** The check digit for the digits before it. */
export function gtinCheckDigit(body: string): number {
  if (!/^[0-9]+$/.test(body)) throw new TypeError('GTIN body must be digits');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Digits of a scanned or typed code with spaces and dashes removed; null when anything else is in it. */
export function cleanGtin(input: string): string | null {
  const digits = input.trim().replace(/[\s-]+/g, '');
  return /^[0-9]+$/.test(digits) ? digits : null;
}

export type GtinCheck = { ok: true; gtin: string; kind: GtinKind } | { ok: false; reason: 'format' | 'length' | 'check_digit' };

export function checkGtin(input: string): GtinCheck {
  const gtin = cleanGtin(input);
  if (!gtin) return { ok: false, reason: 'format' };
  const kind = KINDS[gtin.length];
  if (!kind) return { ok: false, reason: 'length' };
  if (gtinCheckDigit(gtin.slice(0, -1)) !== Number(gtin.at(-1))) return { ok: false, reason: 'check_digit' };
  return { ok: true, gtin, kind };
}

export function isValidGtin(input: string): boolean {
  return checkGtin(input).ok;
}

/** The 14-digit form the search compares (`products.gtin14`). */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}
