import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createAttributeDefinition, setProductAttributes } from '../../src/catalog/products.ts';
import { searchProducts, type SearchInput } from '../../src/catalog/search.ts';
import { AUTOCOMPLETE_CANDIDATES, autocomplete, boughtBefore, foldText, matchCategories } from '../../src/catalog/autocomplete.ts';
import { createCategory, listCategories } from '../../src/catalog/categories.ts';
import { catalogStructure } from '../../src/catalog/catalog-cache.ts';
import { gtinCheckDigit } from '../../src/catalog/gtin.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { names, product } from './support.ts';

const test = suite('CAT-5 catalog search');
type T = Awaited<ReturnType<typeof makeTenant>>;
let tr: T;
let en: T;
const BARCODE = `869000000001${gtinCheckDigit('869000000001')}`;

const find = (t: T, q: string, extra: Partial<SearchInput> = {}) =>
  searchProducts(t.db, t.tenant.schema, { q, limit: 20, offset: 0, locale: t.tenant.defaultLocale, ...extra });

test.before(async () => {
  tr = await makeTenant({ name: 'Arama Testi A.Ş.' });
  en = await makeTenant({ name: 'Search Test Ltd', defaultLocale: 'en' });
  const cat = await createCategory(tr.db, { name: 'Bağlantı Elemanları' });
  await product(tr.db, { sku: 'ISK-100', name: 'Işık LED Panel 40W', description: 'Ofis tavanı için ince panel' });
  await product(tr.db, { sku: 'CLK-200', name: 'Çelik Dübel 8 mm', description: 'Beton ve tuğla için', category_id: cat.id });
  await product(tr.db, { sku: 'IST-300', name: 'İstanbul Boğazı Kartpostal', description: 'Hediyelik' });
  await product(tr.db, { sku: 'VD-4X40', name: 'Paslanmaz Vida 4x40', description: 'Kutuda 100 adet vida', barcode: BARCODE });
  await product(tr.db, { sku: 'VD-4X40-B', name: 'Sunta Vidası 4x40 Siyah', description: 'Mobilya montajı' });
  await product(tr.db, { sku: 'ABC-1', name: 'Kablo Kanalı', description: 'Vida ile monte edilir, VD-4X40 uyumlu' });
  await product(tr.db, { sku: 'HID-1', name: 'Gizli Işık Ürünü', hidden: true });
  await product(tr.db, { sku: 'OOS-1', name: 'Tükenen Işık Ürünü', stock_qty: 0, out_of_stock_behaviour: 'hide' });
  await product(tr.db, { sku: 'OOS-2', name: 'Gelecek Işık Ürünü', stock_qty: 0, out_of_stock_behaviour: 'backorder' });
  const renk = await createAttributeDefinition(tr.db, { code: 'renk', name: 'Renk', type: 'choice', choices: ['Fıstık Yeşili', 'Siyah'], filterable: true });
  const p = await product(tr.db, { sku: 'BOY-9', name: 'Dış Cephe Boyası 15 L' });
  await setProductAttributes(tr.db, p.id, { [renk.code]: 'Fıstık Yeşili' });

  await product(en.db, { sku: 'WS-1', name: 'Wood Screw 4x40', description: 'Box of 100 screws', currency: 'EUR', unit: 'box' });
  await product(en.db, { sku: 'LT-1', name: 'LED Floodlight 50W', description: 'Outdoor lighting', currency: 'EUR' });
});

test.after(closeTestDb);

for (const q of ['isik', 'IŞIK', 'ışık', 'Işık', 'ISIK', 'işık']) {
  test(`Turkish letters and case: "${q}" finds "Işık LED Panel"`, async () => {
    const r = await find(tr, q);
    assert.is(r.items[0]?.name, 'Işık LED Panel 40W', JSON.stringify(names(r.items)));
  });
}

for (const q of ['çelik', 'CELIK', 'ÇELİK', 'celik']) {
  test(`"${q}" finds "Çelik Dübel"`, async () => {
    assert.ok(names((await find(tr, q)).items).includes('Çelik Dübel 8 mm'));
  });
}

for (const q of ['İstanbul', 'istanbul', 'ISTANBUL', 'İSTANBUL']) {
  test(`"${q}" finds "İstanbul Boğazı Kartpostal"`, async () => {
    assert.is((await find(tr, q)).items[0]?.name, 'İstanbul Boğazı Kartpostal');
  });
}

test('a typo still finds the product: "vidda" → vida, "paslanmas" → Paslanmaz', async () => {
  const r = await find(tr, 'vidda');
  assert.ok(names(r.items).includes('Paslanmaz Vida 4x40'), JSON.stringify(names(r.items)));
  assert.ok(r.items.every((i) => i.match === 'fuzzy' || i.match === 'text'));
  assert.ok(names((await find(tr, 'paslanmas')).items).includes('Paslanmaz Vida 4x40'));
});

test('Turkish stemming: "vidalar" finds "vida" and "Vidası"', async () => {
  const r = await find(tr, 'vidalar');
  assert.ok(names(r.items).includes('Paslanmaz Vida 4x40'), JSON.stringify(names(r.items)));
  assert.ok(names(r.items).includes('Sunta Vidası 4x40 Siyah'));
  assert.is(r.items.find((i) => i.name === 'Paslanmaz Vida 4x40')?.match, 'text');
});

test('description words are searched', async () => {
  const r = await find(tr, 'tuğla');
  assert.equal(names(r.items), ['Çelik Dübel 8 mm']);
});

test('an exact SKU ranks first, even when other products mention it in their text', async () => {
  for (const q of ['VD-4X40', 'vd-4x40', 'vd4x40', ' VD 4X40 ']) {
    const r = await find(tr, q);
    assert.is(r.items[0]?.sku, 'VD-4X40', q);
    assert.is(r.items[0]?.match, 'sku');
    assert.is.not(r.items[1]?.sku, 'ABC-1');
  }
  const r = await find(tr, 'VD-4X40');
  assert.ok(r.items.findIndex((i) => i.sku === 'ABC-1') > 1, 'the product whose description mentions the SKU comes after the SKU matches');
});

test('a SKU prefix finds every SKU that starts with it, before text matches', async () => {
  const r = await find(tr, 'VD-4');
  assert.equal(r.items.slice(0, 2).map((i) => i.sku).sort(), ['VD-4X40', 'VD-4X40-B']);
  assert.is(r.items[0]?.match, 'sku_prefix');
});

test('a barcode finds its product exactly, also as UPC/with spaces', async () => {
  const barcode = BARCODE;
  const r = await find(tr, barcode);
  assert.is(r.items[0]?.sku, 'VD-4X40');
  assert.is(r.items[0]?.match, 'barcode');
  assert.is(r.total, 1);
  assert.is((await find(tr, `0${barcode}`)).items[0]?.sku, 'VD-4X40', 'GTIN-14 form');
  assert.is((await find(tr, `869 0000 00001 ${BARCODE.at(-1)}`)).items[0]?.sku, 'VD-4X40', 'with spaces');
});

test('attribute values are searchable (and folded)', async () => {
  for (const q of ['fıstık yeşili', 'FISTIK', 'fistik yesili']) {
    assert.equal(names((await find(tr, q)).items), ['Dış Cephe Boyası 15 L'], q);
  }
});

test('hidden products and out-of-stock "hide" products are not found; backorder ones are', async () => {
  const r = await find(tr, 'ışık ürünü');
  assert.equal(names(r.items), ['Gelecek Işık Ürünü']);
  assert.is(r.items[0]?.availability, 'backorder');
  const staff = await find(tr, 'ışık ürünü', { includeHidden: true });
  assert.is(staff.total, 3);
});

test('English stemming in an English catalog: "screws" and "lights" find "Screw" and "lighting"', async () => {
  assert.equal(names((await find(en, 'screws')).items), ['Wood Screw 4x40']);
  assert.equal(names((await find(en, 'lights')).items), ['LED Floodlight 50W']);
  assert.equal(names((await find(en, 'flodlight')).items), ['LED Floodlight 50W'], 'typo');
});

test('pagination: total stays, pages do not overlap', async () => {
  const all = await find(tr, 'ışık', { includeHidden: true, limit: 50 });
  const p1 = await find(tr, 'ışık', { includeHidden: true, limit: 2, offset: 0 });
  const p2 = await find(tr, 'ışık', { includeHidden: true, limit: 2, offset: 2 });
  assert.is(p1.total, all.total);
  assert.is(p2.total, all.total);
  assert.equal([...p1.items, ...p2.items].map((i) => i.id), all.items.slice(0, 4).map((i) => i.id));
  const past = await find(tr, 'ışık', { includeHidden: true, limit: 2, offset: 100 });
  assert.equal(past.items, []);
  assert.is(past.total, all.total);
});

test('no query browses by name; a category limits to its subtree', async () => {
  const all = await find(tr, '');
  assert.is(all.items[0]?.match, 'browse');
  const sorted = [...names(all.items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.equal(names(all.items), sorted);
  const cat = await tr.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
  assert.equal(names((await find(tr, '', { categoryId: cat.id })).items), ['Çelik Dübel 8 mm']);
});

test('odd input is harmless: quotes, backslashes, tsquery operators, long strings', async () => {
  for (const q of ["o'neil", 'a\\b', '!(&|:*)', "'", '%_', 'x'.repeat(500), '🙂']) {
    const r = await find(tr, q);
    assert.ok(Array.isArray(r.items), q);
  }
});

test('autocomplete returns products and categories; "bought before" is empty until orders exist', async () => {
  const r = await autocomplete(tr.db, tr.tenant.schema, { q: 'bağlantı', locale: 'tr', dealerId: null });
  assert.equal(r.categories.map((c) => c.name), ['Bağlantı Elemanları']);
  const v = await autocomplete(tr.db, tr.tenant.schema, { q: 'vid', locale: 'tr', dealerId: 1 });
  assert.ok(v.products.length >= 2);
  assert.equal(v.boughtBefore, []);
  const tooShort = await autocomplete(tr.db, tr.tenant.schema, { q: 'v', locale: 'tr', dealerId: null });
  assert.equal(tooShort.products, []);
});

test('typo correction searches the lexicon, which follows product writes without anyone calling it', async () => {
  const words = async (t: T) => (await t.db.selectFrom('search_lexicon').select('lexeme').execute()).map((r) => r.lexeme);
  assert.ok((await words(tr)).includes('vida'), 'filled from existing products');
  assert.not.ok((await words(tr)).some((w) => /^[0-9]+$/.test(w)), 'no pure numbers');
  // A new product (insert trigger) and a renamed one (update trigger) add their words.
  const p = await product(tr.db, { sku: 'ZMP-1', name: 'Zımpara Kağıdı 120' });
  assert.ok((await words(tr)).includes('zimpara'));
  assert.equal(names((await find(tr, 'zımpra')).items), ['Zımpara Kağıdı 120'], 'typo found through the new word');
  await tr.db.updateTable('products').set({ name: 'Kalibrasyon Cihazı' }).where('id', '=', p.id).execute();
  assert.ok((await words(tr)).some((w) => w.startsWith('kalibrasyon')));
  const r = await find(tr, 'kalibrasyn');
  assert.equal(names(r.items), ['Kalibrasyon Cihazı']);
  assert.is(r.items[0]?.match, 'fuzzy');
  assert.ok(r.fuzzy);
  await tr.db.updateTable('products').set({ stock_qty: 3 }).where('id', '=', p.id).execute();
  await tr.db.deleteFrom('products').where('id', '=', p.id).execute();
  assert.equal((await find(tr, 'kalibrasyn')).items, [], 'a word whose product is gone finds nothing');
});

test('two writers adding the same new words in opposite order neither wait for nor deadlock each other', async () => {
  const row = (sku: string, name: string) => ({ sku, name, description: '', unit: 'adet', list_price: 100, currency: 'TRY', vat_rate: 20, stock_qty: 1 });
  let firstDone!: () => void;
  let secondDone!: () => void;
  const first = new Promise<void>((r) => (firstDone = r));
  const second = new Promise<void>((r) => (secondDone = r));
  const within = (p: Promise<void>) => Promise.race([p, new Promise<void>((r) => setTimeout(r, 3000))]);
  const t1 = tr.db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '5s'`.execute(trx);
    await trx.insertInto('products').values(row('LEX-1', 'Kuvarsit Levha')).execute();
    firstDone();
    await within(second);
    // 'karo' was added by the other, still open, transaction: a unique lexicon would deadlock here.
    await trx.insertInto('products').values(row('LEX-3', 'Karo Levha')).execute();
  });
  const t2 = tr.db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '5s'`.execute(trx);
    await first;
    await trx.insertInto('products').values(row('LEX-2', 'Zirkonit Kuvarsit Karo')).execute();
    secondDone();
  });
  const results = await Promise.allSettled([t1, t2]);
  assert.equal(results.map((r) => r.status), ['fulfilled', 'fulfilled'], JSON.stringify(results));
  assert.equal(names((await find(tr, 'kuvarsitt')).items).sort(), ['Kuvarsit Levha', 'Zirkonit Kuvarsit Karo']);
  await tr.db.deleteFrom('products').where('sku', 'in', ['LEX-1', 'LEX-2', 'LEX-3']).execute();
});

test('typing the start of an over-stemmed Turkish word still finds it ("taş yü" → Taş Yünü, stem "y")', async () => {
  await product(tr.db, { sku: 'TY-1', name: 'Taş Yünü Levha 5 cm' });
  for (const q of ['taş yü', 'taş yün', 'taş yünü', 'TAŞ YÜNÜ']) {
    assert.ok(names((await find(tr, q)).items).includes('Taş Yünü Levha 5 cm'), q);
  }
  await tr.db.deleteFrom('products').where('sku', '=', 'TY-1').execute();
});

test('a typo in one word of several still finds the product; a garbled extra word is dropped', async () => {
  assert.ok(names((await find(tr, 'paslanmas vidda')).items).includes('Paslanmaz Vida 4x40'));
  assert.ok(names((await find(tr, 'çelik dübbel')).items).includes('Çelik Dübel 8 mm'));
  assert.ok(names((await find(tr, 'vidda qqqxz')).items).includes('Paslanmaz Vida 4x40'));
  assert.equal((await find(tr, 'qqqxz')).items, []);
});

test('tenant isolation of the lexicon: B never corrects to A’s words', async () => {
  const r = await find(en, 'paslanmas');
  assert.equal(r.items, []);
  const lex = (await en.db.selectFrom('search_lexicon').select('lexeme').execute()).map((x) => x.lexeme);
  assert.not.ok(lex.includes('paslanmaz'));
});

test('search-as-you-type ranks a bounded candidate set but never loses an exact SKU or barcode', async () => {
  const many = await makeTenant({ name: 'Çok Ürünlü A.Ş.' });
  const rows = Array.from({ length: AUTOCOMPLETE_CANDIDATES + 40 }, (_, i) => ({
    sku: `KAB-${String(i).padStart(4, '0')}`, name: `Kablo Tipi ${i}`, description: 'kablo', unit: 'm', list_price: 100 + i, currency: 'TRY', vat_rate: 20, stock_qty: 5,
  }));
  await many.db.insertInto('products').values(rows).execute();
  const last = rows.at(-1)!;
  const bySku = await autocomplete(many.db, many.tenant.schema, { q: last.sku, locale: 'tr', dealerId: null });
  assert.is(bySku.products[0]?.sku, last.sku);
  const typed = await autocomplete(many.db, many.tenant.schema, { q: 'kablo', locale: 'tr', dealerId: null });
  assert.is(typed.products.length, 8);
  assert.ok(typed.products.every((p) => p.name.startsWith('Kablo')));
});

test('categories and attribute definitions are cached per tenant and re-read when they change', async () => {
  const before = await catalogStructure(tr.db, tr.tenant.schema);
  const again = await catalogStructure(tr.db, tr.tenant.schema);
  assert.is(again, before, 'unchanged: the same cached object');
  const cat = await createCategory(tr.db, { name: 'Zımpara ve Aşındırıcılar' });
  const after = await catalogStructure(tr.db, tr.tenant.schema);
  assert.ok(after.categories.some((c) => c.id === cat.id), 'a new category shows without anyone clearing the cache');
  assert.equal(after.allCategories.map((c) => c.id), (await listCategories(tr.db)).map((c) => c.id));
  await tr.db.updateTable('categories').set({ active: false }).where('id', '=', cat.id).execute();
  assert.not.ok((await catalogStructure(tr.db, tr.tenant.schema)).categories.some((c) => c.id === cat.id), 'deactivated');
  await tr.db.updateTable('attribute_definitions').set({ filterable: false }).where('code', '=', 'renk').execute();
  assert.not.ok((await catalogStructure(tr.db, tr.tenant.schema)).filterableByCode.has('renk'));
  await tr.db.updateTable('attribute_definitions').set({ filterable: true }).where('code', '=', 'renk').execute();
  assert.ok((await catalogStructure(tr.db, tr.tenant.schema)).filterableByCode.has('renk'));
  // Inside a transaction the uncommitted rows are used but never cached for others.
  await tr.db.transaction().execute(async (trx) => {
    await createCategory(trx, { name: 'Geçici Kategori' });
    assert.ok((await catalogStructure(trx, tr.tenant.schema)).categories.some((c) => c.name === 'Geçici Kategori'));
    throw new Error('rollback');
  }).catch(() => undefined);
  assert.not.ok((await catalogStructure(tr.db, tr.tenant.schema)).categories.some((c) => c.name === 'Geçici Kategori'));
});

test('suggestions see a new category at once (structure counter read with the product query)', async () => {
  const before = await autocomplete(tr.db, tr.tenant.schema, { q: 'vida', locale: 'tr', dealerId: null });
  assert.ok(before.products.length > 0);
  assert.not.ok(before.categories.some((c) => c.name === 'Vida Setleri'));
  await createCategory(tr.db, { name: 'Vida Setleri' });
  const after = await autocomplete(tr.db, tr.tenant.schema, { q: 'vida', locale: 'tr', dealerId: null });
  assert.ok(after.categories.some((c) => c.name === 'Vida Setleri'));
});

test('category suggestions match folded names and close words in JS, like the SQL fold', async () => {
  assert.is(foldText('IŞIK İstanbul Çelik Ğüşö'), 'isik istanbul celik guso');
  const cats = [
    { id: 1, parent_id: null, position: 0, slug: 'a', name: 'Işık ve LED Ürünleri', description: '', active: true, created_at: new Date(), updated_at: new Date() },
    { id: 2, parent_id: null, position: 1, slug: 'b', name: 'Vida ve Dübel', description: '', active: true, created_at: new Date(), updated_at: new Date() },
  ];
  assert.equal(matchCategories(cats, 'ISIK', 4).map((c) => c.id), [1]);
  assert.equal(matchCategories(cats, 'led ürün', 4).map((c) => c.id), [1]);
  assert.equal(matchCategories(cats, 'dubell', 4).map((c) => c.id), [2], 'typo');
  assert.equal(matchCategories(cats, 'kablo', 4), []);
});

test('"bought before" lists the dealer’s own placed orders only (not cancelled, not awaiting approval, not another dealer’s)', async () => {
  assert.equal(await boughtBefore(tr.db, tr.tenant.schema, 1, 'vida'), []);
  assert.equal(await boughtBefore(tr.db, tr.tenant.schema, null, 'vida'), []);
  const t = await makeTenant({ name: 'Sipariş Geçmişi A.Ş.' });
  const s = t.tenant.schema;
  const d7 = (await build.dealer(t.db)).id;
  const d8 = (await build.dealer(t.db)).id;
  const vida = await product(t.db, { sku: 'BB-1', name: 'Paslanmaz Vida 4x40' });
  const other = await product(t.db, { sku: 'BB-2', name: 'Vida Başka Bayinin' });
  const cancelled = await product(t.db, { sku: 'BB-3', name: 'Vida İptal Edilen' });
  const waiting = await product(t.db, { sku: 'BB-4', name: 'Vida Onay Bekleyen' });
  await build.order(t.db, { dealerId: d7, status: 'delivered', placedAt: new Date(), lines: [{ productId: vida.id, qty: 2 }] });
  await build.order(t.db, { dealerId: d7, status: 'cancelled', placedAt: new Date(), lines: [{ productId: cancelled.id, qty: 1 }] });
  await build.order(t.db, { dealerId: d7, status: 'awaiting_approval', placedAt: null, lines: [{ productId: waiting.id, qty: 1 }] });
  await build.order(t.db, { dealerId: d8, status: 'placed', placedAt: new Date(), lines: [{ productId: other.id, qty: 1 }] });
  assert.equal((await boughtBefore(t.db, s, d7, 'vida')).map((r) => r.name), ['Paslanmaz Vida 4x40']);
  assert.equal((await boughtBefore(t.db, s, d7, 'kablo')).map((r) => r.name), []);
  const ac = await autocomplete(t.db, s, { q: 'vida', locale: 'tr', dealerId: d8 });
  assert.equal(ac.boughtBefore.map((r) => r.name), ['Vida Başka Bayinin']);
});

test.run();
