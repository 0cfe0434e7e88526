import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealerDocuments } from '../../src/orders/portal-routes.tsx';

/** ORD-1/ORD-7/ORD-9/APR-3 wiring: add to cart in the catalog + cart badge, new-order mails once, dealer PDF downloads. */
const test = suite('ORD dealer flow wiring');
let t: TestApp;
type Ten = Awaited<ReturnType<typeof makeTenant>>;
let A: Ten;
let B: Ten;
let n = 0;

test.before(async () => {
  t = await makeTestApp();
  A = await makeTenant({ defaultLocale: 'en' });
  B = await makeTenant({ defaultLocale: 'en' });
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function product(ten: Ten = A, price = 10000) {
  n += 1;
  return ten.db
    .insertInto('products')
    .values({ sku: `DF-${n}`, name: `Şaft ${n}`, list_price: price, currency: 'TRY', vat_rate: 20, stock_qty: 100, out_of_stock_behaviour: 'block' } as never)
    .returning(['id', 'sku'])
    .executeTakeFirstOrThrow();
}

async function dealer(ten: Ten = A) {
  const d = await build.dealer(ten.db);
  await ten.db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Depo', line1: 'Organize Sanayi 4. Cadde', city: 'İstanbul', is_default: true }).execute();
  await ten.db.insertInto('dealer_accounts').values({ dealer_id: d.id, currency: 'TRY', credit_limit: 1_000_000_000, payment_methods: ['open_account'] as never }).execute();
  return d.id;
}

async function user(dealerId: number, role: 'buyer' | 'dealer_admin' | 'viewer' | 'approver' = 'buyer', ten: Ten = A) {
  n += 1;
  const u = await build.dealerUser(ten.db, { dealerId, role, name: `Ayşe ${n}`, email: `u${n}-${Date.now()}@example.test` });
  return { dealerId, userId: u.user.id, email: u.user.email, cookie: await sessionCookie(ten.db, u.user.id), ten };
}
type Who = Awaited<ReturnType<typeof user>>;

const get = (who: Who, path: string, headers: Record<string, string> = {}) => t.req(who.ten.host, path, { headers: { cookie: who.cookie, ...headers } });
const post = (who: Who, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => t.req(who.ten.host, path, formPost(who.ten.host, fields, { headers: { cookie: who.cookie, ...headers } }));
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

async function placeOrder(who: Who, items: Array<{ id: number; qty: number }>) {
  const cart = await who.ten.db.insertInto('carts').values({ dealer_id: who.dealerId, owner_id: who.userId, name: `Sepet ${++n}` }).returning('id').executeTakeFirstOrThrow();
  await who.ten.db.insertInto('cart_lines').values(items.map((i) => ({ cart_id: cart.id, product_id: i.id, qty: i.qty }))).execute();
  const addr = await who.ten.db.selectFrom('addresses').select('id').where('dealer_id', '=', who.dealerId).executeTakeFirstOrThrow();
  const rev = await post(who, '/portal/orders/checkout/review', { cart: String(cart.id), address_id: String(addr.id), ship: '', pay: 'open_account', date: '', note: '', po: '' });
  assert.is(rev.status, 200);
  const html = await rev.text();
  const fields = { cart: String(cart.id), key: hidden(html, 'key'), expected: hidden(html, 'expected'), address_id: hidden(html, 'address_id'), ship: hidden(html, 'ship'), pay: hidden(html, 'pay'), date: '', note: '', po: '' };
  return { fields, cartId: cart.id };
}

test('catalog: buyers get add-to-cart on results and product page and a cart badge; viewers get neither; the add swaps the badge', async () => {
  const d = await dealer();
  const buyer = await user(d);
  const viewer = await user(d, 'viewer');
  const p = await product();
  let res = await get(buyer, `/portal/catalog/search?q=${p.sku}`);
  assert.is(res.status, 200);
  let html = await res.text();
  assert.match(html, `id="atc-${p.id}-qty"`);
  assert.match(html, 'id="cart-badge"');
  assert.match(html, 'Cart (0)');
  assert.match(html, 'id="cart-badge" href="/portal/carts"', 'no active cart yet: the badge opens the carts list');
  res = await get(buyer, `/portal/catalog/products/${p.id}`);
  html = await res.text();
  assert.match(html, 'data-testid="product-add-to-cart"');
  const add = await post(buyer, '/portal/carts/active/lines', { product_id: String(p.id), qty: '2' }, { 'HX-Request': 'true' });
  assert.is(add.status, 200);
  const frag = await add.text();
  assert.match(frag, 'id="cart-badge"');
  assert.match(frag, 'Cart (1)');
  html = await (await get(buyer, '/portal/orders')).text();
  assert.match(html, 'Cart (1)', 'badge counts the active cart on any dealer page');
  const active = await A.db.selectFrom('user_active_carts').select('cart_id').where('user_id', '=', buyer.userId).executeTakeFirstOrThrow();
  assert.match(html, `id="cart-badge" href="/portal/carts/${active.cart_id}"`, 'the badge opens the active cart itself (no redirect)');
  for (const path of [`/portal/catalog/search?q=${p.sku}`, `/portal/catalog/products/${p.id}`]) {
    const v = await (await get(viewer, path)).text();
    assert.not.match(v, 'add-to-cart', path);
    assert.not.match(v, 'id="cart-badge"', path);
  }
});

test('staff acting for a dealer get add-to-cart and the badge in the dealer frame; staff pages have no badge', async () => {
  const d = await dealer();
  const p = await product();
  const { user: s } = await build.staff(A.db, { role: 'sales_rep' });
  const acting = { dealerId: d, userId: s.id, email: s.email, cookie: await sessionCookie(A.db, s.id, { actingDealerId: d }), ten: A };
  const html = await (await get(acting, `/portal/catalog/products/${p.id}`)).text();
  assert.match(html, 'data-testid="product-add-to-cart"');
  assert.match(html, 'id="cart-badge"');
  const plain = { ...acting, cookie: await sessionCookie(A.db, s.id) };
  const staffHtml = await (await get(plain, '/staff/orders')).text();
  assert.not.match(staffHtml, 'id="cart-badge"');
});

test('a new order mails its orderer once and announces the approval step once; a duplicate submit mails nothing more', async () => {
  const d = await dealer();
  const buyer = await user(d);
  const approver = await user(d, 'approver');
  await A.db.insertInto('approval_rules').values({ dealer_id: d, name: 'Büyük sipariş', kind: 'amount_over', amount: 5000, currency: 'TRY', levels: 1 }).execute();
  const p = await product();
  const { fields } = await placeOrder(buyer, [{ id: p.id, qty: 2 }]);
  const r1 = await post(buyer, '/portal/orders/checkout/confirm', fields);
  const r2 = await post(buyer, '/portal/orders/checkout/confirm', fields);
  assert.is(r1.status, 303);
  assert.is(r1.headers.get('location'), r2.headers.get('location'));
  const order = await A.db.selectFrom('orders').select(['id', 'status']).where('dealer_id', '=', d).executeTakeFirstOrThrow();
  assert.is(order.status, 'awaiting_approval');
  const mails = await A.db.selectFrom('notifications').select(['template', 'recipient', 'payload']).where('recipient', 'in', [buyer.email, approver.email]).orderBy('id').execute();
  const placed = mails.filter((m) => m.template === 'order.status');
  const waiting = mails.filter((m) => m.template === 'approval.waiting');
  assert.equal(placed.map((m) => m.recipient), [buyer.email]);
  assert.is((placed[0]!.payload as { to: string }).to, 'awaiting_approval');
  assert.equal(waiting.map((m) => m.recipient), [approver.email]);
});

test('an order without approval mails "placed" and no approver', async () => {
  const d = await dealer();
  const buyer = await user(d);
  const p = await product();
  const { fields } = await placeOrder(buyer, [{ id: p.id, qty: 1 }]);
  assert.is((await post(buyer, '/portal/orders/checkout/confirm', fields)).status, 303);
  const mails = await A.db.selectFrom('notifications').select(['template', 'payload']).where('recipient', '=', buyer.email).execute();
  assert.equal(mails.map((m) => [m.template, (m.payload as { to: string }).to]), [['order.status', 'placed']]);
});

test('PDF downloads: own order as an attachment (%PDF-), kinds by status, other dealer / other tenant / unknown kind 404', async () => {
  const d = await dealer();
  const buyer = await user(d);
  const p = await product();
  const { fields } = await placeOrder(buyer, [{ id: p.id, qty: 1 }]);
  const loc = (await post(buyer, '/portal/orders/checkout/confirm', fields)).headers.get('location')!;
  const id = Number(loc.split('/').pop());
  const page = await (await get(buyer, loc)).text();
  assert.match(page, `/portal/orders/${id}/documents/proforma.pdf`);
  assert.not.match(page, 'documents/waybill.pdf');
  const res = await get(buyer, `/portal/orders/${id}/documents/proforma.pdf`);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+\.pdf"$/);
  assert.is(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  assert.is((await get(buyer, `/portal/orders/${id}/documents/waybill.pdf`)).status, 404, 'no waybill before shipping');
  assert.is((await get(buyer, `/portal/orders/${id}/documents/invoice.pdf`)).status, 404);
  const other = await user(await dealer());
  assert.is((await get(other, `/portal/orders/${id}/documents/proforma.pdf`)).status, 404, 'another dealer');
  const colleague = await user(d);
  assert.is((await get(colleague, `/portal/orders/${id}/documents/proforma.pdf`)).status, 404, 'a colleague without orders.view_all');
  const foreign = await user(await dealer(B), 'dealer_admin', B);
  assert.is((await get(foreign, `/portal/orders/${id}/documents/proforma.pdf`)).status, 404, 'another tenant');
});

test('dealerDocuments: proforma while the order stands, confirmation once confirmed, waybill once shipped, nothing when cancelled', () => {
  assert.equal(dealerDocuments('awaiting_approval'), ['proforma']);
  assert.equal(dealerDocuments('confirmed'), ['confirmation', 'proforma']);
  assert.equal(dealerDocuments('shipped'), ['confirmation', 'proforma', 'waybill']);
  assert.equal(dealerDocuments('cancelled'), []);
});

test.run();
