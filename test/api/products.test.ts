import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { createAttributeDefinition, setProductAttributes } from '../../src/catalog/products.ts';
import { product } from '../catalog/support.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { apiKey, call } from './support.ts';

const test = suite('API-1 products endpoints');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});

async function catalog() {
  const ten = await makeTenant();
  const root = await createCategory(ten.db, { name: 'Hırdavat', slug: 'hirdavat' });
  const screws = await createCategory(ten.db, { name: 'Vidalar', slug: 'vidalar', parentId: root.id });
  const tools = await createCategory(ten.db, { name: 'El aletleri', slug: 'el-aletleri' });
  await createAttributeDefinition(ten.db, { code: 'length_mm', name: 'Boy', type: 'number', unit: 'mm' });
  const { key } = await apiKey(ten.db);
  return { ...ten, key, root, screws, tools };
}

test('GET /products pages by id with a cursor and shows money as minor units plus a decimal string', async () => {
  const s = await catalog();
  for (let i = 1; i <= 5; i++) await product(s.db, { name: `Vida ${i}`, sku: `V-${i}`, list_price: 1250 * i, category_id: s.screws.id });
  const p1 = await call(t, s.host, s.key, 'GET', '/products?limit=2');
  assert.is(p1.status, 200);
  assert.equal(p1.json.data.map((p: any) => p.sku), ['V-1', 'V-2']);
  assert.ok(p1.json.next_cursor);
  const first = p1.json.data[0];
  assert.is(first.list_price, 1250);
  assert.is(first.list_price_decimal, '12.50');
  assert.is(first.currency, 'TRY');
  assert.equal(first.category, { id: s.screws.id, path: 'hirdavat/vidalar', name: 'Vidalar' });
  const p2 = await call(t, s.host, s.key, 'GET', `/products?limit=2&cursor=${p1.json.next_cursor}`);
  assert.equal(p2.json.data.map((p: any) => p.sku), ['V-3', 'V-4']);
  const p3 = await call(t, s.host, s.key, 'GET', `/products?limit=2&cursor=${p2.json.next_cursor}`);
  assert.equal(p3.json.data.map((p: any) => p.sku), ['V-5']);
  assert.is(p3.json.next_cursor, null, 'the last page says so');
});

test('GET /products filters by sku, updated_since and category (with subcategories); bad parameters are 422 naming them', async () => {
  const s = await catalog();
  await product(s.db, { name: 'Vida', sku: 'F-1', category_id: s.screws.id });
  await product(s.db, { name: 'Çekiç', sku: 'F-2', category_id: s.tools.id });
  const old = await product(s.db, { name: 'Eski', sku: 'F-3' });
  await s.db.updateTable('products').set({ updated_at: new Date('2020-01-01T00:00:00Z') }).where('id', '=', old.id).execute();
  const bySku = await call(t, s.host, s.key, 'GET', '/products?sku=F-2,F-3');
  assert.equal(bySku.json.data.map((p: any) => p.sku), ['F-2', 'F-3']);
  const since = await call(t, s.host, s.key, 'GET', '/products?updated_since=2024-01-01T00:00:00Z');
  assert.equal(since.json.data.map((p: any) => p.sku), ['F-1', 'F-2']);
  const byPath = await call(t, s.host, s.key, 'GET', '/products?category=hirdavat');
  assert.equal(byPath.json.data.map((p: any) => p.sku), ['F-1'], 'the parent category includes its children');
  const byId = await call(t, s.host, s.key, 'GET', `/products?category=${s.tools.id}`);
  assert.equal(byId.json.data.map((p: any) => p.sku), ['F-2']);
  const bad = await call(t, s.host, s.key, 'GET', '/products?limit=501&updated_since=yesterday&category=nope&cursor=abc');
  assert.is(bad.status, 422);
  assert.is(bad.json.error.code, 'validation_failed');
  assert.equal(Object.keys(bad.json.error.fields).sort(), ['category', 'cursor', 'limit', 'updated_since']);
});

test('GET /products/:sku returns one product with attributes; unknown SKU is 404 JSON', async () => {
  const s = await catalog();
  const p = await product(s.db, { name: 'Vida 4x40', sku: 'VD-4X40/A', barcode: '8690000000012' });
  await setProductAttributes(s.db, p.id, { length_mm: 40 });
  const res = await call(t, s.host, s.key, 'GET', `/products/${encodeURIComponent('VD-4X40/A')}`);
  assert.is(res.status, 200);
  assert.is(res.json.data.sku, 'VD-4X40/A');
  assert.is(res.json.data.barcode, '8690000000012');
  assert.equal(res.json.data.attributes, { length_mm: '40' });
  const missing = await call(t, s.host, s.key, 'GET', '/products/NOPE');
  assert.is(missing.status, 404);
  assert.is(missing.json.error.code, 'not_found');
});

test('PUT /products/:sku creates (201) then updates (200) through the shared service; invalid fields are 422 naming each field', async () => {
  const s = await catalog();
  const created = await call(t, s.host, s.key, 'PUT', '/products/NEW-1', {
    name: 'Matkap ucu 6 mm',
    list_price: 4599,
    currency: 'TRY',
    category: 'hirdavat/vidalar',
    stock_qty: 12,
    attributes: { length_mm: 60 },
  });
  assert.is(created.status, 201, JSON.stringify(created.json));
  assert.is(created.headers.get('location'), '/api/v1/products/NEW-1');
  assert.is(created.json.status, 'created');
  assert.is(created.json.data.list_price, 4599);
  assert.is(created.json.data.list_price_decimal, '45.99');
  assert.is(created.json.data.stock_qty, 12);
  assert.is(created.json.data.category.path, 'hirdavat/vidalar');
  const movement = await s.db.selectFrom('stock_movements').select(['delta', 'source', 'api_key_id']).executeTakeFirstOrThrow();
  assert.is(movement.delta, 12);
  assert.is(movement.source, 'api');
  assert.ok(movement.api_key_id);

  const updated = await call(t, s.host, s.key, 'PUT', '/products/NEW-1', { name: 'Matkap ucu 6 mm HSS' });
  assert.is(updated.status, 200);
  assert.is(updated.json.status, 'updated');
  assert.is(updated.json.data.name, 'Matkap ucu 6 mm HSS');
  assert.is(updated.json.data.list_price, 4599, 'absent fields are kept');
  const same = await call(t, s.host, s.key, 'PUT', '/products/NEW-1', { name: 'Matkap ucu 6 mm HSS' });
  assert.is(same.json.status, 'unchanged');

  const roundTrip = await call(t, s.host, s.key, 'PUT', '/products/NEW-1', { ...updated.json.data, variant_attributes: undefined, custom_fields: undefined, advantages: undefined, technical_details: undefined, backorder_extra_days: undefined });
  assert.is(roundTrip.status, 200, `a GET body can be sent back: ${JSON.stringify(roundTrip.json)}`);

  const invalid = await call(t, s.host, s.key, 'PUT', '/products/NEW-2', { name: 'Bozuk', barcode: '8690000000013', vat_rate: 250, list_price: 12.5, colour: 'red' });
  assert.is(invalid.status, 422);
  assert.is(invalid.json.error.code, 'validation_failed');
  assert.equal(Object.keys(invalid.json.error.fields).sort(), ['barcode', 'colour', 'list_price', 'vat_rate'], 'every bad field is named at once');
  assert.match(invalid.json.error.fields.list_price, 'minor units');
  const service = await call(t, s.host, s.key, 'PUT', '/products/NEW-2', { name: 'Bozuk', list_price: 100, barcode: '8690000000013', vat_rate: 250, colour: 'red' });
  assert.is(service.status, 422);
  assert.match(service.json.error.fields.barcode, 'check digit');
  assert.ok(service.json.error.fields.vat_rate);
  assert.ok(service.json.error.fields.colour);
  const noName = await call(t, s.host, s.key, 'PUT', '/products/NEW-3', { unit: 'adet', list_price: 100 });
  assert.is(noName.status, 422);
  assert.ok(noName.json.error.fields.name, 'a new product needs a name');
  const mismatch = await call(t, s.host, s.key, 'PUT', '/products/NEW-1', { sku: 'OTHER', name: 'x' });
  assert.is(mismatch.status, 422);
  assert.ok(mismatch.json.error.fields.sku);
  const count = await s.db.selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.is(Number(count.n), 1, 'nothing invalid was written');
});

test('variants: parent_sku is shown, may be sent back unchanged, but cannot be set or changed through the API', async () => {
  const s = await catalog();
  const parent = await product(s.db, { name: 'Eldiven', sku: 'EL' });
  await product(s.db, { name: 'Eldiven M', sku: 'EL-M', parent_id: parent.id });
  const got = await call(t, s.host, s.key, 'GET', '/products/EL-M');
  assert.is(got.json.data.parent_sku, 'EL');
  const back = await call(t, s.host, s.key, 'PUT', '/products/EL-M', { parent_sku: 'EL', name: 'Eldiven (M)' });
  assert.is(back.status, 200);
  assert.is(back.json.data.parent_sku, 'EL');
  const moved = await call(t, s.host, s.key, 'PUT', '/products/EL-M', { parent_sku: null });
  assert.is(moved.status, 422);
  assert.ok(moved.json.error.fields.parent_sku);
  const fresh = await call(t, s.host, s.key, 'PUT', '/products/EL-L', { parent_sku: 'EL', name: 'Eldiven L', list_price: 100 });
  assert.is(fresh.status, 422, 'a new variant is not made silently as a plain product');
  assert.is(await s.db.selectFrom('products').select('id').where('sku', '=', 'EL-L').executeTakeFirst(), undefined);
});

test('stock inside a product body needs the stock.write scope too; the list price comes with products.write', async () => {
  const s = await catalog();
  const { key } = await apiKey(s.db, ['products.write', 'products.read']);
  const res = await call(t, s.host, key, 'PUT', '/products/S-1', { name: 'Vida', stock_qty: 5, list_price: 100 });
  assert.is(res.status, 422);
  assert.match(res.json.error.fields.stock_qty, 'stock.write');
  assert.is(Object.keys(res.json.error.fields).length, 1);
  assert.is((await call(t, s.host, key, 'PUT', '/products/S-1', { name: 'Vida', list_price: 100 })).status, 201);
});

test('POST /products/batch: a bad item never blocks the good ones; per-item results and a summary', async () => {
  const s = await catalog();
  await product(s.db, { name: 'Var olan', sku: 'B-0' });
  const res = await call(t, s.host, s.key, 'POST', '/products/batch', {
    products: [
      { sku: 'B-1', name: 'Yeni 1', list_price: 1000, currency: 'TRY' },
      { sku: 'B-2', name: 'Kötü barkod', barcode: '123' },
      { sku: 'B-0', name: 'Güncellendi' },
      { sku: 'B-3', name: 'Yeni 3', list_price: 100, category: 'yok/boyle' },
      'not an object',
      { sku: 'B-1', name: 'İkinci kez' },
      { sku: 'B-4', name: 'Yeni 4', lead_time_days: 3, list_price_decimal: '7.50' },
    ],
  });
  assert.is(res.status, 200);
  assert.equal(res.json.summary, { created: 2, updated: 1, unchanged: 0, rejected: 4 });
  const r = res.json.results;
  assert.equal(r.map((x: any) => x.status), ['created', 'rejected', 'updated', 'rejected', 'rejected', 'rejected', 'created']);
  assert.equal(r.map((x: any) => x.index), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok(r[1].errors.barcode);
  assert.ok(r[3].errors.category);
  assert.ok(r[4].errors.product);
  assert.match(r[5].errors.sku, 'more than once');
  const skus = (await s.db.selectFrom('products').select('sku').orderBy('sku').execute()).map((x) => x.sku);
  assert.equal(skus, ['B-0', 'B-1', 'B-4']);
  const tooMany = await call(t, s.host, s.key, 'POST', '/products/batch', { products: Array.from({ length: 1001 }, (_, i) => ({ sku: `X-${i}`, name: 'x' })) });
  assert.is(tooMany.status, 422);
  assert.ok(tooMany.json.error.fields.products);
});

test('PUT /stock sets absolute levels with movements; unknown SKUs and bad quantities are rejected per item', async () => {
  const s = await catalog();
  const a = await product(s.db, { name: 'A', sku: 'ST-A', stock_qty: 10 });
  await product(s.db, { name: 'B', sku: 'ST-B', stock_qty: 3 });
  const res = await call(t, s.host, s.key, 'PUT', '/stock', [
    { sku: 'ST-A', qty: 25 },
    { sku: 'ST-B', qty: 3 },
    { sku: 'NOPE', qty: 1 },
    { sku: 'ST-B', qty: -2 },
    { sku: 'ST-B' },
  ]);
  assert.is(res.status, 200);
  assert.equal(res.json.results.map((x: any) => x.status), ['updated', 'unchanged', 'rejected', 'rejected', 'rejected']);
  assert.ok(res.json.results[2].errors.sku);
  assert.ok(res.json.results[3].errors.stock_qty ?? res.json.results[3].errors.qty);
  assert.is(res.json.results[4].errors.qty, 'required');
  const levels = await s.db.selectFrom('products').select(['sku', 'stock_qty']).orderBy('sku').execute();
  assert.equal(levels, [{ sku: 'ST-A', stock_qty: 25 }, { sku: 'ST-B', stock_qty: 3 }]);
  const moves = await s.db.selectFrom('stock_movements').select(['product_id', 'delta', 'qty_after', 'source']).execute();
  assert.equal(moves, [{ product_id: a.id, delta: 15, qty_after: 25, source: 'api' }]);
  const nudges = (await t.deps.queues.get('reminders').getJobs(['delayed', 'waiting'])).filter((j) => j.name === 'stock-alerts' && j.data.tenantId === s.tenant.id);
  assert.ok(nudges.length >= 1, 'the stock-alert job was nudged for this tenant');
});

test('PUT /prices sets list prices from minor units or decimal text; a mismatch between the two is refused', async () => {
  const s = await catalog();
  await product(s.db, { name: 'A', sku: 'P-A', list_price: 1000 });
  await product(s.db, { name: 'B', sku: 'P-B', list_price: 1000 });
  await product(s.db, { name: 'C', sku: 'P-C', list_price: 1000 });
  const res = await call(t, s.host, s.key, 'PUT', '/prices', [
    { sku: 'P-A', list_price: 123456, currency: 'TRY' },
    { sku: 'P-B', list_price_decimal: '99.90', currency: 'EUR' },
    { sku: 'P-C', list_price: 500, list_price_decimal: '9.99', currency: 'TRY' },
    { sku: 'P-C', list_price: 500, currency: 'XXQ' },
    { sku: 'NOPE', list_price: 100, currency: 'TRY' },
  ]);
  assert.is(res.status, 200);
  assert.equal(res.json.results.map((x: any) => x.status), ['updated', 'updated', 'rejected', 'rejected', 'rejected']);
  assert.ok(res.json.results[2].errors.list_price_decimal);
  assert.ok(res.json.results[3].errors.currency);
  const prices = await s.db.selectFrom('products').select(['sku', 'list_price', 'currency']).orderBy('sku').execute();
  assert.equal(prices, [
    { sku: 'P-A', list_price: 123456, currency: 'TRY' },
    { sku: 'P-B', list_price: 9990, currency: 'EUR' },
    { sku: 'P-C', list_price: 1000, currency: 'TRY' },
  ]);
  const got = await call(t, s.host, s.key, 'GET', '/products/P-A');
  assert.is(got.json.data.list_price_decimal, '1234.56');
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
