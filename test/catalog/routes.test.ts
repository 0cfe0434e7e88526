import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { acmeCatalog } from '../../src/platform/demo-data.ts';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.ts';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import { createCategory } from '../../src/catalog/categories.ts';
import { product } from './support.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeTestApp } from '../support/app.ts';

const test = suite('CAT-5 dealer catalog pages');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
let asDealer: RequestInit;
let asStaff: RequestInit;

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant({ name: 'Acme Deneme' });
  b = await makeTenant({ name: 'Boş Satıcı' });
  await a.db.insertInto('products').values(acmeCatalog().slice(0, 160)).execute();
  const seeded = await seedDemoCatalog(a.db, 'tr');
  assert.is(seeded.products, 160);
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, role: 'buyer', totp: false });
  asDealer = { headers: { cookie: await sessionCookie(a.db, user.id) } };
  const { user: staff } = await build.staff(a.db, { role: 'admin' });
  asStaff = { headers: { cookie: await sessionCookie(a.db, staff.id) } };
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

test('signed out: the catalog asks for a login; staff without an acting dealer get 403', async () => {
  const res = await app.req(a.host, CATALOG_PATH);
  assert.is(res.status, 303);
  assert.is((await app.req(a.host, CATALOG_PATH, asStaff)).status, 403);
});

test('the search page has a live search box wired for htmx 4 (attributes on the input itself)', async () => {
  const res = await app.req(a.host, CATALOG_PATH, asDealer);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, `hx-get="${CATALOG_PATH}/suggest"`);
  assert.match(html, 'hx-trigger="input changed delay:200ms, search"');
  assert.match(html, 'hx-target="#catalog-suggest"');
  assert.not.match(html, /<script>|style="/, 'no inline script or style (CSP)');
});

test('typing gives a side-panel fragment with products and categories; without htmx it redirects', async () => {
  const res = await app.req(a.host, `${CATALOG_PATH}/suggest?q=${encodeURIComponent('IŞIK')}`, { ...asDealer, htmx: true });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.not.match(html, '<html');
  assert.match(html, 'Işık LED Panel');
  assert.match(html, 'Işık ve LED Ürünleri');
  const plain = await app.req(a.host, `${CATALOG_PATH}/suggest?q=vida`, asDealer);
  assert.is(plain.status, 303);
  assert.is(plain.headers.get('location'), `${CATALOG_PATH}/search?q=vida`);
});

test('full results page: facets as query parameters, counts, pagination links', async () => {
  const res = await app.req(a.host, `${CATALOG_PATH}/search?q=vidalar`, asDealer);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'Paslanmaz Vida');
  assert.match(html, 'name="brand"');
  assert.match(html, 'name="a.malzeme"');
  const filtered = await (await app.req(a.host, `${CATALOG_PATH}/search?q=vida&a.malzeme=${encodeURIComponent('Paslanmaz Çelik')}&availability=in_stock`, asDealer)).text();
  assert.match(filtered, /value="Paslanmaz Çelik" checked/);
  const browse = await (await app.req(a.host, `${CATALOG_PATH}/search`, asDealer)).text();
  assert.match(browse, 'rel="next"');
  const fragment = await app.req(a.host, `${CATALOG_PATH}/search?q=vida`, { ...asDealer, htmx: true });
  assert.not.match(await fragment.text(), '<html');
  assert.match(fragment.headers.get('vary') ?? '', 'HX-Request');
  const past = await app.req(a.host, `${CATALOG_PATH}/search?q=vida&page=999`, asDealer);
  assert.is(past.status, 303);
  assert.is((await app.req(a.host, `${CATALOG_PATH}/search?category=999999`, asDealer)).status, 404);
});

test('product page shows the attributes table and availability; unknown or hidden ids are 404', async () => {
  const p = await a.db.selectFrom('products').select(['id', 'name']).where('sku', 'like', 'AC-LED-%').orderBy('id').executeTakeFirstOrThrow();
  const res = await app.req(a.host, `${CATALOG_PATH}/products/${p.id}`, asDealer);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'data-testid="attributes"');
  assert.match(html, 'Güç');
  assert.match(html, 'data-testid="availability"');
  assert.is((await app.req(a.host, `${CATALOG_PATH}/products/abc`, asDealer)).status, 404);
  await a.db.updateTable('products').set({ hidden: true }).where('id', '=', p.id).execute();
  assert.is((await app.req(a.host, `${CATALOG_PATH}/products/${p.id}`, asDealer)).status, 404);
  await a.db.updateTable('products').set({ hidden: false }).where('id', '=', p.id).execute();
});

test("isolation: A's dealer cookie means nothing on B's host, and B's catalog never shows A's products", async () => {
  const p = await a.db.selectFrom('products').select('id').orderBy('id').executeTakeFirstOrThrow();
  const crossed = await app.req(b.host, `${CATALOG_PATH}/products/${p.id}`, asDealer);
  assert.is(crossed.status, 303, 'not signed in on B');
  const dealerB = await build.dealer(b.db);
  const { user } = await build.dealerUser(b.db, { dealerId: dealerB.id, totp: false });
  const onB = { headers: { cookie: await sessionCookie(b.db, user.id) } };
  assert.is((await app.req(b.host, `${CATALOG_PATH}/products/${p.id}`, onB)).status, 404);
  const html = await (await app.req(b.host, `${CATALOG_PATH}/search?q=ışık`, onB)).text();
  assert.not.match(html, 'Işık LED Panel');
});

test('a barcode scanned into the box (digits + Enter) opens the product when it is the one hit', async () => {
  const p = await a.db.selectFrom('products').select(['id', 'barcode']).where('barcode', 'is not', null).orderBy('id').offset(7).executeTakeFirstOrThrow();
  const res = await app.req(a.host, `${CATALOG_PATH}/search?q=${p.barcode}`, asDealer);
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), `${CATALOG_PATH}/products/${p.id}`);
  // Words are not a scan: a one-hit text search stays on the results page.
  const sku = await a.db.selectFrom('products').select('sku').where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.is((await app.req(a.host, `${CATALOG_PATH}/search?q=${encodeURIComponent(sku.sku)}`, asDealer)).status, 200);
  // An unknown barcode shows the (empty) results page.
  assert.is((await app.req(a.host, `${CATALOG_PATH}/search?q=8690000000000`, asDealer)).status, 200);
});

test('typing with a typo still suggests products; the suggest panel links the full results', async () => {
  const res = await app.req(a.host, `${CATALOG_PATH}/suggest?q=${encodeURIComponent('paslanmas vidda')}`, { ...asDealer, htmx: true });
  const html = await res.text();
  assert.match(html, 'Paslanmaz Vida');
  assert.match(html, `${CATALOG_PATH}/search?q=paslanmas%20vidda`);
  const none = await (await app.req(a.host, `${CATALOG_PATH}/suggest?q=qqqxzzz`, { ...asDealer, htmx: true })).text();
  assert.match(none, 'data-testid="suggest"');
});

test('category page: total from the facets, counts per facet value, price range, pages of 24 by name', async () => {
  const cat = await a.db.selectFrom('categories').select(['id', 'name']).where('parent_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
  const inCat = await a.db.selectFrom('products').select('name').where('category_id', '=', cat.id).where('hidden', '=', false).execute();
  const res = await app.req(a.host, `${CATALOG_PATH}/search?category=${cat.id}`, asDealer);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, cat.name);
  assert.match(html, 'name="min"');
  assert.match(html, 'name="max"');
  // Facet values carry counts; the results heading names the total.
  assert.match(html, /name="availability" value="in_stock"[^>]*>[^<]*<span class="count">\d+<\/span>/);
  const visible = await a.db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('category_id', '=', cat.id)
    .where('active', '=', true)
    .where('hidden', '=', false)
    .where((eb) => eb.not(eb.and([eb('availability', '=', 'out_of_stock'), eb('out_of_stock_behaviour', '=', 'hide')])))
    .executeTakeFirstOrThrow();
  assert.ok(inCat.length > 0);
  assert.match(html, `${Number(visible.n)} ürün`);
  const filtered = await app.req(a.host, `${CATALOG_PATH}/search?category=${cat.id}&availability=in_stock&min=1&max=100000`, asDealer);
  assert.is(filtered.status, 200);
});

test('category pages follow category changes at once, though they scope by the cached list', async () => {
  const top = await a.db.selectFrom('categories').select(['id']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  assert.is((await app.req(a.host, `${CATALOG_PATH}/search?category=${top.id}`, asDealer)).status, 200, 'warms the cache');
  // A new sub-category with a product: its page exists at once and the parent's count includes it.
  const sub = await createCategory(a.db, { name: 'Yeni Alt Kategori', parentId: top.id });
  await product(a.db, { sku: 'NEWCAT-1', name: 'Aaa Yeni Kategorideki Ürün', category_id: sub.id });
  const subPage = await app.req(a.host, `${CATALOG_PATH}/search?category=${sub.id}`, asDealer);
  assert.is(subPage.status, 200);
  assert.match(await subPage.text(), 'Aaa Yeni Kategorideki Ürün');
  const parent = await (await app.req(a.host, `${CATALOG_PATH}/search?category=${top.id}`, asDealer)).text();
  assert.match(parent, 'Yeni Alt Kategori');
  assert.match(parent, 'Aaa Yeni Kategorideki Ürün', 'first by name on the parent page');
  // Renamed, then moved away from the top category: the top page no longer counts it.
  await a.db.updateTable('categories').set({ name: 'Adı Değişen Kategori' }).where('id', '=', sub.id).execute();
  assert.match(await (await app.req(a.host, `${CATALOG_PATH}/search?category=${sub.id}`, asDealer)).text(), 'Adı Değişen Kategori');
  const other = await createCategory(a.db, { name: 'Başka Üst Kategori' });
  await a.db.updateTable('categories').set({ parent_id: other.id }).where('id', '=', sub.id).execute();
  const after = await (await app.req(a.host, `${CATALOG_PATH}/search?category=${top.id}`, asDealer)).text();
  assert.not.match(after, 'Aaa Yeni Kategorideki Ürün');
  assert.not.match(after, 'Adı Değişen Kategori');
  // Deactivated: a 404 for dealers.
  await a.db.updateTable('categories').set({ active: false }).where('id', '=', sub.id).execute();
  assert.is((await app.req(a.host, `${CATALOG_PATH}/search?category=${sub.id}`, asDealer)).status, 404);
});

test.run();
