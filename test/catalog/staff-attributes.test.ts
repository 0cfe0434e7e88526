import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setProductAttributes } from '../../src/catalog/products.ts';
import { getSetting } from '../../src/settings/settings.ts';
import { A, B, get, manager, managerB, onB, post, postB, product, staffCatalogSuite, warehouse } from './support.ts';
import { productFields } from './staff-support.ts';

const test = suite('CAT-2 staff attribute definitions and custom fields');
const BASE = '/staff/catalog/attributes';

staffCatalogSuite(test, { a: 'Özellik Satıcı', b: 'Öteki Satıcı' });

const def = (code: string) => A.db.selectFrom('attribute_definitions').selectAll().where('code', '=', code).executeTakeFirst();

test('create: code, name, type, unit, choices, filterable, variant axis, position; bad input refused beside the field', async () => {
  assert.is((await get(BASE, warehouse)).status, 403);
  assert.is((await post(BASE, { code: 'x', name: 'X', type: 'text' }, warehouse)).status, 403);
  const res = await post(BASE, { code: 'renk', name: 'Renk', type: 'choice', unit: '', choices: 'Beyaz\nSiyah\r\n\nKırmızı\nBeyaz', filterable: '1', variant_axis: '1', position: '2' }, manager);
  assert.is(res.status, 303);
  const d = (await def('renk'))!;
  assert.equal(d.choices, ['Beyaz', 'Siyah', 'Kırmızı']);
  assert.is(d.filterable, true);
  assert.is(d.variant_axis, true);
  assert.is(d.position, 2);
  assert.is((await post(BASE, { code: 'guc', name: 'Güç', type: 'text', unit: 'W' }, manager)).status, 303);
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ code: 'Renk Kodu', name: 'x', type: 'text' }, 'code', /küçük harf/],
    [{ code: 'renk', name: 'Renk 2', type: 'text' }, 'code', /zaten kullanılıyor/],
    [{ code: 'olcu', name: 'Ölçü', type: 'choice', choices: '' }, 'choices', /en az bir seçenek/],
    [{ code: 'olcu', name: '', type: 'text' }, 'name', /zorunlu/],
    [{ code: 'olcu', name: 'Ölçü', type: 'date' }, 'type', /Geçersiz/],
  ];
  for (const [fields, field, text] of cases) {
    const bad = await post(BASE, fields, manager);
    assert.is(bad.status, 422, JSON.stringify(fields));
    assert.match(await bad.text(), new RegExp(`id="f-${field}-error"[^>]*>[^<]*${text.source}`));
  }
  assert.is(await def('olcu'), undefined);
  const list = await (await get(BASE, manager)).text();
  assert.match(list, 'id="attribute-table"');
  assert.match(list, 'Beyaz, Siyah, Kırmızı');
});

test('the code cannot change after creation', async () => {
  const d = (await def('guc'))!;
  const page = await (await get(`${BASE}/${d.id}`, manager)).text();
  assert.not.match(page, 'name="code"');
  const res = await post(`${BASE}/${d.id}`, { code: 'power', name: 'Güç (nominal)', type: 'text', unit: 'W', position: '1' }, manager);
  assert.is(res.status, 303);
  const after = (await def('guc'))!;
  assert.is(after.name, 'Güç (nominal)');
  assert.is(await def('power'), undefined);
});

test('type changes are checked against stored values: refused with the offending values, accepted and normalised when they fit', async () => {
  const guc = (await def('guc'))!;
  const p1 = await product(A.db, { name: 'LED 1' });
  const p2 = await product(A.db, { name: 'LED 2' });
  await setProductAttributes(A.db, p1.id, { guc: '12' });
  await setProductAttributes(A.db, p2.id, { guc: 'yüksek' });
  const refused = await post(`${BASE}/${guc.id}`, { name: 'Güç', type: 'number', unit: 'W', position: '1' }, manager);
  assert.is(refused.status, 422);
  const html = await refused.text();
  assert.match(html, /mevcut değerlerle uyuşmuyor: “yüksek”/);
  assert.match(html, /id="f-type-error"/);
  assert.is((await def('guc'))!.type, 'text', 'nothing changed');
  await setProductAttributes(A.db, p2.id, { guc: '7.5' });
  const ok = await post(`${BASE}/${guc.id}`, { name: 'Güç', type: 'number', unit: 'W', position: '1' }, manager);
  assert.is(ok.status, 303);
  assert.is((await def('guc'))!.type, 'number');
  const values = await A.db.selectFrom('product_attribute_values').select(['value_text', 'value_number']).where('attribute_id', '=', guc.id).orderBy('value_text').execute();
  assert.equal(values, [{ value_text: '12', value_number: '12' }, { value_text: '7,5', value_number: '7.5' }]);

  const renk = (await def('renk'))!;
  await setProductAttributes(A.db, p1.id, { renk: 'Siyah' });
  const dropUsed = await post(`${BASE}/${renk.id}`, { name: 'Renk', type: 'choice', choices: 'Beyaz\nKırmızı', position: '2', variant_axis: '1', filterable: '1' }, manager);
  assert.is(dropUsed.status, 422);
  assert.match(await dropUsed.text(), /id="f-choices-error"[^>]*>[^<]*“Siyah”/);
  assert.equal((await def('renk'))!.choices, ['Beyaz', 'Siyah', 'Kırmızı']);
  const dropUnused = await post(`${BASE}/${renk.id}`, { name: 'Renk', type: 'choice', choices: 'Beyaz\nSiyah\nGri', position: '2', variant_axis: '1', filterable: '1' }, manager);
  assert.is(dropUnused.status, 303);
  assert.equal((await def('renk'))!.choices, ['Beyaz', 'Siyah', 'Gri']);
  const audit = await A.db.selectFrom('audit_log').select('action').where('action', '=', 'attribute.updated').execute();
  assert.is(audit.length, 3);
});

test('the product form follows the definitions: choice → select, number → validated', async () => {
  const form = await (await get('/staff/catalog/products/new', manager)).text();
  assert.match(form, /<select id="f-attr\.renk" name="attr\.renk"/);
  assert.match(form, /<option value="Gri">Gri<\/option>/);
  const bad = await post('/staff/catalog/products', productFields({ sku: 'ATTR-1', 'attr.guc': '12W' }), manager);
  assert.is(bad.status, 422);
  const ok = await post('/staff/catalog/products', productFields({ sku: 'ATTR-1', 'attr.guc': '12,5', 'attr.renk': 'Gri' }), manager);
  assert.is(ok.status, 303);
});

test('delete: refused while products carry values, allowed once unused', async () => {
  const renk = (await def('renk'))!;
  const refused = await post(`${BASE}/${renk.id}/delete`, {}, manager);
  assert.is(refused.status, 422);
  assert.match(await refused.text(), /üründe değeri var/);
  await A.db.deleteFrom('product_attribute_values').where('attribute_id', '=', renk.id).execute();
  assert.is((await post(`${BASE}/${renk.id}/delete`, {}, manager)).status, 303);
  assert.is(await def('renk'), undefined);
});

test('custom fields: added with key, label and type, shown on the product form, removed; bad keys refused', async () => {
  const base = '/staff/catalog/custom-fields';
  assert.is((await post(base, { key: 'garanti_ay', label: 'Garanti (ay)', type: 'number' }, manager)).status, 303);
  assert.is((await post(base, { key: 'ce', label: 'CE belgeli', type: 'yesno' }, manager)).status, 303);
  const dup = await post(base, { key: 'ce', label: 'CE', type: 'text' }, manager);
  assert.is(dup.status, 422);
  assert.match(await dup.text(), /zaten var/);
  assert.is((await post(base, { key: '1abc', label: 'x', type: 'text' }, manager)).status, 422);
  assert.is((await post(base, { key: 'abc', label: 'x', type: 'date' }, manager)).status, 422);
  assert.equal((await getSetting(A.db, 'productCustomFields')).fields.map((f) => f.key), ['garanti_ay', 'ce']);
  const form = await (await get('/staff/catalog/products/new', manager)).text();
  assert.match(form, 'name="custom.garanti_ay"');
  assert.match(form, 'type="checkbox" id="f-custom.ce"');
  const bad = await post('/staff/catalog/products', productFields({ sku: 'CF-1', 'custom.garanti_ay': 'iki yıl' }), manager);
  assert.is(bad.status, 422);
  const ok = await post('/staff/catalog/products', productFields({ sku: 'CF-1', 'custom.garanti_ay': '24', 'custom.ce': '1' }), manager);
  assert.is(ok.status, 303);
  const p = await A.db.selectFrom('products').select('custom_fields').where('sku', '=', 'CF-1').executeTakeFirstOrThrow();
  assert.equal(p.custom_fields, { garanti_ay: '24', ce: '1' });
  assert.is((await post(`${base}/ce/delete`, {}, manager)).status, 303);
  assert.equal((await getSetting(A.db, 'productCustomFields')).fields.map((f) => f.key), ['garanti_ay']);
  assert.is((await post(`${base}/nope/delete`, {}, manager)).status, 404);
});

test("isolation: A's attribute ids are 404 on B's host", async () => {
  const guc = (await def('guc'))!;
  assert.is((await onB(`${BASE}/${guc.id}`, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${guc.id}`, { name: 'x', type: 'text', position: '0' }, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${guc.id}/delete`, {}, managerB)).status, 404);
  assert.is((await def('guc'))!.name, 'Güç');
  assert.not.match(await (await onB(BASE, managerB)).text(), 'guc');
  assert.equal((await getSetting(B.db, 'productCustomFields')).fields, []);
});

test.run();
