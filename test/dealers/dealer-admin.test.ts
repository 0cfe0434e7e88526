import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSession } from '../../src/auth/sessions.ts';
import { createDealer } from '../../src/dealers/dealers.ts';
import { setSetting } from '../../src/settings/settings.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-10/IAM-13 staff dealer list, detail, new dealer, sales rep, block');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const as = (cookie: string) => ({ headers: { cookie } });
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };
const actor = { userId: null, name: 'ERP', source: 'api' as const };

test('a sales rep sees only own dealers in the list and gets 404 on the others', async () => {
  const a = await makeTenant();
  const { user: rep } = await build.staff(a.db, { role: 'sales_rep', name: 'Rıza Temsilci' });
  const { user: other } = await build.staff(a.db, { role: 'sales_rep', name: 'Öteki Temsilci' });
  const mine = await build.dealer(a.db, { code: 'B-1', companyName: 'Benim Bayim' });
  const theirs = await build.dealer(a.db, { code: 'B-2', companyName: 'Onun Bayisi' });
  const nobody = await build.dealer(a.db, { code: 'B-3', companyName: 'Sahipsiz Bayi' });
  await a.db.updateTable('dealers').set({ sales_rep_id: rep.id }).where('id', '=', mine.id).execute();
  await a.db.updateTable('dealers').set({ sales_rep_id: other.id }).where('id', '=', theirs.id).execute();
  const cookie = as(await sessionCookie(a.db, rep.id));
  const list = await (await t.req(a.host, '/staff/dealers', cookie)).text();
  assert.match(list, 'Benim Bayim');
  assert.not.match(list, 'Onun Bayisi');
  assert.not.match(list, 'Sahipsiz Bayi');
  assert.not.match(list, '/staff/dealers/new', 'no "new dealer" for a sales rep');
  assert.is((await t.req(a.host, `/staff/dealers/${mine.id}`, cookie)).status, 200);
  assert.is((await t.req(a.host, `/staff/dealers/${theirs.id}`, cookie)).status, 404);
  assert.is((await t.req(a.host, `/staff/dealers/${nobody.id}`, cookie)).status, 404);
  const searched = await (await t.req(a.host, '/staff/dealers?q=Bayi', cookie)).text();
  assert.not.match(searched, 'Onun Bayisi', 'search stays inside own dealers');
  assert.is((await t.req(a.host, '/staff/dealers/new', cookie)).status, 403);
  assert.is((await t.req(a.host, `/staff/dealers/${mine.id}/block`, formPost(a.host, { reason: 'x' }, cookie))).status, 403);
  // An admin sees all three.
  const all = await (await t.req(a.host, '/staff/dealers', as(await staffCookie(a.db)))).text();
  for (const n of ['Benim Bayim', 'Onun Bayisi', 'Sahipsiz Bayi']) assert.match(all, n);
});

test('the list searches by code, name and tax number, filters by status, and answers htmx with the table', async () => {
  const a = await makeTenant();
  await a.db.insertInto('dealers').values([
    { code: 'ACM-1001', company_name: 'Anadolu Boya', tax_number: '0000000019' },
    { code: 'ACM-1002', company_name: 'Boğaziçi Elektrik', tax_number: '1234567890', status: 'blocked' },
  ]).execute();
  const cookie = as(await staffCookie(a.db, 'support_agent'));
  const byCode = await (await t.req(a.host, '/staff/dealers?q=acm-1002', cookie)).text();
  assert.match(byCode, 'Boğaziçi Elektrik');
  assert.not.match(byCode, 'Anadolu Boya');
  assert.match(await (await t.req(a.host, '/staff/dealers?q=000000001', cookie)).text(), 'Anadolu Boya');
  const blocked = await (await t.req(a.host, '/staff/dealers?status=blocked', cookie)).text();
  assert.match(blocked, 'Boğaziçi Elektrik');
  assert.not.match(blocked, 'Anadolu Boya');
  const frag = await (await t.req(a.host, '/staff/dealers?q=anadolu', { ...cookie, htmx: true })).text();
  assert.match(frag, /^<div id="dealer-results">/);
  assert.is((await t.req(a.host, '/staff/dealers', as(await staffCookie(a.db, 'warehouse')))).status, 403);
});

test('staff create a dealer with the form: code issued, first admin invited, errors next to fields', async () => {
  const a = await makeTenant();
  await setSetting(a.db, 'dealerCode', { prefix: 'NRD-' });
  const { user: rep } = await build.staff(a.db, { role: 'sales_rep', name: 'Rıza Temsilci' });
  const cookie = as(await staffCookie(a.db));
  const form = await (await t.req(a.host, '/staff/dealers/new', cookie)).text();
  assert.match(form, 'Rıza Temsilci');
  const bad = await t.req(a.host, '/staff/dealers', formPost(a.host, { company_name: '', tax_number: '1234567891', admin_email: 'not-an-email', admin_name: 'X' }, cookie));
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  for (const f of ['company_name', 'tax_number', 'admin_email']) assert.match(badHtml, `f-${f}-error`);
  assert.match(badHtml, 'value="1234567891"', 'input kept');
  const fields = {
    company_name: 'Kuzey Yapı A.Ş.',
    tax_number: '0000000019',
    tax_office: 'Çankaya',
    employee_count: '12',
    billing_line1: 'Atatürk Blv. 5',
    billing_city: 'Ankara',
    shipping_same: 'on',
    sales_rep_id: String(rep.id),
    admin_name: 'Kemal Kuzey',
    admin_email: 'Kemal@Kuzey.example',
  };
  const ok = await t.req(a.host, '/staff/dealers', formPost(a.host, fields, cookie));
  assert.is(ok.status, 303, await ok.clone().text());
  const dealer = await a.db.selectFrom('dealers').selectAll().executeTakeFirstOrThrow();
  assert.is(dealer.code, 'NRD-1001');
  assert.is(dealer.sales_rep_id, rep.id);
  assert.is(ok.headers.get('location'), `/staff/dealers/${dealer.id}`);
  const admin = await a.db.selectFrom('users').selectAll().where('dealer_id', '=', dealer.id).executeTakeFirstOrThrow();
  assert.equal([admin.email, admin.role, admin.status], ['kemal@kuzey.example', 'dealer_admin', 'invited']);
  const invite = await a.db.selectFrom('notifications').selectAll().where('template', '=', 'user-invite').executeTakeFirstOrThrow();
  assert.match(invite.body_text, 'NRD-1001');
  const detail = await (await t.req(a.host, `/staff/dealers/${dealer.id}`, cookie)).text();
  for (const s of ['NRD-1001', 'Kuzey Yapı A.Ş.', 'Atatürk Blv. 5', 'kemal@kuzey.example', 'data-testid="later-tabs"']) assert.match(detail, s);
  const dup = await t.req(a.host, '/staff/dealers', formPost(a.host, { ...fields, admin_email: 'baska@kuzey.example' }, cookie));
  assert.is(dup.status, 422, 'same tax number twice');
  assert.match(await dup.text(), 'f-tax_number-error');
  const bogusRep = await t.req(a.host, '/staff/dealers', formPost(a.host, { company_name: 'Y', tax_number: '1234567890', sales_rep_id: '999999' }, cookie));
  assert.is(bogusRep.status, 422);
  assert.is((await a.db.selectFrom('dealers').select('id').execute()).length, 1);
});

test('createDealer (IAM-13 service) validates, allocates codes under concurrency and skips codes taken by hand', async () => {
  const a = await makeTenant();
  await a.db.insertInto('dealers').values({ code: 'B-1001', company_name: 'Elle girilmiş' }).execute();
  const scope = { schema: a.tenant.schema, brand };
  const invalid = await createDealer(a.db, scope, { companyName: '', taxNumber: 'x' }, actor);
  assert.equal(invalid, { ok: false, errors: { companyName: 'required', taxNumber: 'taxNumber' } });
  const vkns = ['0000000019', '1234567890', '9876543217', '1111111114', '4801234566', '7330550445'];
  const results = await Promise.all(vkns.map((v, i) => createDealer(a.db, scope, { companyName: `Firma ${i}`, taxNumber: v, firstAdmin: { name: 'A', email: `a${i}@x.example` } }, actor)));
  const codes = results.map((r) => (r.ok ? r.dealer.code : 'fail')).sort();
  assert.equal(codes, ['B-1002', 'B-1003', 'B-1004', 'B-1005', 'B-1006', 'B-1007']);
  assert.is((await a.db.selectFrom('notifications').select('id').execute()).length, 6);
  const audit = await a.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'dealer.created').execute();
  assert.is(audit.length, 6);
  assert.is(audit[0]!.actor_label, 'ERP');
});

test('assigning a sales rep accepts only staff with that role', async () => {
  const a = await makeTenant();
  const { user: rep } = await build.staff(a.db, { role: 'sales_rep' });
  const { user: finance } = await build.staff(a.db, { role: 'finance' });
  const dealer = await build.dealer(a.db);
  const cookie = as(await staffCookie(a.db));
  await t.req(a.host, `/staff/dealers/${dealer.id}/sales-rep`, formPost(a.host, { sales_rep_id: String(finance.id) }, cookie));
  assert.is((await a.db.selectFrom('dealers').select('sales_rep_id').executeTakeFirstOrThrow()).sales_rep_id, null);
  await t.req(a.host, `/staff/dealers/${dealer.id}/sales-rep`, formPost(a.host, { sales_rep_id: String(rep.id) }, cookie));
  assert.is((await a.db.selectFrom('dealers').select('sales_rep_id').executeTakeFirstOrThrow()).sales_rep_id, rep.id);
  assert.ok(await a.db.selectFrom('audit_log').select('id').where('action', '=', 'dealer.sales_rep_changed').executeTakeFirst());
});

test('blocking a dealer needs a reason, ends its users’ sessions, and can be undone', async () => {
  const a = await makeTenant();
  const dealer = await build.dealer(a.db);
  const otherDealer = await build.dealer(a.db);
  const { user: u1 } = await build.dealerUser(a.db, { dealerId: dealer.id });
  const { user: u2 } = await build.dealerUser(a.db, { dealerId: otherDealer.id });
  await createSession(a.db, u1.id, { twoFactorVerified: true });
  await createSession(a.db, u2.id, { twoFactorVerified: true });
  const cookie = as(await staffCookie(a.db));
  const noReason = await t.req(a.host, `/staff/dealers/${dealer.id}/block`, formPost(a.host, { reason: ' ' }, cookie));
  assert.is(noReason.status, 422);
  const res = await t.req(a.host, `/staff/dealers/${dealer.id}/block`, formPost(a.host, { reason: 'Ödeme politikası ihlali' }, cookie));
  assert.is(res.status, 303);
  const row = await a.db.selectFrom('dealers').select(['status', 'blocked_reason']).where('id', '=', dealer.id).executeTakeFirstOrThrow();
  assert.equal(row, { status: 'blocked', blocked_reason: 'Ödeme politikası ihlali' });
  assert.is((await a.db.selectFrom('sessions').select('id').where('user_id', '=', u1.id).execute()).length, 0);
  assert.is((await a.db.selectFrom('sessions').select('id').where('user_id', '=', u2.id).execute()).length, 1, 'other dealers untouched');
  assert.ok(await a.db.selectFrom('audit_log').select('id').where('action', '=', 'dealer.blocked').where('dealer_id', '=', dealer.id).executeTakeFirst());
  await t.req(a.host, `/staff/dealers/${dealer.id}/unblock`, formPost(a.host, {}, cookie));
  assert.is((await a.db.selectFrom('dealers').select('status').where('id', '=', dealer.id).executeTakeFirstOrThrow()).status, 'active');
});

test("tenant B's staff cannot open tenant A's dealer ids", async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const dealer = await build.dealer(a.db, { companyName: 'A Bayisi' });
  const res = await t.req(b.host, `/staff/dealers/${dealer.id}`, as(await staffCookie(b.db)));
  assert.is(res.status, 404);
  assert.not.match(await res.text(), 'A Bayisi');
});

test.run();
