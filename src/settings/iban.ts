/**
 * FIN-1: IBAN checks (ISO 13616). Input may carry spaces and lower case; `compactIban` gives the
 * electronic form, `groupIban` the print form in groups of four (what documents and mails show).
 * Valid means: two letters of country code, two check digits, a country-specific length where the
 * country is known (15–34 characters otherwise) and the mod-97 check equal to 1.
 */

/** IBAN length by country (SWIFT IBAN registry); countries not listed get the generic 15–34. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29,
  VG: 24, XK: 20,
};

export type IbanProblem = 'format' | 'length' | 'checksum';

/** Spaces (incl. non-breaking) and dashes removed, upper case. */
export const compactIban = (input: string) => input.replace(/[\s\u00a0-]+/g, '').toUpperCase();

/** The print form: groups of four separated by single spaces. */
export const groupIban = (input: string) => compactIban(input).replace(/(.{4})(?=.)/g, '$1 ');

/** Mod-97 of the rearranged IBAN (country + check digits moved to the end, letters as 10..35), piecewise. */
function mod97(iban: string): number {
  const s = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/** null when `input` is a valid IBAN, else what is wrong with it. */
export function ibanProblem(input: string): IbanProblem | null {
  const iban = compactIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return 'format';
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98) return 'checksum';
  const want = IBAN_LENGTHS[iban.slice(0, 2)];
  if (want !== undefined ? iban.length !== want : iban.length < 15 || iban.length > 34) return 'length';
  return mod97(iban) === 1 ? null : 'checksum';
}

export const isValidIban = (input: string) => ibanProblem(input) === null;
