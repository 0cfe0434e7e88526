/**
 * Turkish tax identifiers (IAM-1): a company's 10-digit VKN (vergi kimlik numarası) or, for
 * sole traders, the owner's 11-digit TCKN (T.C. kimlik numarası). Both carry check digits;
 * validating them catches most typing errors before staff review.
 */

const digitsOf = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0) - 48);

/** VKN: nine digits, each shifted, weighted by a power of two mod 9; the tenth is the check digit. */
export function vknCheckDigit(firstNine: string): number {
  const d = digitsOf(firstNine);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const shifted = (d[i]! + 9 - i) % 10;
    sum += shifted === 9 ? 9 : (shifted * 2 ** (9 - i)) % 9;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidVkn(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  return vknCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** TCKN: first digit not 0; 10th = (7·Σodd − Σeven) mod 10 over digits 1–9; 11th = Σ(digits 1–10) mod 10. */
export function tcknCheckDigits(firstNine: string): [number, number] {
  const d = digitsOf(firstNine);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (odd + even + tenth) % 10;
  return [tenth, eleventh];
}

export function isValidTckn(value: string): boolean {
  if (!/^[1-9][0-9]{10}$/.test(value)) return false;
  const [tenth, eleventh] = tcknCheckDigits(value.slice(0, 9));
  return tenth === Number(value[9]) && eleventh === Number(value[10]);
}

export type TaxIdKind = 'vkn' | 'tckn';

/** Spaces and dashes people type are dropped; the rest must be a valid VKN or TCKN. */
export function normaliseTaxNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function taxIdKind(value: string): TaxIdKind | null {
  if (isValidVkn(value)) return 'vkn';
  if (isValidTckn(value)) return 'tckn';
  return null;
}
