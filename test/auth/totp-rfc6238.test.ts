import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCode, matchStep, PERIOD } from '../../src/auth/totp.ts';

/**
 * RFC 6238 Appendix B, SHA-1 column. The RFC prints 8 digits; a 6-digit code is the same HOTP
 * value mod 10^6, i.e. its last six digits.
 */
const test = suite('IAM-7 TOTP against RFC 6238 Appendix B');
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // ASCII "12345678901234567890"
const VECTORS: Array<[seconds: number, rfc: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

for (const [seconds, rfc] of VECTORS) {
  test(`T=${seconds}s gives ${rfc.slice(-6)} and matches its own step`, () => {
    const at = seconds * 1000;
    assert.is(generateCode(SECRET, at), rfc.slice(-6));
    assert.is(matchStep(SECRET, rfc.slice(-6), at), Math.floor(seconds / PERIOD));
  });
}

test('a code is accepted one step early or late, not two', () => {
  const at = 1111111111 * 1000;
  const code = generateCode(SECRET, at);
  const step = Math.floor(1111111111 / PERIOD);
  assert.is(matchStep(SECRET, code, at + PERIOD * 1000), step);
  assert.is(matchStep(SECRET, code, at - PERIOD * 1000), step);
  assert.is(matchStep(SECRET, code, at + 2 * PERIOD * 1000), null);
  assert.is(matchStep(SECRET, code, at - 2 * PERIOD * 1000), null);
});

test('malformed codes never match', () => {
  const at = 59_000;
  for (const bad of ['', '28708', '2870822', 'abcdef', '287 08x', '-28708']) assert.is(matchStep(SECRET, bad, at), null, bad);
  assert.is(matchStep(SECRET, ' 287 082 ', at), 1, 'spaces inside a typed code are ignored');
});

test.run();
