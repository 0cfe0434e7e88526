import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateMethod } from '../../src/orders/shipping-methods.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from './desk-support.ts';

/** ORD-4 (staff side): /staff/shipping-methods CRUD. */
const test = suite('ORD-4 shipping methods');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const base = { code: 'kargo-std', name: 'Standart kargo', price: '149,90', currency: 'TRY', free_from: '2.500,00', vat_rate: '20', active: true, sort: '1' };

test('validation: money text, codes, VAT, currency', () => {
  const ok = validateMethod(base, 'tr');
  assert.ok(ok.ok && ok.value.price === 14990 && ok.value.free_from === 250000 && ok.value.vat_rate === 20);
  const none = validateMethod({ ...base, free_from: '' }, 'tr');
  assert.ok(none.ok && none.value.free_from === null);
  for (const [patch, field] of [
    [{ code: 'Kargo Std' }, 'code'],
    [{ code: '' }, 'code'],
    [{ name: '' }, 'name'],
    [{ price: 'abc' }, 'price'],
    [{ price: '-1' }, 'price'],
    [{ free_from: '1,2,3' }, 'free_from'],
    [{ currency: 'ABCD' }, 'currency'],
    [{ vat_rate: '101' }, 'vat_rate'],
    [{ sort: 'x' }, 'sort'],
  ] as const) {
    const r = validateMethod({ ...base, ...patch }, 'tr');
    assert.ok(!r.ok && field in r.errors, `${JSON.stringify(patch)} → ${field}`);
  }
});

test('create, edit, duplicate code, errors next to fields, delete (used → deactivated), audit, permissions, isolation', async () => {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const other = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'sales_rep');
  const post = (path: string, f: Record<string, string>, c = cookie) => t.req(ten.host, path, formPost(ten.host, f, { headers: { cookie: c } }));
  const f = { code: 'cargo-std', name: 'Standard cargo', price: '149.90', currency: 'TRY', free_from: '2500', vat_rate: '20', active: '1', sort: '1' };
  assert.is((await post('/staff/shipping-methods', f)).status, 303);
  const row = await ten.db.selectFrom('shipping_methods').selectAll().where('code', '=', 'cargo-std').executeTakeFirstOrThrow();
  assert.is(row.price, 14990);
  assert.is(row.free_from, 250000);
  assert.ok(row.active);

  const dup = await post('/staff/shipping-methods', { ...f, name: 'Other' });
  assert.is(dup.status, 422);
  assert.match(await dup.text(), 'Another method already uses this code');
  const bad = await post('/staff/shipping-methods', { ...f, code: 'x2', price: 'ten', vat_rate: '300' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'value="ten"');
  assert.match(html, 'Enter an amount');
  assert.match(html, 'VAT rate must be');
  assert.is((await ten.db.selectFrom('shipping_methods').select('id').execute()).length, 1, 'nothing saved');

  const edit = await t.req(ten.host, `/staff/shipping-methods/${row.id}/edit`, { headers: { cookie } });
  assert.match(await edit.text(), 'value="149.90"');
  assert.is((await post(`/staff/shipping-methods/${row.id}`, { ...f, price: '99.00', active: '' })).status, 303);
  const after = await ten.db.selectFrom('shipping_methods').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.is(after.price, 9900);
  assert.not.ok(after.active);

  // Used by an order → deactivated instead of deleted.
  await ten.db.updateTable('shipping_methods').set({ active: true }).where('id', '=', row.id).execute();
  const who = await dealer(ten.db);
  const p = await product(ten.db);
  await order(ten.db, ten.tenant.id, who, [{ productId: p.id, qty: 1 }], { shippingMethodId: row.id });
  assert.is((await post(`/staff/shipping-methods/${row.id}/delete`, {})).status, 303);
  const kept = await ten.db.selectFrom('shipping_methods').select('active').where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.not.ok(kept.active);
  assert.is((await post('/staff/shipping-methods', { ...f, code: 'unused' })).status, 303);
  const unused = await ten.db.selectFrom('shipping_methods').select('id').where('code', '=', 'unused').executeTakeFirstOrThrow();
  assert.is((await post(`/staff/shipping-methods/${unused.id}/delete`, {})).status, 303);
  assert.not.ok(await ten.db.selectFrom('shipping_methods').select('id').where('id', '=', unused.id).executeTakeFirst());
  const actions = (await ten.db.selectFrom('audit_log').select('action').where('target_type', '=', 'shipping_method').execute()).map((a) => a.action).sort();
  assert.equal(actions, ['shipping_method.created', 'shipping_method.created', 'shipping_method.deactivated', 'shipping_method.deleted', 'shipping_method.updated']);

  const cat = await staffCookie(ten.db, 'catalog_manager');
  assert.is((await t.req(ten.host, '/staff/shipping-methods', { headers: { cookie: cat } })).status, 403);
  assert.is((await post('/staff/shipping-methods', { ...f, code: 'nope' }, cat)).status, 403);
  const otherRow = await other.db.insertInto('shipping_methods').values({ code: 'b-only', name: 'B', price: 1, currency: 'TRY' }).returning('id').executeTakeFirstOrThrow();
  const maxA = Number((await ten.db.selectFrom('shipping_methods').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  if (otherRow.id > maxA) {
    assert.is((await t.req(ten.host, `/staff/shipping-methods/${otherRow.id}/edit`, { headers: { cookie } })).status, 404);
    assert.is((await post(`/staff/shipping-methods/${otherRow.id}`, f)).status, 404);
    assert.is((await post(`/staff/shipping-methods/${otherRow.id}/delete`, {})).status, 404);
  }
  assert.ok(await other.db.selectFrom('shipping_methods').select('id').where('id', '=', otherRow.id).executeTakeFirst());
});

test.run();
