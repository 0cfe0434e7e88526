import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isValidTckn, isValidVkn, normaliseTaxNumber, taxIdKind, tcknCheckDigits, vknCheckDigit } from '../../src/dealers/tax-id.ts';

const test = suite('IAM-1 tax number checksums (VKN, TCKN)');

// Valid numbers were computed by hand from the published algorithms (see src/dealers/tax-id.ts):
// VKN 000000001 → Σ = 9+5+5+6+7+1+6+8+4 = 51 → check (10 − 1) mod 10 = 9.
// TCKN 100000001 → 10th = (7·2 − 0) mod 10 = 4, 11th = (1+1+4) mod 10 = 6 (10000000146, the well-known test id).
const VKN: Array<[string, boolean]> = [
  ['0000000019', true],
  ['1234567890', true],
  ['9876543217', true],
  ['1111111114', true],
  ['4801234566', true],
  ['7330550445', true],
  ['1234567891', false],
  ['0000000010', false],
  ['123456789', false],
  ['12345678901', false],
  ['12345678a0', false],
  ['', false],
];

const TCKN: Array<[string, boolean]> = [
  ['10000000146', true],
  ['12345678950', true],
  ['98765432150', true],
  ['34567890170', true],
  ['10000000147', false], // 11th digit wrong
  ['10000000156', false], // 10th digit wrong
  ['01234567890', false], // cannot start with 0
  ['1000000014', false],
  ['1000000014x', false],
];

for (const [value, ok] of VKN) {
  test(`VKN ${JSON.stringify(value)} is ${ok ? 'valid' : 'invalid'}`, () => assert.is(isValidVkn(value), ok));
}
for (const [value, ok] of TCKN) {
  test(`TCKN ${JSON.stringify(value)} is ${ok ? 'valid' : 'invalid'}`, () => assert.is(isValidTckn(value), ok));
}

test('the check digit functions agree with the validators for every 9-digit prefix tried', () => {
  for (let i = 0; i < 2000; i++) {
    const prefix = String(100_000_000 + ((i * 7_654_321) % 899_999_999)).slice(0, 9);
    assert.ok(isValidVkn(prefix + vknCheckDigit(prefix)), prefix);
    assert.not.ok(isValidVkn(prefix + ((vknCheckDigit(prefix) + 1) % 10)), prefix);
    assert.ok(isValidTckn(prefix + tcknCheckDigits(prefix).join('')), prefix);
  }
});

test('kind and normalisation: spaces and dashes are dropped; a 10-digit number is a VKN, 11 a TCKN', () => {
  assert.is(normaliseTaxNumber(' 123 456-7890 '), '1234567890');
  assert.is(taxIdKind('1234567890'), 'vkn');
  assert.is(taxIdKind('10000000146'), 'tckn');
  assert.is(taxIdKind('1234567891'), null);
});

test.run();
