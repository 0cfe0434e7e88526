import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkGtin, gtinCheckDigit, isValidGtin, toGtin14 } from '../../src/catalog/gtin.ts';

const test = suite('CAT-2 GTIN check digits');

test('valid EAN-13, EAN-8, UPC-A and GTIN-14 codes pass', () => {
  for (const [code, kind] of [
    ['4006381333931', 'GTIN-13'], // EAN-13 (GS1 example)
    ['8690504000013', 'GTIN-13'], // Turkish 869 prefix (check digit worked by hand: 47 → 3)
    ['96385074', 'GTIN-8'], // EAN-8 (GS1 example)
    ['036000291452', 'GTIN-12'], // UPC-A
    ['10012345678902', 'GTIN-14'],
  ] as const) {
    const r = checkGtin(code);
    assert.ok(r.ok, code);
    if (r.ok) assert.is(r.kind, kind, code);
  }
});

test('a wrong check digit, a wrong length or other characters fail, each with its reason', () => {
  assert.equal(checkGtin('4006381333932'), { ok: false, reason: 'check_digit' });
  assert.equal(checkGtin('96385075'), { ok: false, reason: 'check_digit' });
  assert.equal(checkGtin('036000291453'), { ok: false, reason: 'check_digit' });
  assert.equal(checkGtin('12345'), { ok: false, reason: 'length' });
  assert.equal(checkGtin('400638133393A'), { ok: false, reason: 'format' });
  assert.equal(checkGtin(''), { ok: false, reason: 'format' });
  assert.not.ok(isValidGtin('0000000000001'));
});

test('spaces and dashes from a typed code are ignored', () => {
  assert.ok(isValidGtin(' 4006381 333931 '));
  assert.ok(isValidGtin('4-006381-333931'));
});

test('check digit and 14-digit form', () => {
  assert.is(gtinCheckDigit('400638133393'), 1);
  assert.is(gtinCheckDigit('9638507'), 4);
  assert.is(gtinCheckDigit('03600029145'), 2);
  assert.is(toGtin14('036000291452'), '00036000291452');
});

test.run();
