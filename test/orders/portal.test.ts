import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** ORD-4/5/8/10 dealer side through the routes: checkout, refusals, double submit, my orders, withdraw, isolation. */
const test = suite('ORD-4/8/10 dealer checkout and my orders');
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

async function product(o: { price?: number; stock?: number } = {}) {
  n += 1;
  return A.db
    .insertInto('products')
    .values({ sku: `PO-${n}`, name: `Somun ${n}`, list_price: o.price ?? 10000, currency: 'TRY', vat_rate: 20, stock_qty: o.stock ?? 100, out_of_stock_behaviour: 'block' } as never)
    .returning(['id', 'sku'])
    .executeTakeFirstOrThrow();
}

async function dealer(o: { limit?: number } = {}) {
  const d = await build.dealer(A.db);
  await A.db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Depo', line1: 'Organize Sanayi 4. Cadde', city: 'İstanbul', is_default: true }).execute();
  await A.db.insertInto('dealer_accounts').values({ dealer_id: d.id, currency: 'TRY', credit_limit: o.limit ?? 1_000_000_000, payment_methods: ['open_account', 'wire'] as never }).execute();
  return d.id;
}

async function user(dealerId: number, role: 'buyer' | 'dealer_admin' | 'viewer' = 'buyer', name = 'Ali Alıcı') {
  const u = await build.dealerUser(A.db, { dealerId, role, name });
  return { dealerId, userId: u.user.id, cookie: await sessionCookie(A.db, u.user.id) };
}
type Who = Awaited<ReturnType<typeof user>>;

const get = (who: Who, path: string, ten = A) => t.req(ten.host, path, { headers: { cookie: who.cookie } });
const post = (who: Who, path: string, fields: Record<string, string>) => t.req(A.host, path, formPost(A.host, fields, { headers: { cookie: who.cookie } }));

async function cartWith(who: Who, items: Array<{ id: number; qty: number }>) {
  const cart = await A.db.insertInto('carts').values({ dealer_id: who.dealerId, owner_id: who.userId, name: `Sepet ${++n}` }).returning('id').executeTakeFirstOrThrow();
  await A.db.insertInto('cart_lines').values(items.map((i) => ({ cart_id: cart.id, product_id: i.id, qty: i.qty }))).execute();
  return cart.id;
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

async function review(who: Who, cartId: number, extra: Record<string, string> = {}) {
  const addr = await A.db.selectFrom('addresses').select('id').where('dealer_id', '=', who.dealerId).executeTakeFirstOrThrow();
  const res = await post(who, '/portal/orders/checkout/review', { cart: String(cartId), address_id: String(addr.id), ship: '', pay: 'open_account', date: '', note: 'Kapıya', po: 'PO-1', ...extra });
  return { res, html: await res.text() };
}

const confirmFields = (html: string, cartId: number) => ({
  cart: String(cartId),
  key: hidden(html, 'key'),
  expected: hidden(html, 'expected'),
  address_id: hidden(html, 'address_id'),
  ship: hidden(html, 'ship'),
  pay: hidden(html, 'pay'),
  date: hidden(html, 'date'),
  note: hidden(html, 'note'),
  po: hidden(html, 'po'),
  ...Object.fromEntries([...html.matchAll(/name="(seen_\d+)" value="(\d+)"/g)].map((x) => [x[1]!, x[2]!])),
});

test('checkout end to end: form, review with key and total, confirm → order page with flash, cart emptied; same key twice → one order', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product({ price: 12345 });
  const cartId = await cartWith(who, [{ id: p.id, qty: 3 }]);
  const form = await get(who, `/portal/orders/checkout?cart=${cartId}`);
  assert.is(form.status, 200);
  const formHtml = await form.text();
  assert.match(formHtml, 'Organize Sanayi');
  assert.match(formHtml, 'Open account');
  const { res, html } = await review(who, cartId);
  assert.is(res.status, 200);
  assert.ok(hidden(html, 'key').length > 10);
  assert.is(hidden(html, 'expected'), String(37035 + 7407));
  const fields = confirmFields(html, cartId);
  const [r1, r2] = await Promise.all([post(who, '/portal/orders/checkout/confirm', fields), post(who, '/portal/orders/checkout/confirm', fields)]);
  assert.is(r1.status, 303);
  assert.is(r2.status, 303);
  assert.is(r1.headers.get('location'), r2.headers.get('location'));
  const orders = await A.db.selectFrom('orders').selectAll().where('dealer_id', '=', d).execute();
  assert.is(orders.length, 1);
  assert.is(orders[0]!.po_number, 'PO-1');
  assert.is(orders[0]!.cart_name.startsWith('Sepet'), true);
  assert.is((await A.db.selectFrom('cart_lines').select('qty').where('cart_id', '=', cartId).execute()).length, 0, 'cart emptied');
  const page = await t.req(A.host, r1.headers.get('location')!, { headers: { cookie: who.cookie + '; ' + (r1.headers.get('set-cookie') ?? '').split(';')[0] } });
  assert.is(page.status, 200);
  const pageHtml = await page.text();
  assert.match(pageHtml, orders[0]!.number);
  assert.match(pageHtml, 'Placed');
});

test('checkout live totals follow the chosen payment method (wire −2 %)', async () => {
  const d = await dealer();
  await A.db.insertInto('payment_adjustments').values({ price_list_id: null, method: 'wire', installments: null, percent: '-2.00' } as never).onConflict((oc) => oc.doNothing()).execute();
  const who = await user(d);
  const p = await product({ price: 10000 });
  const cartId = await cartWith(who, [{ id: p.id, qty: 1 }]);
  const res = await t.req(A.host, '/portal/orders/checkout/totals', formPost(A.host, { cart: String(cartId), pay: 'wire', ship: '' }, { headers: { cookie: who.cookie }, htmx: true }));
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'id="checkout-totals"');
  assert.match(html, /117\.60/);
});

test('repriced: a total that changed since the review is shown again to confirm, nothing written', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product({ price: 10000 });
  const cartId = await cartWith(who, [{ id: p.id, qty: 2 }]);
  const { html } = await review(who, cartId);
  await A.db.updateTable('products').set({ list_price: 11000 }).where('id', '=', p.id).execute();
  const res = await post(who, '/portal/orders/checkout/confirm', confirmFields(html, cartId));
  assert.is(res.status, 409);
  const again = await res.text();
  assert.match(again, 'Prices changed');
  assert.match(again, 'row--changed');
  assert.match(again, /was [^<]*100.00/);
  assert.is(hidden(again, 'expected'), String(26400));
  assert.is((await A.db.selectFrom('orders').select('id').where('dealer_id', '=', d).execute()).length, 0);
  const ok = await post(who, '/portal/orders/checkout/confirm', confirmFields(again, cartId));
  assert.is(ok.status, 303);
});

test('confirm: a tampered form (no key, unknown payment) gets the checkout page back with 422; a colleague’s private cart or another dealer’s is 404; nothing written', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product();
  const cartId = await cartWith(who, [{ id: p.id, qty: 1 }]);
  const { html } = await review(who, cartId);
  const fields = confirmFields(html, cartId);
  let res = await post(who, '/portal/orders/checkout/confirm', { ...fields, key: '' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'name="address_id"', 'the checkout form again, with its choices');
  res = await post(who, '/portal/orders/checkout/confirm', { ...fields, pay: 'barter' });
  assert.is(res.status, 422);
  const colleague = await user(d);
  assert.is((await post(colleague, '/portal/orders/checkout/confirm', fields)).status, 404);
  const stranger = await user(await dealer());
  assert.is((await post(stranger, '/portal/orders/checkout/confirm', fields)).status, 404);
  assert.is((await A.db.selectFrom('orders').select('id').where('dealer_id', '=', d).execute()).length, 0);
  assert.equal((await A.db.selectFrom('cart_lines').select('qty').where('cart_id', '=', cartId).execute()).map((r) => r.qty), [1], 'the cart is kept');
});

test('refusals: out of stock per line, credit limit with figures, past delivery date', async () => {
  const d = await dealer({ limit: 10000 });
  const who = await user(d);
  const p = await product({ price: 1000, stock: 2 });
  const cartId = await cartWith(who, [{ id: p.id, qty: 5 }]);
  const { html } = await review(who, cartId);
  let res = await post(who, '/portal/orders/checkout/confirm', confirmFields(html, cartId));
  assert.is(res.status, 409);
  const stockHtml = await res.text();
  assert.match(stockHtml, 'Not enough stock');
  assert.match(stockHtml, `${p.sku}: 5 wanted, 2 available`);
  await A.db.updateTable('products').set({ stock_qty: 100 }).where('id', '=', p.id).execute();
  await A.db.updateTable('cart_lines').set({ qty: 50 }).where('cart_id', '=', cartId).execute();
  const second = await review(who, cartId);
  res = await post(who, '/portal/orders/checkout/confirm', confirmFields(second.html, cartId));
  assert.is(res.status, 409);
  const credit = await res.text();
  assert.match(credit, 'exceeds your credit limit');
  assert.match(credit, '100.00');
  assert.match(credit, '600.00');
  const past = await review(who, cartId, { date: '2001-01-01' });
  assert.is(past.res.status, 422);
  assert.match(past.html, 'not in the past');
  assert.is((await A.db.selectFrom('orders').select('id').where('dealer_id', '=', d).execute()).length, 0);
});

async function place(who: Who, items: Array<{ id: number; qty: number }>, po = '') {
  const cartId = await cartWith(who, items);
  const { html } = await review(who, cartId, { po });
  const res = await post(who, '/portal/orders/checkout/confirm', confirmFields(html, cartId));
  assert.is(res.status, 303);
  return Number(res.headers.get('location')!.split('/').pop());
}

test('my orders: own only without orders.view_all, all with it; filters by status, text, person, cart; other dealers and tenants 404', async () => {
  const d = await dealer();
  const ali = await user(d, 'buyer', 'Ali Alıcı');
  const ayse = await user(d, 'buyer', 'Ayşe Alıcı');
  const admin = await user(d, 'dealer_admin', 'Deniz Yönetici');
  const p = await product();
  const o1 = await place(ali, [{ id: p.id, qty: 1 }], 'PO-ALI');
  const o2 = await place(ayse, [{ id: p.id, qty: 1 }], 'PO-AYSE');
  const n1 = (await A.db.selectFrom('orders').select('number').where('id', '=', o1).executeTakeFirstOrThrow()).number;
  const n2 = (await A.db.selectFrom('orders').select('number').where('id', '=', o2).executeTakeFirstOrThrow()).number;
  let html = await (await get(ali, '/portal/orders')).text();
  assert.match(html, n1);
  assert.not.match(html, n2);
  assert.is((await get(ali, `/portal/orders/${o2}`)).status, 404, 'a colleague’s order without view_all');
  html = await (await get(admin, '/portal/orders')).text();
  assert.match(html, n1, 'admin sees all');
  assert.match(html, n2);
  html = await (await get(admin, '/portal/orders?q=po-ayse')).text();
  assert.not.match(html, n1);
  assert.match(html, n2);
  html = await (await get(admin, `/portal/orders?person=${ali.userId}`)).text();
  assert.match(html, n1, 'person filter');
  assert.not.match(html, n2);
  html = await (await get(admin, '/portal/orders?status=cancelled')).text();
  assert.not.match(html, n1);
  html = await (await get(admin, '/portal/orders?cart=Sepet')).text();
  assert.match(html, n1, 'cart filter');
  const other = await user(await dealer());
  assert.is((await get(other, `/portal/orders/${o1}`)).status, 404);
  assert.is((await post(other, `/portal/orders/${o1}/withdraw`, { reason: 'x' })).status, 404);
  assert.is((await post(other, `/portal/orders/checkout/review`, { cart: '1' })).status, 404);
  const bDealer = await build.dealer(B.db);
  const bUser = await build.dealerUser(B.db, { dealerId: bDealer.id, totp: false });
  const bWho = { dealerId: bDealer.id, userId: bUser.user.id, cookie: await sessionCookie(B.db, bUser.user.id) };
  assert.is((await get(bWho, `/portal/orders/${o1}`, B)).status, 404);
});

test('withdraw before the seller confirms releases the reserved stock; a confirmed order cannot be withdrawn', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product({ stock: 10 });
  const id = await place(who, [{ id: p.id, qty: 4 }]);
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 4);
  let res = await post(who, `/portal/orders/${id}/withdraw`, { reason: '' });
  assert.is(res.status, 422);
  res = await post(who, `/portal/orders/${id}/withdraw`, { reason: 'Yanlış sepet' });
  assert.is(res.status, 303);
  const o = await A.db.selectFrom('orders').select(['status', 'cancel_reason']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(o, { status: 'cancelled', cancel_reason: 'Yanlış sepet' });
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 0);
  const id2 = await place(who, [{ id: p.id, qty: 1 }]);
  await A.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', id2).execute();
  res = await post(who, `/portal/orders/${id2}/withdraw`, { reason: 'Geç kaldı' });
  assert.is(res.status, 409);
  assert.is((await A.db.selectFrom('orders').select('status').where('id', '=', id2).executeTakeFirstOrThrow()).status, 'confirmed');
});

test('change quantities: re-priced, reservations adjusted, totals recomputed, history note; short stock refused', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product({ price: 10000, stock: 10 });
  const id = await place(who, [{ id: p.id, qty: 2 }]);
  const line = await A.db.selectFrom('order_lines').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
  let res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '5' });
  assert.is(res.status, 303);
  const o = await A.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.is(o.lines_net, 50000);
  assert.is(o.total_gross, 60000);
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 5);
  const notes = await A.db.selectFrom('order_status_history').select('note').where('order_id', '=', id).execute();
  assert.ok(notes.some((h) => h.note.includes('2→5')));
  res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '50' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'only 5 more units');
  res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '1' });
  assert.is(res.status, 303);
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 1);
});

test('change quantities over the credit limit (block) is refused; nothing changes', async () => {
  const d = await dealer({ limit: 30000 });
  const who = await user(d);
  const p = await product({ price: 10000, stock: 10 });
  const id = await place(who, [{ id: p.id, qty: 1 }]);
  const line = await A.db.selectFrom('order_lines').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
  const res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '3' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'exceeds your credit limit');
  assert.is((await A.db.selectFrom('order_lines').select('qty').where('id', '=', line.id).executeTakeFirstOrThrow()).qty, 1);
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 1);
  const ok = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '2' });
  assert.is(ok.status, 303);
});

test('a placed order changed above the purchasing-policy amount goes back to awaiting approval; the dealer is told, the approvers mailed', async () => {
  const d = await dealer();
  const who = await user(d);
  const a = await build.dealerUser(A.db, { dealerId: d, role: 'dealer_admin', name: 'Deniz Yönetici' });
  const admin = { email: a.user.email };
  await A.db.insertInto('approval_rules').values({ dealer_id: d, name: 'Büyük sipariş', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const p = await product({ price: 10000, stock: 10 });
  const id = await place(who, [{ id: p.id, qty: 1 }]);
  assert.is((await A.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'placed');
  const line = await A.db.selectFrom('order_lines').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
  const res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '5' });
  assert.is(res.status, 303);
  const o = await A.db.selectFrom('orders').select(['status', 'after_approval']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(o, { status: 'awaiting_approval', after_approval: 'placed' });
  const steps = await A.db.selectFrom('order_approvals').select(['level', 'status']).where('order_id', '=', id).execute();
  assert.equal(steps, [{ level: 1, status: 'pending' }]);
  const flash = /kv_flash=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const page = await (await t.req(A.host, `/portal/orders/${id}`, { headers: { cookie: `${who.cookie}; ${flash}` } })).text();
  assert.match(page, 'the order waits for approval again', 'the dealer is told why the status changed');
  assert.match(page, 'approval needed again under the purchasing policy', 'timeline note');
  const mails = await A.db.selectFrom('notifications').select('recipient').where('template', '=', 'approval.waiting').execute();
  assert.ok(mails.some((r) => r.recipient === admin.email), 'the approvers are mailed');
});

test('ORD-8 permissions: a buyer cannot change or withdraw a colleague’s order (404); seeing all orders without orders.change/change_qty is 403; the admin may; nothing changes on a refusal', async () => {
  const d = await dealer();
  const ali = await user(d, 'buyer', 'Ali Alıcı');
  const ayse = await user(d, 'buyer', 'Ayşe Alıcı');
  const admin = await user(d, 'dealer_admin', 'Deniz Yönetici');
  const u = await build.dealerUser(A.db, { dealerId: d, role: 'approver', name: 'Onur Onaycı' });
  const approver = { dealerId: d, userId: u.user.id, cookie: await sessionCookie(A.db, u.user.id) };
  // A buyer who sees every order of the company but may not change them.
  const v = await build.dealerUser(A.db, { dealerId: d, role: 'buyer', name: 'Gözde Gözlemci', permissions: ['orders.place', 'orders.view_all'] });
  const watcher = { dealerId: d, userId: v.user.id, cookie: await sessionCookie(A.db, v.user.id) };
  const p = await product({ stock: 20 });
  const id = await place(ali, [{ id: p.id, qty: 2 }]);
  const line = await A.db.selectFrom('order_lines').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
  const snapshot = async () => ({
    order: await A.db.selectFrom('orders').select(['status', 'total_gross']).where('id', '=', id).executeTakeFirstOrThrow(),
    qty: (await A.db.selectFrom('order_lines').select('qty').where('id', '=', line.id).executeTakeFirstOrThrow()).qty,
    reserved: (await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty,
    history: (await A.db.selectFrom('order_status_history').select('id').where('order_id', '=', id).execute()).length,
  });
  const own = await (await get(ali, `/portal/orders/${id}`)).text();
  assert.match(own, `action="/portal/orders/${id}/withdraw"`, 'the owner gets the withdraw form');
  assert.match(own, `name="qty_${line.id}"`, 'and the quantity inputs');
  const before = await snapshot();
  assert.is((await post(ayse, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '5' })).status, 404, 'colleague without view_all: not even visible');
  assert.is((await post(ayse, `/portal/orders/${id}/withdraw`, { reason: 'benim değil' })).status, 404);
  for (const who of [approver, watcher]) {
    assert.is((await get(who, `/portal/orders/${id}`)).status, 200, 'view_all sees the order');
    const html = await (await get(who, `/portal/orders/${id}`)).text();
    assert.not.match(html, `action="/portal/orders/${id}/withdraw"`, 'no withdraw form without orders.change');
    assert.not.match(html, `name="qty_${line.id}"`, 'no quantity inputs without orders.change_qty');
    assert.is((await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '5' })).status, 403);
    assert.is((await post(who, `/portal/orders/${id}/withdraw`, { reason: 'deneme' })).status, 403);
  }
  assert.equal(await snapshot(), before, 'nothing changed');
  // The dealer admin (view_all + change) may change a colleague’s order; the owner may too.
  assert.is((await post(admin, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '3' })).status, 303);
  assert.is((await post(ali, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '4' })).status, 303);
  assert.is((await snapshot()).qty, 4);
});

test('ORD-11: an invoiced order is frozen for the dealer too — no quantity change, no withdrawal (409), nothing changed', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product({ stock: 20 });
  const id = await place(who, [{ id: p.id, qty: 2 }]);
  await A.db.updateTable('orders').set({ invoiced_at: new Date() }).where('id', '=', id).execute();
  const line = await A.db.selectFrom('order_lines').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
  const page = await (await get(who, `/portal/orders/${id}`)).text();
  assert.not.match(page, `name="qty_${line.id}"`, 'no quantity inputs');
  assert.not.match(page, `action="/portal/orders/${id}/withdraw"`, 'no withdraw form');
  let res = await post(who, `/portal/orders/${id}/lines`, { [`qty_${line.id}`]: '5' });
  assert.is(res.status, 409);
  assert.match(await res.text(), 'The order is invoiced');
  res = await post(who, `/portal/orders/${id}/withdraw`, { reason: 'vazgeçtik' });
  assert.is(res.status, 409);
  const o = await A.db.selectFrom('orders').select(['status', 'total_gross']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.is(o.status, 'placed');
  assert.is((await A.db.selectFrom('order_lines').select('qty').where('id', '=', line.id).executeTakeFirstOrThrow()).qty, 2);
  assert.is((await A.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 2);
});

test('order again copies the lines into the active cart', async () => {
  const d = await dealer();
  const who = await user(d);
  const p = await product();
  const id = await place(who, [{ id: p.id, qty: 3 }]);
  const res = await post(who, `/portal/orders/${id}/reorder`, {});
  assert.is(res.status, 303);
  const cart = await A.db.selectFrom('user_active_carts').select('cart_id').where('user_id', '=', who.userId).executeTakeFirstOrThrow();
  assert.equal(await A.db.selectFrom('cart_lines').select(['product_id', 'qty']).where('cart_id', '=', cart.cart_id).execute(), [{ product_id: p.id, qty: 3 }]);
});

test.run();
