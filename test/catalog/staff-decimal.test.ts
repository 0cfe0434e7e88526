import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currencyScale, formatDecimal, isCountry, isCurrency, parseDecimal } from '../../src/catalog/staff/decimal.ts';

const test = suite('CAT-2 typed money and decimals → integer minor units without floats');

test('both notations, with and without grouping, give the same minor units', () => {
  for (const locale of ['tr', 'en'] as const) {
    for (const s of ['1.234,56', '1234,56', '1234.56', '1,234.56', '1 234,56', '1\u00a0234,56']) {
      assert.equal(parseDecimal(s, 2, locale), { ok: true, value: 123456 }, `${locale} ${s}`);
    }
  }
  assert.equal(parseDecimal('0,1', 2, 'tr'), { ok: true, value: 10 });
  assert.equal(parseDecimal('0.07', 2, 'en'), { ok: true, value: 7 });
  assert.equal(parseDecimal('12', 2, 'tr'), { ok: true, value: 1200 });
  assert.equal(parseDecimal('1.000.000', 2, 'tr'), { ok: true, value: 100_000_000 });
  assert.equal(parseDecimal('1,000,000.5', 2, 'en'), { ok: true, value: 100_000_050 });
});

test('floats would get these wrong; strings do not', () => {
  assert.equal(parseDecimal('0,29', 2, 'tr'), { ok: true, value: 29 }, '0.29*100 = 28.999999999999996');
  assert.equal(parseDecimal('1.005', 3, 'en'), { ok: true, value: 1005 });
  assert.equal(parseDecimal('90071992547409,91', 2, 'tr'), { ok: true, value: 9007199254740991 });
  assert.equal(parseDecimal('90071992547409,92', 2, 'tr'), { ok: false, reason: 'range' });
});

test('one separator followed by three digits: the locale decides grouping vs decimals', () => {
  assert.equal(parseDecimal('1.234', 2, 'tr'), { ok: true, value: 123400 }, 'Turkish: thousands');
  assert.equal(parseDecimal('1.234', 2, 'en'), { ok: false, reason: 'precision' }, 'English: 1.234 has three decimals');
  assert.equal(parseDecimal('1,234', 2, 'en'), { ok: true, value: 123400 });
  assert.equal(parseDecimal('1,234', 2, 'tr'), { ok: false, reason: 'precision' });
  assert.equal(parseDecimal('1.234', 3, 'en'), { ok: true, value: 1234 }, 'kilograms to grams');
});

test('refused: letters, signs, misplaced grouping, too many decimals', () => {
  for (const s of ['', 'abc', '-5', '+5', '1e3', '12.34.56,7,8', '1,23,4', '12..5', ',', '1.2.3', '1,2.345,6']) {
    const r = parseDecimal(s, 2, 'tr');
    assert.is(r.ok, false, s);
  }
  assert.equal(parseDecimal('1,234', 0, 'tr'), { ok: false, reason: 'precision' });
  assert.equal(parseDecimal('5', 2, 'tr', 100), { ok: false, reason: 'range' });
});

test('formatting round-trips; currency scales and codes', () => {
  assert.is(formatDecimal(123456, 2, 'tr'), '1234,56');
  assert.is(formatDecimal(5, 2, 'en'), '0.05');
  assert.is(formatDecimal(1250, 3, 'tr'), '1,250');
  for (const v of [0, 1, 99, 100, 123456, 9007199254740991]) assert.equal(parseDecimal(formatDecimal(v, 2, 'tr'), 2, 'tr'), { ok: true, value: v });
  assert.is(currencyScale('TRY'), 2);
  assert.is(currencyScale('JPY'), 0);
  assert.ok(isCurrency('NOK'));
  assert.not.ok(isCurrency('ABC'));
  assert.not.ok(isCurrency('try'));
  assert.ok(isCountry('TR'));
  assert.not.ok(isCountry('XX'));
  assert.not.ok(isCountry('ZZ'));
});

test.run();
