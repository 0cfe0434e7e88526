import { existsSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { applyFields, applyForm, cookieFrom, PDF_BYTES, PNG_BYTES, VALID_VKN } from './applications-support.ts';

const test = suite('IAM-1/IAM-2 dealer application form');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const post = (host: string, fd: FormData, cookie?: string) => t.req(host, '/apply', { method: 'POST', body: fd, headers: { origin: `http://${host}`, ...(cookie ? { cookie } : {}) } });

test('the form lists the default documents and omits agreements the seller has not set', async () => {
  const a = await makeTenant();
  const res = await t.req(a.host, '/apply');
  assert.is(res.status, 200);
  const html = await res.text();
  for (const name of ['doc_signature_circular', 'doc_tax_certificate', 'doc_application_form']) assert.match(html, `name="${name}"`);
  assert.not.match(html, 'accept_terms');
  assert.match(html, 'enctype="multipart/form-data"');
});

test('a complete application is submitted with PDF and PNG files, stored outside static, mails queued', async () => {
  const a = await makeTenant();
  const terms = await a.db.insertInto('legal_texts').values({ kind: 'terms', version: 3, title: 'Kullanım şartları', body: 'Metin' }).returning('id').executeTakeFirstOrThrow();
  await a.db.insertInto('legal_texts').values({ kind: 'terms', version: 2, title: 'Eski şartlar', body: 'Eski' }).execute();
  const page = await (await t.req(a.host, '/apply')).text();
  assert.match(page, 'name="accept_terms"');
  assert.not.match(page, 'accept_contract');
  const fd = applyForm({ ...applyFields(), accept_terms: 'on', accept_terms_id: String(terms.id) });
  const res = await post(a.host, fd);
  assert.is(res.status, 303, await res.clone().text());
  assert.is(res.headers.get('location'), '/apply/received');
  const app = await a.db.selectFrom('applications').selectAll().executeTakeFirstOrThrow();
  assert.is(app.status, 'submitted');
  assert.is(app.company_name, 'Deniz Hırdavat Ltd. Şti.');
  assert.is(app.tax_number, VALID_VKN);
  assert.is(app.terms_id, terms.id);
  assert.is(app.contract_id, null);
  assert.ok(app.accepted_at);
  assert.is(app.annual_turnover, 1_500_000 * 100);
  assert.equal(app.shipping_address, app.billing_address);
  const docs = await a.db.selectFrom('application_documents').selectAll().orderBy('document_type').execute();
  assert.equal(
    docs.map((d) => [d.document_type, d.mime]),
    [
      ['application_form', 'application/pdf'],
      ['signature_circular', 'application/pdf'],
      ['tax_certificate', 'image/png'],
    ],
  );
  const dataDir = t.deps.config.DATA_DIR;
  for (const d of docs) {
    const file = path.join(dataDir, String(a.tenant.id), d.storage_key);
    assert.ok(existsSync(file), file);
    assert.not.ok(path.resolve(file).startsWith(path.resolve('static')), 'never under static/');
    assert.not.match(d.storage_key, d.original_name, 'random names');
    const direct = await t.req(a.host, `/static/${d.storage_key}`);
    assert.is(direct.status, 404);
  }
  const mails = await a.db.selectFrom('notifications').select(['template', 'recipient']).execute();
  assert.equal(mails, [{ template: 'dealer-application-received', recipient: 'ayse@deniz.example' }]);
  const done = await t.req(a.host, '/apply/received');
  assert.match(await done.text(), 'data-testid="apply-done"');
});

test('staff who review applications get a notice mail', async () => {
  const a = await makeTenant();
  const { build } = await import('../support/build.ts');
  const { user: rev } = await build.staff(a.db, { role: 'sales_rep', email: 'rep@seller.example' });
  await build.staff(a.db, { role: 'warehouse', email: 'depo@seller.example' });
  await a.db.updateTable('users').set({ status: 'active' }).execute();
  const res = await post(a.host, applyForm(applyFields()));
  assert.is(res.status, 303);
  const mails = await a.db.selectFrom('notifications').select(['template', 'recipient']).orderBy('id').execute();
  assert.equal(
    mails.map((m) => `${m.template} ${m.recipient}`),
    ['dealer-application-received ayse@deniz.example', `dealer-application-notice ${rev.email}`],
  );
});

test('a .pdf that is really text is rejected with 422 next to its field', async () => {
  const a = await makeTenant();
  const fd = applyForm(applyFields(), { tax_certificate: new File(['just some text, not a pdf'], 'vergi.pdf', { type: 'application/pdf' }) });
  const res = await post(a.host, fd);
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /f-doc_tax_certificate-error[^>]*>[^<]*(PDF, JPEG|PDF, JPEG ya da PNG)/);
  const docs = await a.db.selectFrom('application_documents').select('document_type').execute();
  assert.not.ok(docs.some((d) => d.document_type === 'tax_certificate'));
  assert.is(docs.length, 2, 'the good files are kept');
});

test('a file over 10 MB is rejected', async () => {
  const a = await makeTenant();
  const big = new Uint8Array(10 * 1024 * 1024 + 1);
  big.set(PDF_BYTES);
  const res = await post(a.host, applyForm(applyFields(), { signature_circular: new File([big], 'big.pdf') }));
  assert.is(res.status, 422);
  assert.match(await res.text(), /10 MB/);
});

test('a draft survives a failed upload: fields, uploaded documents and the draft cookie carry over', async () => {
  const a = await makeTenant();
  const fields = { ...applyFields(), tax_number: '1234567891', sector: 'Hırdavat & yapı' };
  const res = await post(a.host, applyForm(fields, { application_form: null }));
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'value="Deniz Hırdavat Ltd. Şti."');
  assert.match(html, 'value="1234567891"');
  assert.match(html, 'f-tax_number-error');
  assert.match(html, 'f-doc_application_form-error');
  assert.match(html, 'data-testid="uploaded-signature_circular"');
  const cookie = cookieFrom(res, 'kv_apply');
  assert.ok(cookie, 'draft cookie set');
  const again = await t.req(a.host, '/apply', { headers: { cookie } });
  const back = await again.text();
  assert.match(back, 'value="Hırdavat &amp; yapı"');
  assert.match(back, 'data-testid="uploaded-tax_certificate"');
  // Second attempt: only the missing file and the fixed tax number.
  const fix = applyForm({ ...fields, tax_number: VALID_VKN }, { signature_circular: null, tax_certificate: null, application_form: new File([PNG_BYTES], 'form.png') });
  const ok = await post(a.host, fix, cookie);
  assert.is(ok.status, 303, await ok.clone().text());
  const apps = await a.db.selectFrom('applications').select(['status']).execute();
  assert.equal(apps, [{ status: 'submitted' }], 'one row, the draft itself was submitted');
  assert.is((await a.db.selectFrom('application_documents').select('id').execute()).length, 3);
  // The draft cookie no longer opens anything.
  const after = await (await t.req(a.host, '/apply', { headers: { cookie } })).text();
  assert.not.match(after, 'Deniz Hırdavat');
});

test('submitting twice (a double click or a retry after the first went through) makes one application', async () => {
  const a = await makeTenant();
  const first = await post(a.host, applyForm(applyFields(), { application_form: null }));
  assert.is(first.status, 422);
  const cookie = cookieFrom(first, 'kv_apply');
  const full = () => applyForm(applyFields());
  const [x, y] = await Promise.all([post(a.host, full(), cookie), post(a.host, full(), cookie)]);
  const retry = await post(a.host, full(), cookie);
  for (const r of [x, y, retry]) {
    assert.is(r.status, 303);
    assert.is(r.headers.get('location'), '/apply/received');
  }
  const apps = await a.db.selectFrom('applications').select('status').execute();
  assert.equal(apps, [{ status: 'submitted' }]);
  const mails = await a.db.selectFrom('notifications').select('template').where('template', '=', 'dealer-application-received').execute();
  assert.is(mails.length, 1, 'one confirmation mail');
});

test('agreements must be accepted, with the version shown', async () => {
  const a = await makeTenant();
  const c = await a.db.insertInto('legal_texts').values({ kind: 'contract', version: 1, title: 'Hizmet sözleşmesi', body: 'x' }).returning('id').executeTakeFirstOrThrow();
  const res = await post(a.host, applyForm(applyFields()));
  assert.is(res.status, 422);
  assert.match(await res.text(), 'f-accept_contract-error');
  const ok = await post(a.host, applyForm({ ...applyFields(), accept_contract: 'on', accept_contract_id: String(c.id) }), cookieFrom(res, 'kv_apply'));
  assert.is(ok.status, 303);
  const app = await a.db.selectFrom('applications').select(['contract_id', 'accepted_at']).executeTakeFirstOrThrow();
  assert.is(app.contract_id, c.id);
  assert.ok(app.accepted_at);
});

test('posting without the same-origin header is refused (CSRF)', async () => {
  const a = await makeTenant();
  const res = await t.req(a.host, '/apply', { method: 'POST', body: applyForm(applyFields()), headers: { origin: 'http://evil.example' } });
  assert.is(res.status, 403);
});

test.run();
