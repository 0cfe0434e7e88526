import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findUnicodeFont } from '../../src/catalog/demo-catalog.ts';
import { renderOrderDocument } from '../../src/orders/documents.ts';
import { groupIban, ibanProblem } from '../../src/settings/iban.ts';
import { getSetting } from '../../src/settings/settings.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from '../orders/desk-support.ts';

/**
 * FIN-1 / ORD-9: the seller's bank account (/staff/settings/bank): IBAN validation (country
 * length, ISO 13616 mod-97), stored in groups of four and printed on the proforma; finance and
 * owners only; per tenant.
 */
const test = suite('FIN-1 seller bank account');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const TR_OK = 'TR33 0006 1005 1978 6457 8413 26';
/** The same IBAN with one check digit changed. */
const TR_BAD_CHECK = 'TR34 0006 1005 1978 6457 8413 26';

function pdfText(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fin1-bank-')), 'd.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
}

const bankRow = (db: Awaited<ReturnType<typeof makeTenant>>['db']) => db.selectFrom('settings').select('value').where('key', '=', 'bank').executeTakeFirst();

test('IBAN rules: spaces and case ignored, TR 26 and NO 15 characters, mod-97 for every country', () => {
  assert.is(ibanProblem(TR_OK), null);
  assert.is(ibanProblem(' tr330006100519786457841326 '), null);
  assert.is(ibanProblem('NO93 8601 1117 947'), null);
  assert.is(ibanProblem('GB82 WEST 1234 5698 7654 32'), null);
  assert.is(ibanProblem('DE89 3704 0044 0532 0130 00'), null);
  assert.is(ibanProblem(TR_BAD_CHECK), 'checksum');
  assert.is(ibanProblem('NO93 8601 1117 948'), 'checksum');
  assert.is(ibanProblem('GB82 WEST 1234 5698 7654 33'), 'checksum');
  assert.is(ibanProblem('TR33 0006 1005 1978 6457 8413 2'), 'length', 'TR is 26 characters');
  assert.is(ibanProblem('NO93 8601 1117 9470'), 'length', 'NO is 15 characters');
  assert.is(ibanProblem('3300 0610 0519 7864 5784 1326'), 'format');
  assert.is(ibanProblem('TR33 0006 1005 1978 6457 8413 2!'), 'format');
  assert.is(groupIban('tr330006100519786457841326'), TR_OK);
  assert.is(groupIban('NO9386011117947'), 'NO93 8601 1117 947');
});

test('finance saves a valid TR IBAN (typed without spaces, lower case): stored and shown in groups of four, printed on the proforma of an awaiting-payment order', async () => {
  if (!findUnicodeFont()) return console.warn('SKIPPED: no Unicode TTF font installed');
  const ten = await makeTenant({ defaultLocale: 'tr' });
  const other = await makeTenant({ defaultLocale: 'tr' });
  const cookie = await staffCookie(ten.db, 'finance');

  const form = await t.req(ten.host, '/staff/settings/bank', { headers: { cookie } });
  assert.is(form.status, 200);
  const fhtml = await form.text();
  assert.match(fhtml, 'Ödeme için banka hesabı');
  assert.match(fhtml, 'IBAN girilmedi');

  const res = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: 'tr33 0006100519786457841326', bankName: 'Örnek Bankası Kadıköy Şb.', accountHolder: 'Anadolu Bağlantı A.Ş.' }, { headers: { cookie } }));
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/staff/settings/bank');
  assert.equal(await getSetting(ten.db, 'bank'), { iban: TR_OK, bankName: 'Örnek Bankası Kadıköy Şb.', accountHolder: 'Anadolu Bağlantı A.Ş.' });
  const audited = await ten.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'settings.bank_changed').execute();
  assert.is(audited.length, 1);

  const page = await (await t.req(ten.host, '/staff/settings/bank', { headers: { cookie } })).text();
  assert.match(page, `value="${TR_OK}"`, 'the form shows the IBAN in groups of four');
  assert.match(page, `IBAN: ${TR_OK} · Örnek Bankası Kadıköy Şb. · Hesap sahibi: Anadolu Bağlantı A.Ş.`);

  const who = await dealer(ten.db, { settlement: 'prepayment' });
  const p = await product(ten.db, { price: 12500 });
  const o = await order(ten.db, ten.tenant.id, who, [{ productId: p.id, qty: 2 }], { paymentMethod: 'prepayment' });
  assert.is(o.status, 'awaiting_payment');
  const seller = { tenantId: ten.tenant.id, sellerName: 'Kervan Hırdavat', dataDir: '/tmp/kervan-doc-test', timeZone: 'Europe/Istanbul' };
  const text = pdfText((await renderOrderDocument(ten.db, o.orderId, 'proforma', 'tr', seller))!.bytes);
  assert.match(text, 'PROFORMA FATURA');
  assert.match(text, `IBAN: ${TR_OK}`);
  assert.match(text, 'Örnek Bankası Kadıköy Şb.');
  const en = pdfText((await renderOrderDocument(ten.db, o.orderId, 'proforma', 'en', seller))!.bytes);
  assert.match(en, `IBAN: ${TR_OK}`);
  assert.match(en, 'Account holder: Anadolu Bağlantı A.Ş.');

  // Another tenant: this tenant's session does not work there, its settings stay untouched and its
  // proforma has no IBAN line.
  const cross = await t.req(other.host, '/staff/settings/bank', formPost(other.host, { iban: TR_OK, bankName: 'X', accountHolder: 'Y' }, { headers: { cookie } }));
  assert.ok(cross.status === 303 || cross.status === 403 || cross.status === 404, `cross-tenant POST refused (${cross.status})`);
  assert.is(await bankRow(other.db), undefined);
  const ow = await dealer(other.db, { settlement: 'prepayment' });
  const op = await product(other.db);
  const oo = await order(other.db, other.tenant.id, ow, [{ productId: op.id, qty: 1 }], { paymentMethod: 'prepayment' });
  const otherText = pdfText((await renderOrderDocument(other.db, oo.orderId, 'proforma', 'tr', { ...seller, tenantId: other.tenant.id }))!.bytes);
  assert.not.match(otherText, 'IBAN');

  // Emptying the IBAN is allowed: no IBAN line on documents any more.
  const cleared = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: '  ', bankName: 'Örnek Bankası', accountHolder: '' }, { headers: { cookie } }));
  assert.is(cleared.status, 303);
  assert.is((await getSetting(ten.db, 'bank')).iban, '');
  assert.not.match(pdfText((await renderOrderDocument(ten.db, o.orderId, 'proforma', 'tr', seller))!.bytes), 'IBAN');
});

test('a wrong check digit → 422 with the error next to the field, input kept, nothing saved; wrong length says the country length; htmx gets the form alone', async () => {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'owner');
  const ok = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: 'NO9386011117947', bankName: 'DNB', accountHolder: 'Fjord AS' }, { headers: { cookie } }));
  assert.is(ok.status, 303);
  assert.is((await getSetting(ten.db, 'bank')).iban, 'NO93 8601 1117 947');

  const bad = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: TR_BAD_CHECK, bankName: 'Örnek Bankası', accountHolder: 'X A.Ş.' }, { headers: { cookie } }));
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /id="f-iban-error"[^>]*>The check digits of this IBAN do not match/);
  assert.match(html, `value="${TR_BAD_CHECK}"`, 'the input is kept');
  assert.match(html, 'value="Örnek Bankası"');
  assert.equal(await getSetting(ten.db, 'bank'), { iban: 'NO93 8601 1117 947', bankName: 'DNB', accountHolder: 'Fjord AS' }, 'nothing saved');

  const short = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: 'TR33 0006 1005 1978 6457 8413 2', bankName: '', accountHolder: '' }, { headers: { cookie } }));
  assert.is(short.status, 422);
  assert.match(await short.text(), 'A TR IBAN has 26 characters; this one has 25.');

  const frag = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: 'NO93 8601 1117 948', bankName: '', accountHolder: '' }, { headers: { cookie }, htmx: true }));
  assert.is(frag.status, 422);
  const fhtml = await frag.text();
  assert.match(fhtml, /^<form[^>]+id="bank-form"/);
  assert.not.match(fhtml, '<html');
  assert.is((await getSetting(ten.db, 'bank')).iban, 'NO93 8601 1117 947');

  // Turkish error text.
  const tr = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: TR_BAD_CHECK, bankName: '', accountHolder: '' }, { headers: { cookie: `${cookie}; lang=tr` } }));
  assert.is(tr.status, 422);
  assert.match(await tr.text(), /id="f-iban-error"[^>]*>Bu IBAN(&#39;|')ın kontrol haneleri tutmuyor/);

  // The settings page (owner) shows the summary and links to the form.
  const settings = await (await t.req(ten.host, '/staff/settings', { headers: { cookie } })).text();
  assert.match(settings, 'id="bank"');
  assert.match(settings, 'IBAN: NO93 8601 1117 947 · DNB · Account holder: Fjord AS');
  assert.match(settings, 'href="/staff/settings/bank"');
});

test('permissions: warehouse and sales reps get 403 and save nothing; finance reaches the bank page but not the other settings', async () => {
  const ten = await makeTenant({ defaultLocale: 'en' });
  for (const role of ['warehouse', 'sales_rep', 'catalog_manager', 'support_agent'] as const) {
    const cookie = await staffCookie(ten.db, role);
    assert.is((await t.req(ten.host, '/staff/settings/bank', { headers: { cookie } })).status, 403, `${role} GET`);
    const post = await t.req(ten.host, '/staff/settings/bank', formPost(ten.host, { iban: TR_OK, bankName: 'B', accountHolder: 'H' }, { headers: { cookie } }));
    assert.is(post.status, 403, `${role} POST`);
  }
  assert.is(await bankRow(ten.db), undefined, 'nothing saved');

  const finance = await staffCookie(ten.db, 'finance');
  assert.is((await t.req(ten.host, '/staff/settings/bank', { headers: { cookie: finance } })).status, 200);
  assert.is((await t.req(ten.host, '/staff/settings', { headers: { cookie: finance } })).status, 403, 'finance cannot open the other settings');
  assert.is((await t.req(ten.host, '/staff/settings/contact', formPost(ten.host, { phone: '1' }, { headers: { cookie: finance } }))).status, 403);
  const admin = await staffCookie(ten.db, 'admin');
  assert.is((await t.req(ten.host, '/staff/settings/bank', { headers: { cookie: admin } })).status, 200);

  assert.is((await t.req(ten.host, '/staff/settings/bank')).status, 303, 'signed out → login');
});

test.run();
