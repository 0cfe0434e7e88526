import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isSubscribed } from '../../src/stock/subscriptions.ts';
import { BackInStockButton, type BackInStockProps } from '../../views/stock/back-in-stock.tsx';
import { product } from '../catalog/support.ts';
import { formPost, makeTestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('CAT-7 dealer back-in-stock subscriptions');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
let buyerId: number;
let buyer: string;
let acting: string;
let staff: string;
let bBuyer: string;
let out: { id: number };
let inStock: { id: number };
let hidden: { id: number };
let hiddenWhenOut: { id: number };

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant();
  b = await makeTenant();
  out = await product(a.db, { name: 'Tükenen Matkap', stock_qty: 0, out_of_stock_behaviour: 'backorder' });
  inStock = await product(a.db, { name: 'Bol Matkap', stock_qty: 40 });
  hidden = await product(a.db, { name: 'Gizli Ürün', stock_qty: 0, hidden: true });
  hiddenWhenOut = await product(a.db, { name: 'Tükenince Gizlenen', stock_qty: 0, out_of_stock_behaviour: 'hide' });
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, totp: false });
  buyerId = user.id;
  buyer = await sessionCookie(a.db, user.id);
  const { user: support } = await build.staff(a.db, { role: 'support_agent' });
  acting = await sessionCookie(a.db, support.id, { actingDealerId: dealer.id });
  staff = await sessionCookie(a.db, support.id);
  const bDealer = await build.dealer(b.db);
  const { user: bu } = await build.dealerUser(b.db, { dealerId: bDealer.id, totp: false });
  bBuyer = await sessionCookie(b.db, bu.id);
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

const render = (p: BackInStockProps) => String(BackInStockButton(p) ?? '');
const post = (t: T, cookie: string, path: string, htmx = true) => app.req(t.host, path, formPost(t.host, {}, { headers: { cookie }, htmx }));

test('the button: a form that swaps itself with htmx; nothing while in stock; a note for staff acting for a dealer', () => {
  const html = render({ productId: 7, subscribed: false, locale: 'en', availability: 'backorder' });
  assert.match(html, 'id="back-in-stock-7"');
  assert.match(html, 'action="/portal/stock/subscriptions/7"');
  assert.match(html, 'hx-post="/portal/stock/subscriptions/7"');
  assert.match(html, 'hx-target="#back-in-stock-7"');
  assert.match(html, 'Tell me when it is back');
  const on = render({ productId: 7, subscribed: true, locale: 'tr' });
  assert.match(on, 'action="/portal/stock/subscriptions/7/delete"');
  assert.match(on, 'Stoğa girince e-posta ile haber vereceğiz.');
  assert.is(render({ productId: 7, subscribed: false, locale: 'tr', availability: 'in_stock' }), '');
  assert.not.match(render({ productId: 7, subscribed: false, locale: 'en', actingStaff: true }), '<form');
});

test('a dealer subscribes and unsubscribes; a double click keeps one subscription', async () => {
  const res = await post(a, buyer, `/portal/stock/subscriptions/${out.id}`);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, `action="/portal/stock/subscriptions/${out.id}/delete"`);
  assert.match(html, 'Stoğa girince e-posta ile haber vereceğiz.');
  await post(a, buyer, `/portal/stock/subscriptions/${out.id}`);
  assert.ok(await isSubscribed(a.db, out.id, buyerId));
  assert.is((await a.db.selectFrom('stock_subscriptions').select('id').where('product_id', '=', out.id).execute()).length, 1);
  const del = await post(a, buyer, `/portal/stock/subscriptions/${out.id}/delete`);
  assert.is(del.status, 200);
  const delHtml = await del.text();
  assert.match(delHtml, `action="/portal/stock/subscriptions/${out.id}"`);
  assert.match(delHtml, /role="status">Haber verme iptal edildi/);
  assert.not.ok(await isSubscribed(a.db, out.id, buyerId));
  const plain = await post(a, buyer, `/portal/stock/subscriptions/${out.id}`, false);
  assert.is(plain.status, 303);
  assert.is(plain.headers.get('location'), `/portal/catalog/products/${out.id}`);
  assert.ok(await isSubscribed(a.db, out.id, buyerId));
});

test('in stock now: nothing to subscribe to; hidden products are 404', async () => {
  const res = await post(a, buyer, `/portal/stock/subscriptions/${inStock.id}`);
  assert.is(res.status, 409);
  assert.match(await res.text(), 'şu an stokta');
  assert.not.ok(await isSubscribed(a.db, inStock.id, buyerId));
  for (const p of [hidden, hiddenWhenOut]) {
    assert.is((await post(a, buyer, `/portal/stock/subscriptions/${p.id}`)).status, 404);
    assert.not.ok(await isSubscribed(a.db, p.id, buyerId));
  }
});

test('staff acting for a dealer are refused; staff not acting and signed-out users do not get in', async () => {
  const res = await post(a, acting, `/portal/stock/subscriptions/${out.id}`);
  assert.is(res.status, 403);
  assert.match(await res.text(), 'Bayi adına işlem yaparken');
  assert.is((await a.db.selectFrom('stock_subscriptions').select('id').where('user_id', '!=', buyerId).execute()).length, 0);
  assert.is((await post(a, staff, `/portal/stock/subscriptions/${out.id}`)).status, 403);
  assert.is((await app.req(a.host, `/portal/stock/subscriptions/${out.id}`, formPost(a.host, {}))).status, 303);
});

test("isolation: A's product id on B's host is 404 and subscribes nothing", async () => {
  const bIds = new Set((await b.db.selectFrom('products').select('id').execute()).map((r) => r.id));
  assert.not.ok(bIds.has(out.id));
  assert.is((await post(b, bBuyer, `/portal/stock/subscriptions/${out.id}`)).status, 404);
  assert.is((await post(b, bBuyer, `/portal/stock/subscriptions/${out.id}/delete`)).status, 404);
  assert.is((await b.db.selectFrom('stock_subscriptions').select('id').execute()).length, 0);
  assert.is((await post(a, buyer, '/portal/stock/subscriptions/abc')).status, 404);
});

test.run();
