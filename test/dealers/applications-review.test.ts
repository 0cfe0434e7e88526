import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setSetting } from '../../src/settings/settings.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { applyFields, applyForm, insertSubmitted, PNG_BYTES, PDF_BYTES } from './applications-support.ts';

const test = suite('IAM-3 application review, approval and document requests');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function applyFor(a: Tenant, fields: Record<string, string> = {}) {
  const res = await t.req(a.host, '/apply', { method: 'POST', body: applyForm(applyFields(fields)), headers: { origin: `http://${a.host}` } });
  assert.is(res.status, 303, await res.clone().text());
  return a.db.selectFrom('applications').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

const as = (cookie: string) => ({ headers: { cookie } });

test('only staff with applications.review reach the queue: warehouse 403, signed-out to login, dealer 403', async () => {
  const a = await makeTenant();
  const res = await t.req(a.host, '/staff/applications', as(await staffCookie(a.db, 'warehouse')));
  assert.is(res.status, 403);
  const anon = await t.req(a.host, '/staff/applications');
  assert.is(anon.status, 303);
  assert.match(anon.headers.get('location') ?? '', '/staff/login');
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, role: 'buyer' });
  assert.is((await t.req(a.host, '/staff/applications', as(await sessionCookie(a.db, user.id)))).status, 403);
  const app = await insertSubmitted(a.db);
  const post = await t.req(a.host, `/staff/applications/${app.id}/approval`, formPost(a.host, {}, as(await staffCookie(a.db, 'warehouse'))));
  assert.is(post.status, 403);
  assert.is((await a.db.selectFrom('dealers').select('id').execute()).length, 1, 'no dealer created');
});

test('the queue filters by status, text and date, and serves the table alone to htmx', async () => {
  const a = await makeTenant();
  const cookie = await staffCookie(a.db, 'sales_rep');
  await insertSubmitted(a.db, { company: 'Anadolu Boya', taxNumber: '0000000019', submittedAt: new Date('2026-03-01T10:00:00Z') });
  const b = await insertSubmitted(a.db, { company: 'Boğaziçi Elektrik', email: 'info@bogazici.example', submittedAt: new Date('2026-04-15T10:00:00Z') });
  await a.db.updateTable('applications').set({ status: 'rejected' }).where('id', '=', b.id).execute();
  await a.db.insertInto('applications').values({ public_token_hash: 'draft-x', status: 'draft', company_name: 'Taslak Firma' }).execute();

  const all = await (await t.req(a.host, '/staff/applications', as(cookie))).text();
  assert.match(all, 'Anadolu Boya');
  assert.match(all, 'Boğaziçi Elektrik');
  assert.not.match(all, 'Taslak Firma', 'drafts are not in the queue');
  const submitted = await (await t.req(a.host, '/staff/applications?status=submitted', as(cookie))).text();
  assert.match(submitted, 'Anadolu Boya');
  assert.not.match(submitted, 'Boğaziçi Elektrik');
  const byText = await (await t.req(a.host, '/staff/applications?q=bogazici', as(cookie))).text();
  assert.match(byText, 'Boğaziçi Elektrik');
  assert.not.match(byText, 'Anadolu Boya');
  const byTax = await (await t.req(a.host, '/staff/applications?q=00000000', as(cookie))).text();
  assert.match(byTax, 'Anadolu Boya');
  const byDate = await (await t.req(a.host, '/staff/applications?from=2026-04-01&to=2026-04-30', as(cookie))).text();
  assert.match(byDate, 'Boğaziçi Elektrik');
  assert.not.match(byDate, 'Anadolu Boya');
  const frag = await t.req(a.host, '/staff/applications?status=rejected', { ...as(cookie), htmx: true });
  const html = await frag.text();
  assert.match(html, /^<div id="application-results">/);
  assert.match(html, 'Boğaziçi Elektrik');
  assert.match(frag.headers.get('vary') ?? '', 'HX-Request');
  const bad = await t.req(a.host, '/staff/applications?status=nope&from=yesterday', as(cookie));
  assert.is(bad.status, 200, 'bad filter values are ignored');
});

test('the detail page shows every field and serves documents inline with safe headers', async () => {
  const a = await makeTenant();
  const app = await applyFor(a);
  const cookie = await staffCookie(a.db);
  const page = await (await t.req(a.host, `/staff/applications/${app.id}`, as(cookie))).text();
  for (const s of ['Deniz Hırdavat Ltd. Şti.', 'Kadıköy', '1234567890', 'Ayşe Yılmaz', 'ayse@deniz.example', 'Moda Cad. 12', 'İmza sirküleri', 'vergi-levhasi.png']) assert.match(page, s);
  const docs = await a.db.selectFrom('application_documents').selectAll().where('application_id', '=', app.id).orderBy('id').execute();
  for (const d of docs) assert.match(page, `/staff/applications/${app.id}/documents/${d.id}`);
  const pdf = docs.find((d) => d.mime === 'application/pdf')!;
  const res = await t.req(a.host, `/staff/applications/${app.id}/documents/${pdf.id}`, as(cookie));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition') ?? '', /^inline; filename=/);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy') ?? '', /(^|[;,]\s*)sandbox/);
  assert.equal(new Uint8Array(await res.arrayBuffer()), PDF_BYTES);
  const png = docs.find((d) => d.mime === 'image/png')!;
  const img = await t.req(a.host, `/staff/applications/${app.id}/documents/${png.id}`, as(cookie));
  assert.equal(new Uint8Array(await img.arrayBuffer()), PNG_BYTES);
  // A document id of another application, a bad id, a missing one: 404.
  const other = await applyFor(a, { email: 'iki@deniz.example' });
  assert.is((await t.req(a.host, `/staff/applications/${other.id}/documents/${pdf.id}`, as(cookie))).status, 404);
  assert.is((await t.req(a.host, `/staff/applications/${app.id}/documents/99999999999999999999`, as(cookie))).status, 404);
  assert.is((await t.req(a.host, `/staff/applications/${app.id}/documents/abc`, as(cookie))).status, 404);
});

test("tenant B's staff cannot open tenant A's application or its documents", async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const app = await applyFor(a);
  const doc = await a.db.selectFrom('application_documents').select('id').where('application_id', '=', app.id).executeTakeFirstOrThrow();
  const onB = as(await staffCookie(b.db));
  const res = await t.req(b.host, `/staff/applications/${app.id}`, onB);
  assert.is(res.status, 404);
  assert.not.match(await res.text(), 'Deniz Hırdavat');
  assert.is((await t.req(b.host, `/staff/applications/${app.id}/documents/${doc.id}`, onB)).status, 404);
  assert.is((await t.req(b.host, `/staff/applications/${app.id}/approval`, formPost(b.host, {}, onB))).status, 404);
  // A's cookie on B's host is no session at all.
  const crossed = await t.req(b.host, `/staff/applications/${app.id}`, as(await staffCookie(a.db)));
  assert.is(crossed.status, 303);
});

test('approval creates the dealer with a prefixed code, addresses, an invited dealer admin and the mails', async () => {
  const a = await makeTenant();
  await setSetting(a.db, 'dealerCode', { prefix: 'ACM-' });
  const app = await applyFor(a);
  const { user: staff } = await build.staff(a.db, { role: 'admin', name: 'Selin Onaylar' });
  await a.db.deleteFrom('notifications').execute();
  const res = await t.req(a.host, `/staff/applications/${app.id}/approval`, formPost(a.host, {}, as(await sessionCookie(a.db, staff.id))));
  assert.is(res.status, 303);
  const dealer = await a.db.selectFrom('dealers').selectAll().executeTakeFirstOrThrow();
  assert.is(dealer.code, 'ACM-1001');
  assert.is(dealer.company_name, 'Deniz Hırdavat Ltd. Şti.');
  assert.is(dealer.tax_number, '1234567890');
  assert.is(dealer.application_id, app.id);
  const addresses = await a.db.selectFrom('addresses').select(['kind', 'city', 'line1']).where('dealer_id', '=', dealer.id).orderBy('kind').execute();
  assert.equal(addresses, [
    { kind: 'billing', city: 'İstanbul', line1: 'Moda Cad. 12' },
    { kind: 'shipping', city: 'İstanbul', line1: 'Moda Cad. 12' },
  ]);
  const user = await a.db.selectFrom('users').selectAll().where('dealer_id', '=', dealer.id).executeTakeFirstOrThrow();
  assert.is(user.role, 'dealer_admin');
  assert.is(user.status, 'invited');
  assert.is(user.email, 'ayse@deniz.example');
  assert.is(user.password_hash, null);
  const token = await a.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
  assert.is(token.purpose, 'invite');
  const mails = await a.db.selectFrom('notifications').select(['template', 'recipient', 'body_text']).orderBy('id').execute();
  assert.equal(
    mails.map((m) => m.template),
    ['user-invite', 'dealer-application-approved'],
  );
  for (const m of mails) {
    assert.is(m.recipient, 'ayse@deniz.example');
    assert.match(m.body_text, 'ACM-1001');
  }
  assert.match(mails[0]!.body_text, /\/invite\/[A-Za-z0-9_-]{40,}/);
  const after = await a.db.selectFrom('applications').select(['status', 'dealer_id', 'reviewed_by']).where('id', '=', app.id).executeTakeFirstOrThrow();
  assert.equal(after, { status: 'approved', dealer_id: dealer.id, reviewed_by: staff.id });
  const audit = await a.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', 'in', ['application.approved', 'dealer.created']).orderBy('id').execute();
  assert.equal(audit, [
    { action: 'dealer.created', actor_user_id: staff.id },
    { action: 'application.approved', actor_user_id: staff.id },
  ]);
  const page = await (await t.req(a.host, `/staff/applications/${app.id}`, as(await sessionCookie(a.db, staff.id)))).text();
  assert.match(page, 'ACM-1001');
  assert.not.match(page, '/approval"', 'no actions once decided');
  // A second application gets the next number.
  const app2 = await applyFor(a, { tax_number: '0000000019', email: 'iki@firma.example' });
  await t.req(a.host, `/staff/applications/${app2.id}/approval`, formPost(a.host, {}, as(await sessionCookie(a.db, staff.id))));
  const codes = (await a.db.selectFrom('dealers').select('code').orderBy('id').execute()).map((d) => d.code);
  assert.equal(codes, ['ACM-1001', 'ACM-1002']);
});

test('two reviewers approving at once create exactly one dealer', async () => {
  const a = await makeTenant();
  const app = await insertSubmitted(a.db);
  const [c1, c2] = [await staffCookie(a.db), await staffCookie(a.db)];
  const results = await Promise.all([c1, c2, c1, c2].map((c) => t.req(a.host, `/staff/applications/${app.id}/approval`, formPost(a.host, {}, as(c)))));
  for (const r of results) assert.is(r.status, 303);
  const dealers = await a.db.selectFrom('dealers').select(['id', 'code']).execute();
  assert.is(dealers.length, 1);
  assert.is((await a.db.selectFrom('users').select('id').where('kind', '=', 'dealer').execute()).length, 1);
  assert.is((await a.db.selectFrom('notifications').select('id').where('template', '=', 'user-invite').execute()).length, 1);
});

test('approval of an applicant whose tax number is already a dealer is refused and leaves nothing behind', async () => {
  const a = await makeTenant();
  await a.db.insertInto('dealers').values({ code: 'X-1', company_name: 'Eski Bayi', tax_number: '1234567890' }).execute();
  const app = await insertSubmitted(a.db);
  const res = await t.req(a.host, `/staff/applications/${app.id}/approval`, formPost(a.host, {}, as(await staffCookie(a.db))));
  assert.is(res.status, 303);
  assert.is((await a.db.selectFrom('dealers').select('id').execute()).length, 1);
  const row = await a.db.selectFrom('applications').select('status').where('id', '=', app.id).executeTakeFirstOrThrow();
  assert.is(row.status, 'submitted');
});

test('rejection needs a reason; with one the applicant is told by e-mail', async () => {
  const a = await makeTenant();
  const app = await insertSubmitted(a.db);
  const cookie = await staffCookie(a.db);
  const empty = await t.req(a.host, `/staff/applications/${app.id}/rejection`, formPost(a.host, { reason: '   ' }, as(cookie)));
  assert.is(empty.status, 422);
  assert.match(await empty.text(), 'f-reason-error');
  assert.is((await a.db.selectFrom('applications').select('status').executeTakeFirstOrThrow()).status, 'submitted');
  const ok = await t.req(a.host, `/staff/applications/${app.id}/rejection`, formPost(a.host, { reason: 'Bölgenizde yeni bayi alınmıyor.' }, as(cookie)));
  assert.is(ok.status, 303);
  const row = await a.db.selectFrom('applications').select(['status', 'review_note']).executeTakeFirstOrThrow();
  assert.equal(row, { status: 'rejected', review_note: 'Bölgenizde yeni bayi alınmıyor.' });
  const mail = await a.db.selectFrom('notifications').selectAll().where('template', '=', 'dealer-application-rejected').executeTakeFirstOrThrow();
  assert.match(mail.body_text, 'Bölgenizde yeni bayi alınmıyor.');
  assert.ok(await a.db.selectFrom('audit_log').select('id').where('action', '=', 'application.rejected').executeTakeFirst());
  // A rejected application can no longer be approved.
  await t.req(a.host, `/staff/applications/${app.id}/approval`, formPost(a.host, {}, as(cookie)));
  assert.is((await a.db.selectFrom('dealers').select('id').execute()).length, 0);
});

test('requesting more documents mails a link; uploading them puts the application back in review; the link then dies', async () => {
  const a = await makeTenant();
  const app = await applyFor(a);
  const cookie = await staffCookie(a.db);
  const none = await t.req(a.host, `/staff/applications/${app.id}/document-request`, formPost(a.host, { message: 'x' }, as(cookie)));
  assert.is(none.status, 422);
  const body = new URLSearchParams([
    ['types', 'tax_certificate'],
    ['types', 'signature_circular'],
    ['message', 'Vergi levhası okunmuyor, imza sirkülerinin güncelini yükleyin.'],
  ]);
  const res = await t.req(a.host, `/staff/applications/${app.id}/document-request`, {
    method: 'POST',
    body: body.toString(),
    headers: { cookie, origin: `http://${a.host}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.is(res.status, 303);
  const row = await a.db.selectFrom('applications').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
  assert.is(row.status, 'more_documents');
  assert.equal([...row.requested_documents].sort(), ['signature_circular', 'tax_certificate']);
  const mail = await a.db.selectFrom('notifications').selectAll().where('template', '=', 'dealer-application-documents').executeTakeFirstOrThrow();
  assert.match(mail.body_text, 'Vergi levhası');
  const link = /http:\/\/[^\s]+\/apply\/documents\/([A-Za-z0-9_-]+)/.exec(mail.body_text);
  assert.ok(link, mail.body_text);
  const path = `/apply/documents/${link![1]}`;
  const form = await t.req(a.host, path);
  assert.is(form.status, 200);
  const html = await form.text();
  assert.match(html, 'name="doc_tax_certificate"');
  assert.match(html, 'name="doc_signature_circular"');
  assert.not.match(html, 'name="doc_application_form"');
  assert.match(html, 'imza sirkülerinin güncelini');
  // One of two, then a bad file: 422, the good one is kept.
  const first = new FormData();
  first.append('doc_tax_certificate', new File([PNG_BYTES], 'yeni-levha.png'));
  first.append('doc_signature_circular', new File(['not a pdf'], 'imza.pdf'));
  const partial = await t.req(a.host, path, { method: 'POST', body: first, headers: { origin: `http://${a.host}` } });
  assert.is(partial.status, 422);
  const partialHtml = await partial.text();
  assert.match(partialHtml, 'data-testid="uploaded-tax_certificate"');
  assert.match(partialHtml, 'f-doc_signature_circular-error');
  const second = new FormData();
  second.append('doc_signature_circular', new File([PDF_BYTES], 'imza-2026.pdf'));
  const done = await t.req(a.host, path, { method: 'POST', body: second, headers: { origin: `http://${a.host}` } });
  assert.is(done.status, 200);
  const back = await a.db.selectFrom('applications').select(['status']).where('id', '=', app.id).executeTakeFirstOrThrow();
  assert.is(back.status, 'submitted');
  const docs = await a.db.selectFrom('application_documents').select('original_name').where('application_id', '=', app.id).execute();
  assert.is(docs.length, 5, 'earlier documents are kept beside the new ones');
  assert.is((await t.req(a.host, path)).status, 404, 'the link works once');
  assert.ok(await a.db.selectFrom('audit_log').select('id').where('action', '=', 'application.documents_requested').executeTakeFirst());
});

test('a guessed or malformed upload token is a 404', async () => {
  const a = await makeTenant();
  assert.is((await t.req(a.host, '/apply/documents/abc')).status, 404);
  assert.is((await t.req(a.host, `/apply/documents/${'A'.repeat(43)}`)).status, 404);
});

test.run();
