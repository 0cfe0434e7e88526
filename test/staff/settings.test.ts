import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getSetting } from '../../src/settings/settings.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('PLT-4 branding and seller settings');
let t: TestApp;
let A: Awaited<ReturnType<typeof makeTenant>>;
let admin: string;

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test.before(async () => {
  t = await makeTestApp();
  A = await makeTenant({ name: 'Marka Satıcı A.Ş.' });
  admin = await staffCookie(A.db, 'admin');
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

function post(path: string, fields: Record<string, string>, cookie = admin) {
  const init = formPost(A.host, fields);
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return t.req(A.host, path, { ...init, headers });
}

function upload(bytes: Uint8Array<ArrayBuffer>, name: string, type: string) {
  const body = new FormData();
  body.set('logo', new File([bytes], name, { type }));
  return t.req(A.host, '/staff/settings/logo', { method: 'POST', body, headers: { origin: `http://${A.host}`, cookie: admin } });
}

test('the settings page shows every section', async () => {
  const res = await t.req(A.host, '/staff/settings', { headers: { cookie: admin } });
  assert.is(res.status, 200);
  const html = await res.text();
  for (const id of ['brand', 'contact', 'dealer-code', 'legal', 'document-types']) assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /type="color"/);
  assert.not.match(html, /style="/, 'no inline styles (CSP)');
});

test('a colour change shows in /brand.css at once; bad colours are refused', async () => {
  const before = await t.req(A.host, '/brand.css');
  const etag = before.headers.get('etag')!;
  assert.is(before.headers.get('cache-control'), 'no-cache');
  assert.is((await t.req(A.host, '/brand.css', { headers: { 'if-none-match': etag } })).status, 304);
  const res = await post('/staff/settings/brand', { colour: '#AA3311', defaultLocale: 'en' });
  assert.is(res.status, 303);
  const css = await t.req(A.host, '/brand.css', { headers: { 'if-none-match': etag } });
  assert.is(css.status, 200);
  assert.match(await css.text(), /--brand:#aa3311/);
  const bad = await post('/staff/settings/brand', { colour: 'red;}body{x', defaultLocale: 'tr' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), /id="f-colour-error"/);
  assert.match(await (await t.req(A.host, '/brand.css')).text(), /--brand:#aa3311/);
  const audit = await A.db.selectFrom('audit_log').select('action').where('action', '=', 'settings.brand_changed').execute();
  assert.is(audit.length, 1);
});

test('a logo is type-checked from its content, stored and served back with a version', async () => {
  const fake = await upload(new TextEncoder().encode('just text, not an image'), 'logo.png', 'image/png');
  assert.is(fake.status, 422);
  assert.match(await fake.text(), /PNG, JPEG/);
  const svg = await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg', 'image/svg+xml');
  assert.is(svg.status, 422);
  const big = await upload(new Uint8Array(2 * 1024 * 1024 + 10).fill(1), 'big.png', 'image/png');
  assert.is(big.status, 422);

  const monogram = await t.req(A.host, '/brand/logo');
  assert.is(monogram.headers.get('content-type'), 'image/svg+xml');
  const ok = await upload(PNG, 'logo.txt', 'text/plain');
  assert.is(ok.status, 303);
  const logo = await getSetting(A.db, 'logo');
  assert.is(logo.mime, 'image/png');
  assert.ok(logo.version >= 1);
  const served = await t.req(A.host, `/brand/logo?v=${logo.version}`);
  assert.is(served.status, 200);
  assert.is(served.headers.get('content-type'), 'image/png');
  assert.match(served.headers.get('cache-control')!, /immutable/);
  assert.equal(Buffer.from(await served.arrayBuffer()), PNG);
  assert.is((await t.req(A.host, '/brand/logo')).headers.get('cache-control'), 'no-cache');

  // Another tenant keeps its monogram.
  const B = await makeTenant();
  assert.is((await t.req(B.host, '/brand/logo')).headers.get('content-type'), 'image/svg+xml');
});

test('contact details are validated, saved and shown in the footer fragment and in mails', async () => {
  const bad = await post('/staff/settings/contact', { phone: '0212 <b>', email: 'nope', website: 'javascript:alert(1)', address: '' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /id="f-phone-error"/);
  assert.match(html, /id="f-website-error"/);
  const res = await post('/staff/settings/contact', { phone: '+90 212 555 00 00', email: 'Bilgi@Marka.example', website: 'https://marka.example', address: 'Levent Mah. 1\nİstanbul' });
  assert.is(res.status, 303);
  assert.equal(await getSetting(A.db, 'contact'), { phone: '+90 212 555 00 00', email: 'bilgi@marka.example', website: 'https://marka.example', address: 'Levent Mah. 1\nİstanbul' });
  // Rendered into the page itself (no extra request, works without JavaScript), fresh right after saving.
  const page = await (await t.req(A.host, '/')).text();
  assert.match(page, /class="contact contact--footer"[\s\S]*\+90 212 555 00 00/);
  assert.match(page, /class="card contact contact--card"[\s\S]*bilgi@marka\.example/);
  assert.not.match(page, /javascript:/);

  await post('/staff/team', { name: 'Mail Alıcı', email: 'mail-alici@seller.example', role: 'finance' });
  const mail = await A.db.selectFrom('notifications').select('body_html').where('recipient', '=', 'mail-alici@seller.example').executeTakeFirstOrThrow();
  assert.match(mail.body_html, /\+90 212 555 00 00/);
  assert.match(mail.body_html, /#aa3311/);
});

test('the dealer code prefix accepts upper-case letters, digits and hyphens only', async () => {
  assert.is((await post('/staff/settings/dealer-code', { prefix: 'acm-' })).status, 422);
  assert.is((await post('/staff/settings/dealer-code', { prefix: 'ACM<1>' })).status, 422);
  assert.is((await post('/staff/settings/dealer-code', { prefix: 'ACM-' })).status, 303);
  assert.equal(await getSetting(A.db, 'dealerCode'), { prefix: 'ACM-' });
});

test('publishing a legal text adds a version and keeps the old ones', async () => {
  assert.is((await post('/staff/settings/legal/terms', { 'terms-title': 'Kullanım koşulları', 'terms-body': 'Birinci sürüm.' })).status, 303);
  assert.is((await post('/staff/settings/legal/terms', { 'terms-title': 'Kullanım koşulları', 'terms-body': 'İkinci sürüm.' })).status, 303);
  assert.is((await post('/staff/settings/legal/contract', { 'contract-title': 'Hizmet sözleşmesi', 'contract-body': 'Sözleşme.' })).status, 303);
  assert.is((await post('/staff/settings/legal/terms', { 'terms-title': 'K', 'terms-body': '' })).status, 422);
  assert.is((await post('/staff/settings/legal/other', { 'other-title': 'x', 'other-body': 'y' })).status, 404);
  const rows = await A.db.selectFrom('legal_texts').select(['kind', 'version', 'body']).orderBy('kind').orderBy('version').execute();
  assert.equal(rows, [
    { kind: 'contract', version: 1, body: 'Sözleşme.' },
    { kind: 'terms', version: 1, body: 'Birinci sürüm.' },
    { kind: 'terms', version: 2, body: 'İkinci sürüm.' },
  ]);
  const html = await (await t.req(A.host, '/staff/settings', { headers: { cookie: admin } })).text();
  assert.match(html, /Sürüm 2|Version 2/);
  const first = await A.db.selectFrom('legal_texts').select('id').where('kind', '=', 'terms').where('version', '=', 1).executeTakeFirstOrThrow();
  const view = await t.req(A.host, `/staff/settings/legal/${first.id}`, { headers: { cookie: admin } });
  assert.match(await view.text(), /Birinci sürüm/);
});

test('document types: add, rename, required off, deactivate', async () => {
  assert.is((await post('/staff/settings/document-types', { nameTr: 'Faaliyet belgesi', nameEn: 'Activity certificate', required: '1' })).status, 303);
  const added = await A.db.selectFrom('document_types').selectAll().where('code', '=', 'activity_certificate').executeTakeFirstOrThrow();
  assert.is(added.required, true);
  assert.is((await post('/staff/settings/document-types', { nameTr: 'Faaliyet', nameEn: 'Activity certificate' })).status, 422);
  assert.is((await post(`/staff/settings/document-types/${added.id}`, { nameTr: 'Oda faaliyet belgesi', nameEn: 'Chamber certificate', active: '1' })).status, 303);
  const renamed = await A.db.selectFrom('document_types').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow();
  assert.equal([renamed.code, renamed.name_tr, renamed.required, renamed.active], ['activity_certificate', 'Oda faaliyet belgesi', false, true]);
  assert.is((await post(`/staff/settings/document-types/${added.id}`, { nameTr: 'Oda faaliyet belgesi', nameEn: 'Chamber certificate' })).status, 303);
  assert.is((await A.db.selectFrom('document_types').select('active').where('id', '=', added.id).executeTakeFirstOrThrow()).active, false);
  assert.is((await post('/staff/settings/document-types/999999', { nameTr: 'Yok yok', nameEn: '' })).status, 404);
});

test('roles without settings.manage get 403', async () => {
  for (const role of ['finance', 'sales_rep', 'warehouse', 'catalog_manager', 'support_agent'] as const) {
    const cookie = await staffCookie(A.db, role);
    assert.is((await t.req(A.host, '/staff/settings', { headers: { cookie } })).status, 403, role);
    assert.is((await post('/staff/settings/brand', { colour: '#000000', defaultLocale: 'tr' }, cookie)).status, 403, role);
  }
  const { user } = await build.staff(A.db, { role: 'owner' });
  assert.is((await t.req(A.host, '/staff/settings', { headers: { cookie: await sessionCookie(A.db, user.id) } })).status, 200);
});

test.run();
