import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createAttributeDefinition, setProductAttributes } from '../../src/catalog/products.ts';
import { createCategory } from '../../src/catalog/categories.ts';
import { setSetting } from '../../src/settings/settings.ts';
import { adjustStock } from '../../src/stock/stock.ts';
import { A, B, dealer, get, manager, managerB, managerId, onB, post, postB, product, staffCatalogSuite, t, warehouse } from './support.ts';
import { ean13, productFields } from './staff-support.ts';

const test = suite('CAT-2, CAT-4 staff product card and variants');
const BASE = '/staff/catalog/products';

staffCatalogSuite(test, {
  a: 'Katalog Satıcı A.Ş.', b: 'Başka Satıcı',
  setup: async () => {
    await createAttributeDefinition(A.db, { code: 'renk', name: 'Renk', type: 'choice', choices: ['Beyaz', 'Siyah', 'Krom'], variantAxis: true, filterable: true });
    await createAttributeDefinition(A.db, { code: 'guc', name: 'Güç', type: 'number', unit: 'W' });
    await setSetting(A.db, 'productCustomFields', { fields: [{ key: 'garanti', label: 'Garanti (ay)', type: 'number' }, { key: 'ce', label: 'CE belgeli', type: 'yesno' }] });
  },
});

const count = async (db = A.db) => Number((await db.selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const bySku = (sku: string) => A.db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();

test('signed out → login; a dealer gets 403; warehouse staff can neither open nor post; a catalog manager can', async () => {
  const out = await t.req(A.host, BASE);
  assert.is(out.status, 303);
  assert.match(out.headers.get('location') ?? '', '/staff/login');
  assert.is((await get(BASE, dealer)).status, 403);
  assert.is((await get(BASE, warehouse)).status, 403);
  assert.is((await get(`${BASE}/new`, warehouse)).status, 403);
  const before = await count();
  assert.is((await post(BASE, productFields({ sku: 'WH-1' }), warehouse)).status, 403);
  assert.is((await post(BASE, productFields({ sku: 'DL-1' }), dealer)).status, 403);
  assert.is(await count(), before, 'nothing saved');
  const ok = await get(BASE, manager);
  assert.is(ok.status, 200);
  const form = await (await get(`${BASE}/new`, manager)).text();
  for (const name of ['sku', 'name', 'barcode', 'category_id', 'brand', 'manufacturer', 'country_of_origin', 'short_description', 'description', 'advantages', 'technical_details', 'unit', 'pieces_per_package', 'packages_per_pallet', 'min_order_qty', 'order_multiple', 'order_type', 'lead_time_days', 'weight_kg', 'vat_rate', 'list_price', 'currency', 'active', 'hidden', 'min_stock', 'out_of_stock_behaviour', 'backorder_extra_days', 'stock_qty', 'attr.renk', 'attr.guc', 'custom.garanti', 'custom.ce']) {
    assert.match(form, `name="${name}"`, `form has ${name}`);
  }
  assert.not.match(form, /<script>|style="/, 'no inline script or style (CSP)');
});

test('creating a product stores every field; money without floats; stock through a manual movement; audit row', async () => {
  const cat = await createCategory(A.db, { name: 'Bağlantı Elemanları' });
  const barcode = ean13('869000000101');
  const res = await post(BASE, productFields({ sku: 'VD-630', barcode, category_id: String(cat.id), 'attr.renk': 'Krom', 'attr.guc': '12,5', 'custom.garanti': '24', 'custom.ce': '1' }), manager);
  assert.is(res.status, 303, await res.clone().text());
  const p = (await bySku('VD-630'))!;
  assert.match(res.headers.get('location') ?? '', `${BASE}/${p.id}`);
  assert.is(Number(p.list_price), 123456);
  assert.is(p.currency, 'TRY');
  assert.is(p.weight_g, 1250);
  assert.is(p.barcode, barcode);
  assert.is(p.category_id, cat.id);
  assert.is(p.country_of_origin, 'TR');
  assert.is(p.pieces_per_package, 100);
  assert.is(p.packages_per_pallet, 40);
  assert.is(p.min_order_qty, 2);
  assert.is(p.order_type, 'mto');
  assert.is(p.lead_time_days, 5);
  assert.is(p.min_stock, 3);
  assert.is(p.backorder_extra_days, 7);
  assert.is(p.advantages, 'Uzun ömür');
  assert.is(p.active, true);
  assert.is(p.hidden, false);
  assert.equal(p.custom_fields, { garanti: '24', ce: '1' });
  assert.equal(p.variant_attributes, { renk: 'Krom' });
  assert.is(p.stock_qty, 12);
  const moves = await A.db.selectFrom('stock_movements').selectAll().where('product_id', '=', p.id).execute();
  assert.is(moves.length, 1);
  assert.is(moves[0]!.source, 'manual');
  assert.is(moves[0]!.delta, 12);
  assert.is(moves[0]!.user_id, managerId);
  const attrs = await A.db.selectFrom('product_attribute_values').select(['value_text', 'value_number']).where('product_id', '=', p.id).orderBy('attribute_id').execute();
  assert.equal(attrs.map((a) => a.value_text), ['Krom', '12,5']);
  const audit = await A.db.selectFrom('audit_log').selectAll().where('action', '=', 'product.created').where('target_id', '=', String(p.id)).execute();
  assert.is(audit.length, 1);
  assert.is(audit[0]!.actor_user_id, managerId);
  const page = await (await get(`${BASE}/${p.id}`, manager)).text();
  assert.match(page, 'value="1234,56"', 'price shown in Turkish notation');
  assert.match(page, `href="/staff/media/products/${p.id}"`);
  assert.match(page, `href="/staff/stock/products/${p.id}"`);
});

test('"1234.56" and "1,234.56" parse to the same minor units as "1.234,56"; "0,1" is ten kuruş', async () => {
  for (const [sku, price, minor] of [['PR-1', '1234.56', 123456], ['PR-2', '1,234.56', 123456], ['PR-3', '0,1', 10], ['PR-4', '1.000.000', 100000000]] as const) {
    const res = await post(BASE, productFields({ sku, list_price: price, stock_qty: '0' }), manager);
    assert.is(res.status, 303, `${price}: ${res.status}`);
    assert.is(Number((await bySku(sku))!.list_price), minor, price);
  }
  assert.is((await A.db.selectFrom('stock_movements').select('stock_movements.id').innerJoin('products', 'products.id', 'stock_movements.product_id').where('products.sku', '=', 'PR-1').execute()).length, 0, 'zero stock writes no movement');
});

test('refused forms: bad GTIN, duplicate SKU/barcode, bad price, bad attribute values — nothing saved, errors beside the fields, input kept', async () => {
  const before = await count();
  const existing = (await bySku('VD-630'))!;
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ sku: 'BAD-1', barcode: '8690000001012' }, 'barcode', /Kontrol hanesi/],
    [{ sku: 'BAD-2', barcode: '12345' }, 'barcode', /8, 12, 13 veya 14/],
    [{ sku: 'VD-630' }, 'sku', /başka bir üründe kullanılıyor/],
    [{ sku: 'BAD-3', barcode: existing.barcode! }, 'barcode', /Bu barkod başka/],
    [{ sku: 'BAD-3b', barcode: `0${existing.barcode!}` }, 'barcode', /Bu barkod başka/],
    [{ sku: 'BAD-4', list_price: '12,345' }, 'list_price', /ondalık/],
    [{ sku: 'BAD-5', list_price: 'on iki' }, 'list_price', /sayı/],
    [{ sku: 'BAD-6', list_price: '-5' }, 'list_price', /sayı/],
    [{ sku: 'BAD-7', 'attr.renk': 'Mor' }, 'attr.renk', /Listeden/],
    [{ sku: 'BAD-8', 'attr.guc': 'çok' }, 'attr.guc', /sayı/],
    [{ sku: 'BAD-9', country_of_origin: 'XX' }, 'country_of_origin', /ISO ülke/],
    [{ sku: 'BAD-10', currency: 'ABC' }, 'currency', /para birimi/],
    [{ sku: 'BAD-11', vat_rate: '120' }, 'vat_rate', /aralığın/],
    [{ sku: 'BAD-12', category_id: '999999' }, 'category_id', /Kategori bulunamadı/],
    [{ sku: '', name: '' }, 'sku', /zorunlu/],
  ];
  for (const [over, field, text] of cases) {
    const res = await post(BASE, productFields({ stock_qty: '5', ...over }), manager);
    assert.is(res.status, 422, `${JSON.stringify(over)} → ${res.status}`);
    const html = await res.text();
    const errorBlock = new RegExp(`id="f-${field.replace('.', '\\.')}-error"[^>]*>([^<]*)<`).exec(html);
    assert.ok(errorBlock, `error beside ${field}`);
    assert.match(errorBlock![1]!, text);
    if (over.name === undefined) assert.match(html, 'value="Paslanmaz Vida M6x30"', 'typed name kept');
    if (over.list_price) assert.match(html, `value="${over.list_price}"`, 'typed price kept');
  }
  assert.is(await count(), before, 'no product saved');
  assert.is((await A.db.selectFrom('stock_movements').select('id').execute()).length, 1, 'no stock movement written');
});

test('editing: changed stock writes a movement; a stale stock field never overwrites stock that moved meanwhile; audit lists changes', async () => {
  const p = (await bySku('VD-630'))!;
  const form = productFields({ sku: 'VD-630', barcode: p.barcode!, category_id: String(p.category_id), 'attr.renk': 'Krom', stock_qty: '12', stock_before: '12', list_price: '1500', name: 'Paslanmaz Vida M6x30 (yeni)' });
  await adjustStock(A.db, p.id, -2, { source: 'order' });
  const res = await post(`${BASE}/${p.id}`, form, manager);
  assert.is(res.status, 303);
  let now = (await bySku('VD-630'))!;
  assert.is(now.stock_qty, 10, 'the order taking 2 is kept: stock field unchanged since the form was opened');
  assert.is(Number(now.list_price), 150000);
  assert.is(now.name, 'Paslanmaz Vida M6x30 (yeni)');
  const attrs = await A.db.selectFrom('product_attribute_values').select('value_text').where('product_id', '=', p.id).execute();
  assert.equal(attrs.map((a) => a.value_text), ['Krom'], 'cleared attribute removed');
  assert.is((await post(`${BASE}/${p.id}`, { ...form, stock_qty: '', stock_before: '12' }, manager)).status, 303);
  assert.is((await bySku('VD-630'))!.stock_qty, 10, 'an emptied stock field changes nothing');
  const res2 = await post(`${BASE}/${p.id}`, { ...form, stock_qty: '40', stock_before: '10' }, manager);
  assert.is(res2.status, 303);
  now = (await bySku('VD-630'))!;
  assert.is(now.stock_qty, 40);
  const last = await A.db.selectFrom('stock_movements').selectAll().where('product_id', '=', p.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(last.source, 'manual');
  assert.is(last.delta, 30);
  const audit = await A.db.selectFrom('audit_log').select('details').where('action', '=', 'product.updated').where('target_id', '=', String(p.id)).orderBy('id').execute();
  assert.is(audit.length, 3);
  const changes = (audit[0]!.details as { changes: Record<string, unknown> }).changes;
  assert.ok(changes.list_price && changes.name, 'price and name change recorded');
});

test('a product hidden on its form disappears for dealers (404) and shows as hidden to staff', async () => {
  const p = (await bySku('VD-630'))!;
  assert.is((await get(`/portal/catalog/products/${p.id}`, dealer)).status, 200);
  const res = await post(`${BASE}/${p.id}`, productFields({ sku: 'VD-630', barcode: p.barcode!, hidden: '1', stock_qty: '40', stock_before: '40' }), manager);
  assert.is(res.status, 303);
  assert.is((await bySku('VD-630'))!.hidden, true);
  assert.is((await get(`/portal/catalog/products/${p.id}`, dealer)).status, 404);
  const list = await (await get(`${BASE}?status=hidden`, manager)).text();
  assert.match(list, 'VD-630');
  assert.not.match(list, 'PR-1');
});

test('variants: added on the parent, own SKU/barcode/stock/price, category inherited, combinations unique, no variants of variants', async () => {
  const cat = await createCategory(A.db, { name: 'Armatür' });
  const cat2 = await createCategory(A.db, { name: 'Banyo' });
  const res = await post(BASE, productFields({ sku: 'BAT-1', category_id: String(cat.id), 'attr.renk': 'Krom', 'attr.guc': '40', stock_qty: '3' }), manager);
  assert.is(res.status, 303);
  const parent = (await bySku('BAT-1'))!;
  const newPage = await get(`${BASE}/${parent.id}/variants/new`, manager);
  assert.is(newPage.status, 200);
  const html = await newPage.text();
  assert.match(html, 'name="attr.renk"');
  assert.not.match(html, 'name="attr.guc"', 'only variant axes are offered');
  const vBarcode = ean13('869000000202');
  const created = await post(`${BASE}/${parent.id}/variants`, { sku: 'BAT-1-SYH', name: 'Batarya Siyah', barcode: vBarcode, list_price: '99,90', stock_qty: '7', 'attr.renk': 'Siyah', active: '1' }, manager);
  assert.is(created.status, 303, await created.clone().text());
  const v = (await bySku('BAT-1-SYH'))!;
  assert.is(v.parent_id, parent.id);
  assert.is(v.category_id, cat.id);
  assert.is(Number(v.list_price), 9990);
  assert.is(v.currency, parent.currency);
  assert.is(v.unit, parent.unit);
  assert.is(v.stock_qty, 7);
  assert.equal(v.variant_attributes, { renk: 'Siyah' });
  const vAttrs = await A.db.selectFrom('product_attribute_values').select('value_text').where('product_id', '=', v.id).orderBy('attribute_id').execute();
  assert.equal(vAttrs.map((a) => a.value_text), ['Siyah', '40'], 'own axis value, the parent’s other attributes');
  const mv = await A.db.selectFrom('stock_movements').selectAll().where('product_id', '=', v.id).execute();
  assert.is(mv.length, 1);
  assert.is(mv[0]!.source, 'manual');

  const dup = await post(`${BASE}/${parent.id}/variants`, { sku: 'BAT-1-SYH2', name: 'x', list_price: '1', 'attr.renk': 'Siyah', active: '1' }, manager);
  assert.is(dup.status, 422);
  assert.match(await dup.text(), /kombinasyonu/);
  const sameAsParent = await post(`${BASE}/${parent.id}/variants`, { sku: 'BAT-1-KRM', name: 'x', list_price: '1', 'attr.renk': 'Krom', active: '1' }, manager);
  assert.is(sameAsParent.status, 422);
  const noAxis = await post(`${BASE}/${parent.id}/variants`, { sku: 'BAT-1-X', name: 'x', list_price: '1', active: '1' }, manager);
  assert.is(noAxis.status, 422);
  const dupSku = await post(`${BASE}/${parent.id}/variants`, { sku: 'BAT-1', name: 'x', list_price: '1', 'attr.renk': 'Beyaz', active: '1' }, manager);
  assert.is(dupSku.status, 422);
  assert.match(await dupSku.text(), /stok kodu başka/);
  const nested = await post(`${BASE}/${v.id}/variants`, { sku: 'BAT-1-SYH-A', name: 'x', list_price: '1', 'attr.renk': 'Beyaz', active: '1' }, manager);
  assert.is(nested.status, 303);
  assert.is(nested.headers.get('location'), `${BASE}/${parent.id}#variants`);
  assert.is(await bySku('BAT-1-SYH-A'), undefined, 'a variant cannot have variants');
  assert.is((await get(`${BASE}/${v.id}/variants/new`, manager)).status, 303);

  const edit = await get(`${BASE}/${parent.id}`, manager);
  const editHtml = await edit.text();
  assert.match(editHtml, 'id="variant-table"');
  assert.match(editHtml, 'BAT-1-SYH');
  const list = await (await get(`${BASE}?q=BAT-1`, manager)).text();
  assert.match(list, /id="product-[0-9]+"/);

  const moved = await post(`${BASE}/${parent.id}`, productFields({ sku: 'BAT-1', category_id: String(cat2.id), 'attr.renk': 'Krom', stock_qty: '3', stock_before: '3' }), manager);
  assert.is(moved.status, 303);
  assert.is((await bySku('BAT-1-SYH'))!.category_id, cat2.id, 'the variant follows the parent category');

  const vEdit = await get(`${BASE}/${v.id}`, manager);
  assert.match(await vEdit.text(), 'id="variant-form"');
  const vSave = await post(`${BASE}/${v.id}`, { sku: 'BAT-1-SYH', name: 'Batarya Mat Siyah', barcode: vBarcode, list_price: '109,90', stock_qty: '9', stock_before: '7', 'attr.renk': 'Siyah', active: '1' }, manager);
  assert.is(vSave.status, 303);
  const v2 = (await bySku('BAT-1-SYH'))!;
  assert.is(v2.name, 'Batarya Mat Siyah');
  assert.is(Number(v2.list_price), 10990);
  assert.is(v2.stock_qty, 9);
  assert.is(v2.category_id, cat2.id);
});

test('product list: text/SKU/barcode search, category and availability filters, keyset pages, htmx fragment', async () => {
  for (let i = 0; i < 55; i++) await product(A.db, { name: `Liste Ürünü ${i}`, sku: `LST-${String(i).padStart(3, '0')}` });
  const first = await (await get(`${BASE}?q=LST`, manager)).text();
  assert.match(first, 'LST-000');
  assert.not.match(first, 'LST-050');
  const next = /href="([^"]*after=[^"]*)" rel="next"/.exec(first);
  assert.ok(next, 'next page link');
  const second = await (await get(next![1]!.replace(/&amp;/g, '&'), manager)).text();
  assert.match(second, 'LST-054');
  assert.not.match(second, 'LST-000');
  const p = (await bySku('BAT-1-SYH'))!;
  const words = await (await get(`${BASE}?q=${encodeURIComponent('ürünü LİSTE 7')}`, manager)).text();
  assert.match(words, 'LST-007', 'every word, in any order and case, Turkish İ folded');
  assert.not.match(words, 'LST-008');
  const scan = await (await get(`${BASE}?q=${p.barcode}`, manager)).text();
  assert.match(scan, 'BAT-1-SYH');
  const frag = await get(`${BASE}?q=vida`, manager, true);
  const fragHtml = await frag.text();
  assert.not.match(fragHtml, '<html');
  assert.match(fragHtml, 'id="product-results"');
  assert.match(frag.headers.get('vary') ?? '', 'HX-Request');
  const cat = await A.db.selectFrom('categories').select('id').where('slug', '=', 'banyo').executeTakeFirstOrThrow();
  const byCat = await (await get(`${BASE}?category=${cat.id}`, manager)).text();
  assert.match(byCat, 'BAT-1');
  assert.not.match(byCat, 'LST-001');
  await A.db.updateTable('products').set({ out_of_stock_behaviour: 'block' }).where('sku', '=', 'LST-001').execute();
  const { setStockLevels } = await import('../../src/stock/stock.ts');
  await setStockLevels(A.db, [{ productId: (await bySku('LST-001'))!.id, qty: 0 }], { source: 'manual' });
  const oos = await (await get(`${BASE}?availability=out_of_stock`, manager)).text();
  assert.match(oos, 'LST-001');
  assert.not.match(oos, 'LST-002');
});

test("isolation: A's product, variant page and attribute ids are 404 on B's host, even for B's catalog manager", async () => {
  const p = (await bySku('BAT-1'))!;
  const v = (await bySku('BAT-1-SYH'))!;
  const bBefore = await count(B.db);
  for (const path of [`${BASE}/${p.id}`, `${BASE}/${v.id}`, `${BASE}/${p.id}/variants/new`]) assert.is((await onB(path, managerB)).status, 404, path);
  assert.is((await postB(`${BASE}/${p.id}`, productFields({ sku: 'HIJACK' }), managerB)).status, 404);
  assert.is((await postB(`${BASE}/${p.id}/variants`, { sku: 'HIJACK-2', name: 'x', list_price: '1', 'attr.renk': 'Beyaz' }, managerB)).status, 404);
  assert.is(await count(B.db), bBefore);
  assert.is((await bySku('BAT-1'))!.name, p.name);
  assert.is((await onB(BASE, manager)).status, 303, "A's cookie is not a session on B");
  const list = await (await onB(`${BASE}?q=BAT`, managerB)).text();
  assert.not.match(list, 'BAT-1');
});

test.run();
