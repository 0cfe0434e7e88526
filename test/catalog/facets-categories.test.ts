import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CategoryError, createCategory, listCategories, moveCategory, slugify } from '../../src/catalog/categories.ts';
import { createAttributeDefinition, createProduct, getProductDetail, ProductError, setProductAttributes } from '../../src/catalog/products.ts';
import { searchFacets, searchProducts, type SearchFilters } from '../../src/catalog/search.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { names, product } from './support.ts';

const test = suite('CAT-1, CAT-6 categories and facets');
type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
const ids: Record<string, number> = {};

const facets = (t: T, q: string, filters: SearchFilters = {}, categoryId?: number) =>
  searchFacets(t.db, t.tenant.schema, { q, filters, categoryId, locale: 'tr' });
const count = (list: { value: string; count: number }[], value: string) => list.find((v) => v.value === value)?.count ?? 0;

test.before(async () => {
  a = await makeTenant({ name: 'Faset Testi A.Ş.' });
  b = await makeTenant({ name: 'Başka Satıcı A.Ş.' });
  const el = await createCategory(a.db, { name: 'Elektrik' });
  const led = await createCategory(a.db, { name: 'Işık ve LED', parentId: el.id });
  const kablo = await createCategory(a.db, { name: 'Kablolar', parentId: el.id });
  const hirdavat = await createCategory(a.db, { name: 'Hırdavat' });
  Object.assign(ids, { el: el.id, led: led.id, kablo: kablo.id, hirdavat: hirdavat.id });
  const renk = await createAttributeDefinition(a.db, { code: 'renk', name: 'Renk', type: 'choice', choices: ['Beyaz', 'Siyah'], filterable: true });
  const guc = await createAttributeDefinition(a.db, { code: 'guc', name: 'Güç', type: 'number', unit: 'W', filterable: true });
  await createAttributeDefinition(a.db, { code: 'model', name: 'Model', type: 'text' });
  const rows = [
    { name: 'LED Panel Beyaz 40W', brand: 'Işıkay', c: 'TR', cat: led.id, stock: 5, renk: 'Beyaz', guc: 40 },
    { name: 'LED Panel Siyah 40W', brand: 'Işıkay', c: 'TR', cat: led.id, stock: 0, renk: 'Siyah', guc: 40 },
    { name: 'LED Ampul Beyaz 9W', brand: 'Aydın', c: 'CN', cat: led.id, stock: 3, renk: 'Beyaz', guc: 9 },
    { name: 'LED Şerit Beyaz', brand: 'Aydın', c: 'CN', cat: led.id, stock: 0, renk: 'Beyaz', guc: null, hide: true },
    { name: 'LED uyumlu Kablo', brand: 'Bakırsan', c: 'TR', cat: kablo.id, stock: 9, renk: 'Siyah', guc: null },
    { name: 'Vida (LED armatür için)', brand: 'Çelikbağ', c: 'DE', cat: hirdavat.id, stock: 1, renk: null, guc: null },
  ];
  for (const [k, r] of rows.entries()) {
    const p = await product(a.db, {
      name: r.name,
      brand: r.brand,
      country_of_origin: r.c,
      category_id: r.cat,
      stock_qty: r.stock,
      list_price: 1000 * (k + 1),
      lead_time_days: k,
      out_of_stock_behaviour: r.hide ? 'hide' : 'backorder',
    });
    await setProductAttributes(a.db, p.id, { renk: r.renk, guc: r.guc, model: `M-${k}` });
  }
  void renk;
  void guc;
  // Tenant B has a product with the same SKU and name as one of A's.
  const aSku = (await a.db.selectFrom('products').select('sku').orderBy('id').executeTakeFirstOrThrow()).sku;
  await createProduct(b.db, { sku: aSku, name: 'LED Panel Beyaz 40W B-kopyası', description: '', unit: 'adet', list_price: 1, currency: 'TRY', vat_rate: 20, stock_qty: 1 });
});

test.after(closeTestDb);

test('facet counts for a query: brand, country, availability, attributes, categories, price', async () => {
  const f = await facets(a, 'led');
  // Five visible LED matches (the hidden out-of-stock "hide" one is not counted).
  assert.is(count(f.brands, 'Işıkay'), 2);
  assert.is(count(f.brands, 'Aydın'), 1);
  assert.is(count(f.brands, 'Bakırsan'), 1);
  assert.is(count(f.brands, 'Çelikbağ'), 1);
  assert.is(count(f.countries, 'TR'), 3);
  assert.is(count(f.availability, 'in_stock'), 4);
  assert.is(count(f.availability, 'backorder'), 1);
  const renk = f.attributes.find((x) => x.code === 'renk')!;
  assert.is(count(renk.values, 'Beyaz'), 2);
  assert.is(count(renk.values, 'Siyah'), 2);
  assert.is(count(f.attributes.find((x) => x.code === 'guc')!.values, '40'), 2);
  assert.not.ok(f.attributes.some((x) => x.code === 'model'), 'not filterable, no facet');
  assert.equal(
    f.categories.map((c) => [c.name, c.count]),
    [
      ['Elektrik', 4],
      ['Hırdavat', 1],
    ],
  );
  assert.equal(f.price, { min: 1000, max: 6000 });
  const total = (await searchProducts(a.db, a.tenant.schema, { q: 'led', locale: 'tr', limit: 50, offset: 0 })).total;
  assert.is(total, 5);
});

test("a chosen filter narrows the other facets but not its own (multi-select stays possible)", async () => {
  const f = await facets(a, 'led', { brands: ['Işıkay'] });
  assert.is(count(f.brands, 'Aydın'), 1, 'own facet ignores its filter');
  assert.is(count(f.availability, 'in_stock'), 1);
  assert.is(count(f.availability, 'backorder'), 1);
  assert.is(count(f.attributes.find((x) => x.code === 'renk')!.values, 'Beyaz'), 1);
  const g = await facets(a, 'led', { attributes: { renk: ['Beyaz'] } });
  assert.is(count(g.attributes.find((x) => x.code === 'renk')!.values, 'Siyah'), 2, 'own attribute ignores its filter');
  assert.is(count(g.brands, 'Işıkay'), 1);
  assert.is(count(g.brands, 'Bakırsan'), 0);
  const r = await searchProducts(a.db, a.tenant.schema, { q: 'led', locale: 'tr', limit: 50, offset: 0, filters: { attributes: { renk: ['Beyaz'] }, availability: ['in_stock'] } });
  assert.equal(names(r.items).sort(), ['LED Ampul Beyaz 9W', 'LED Panel Beyaz 40W']);
});

test('category facets show the children of the chosen category; browsing counts the subtree', async () => {
  const f = await facets(a, '', {}, ids.el);
  assert.equal(
    f.categories.map((c) => [c.name, c.count]),
    [
      ['Işık ve LED', 3],
      ['Kablolar', 1],
    ],
  );
  const r = await searchProducts(a.db, a.tenant.schema, { locale: 'tr', limit: 50, offset: 0, categoryId: ids.el });
  assert.is(r.total, 4);
  const byPrice = await searchProducts(a.db, a.tenant.schema, { locale: 'tr', limit: 50, offset: 0, filters: { priceMin: 2000, priceMax: 3000 } });
  assert.equal(names(byPrice.items).sort(), ['LED Ampul Beyaz 9W', 'LED Panel Siyah 40W']);
  const byDelivery = await searchProducts(a.db, a.tenant.schema, { locale: 'tr', limit: 50, offset: 0, filters: { delivery: ['upto2'] } });
  // In stock ships from stock (1–2 days, as the product page says) whatever the lead time; the
  // backordered panel waits its lead time (no extra backorder days), which is within 2 days.
  assert.equal(names(byDelivery.items).sort(), ['LED Ampul Beyaz 9W', 'LED Panel Beyaz 40W', 'LED Panel Siyah 40W', 'LED uyumlu Kablo', 'Vida (LED armatür için)']);
  assert.ok(byDelivery.items.every((h) => h.availability === 'in_stock' || h.lead_time_days + h.backorder_extra_days <= 2));
});

test('an unknown attribute code in the URL matches nothing instead of being ignored', async () => {
  const r = await searchProducts(a.db, a.tenant.schema, { q: 'led', locale: 'tr', limit: 50, offset: 0, filters: { attributes: { yok: ['x'] } } });
  assert.is(r.total, 0);
});

test('moving a category under itself or a descendant is refused; a legal move works', async () => {
  for (const target of [ids.el, ids.led]) {
    try {
      await moveCategory(a.db, ids.el!, target!);
      assert.unreachable('cycle accepted');
    } catch (err) {
      assert.instance(err, CategoryError);
      assert.is((err as CategoryError).code, 'cycle');
    }
  }
  const moved = await moveCategory(a.db, ids.kablo!, ids.hirdavat!);
  assert.is(moved.parent_id, ids.hirdavat);
  await moveCategory(a.db, ids.kablo!, ids.el!);
  const top = await moveCategory(a.db, ids.hirdavat!, null);
  assert.is(top.parent_id, null);
});

test('concurrent crossing moves cannot create a cycle', async () => {
  const x = await createCategory(a.db, { name: 'X kategori' });
  const y = await createCategory(a.db, { name: 'Y kategori' });
  const results = await Promise.allSettled([moveCategory(a.db, x.id, y.id), moveCategory(a.db, y.id, x.id)]);
  assert.is(results.filter((r) => r.status === 'fulfilled').length, 1);
  const rows = await listCategories(a.db);
  const px = rows.find((r) => r.id === x.id)!.parent_id;
  const py = rows.find((r) => r.id === y.id)!.parent_id;
  assert.ok(!(px === y.id && py === x.id));
});

test('slugs: Turkish names fold to ASCII; the same slug twice under one parent is refused', async () => {
  assert.is(slugify('Işık & Aydınlatma Ürünleri'), 'isik-aydinlatma-urunleri');
  assert.is(slugify('İç Cephe Boyası'), 'ic-cephe-boyasi');
  assert.is(slugify('Verktøy og Utstyr'), 'verktoy-og-utstyr');
  try {
    await createCategory(a.db, { name: 'Elektrik' });
    assert.unreachable();
  } catch (err) {
    assert.is((err as CategoryError).code, 'slug_taken');
  }
  const child = await createCategory(a.db, { name: 'Elektrik', parentId: ids.hirdavat });
  assert.is(child.slug, 'elektrik', 'the same slug under another parent is fine');
});

test('product writes check barcodes and attribute values', async () => {
  try {
    await product(a.db, { name: 'Kötü barkod', barcode: '4006381333932' });
    assert.unreachable();
  } catch (err) {
    assert.is((err as ProductError).code, 'invalid_gtin');
  }
  const p = await product(a.db, { name: 'İyi barkod', barcode: '4006381333931' });
  for (const bad of [{ renk: 'Mor' }, { guc: 'çok' }, { yok: '1' }] as Record<string, string>[]) {
    try {
      await setProductAttributes(a.db, p.id, bad);
      assert.unreachable(JSON.stringify(bad));
    } catch (err) {
      assert.instance(err, ProductError);
    }
  }
  await setProductAttributes(a.db, p.id, { guc: '12,5' });
  const detail = await getProductDetail(a.db, p.id);
  assert.equal(detail?.attributes.map((x) => [x.code, x.value]), [['guc', '12,5']]);
});

test('reserved_qty can never go below zero', async () => {
  const p = await product(a.db, { name: 'Rezervasyon', stock_qty: 5 });
  try {
    await a.db.updateTable('products').set({ reserved_qty: -1 }).where('id', '=', p.id).execute();
    assert.unreachable();
  } catch (err) {
    assert.is((err as { code?: string }).code, '23514');
  }
  await a.db.updateTable('products').set({ reserved_qty: 5 }).where('id', '=', p.id).execute();
  const after = await getProductDetail(a.db, p.id);
  assert.is(after?.product.availability, 'backorder', 'all stock reserved');
});

test("isolation: B's search, facets and product page never show A's products, even with the same SKU", async () => {
  const aFirst = await a.db.selectFrom('products').select(['id', 'sku']).orderBy('id').executeTakeFirstOrThrow();
  const onB = await searchProducts(b.db, b.tenant.schema, { q: aFirst.sku, locale: 'tr', limit: 50, offset: 0 });
  assert.equal(names(onB.items), ['LED Panel Beyaz 40W B-kopyası']);
  const ledOnB = await searchProducts(b.db, b.tenant.schema, { q: 'led panel', locale: 'tr', limit: 50, offset: 0 });
  assert.equal(names(ledOnB.items), ['LED Panel Beyaz 40W B-kopyası']);
  const f = await facets(b, 'led');
  assert.equal(f.brands, []);
  assert.equal(f.categories, []);
  assert.equal(f.attributes, []);
  // A's product id on B: B has exactly one product with id 1 at most; a higher id of A is simply not found.
  const aLast = await a.db.selectFrom('products').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(await getProductDetail(b.db, aLast.id), null);
  // A schema/db mismatch is refused before any SQL runs.
  try {
    await searchProducts(b.db, 'public', { q: 'x', locale: 'tr', limit: 1, offset: 0 });
    assert.unreachable();
  } catch (err) {
    assert.match(String(err), 'refusing schema name');
  }
});

test.run();
