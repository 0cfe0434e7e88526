import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { createAttributeDefinition } from '../../src/catalog/products.ts';
import { loadValidationContext, setListPrices, setStockBySku, upsertProducts, validateProductInput, type ValidationContext } from '../../src/catalog/upsert.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('CAT-8 product upsert service');
type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let vctx: ValidationContext;
const ctx = { source: 'import' as const, locale: 'en' as const };

test.before(async () => {
  a = await makeTenant({ name: 'Upsert A' });
  b = await makeTenant({ name: 'Upsert B' });
  const parent = await createCategory(a.db, { name: 'Hırdavat', slug: 'hirdavat' });
  await createCategory(a.db, { name: 'Vidalar', slug: 'vidalar', parentId: parent.id });
  await createAttributeDefinition(a.db, { code: 'malzeme', name: 'Malzeme', type: 'choice', choices: ['Çelik', 'Pirinç'] });
  await createAttributeDefinition(a.db, { code: 'uzunluk', name: 'Uzunluk', type: 'number', unit: 'mm' });
  vctx = await loadValidationContext(a.db, 'tr');
});

test.after(async () => {
  await closeTestDb();
});

const price = (raw: unknown, locale: 'tr' | 'en' = 'tr') => {
  const r = validateProductInput({ sku: 'X', list_price: raw }, { ...vctx, locale });
  return r.ok ? r.value.columns.list_price : r.errors[0]!.field;
};

test('prices become integer minor units without floats, in every common spelling', () => {
  assert.is(price('1.234,56'), 123456);
  assert.is(price('1234.56'), 123456);
  assert.is(price(1234.5), 123450);
  assert.is(price(10.1 * 3), 3030, 'binary noise of a spreadsheet formula is ignored');
  assert.is(price('1.234'), 123400, 'Turkish reading of a grouped thousand');
  assert.is(price('1,234.56', 'en'), 123456);
  assert.is(price('12,345', 'en'), 1234500);
  assert.is(price('1.234', 'en'), 'list_price', 'three decimals on a 2-digit currency is refused');
  assert.is(price('abc'), 'list_price');
  assert.is(price(-5), 'list_price');
});

test('validation: barcode check digit, category by path or id, attributes, unknown fields, every error at once', async () => {
  const okRow = validateProductInput(
    { sku: ' VD-1 ', name: 'Vida', barcode: '8690000000012', category: 'Hirdavat / vidalar', attributes: { malzeme: 'Çelik', uzunluk: '40' }, vat_rate: '%20', active: 'evet' },
    vctx,
  );
  assert.ok(okRow.ok);
  if (okRow.ok) {
    assert.is(okRow.value.sku, 'VD-1');
    assert.is(okRow.value.columns.barcode, '8690000000012');
    assert.is(okRow.value.columns.vat_rate, 20);
    assert.is(okRow.value.columns.active, true);
    assert.is(typeof okRow.value.columns.category_id, 'number');
    assert.is(okRow.value.attributes!.size, 2);
  }
  const idRow = validateProductInput({ sku: 'X', category: okRow.ok ? String(okRow.value.columns.category_id) : '' }, vctx);
  assert.ok(idRow.ok);
  const badRow = validateProductInput(
    { sku: 'VD-2', barcode: '8690000000013', category: 'yok/boyle', attributes: { malzeme: 'Tahta', renk: 'mavi' }, colour: 'x', vat_rate: 120 },
    { ...vctx, locale: 'en' },
  );
  assert.not.ok(badRow.ok);
  if (!badRow.ok) {
    const fields = badRow.errors.map((e) => e.field).sort();
    assert.equal(fields, ['attributes.malzeme', 'attributes.renk', 'barcode', 'category', 'colour', 'vat_rate']);
    assert.match(badRow.errors.find((e) => e.field === 'barcode')!.message, 'check digit');
  }
  const noSku = validateProductInput({ name: 'x' }, vctx);
  assert.not.ok(noSku.ok);
});

test('creates, then reports unchanged, then updates only what differs; absent fields stay', async () => {
  const rows = [
    { sku: 'U-1', name: 'Çelik Vida 4x40', list_price: '12,50', stock_qty: 5, category: 'hirdavat/vidalar', attributes: { malzeme: 'Çelik', uzunluk: 40 } },
    { sku: 'U-2', name: 'Pirinç Dübel', list_price: 3, barcode: '8690000000012' },
  ];
  const first = await upsertProducts(a.db, rows, ctx);
  assert.equal(first.map((r) => r.outcome), ['created', 'created']);
  const again = await upsertProducts(a.db, rows, ctx);
  assert.equal(again.map((r) => r.outcome), ['unchanged', 'unchanged']);
  const changed = await upsertProducts(a.db, [{ sku: 'U-1', list_price: '13,00' }, { sku: 'U-2', attributes: { malzeme: 'Pirinç' } }], ctx);
  assert.equal(changed.map((r) => r.outcome), ['updated', 'updated']);
  const p = await a.db.selectFrom('products').selectAll().where('sku', '=', 'U-1').executeTakeFirstOrThrow();
  assert.is(p.list_price, 1300);
  assert.is(p.name, 'Çelik Vida 4x40');
  assert.is(p.stock_qty, 5);
  assert.match(p.attr_text, 'Çelik');
  const u2 = await a.db.selectFrom('products').select(['attr_text', 'barcode']).where('sku', '=', 'U-2').executeTakeFirstOrThrow();
  assert.is(u2.attr_text, 'Pirinç');
  assert.is(u2.barcode, '8690000000012');
  const moves = await a.db.selectFrom('stock_movements').selectAll().where('product_id', '=', p.id).execute();
  assert.is(moves.length, 1);
  assert.is(moves[0]!.delta, 5);
  assert.is(moves[0]!.source, 'import');
});

test('a bad row between good rows is rejected alone; nothing of it is written', async () => {
  const res = await upsertProducts(
    a.db,
    [
      { sku: 'M-1', name: 'İyi Ürün 1', list_price: 10 },
      { sku: 'M-2', name: 'Kötü Ürün', list_price: 10, barcode: '1234567890123', stock_qty: 9 },
      { sku: 'M-3', name: 'İyi Ürün 3', list_price: 10 },
    ],
    ctx,
  );
  assert.equal(res.map((r) => r.outcome), ['created', 'rejected', 'created']);
  assert.is(res[1]!.errors![0]!.field, 'barcode');
  assert.not.ok(await a.db.selectFrom('products').select('id').where('sku', '=', 'M-2').executeTakeFirst());
});

test('a row the database refuses (fallback path) is rolled back whole; its neighbours land', async () => {
  const long = 'ş'.repeat(600); // attribute values are limited to 500 characters by a CHECK
  await createAttributeDefinition(a.db, { code: 'not', name: 'Not', type: 'text' }).catch(() => undefined);
  const v = await loadValidationContext(a.db, 'en');
  const res = await upsertProducts(
    a.db,
    [
      { sku: 'F-1', name: 'Bir', list_price: 1, stock_qty: 3 },
      { sku: 'F-2', name: 'İki', list_price: 1, stock_qty: 4, attributes: { not: long } },
      { sku: 'F-3', name: 'Üç', list_price: 1, stock_qty: 5 },
    ],
    ctx,
    { validation: v },
  );
  assert.equal(res.map((r) => r.outcome), ['created', 'rejected', 'created']);
  assert.not.ok(await a.db.selectFrom('products').select('id').where('sku', '=', 'F-2').executeTakeFirst(), 'no half-applied product');
  const levels = await a.db.selectFrom('products').select(['sku', 'stock_qty']).where('sku', 'in', ['F-1', 'F-3']).orderBy('sku').execute();
  assert.equal(levels.map((l) => l.stock_qty), [3, 5]);
});

test('duplicate SKU in one batch: first applied, later rejected naming the first', async () => {
  const res = await upsertProducts(a.db, [{ sku: 'D-1', name: 'İlk', list_price: 1 }, { sku: 'D-1', name: 'İkinci', list_price: 1 }], ctx, { label: (i) => `row ${i + 2}` });
  assert.equal(res.map((r) => r.outcome), ['created', 'rejected']);
  assert.match(res[1]!.errors![0]!.message, 'row 2');
  const p = await a.db.selectFrom('products').select('name').where('sku', '=', 'D-1').executeTakeFirstOrThrow();
  assert.is(p.name, 'İlk');
});

test('a barcode owned by another product is refused (also within one batch)', async () => {
  const res = await upsertProducts(a.db, [{ sku: 'B-1', name: 'Kopya', list_price: 1, barcode: '8690000000012' }, { sku: 'B-2', name: 'A', list_price: 1, barcode: '96385074' }, { sku: 'B-3', name: 'B', list_price: 1, barcode: '96385074' }], ctx);
  assert.equal(res.map((r) => r.outcome), ['rejected', 'created', 'rejected']);
  assert.match(res[0]!.errors![0]!.message, 'U-2');
});

test('new products need a name and a price; unknown category rejects the row', async () => {
  const res = await upsertProducts(a.db, [{ sku: 'N-1', list_price: 5 }, { sku: 'N-2', name: 'x', category: 'nope' }, { sku: 'N-3', name: 'fiyatsız' }], ctx);
  assert.equal(res.map((r) => r.outcome), ['rejected', 'rejected', 'rejected']);
  assert.is(res[0]!.errors![0]!.field, 'name');
  assert.is(res[2]!.errors![0]!.field, 'list_price');
  assert.is(res[1]!.errors![0]!.field, 'category');
});

test('setListPrices and setStockBySku: per-row outcomes, unknown SKUs rejected, movements carry the context', async () => {
  const prices = await setListPrices(a.db, [{ sku: 'M-1', list_price: '99,90' }, { sku: 'NOPE', list_price: 1 }, { sku: 'M-3', list_price: 10 }], { source: 'api', apiKeyId: 7 });
  assert.equal(prices.map((r) => r.outcome), ['updated', 'rejected', 'unchanged']);
  assert.is(prices[1]!.errors![0]!.field, 'sku');
  const stock = await setStockBySku(a.db, [{ sku: 'M-1', qty: 12 }, { sku: 'NOPE', qty: 1 }, { sku: 'M-3', qty: -1 }], { source: 'api', apiKeyId: 7 });
  assert.equal(stock.map((r) => r.outcome), ['updated', 'rejected', 'rejected']);
  const m1 = await a.db.selectFrom('products').select(['id', 'stock_qty', 'list_price']).where('sku', '=', 'M-1').executeTakeFirstOrThrow();
  assert.is(m1.stock_qty, 12);
  assert.is(m1.list_price, 9990);
  const mv = await a.db.selectFrom('stock_movements').selectAll().where('product_id', '=', m1.id).executeTakeFirstOrThrow();
  assert.is(mv.source, 'api');
  assert.is(mv.api_key_id, 7);
});

test('isolation: writes stay in the tenant schema they were given', async () => {
  const res = await upsertProducts(b.db, [{ sku: 'U-1', name: 'B tarafı', list_price: 1 }], ctx);
  assert.is(res[0]!.outcome, 'created', 'the same SKU in another tenant is a different product');
  const inA = await a.db.selectFrom('products').select('name').where('sku', '=', 'U-1').executeTakeFirstOrThrow();
  assert.is(inA.name, 'Çelik Vida 4x40');
  const res2 = await setStockBySku(b.db, [{ sku: 'M-1', qty: 1 }], ctx);
  assert.is(res2[0]!.outcome, 'rejected');
});

test.run();
