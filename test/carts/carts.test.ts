import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cartFigures, parsePaste } from '../../src/carts/carts.ts';
import { dealerPricing } from '../../src/pricing/context.ts';
import { submitOrder } from '../../src/orders/submit.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** ORD-1/2/3: carts, sharing, isolation, quick order, shopping-list import, cart figures — through the real app. */
const test = suite('ORD-1/2/3 dealer carts');
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

async function product(ten: Ten, o: { price?: number; vat?: number; stock?: number; min?: number; multiple?: number; hidden?: boolean; behaviour?: 'block' | 'backorder' } = {}) {
  n += 1;
  return ten.db
    .insertInto('products')
    .values({ sku: `CRT-${n}`, name: `Vida ${n}`, list_price: o.price ?? 10000, currency: 'TRY', vat_rate: o.vat ?? 20, stock_qty: o.stock ?? 100, min_order_qty: o.min ?? 1, order_multiple: o.multiple ?? 1, hidden: o.hidden ?? false, out_of_stock_behaviour: o.behaviour ?? 'block' } as never)
    .returning(['id', 'sku'])
    .executeTakeFirstOrThrow();
}

async function buyer(ten: Ten, dealerId?: number, role: 'buyer' | 'viewer' = 'buyer') {
  const d = dealerId ? { id: dealerId } : await build.dealer(ten.db);
  const u = await build.dealerUser(ten.db, { dealerId: d.id, role });
  return { dealerId: d.id, userId: u.user.id, cookie: await sessionCookie(ten.db, u.user.id) };
}
type Who = Awaited<ReturnType<typeof buyer>>;

const get = (ten: Ten, who: Who, path: string, htmx = false) => t.req(ten.host, path, { headers: { cookie: who.cookie }, htmx });
const post = (ten: Ten, who: Who, path: string, fields: Record<string, string>, htmx = false) => t.req(ten.host, path, formPost(ten.host, fields, { headers: { cookie: who.cookie }, htmx }));
const cartsOf = (ten: Ten, dealerId: number) => ten.db.selectFrom('carts').selectAll().where('dealer_id', '=', dealerId).orderBy('id').execute();
const linesOf = (ten: Ten, cartId: number) => ten.db.selectFrom('cart_lines').select(['product_id', 'qty']).where('cart_id', '=', cartId).orderBy('product_id').execute();
const activeOf = async (ten: Ten, userId: number) => (await ten.db.selectFrom('user_active_carts').select('cart_id').where('user_id', '=', userId).executeTakeFirstOrThrow()).cart_id;

test('named carts: create, switch the active cart, rename, delete; the last created cart is active', async () => {
  const u = await buyer(A);
  let res = await post(A, u, '/portal/carts', { name: 'İstanbul mağaza', kind: 'cart' });
  assert.is(res.status, 303);
  res = await post(A, u, '/portal/carts', { name: 'Aylık stok', kind: 'cart' });
  const [ist, monthly] = await cartsOf(A, u.dealerId);
  assert.is(ist!.name, 'İstanbul mağaza');
  assert.is(await activeOf(A, u.userId), monthly!.id);
  res = await post(A, u, `/portal/carts/${ist!.id}/activate`, {});
  assert.is(res.status, 303);
  assert.is(await activeOf(A, u.userId), ist!.id);
  await post(A, u, `/portal/carts/${monthly!.id}/rename`, { name: 'Aylık stok (Kasım)' });
  assert.is((await cartsOf(A, u.dealerId))[1]!.name, 'Aylık stok (Kasım)');
  res = await post(A, u, '/portal/carts', { name: '   ', kind: 'cart' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Enter a name');
  const page = await (await get(A, u, '/portal/carts')).text();
  assert.match(page, 'İstanbul mağaza');
  assert.match(page, 'Aylık stok (Kasım)');
  await post(A, u, `/portal/carts/${monthly!.id}/delete`, {});
  assert.is((await cartsOf(A, u.dealerId)).length, 1);
});

test('add to cart (catalog component): quantity added to the active cart, min/multiple refused, badge swapped out of band', async () => {
  const u = await buyer(A);
  const p = await product(A, { min: 5, multiple: 5 });
  let res = await post(A, u, '/portal/carts/active/lines', { product_id: String(p.id), qty: '10' }, true);
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'id="cart-badge"');
  assert.match(html, 'hx-swap-oob');
  assert.match(html, /\((1)\)<\/a>/, 'one line in the badge');
  res = await post(A, u, '/portal/carts/active/lines', { product_id: String(p.id), qty: '5' }, true);
  assert.match(await res.text(), /\((1)\)<\/a>/, 'the same product again: still one line');
  const cartId = await activeOf(A, u.userId);
  assert.equal(await linesOf(A, cartId), [{ product_id: p.id, qty: 15 }]);
  const other = await product(A, {});
  res = await post(A, u, '/portal/carts/active/lines', { product_id: String(other.id), qty: '1' }, true);
  assert.match(await res.text(), /\((2)\)<\/a>/, 'a new product: two lines');
  await A.db.deleteFrom('cart_lines').where('cart_id', '=', cartId).where('product_id', '=', other.id).execute();
  res = await post(A, u, '/portal/carts/active/lines', { product_id: String(p.id), qty: '7' }, true);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'multiple of 5');
  res = await post(A, u, '/portal/carts/active/lines', { product_id: String(p.id), qty: '3' }, true);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Minimum order quantity is 5');
  assert.equal(await linesOf(A, cartId), [{ product_id: p.id, qty: 15 }]);
});

test('sharing: a shared cart is visible and editable to colleagues with orders.place; never to another dealer or tenant', async () => {
  const owner = await buyer(A);
  const colleague = await buyer(A, owner.dealerId);
  const viewer = await buyer(A, owner.dealerId, 'viewer');
  const other = await buyer(A);
  const p = await product(A);
  await post(A, owner, '/portal/carts', { name: 'Ortak sepet', kind: 'cart' });
  const cart = (await cartsOf(A, owner.dealerId))[0]!;
  await post(A, owner, `/portal/carts/${cart.id}/lines/0`, { qty: '1' });
  assert.is((await get(A, colleague, `/portal/carts/${cart.id}`)).status, 404, 'not shared yet');
  await post(A, owner, `/portal/carts/${cart.id}/share`, { shared: '1' });
  assert.is((await get(A, colleague, `/portal/carts/${cart.id}`)).status, 200);
  await post(A, colleague, `/portal/carts/${cart.id}/activate`, {});
  await post(A, colleague, '/portal/carts/active/lines', { product_id: String(p.id), qty: '4' });
  assert.equal(await linesOf(A, cart.id), [{ product_id: p.id, qty: 4 }], 'colleague edits the shared cart');
  const del = await post(A, colleague, `/portal/carts/${cart.id}/delete`, {});
  assert.is(del.status, 303);
  assert.is((await cartsOf(A, owner.dealerId)).length, 1, 'only the owner deletes');
  assert.is((await get(A, viewer, `/portal/carts/${cart.id}`)).status, 403, 'no orders.place: no carts');
  assert.is((await get(A, other, `/portal/carts/${cart.id}`)).status, 404, 'another dealer');
  assert.is((await post(A, other, `/portal/carts/${cart.id}/lines/${p.id}`, { qty: '8' })).status, 404);
  assert.is((await post(A, other, `/portal/carts/${cart.id}/copy`, {})).status, 404);
  const bUser = await buyer(B);
  assert.is((await get(B, bUser, `/portal/carts/${cart.id}`)).status, 404, 'another tenant');
  assert.equal(await linesOf(A, cart.id), [{ product_id: p.id, qty: 4 }]);
});

test('saved lists: copied into the active cart, products that can no longer be ordered skipped', async () => {
  const u = await buyer(A);
  const a = await product(A);
  const b = await product(A);
  await post(A, u, '/portal/carts', { name: 'Sepet', kind: 'cart' });
  const cart = await activeOf(A, u.userId);
  await post(A, u, '/portal/carts', { name: 'Standart liste', kind: 'list' });
  const list = (await cartsOf(A, u.dealerId)).find((c) => c.kind === 'list')!;
  assert.is(await activeOf(A, u.userId), cart, 'a list never becomes the active cart');
  await A.db.insertInto('cart_lines').values([{ cart_id: list.id, product_id: a.id, qty: 3 }, { cart_id: list.id, product_id: b.id, qty: 2 }]).execute();
  await A.db.updateTable('products').set({ hidden: true }).where('id', '=', b.id).execute();
  const res = await post(A, u, `/portal/carts/${list.id}/copy`, {});
  assert.is(res.status, 303);
  assert.equal(await linesOf(A, cart), [{ product_id: a.id, qty: 3 }]);
  assert.is((await linesOf(A, list.id)).length, 2, 'the list is unchanged');
});

test('quick order: paste with every error kind — good rows go in, bad rows stay with their error', async () => {
  const u = await buyer(A);
  const good = await product(A);
  const hidden = await product(A, { hidden: true });
  const min = await product(A, { min: 10 });
  const pack = await product(A, { multiple: 6 });
  const paste = [`${good.sku}\t4`, 'NOPE-1;2', `${hidden.sku} 1`, `${min.sku};5`, `${pack.sku}\t7`, `${pack.sku.toLowerCase()} 12`].join('\n');
  const res = await post(A, u, '/portal/carts/quick', { sku: '', qty: '', paste });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'Unknown SKU');
  assert.match(html, 'This product cannot be ordered');
  assert.match(html, 'Minimum order quantity is 10');
  assert.match(html, 'multiple of 6');
  assert.match(html, '2 lines added');
  assert.match(html, `value="NOPE-1"`);
  const cart = await activeOf(A, u.userId);
  assert.equal(await linesOf(A, cart), [
    { product_id: good.id, qty: 4 },
    { product_id: pack.id, qty: 12 },
  ]);
  // The grid rows: all good → redirect to the cart.
  const ok = await post(A, u, '/portal/carts/quick', { sku: good.sku, qty: '1', paste: '' });
  assert.is(ok.status, 303);
  assert.equal((await linesOf(A, cart))[0], { product_id: good.id, qty: 5 });
  assert.equal(parsePaste('A-1\t3\n\nB 2\nC;1.000\nD'), [
    { line: 1, sku: 'A-1', qtyText: '3' },
    { line: 3, sku: 'B', qtyText: '2' },
    { line: 4, sku: 'C', qtyText: '1.000' },
    { line: 5, sku: 'D', qtyText: '1' },
  ]);
});

test('quick order live lookup: name, price and stock, or the error of the row', async () => {
  const u = await buyer(A);
  const p = await product(A, { price: 12345, min: 2 });
  let html = await (await get(A, u, `/portal/carts/quick/lookup?row=3&sku=${p.sku}&qty=2`, true)).text();
  assert.match(html, 'id="qo-status-3"');
  assert.match(html, 'Vida');
  assert.match(html, '123.45');
  html = await (await get(A, u, `/portal/carts/quick/lookup?row=0&sku=${p.sku}&qty=1`, true)).text();
  assert.match(html, 'Minimum order quantity is 2');
  html = await (await get(A, u, '/portal/carts/quick/lookup?row=0&sku=XX-404&qty=1', true)).text();
  assert.match(html, 'Unknown SKU');
});

test('shopping-list import: XLSX preview with per-row errors, then the good rows are added', async () => {
  const u = await buyer(A);
  const a = await product(A);
  const b = await product(A, { multiple: 10 });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Liste');
  ws.addRow(['SKU', 'Miktar']);
  ws.addRow([a.sku, 3]);
  ws.addRow(['YOK-99', 1]);
  ws.addRow([b.sku, 15]);
  ws.addRow([b.sku, 20]);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const fd = new FormData();
  fd.append('file', new File([bytes], 'liste.xlsx'));
  const res = await t.req(A.host, '/portal/carts/import', { method: 'POST', body: fd, headers: { cookie: u.cookie, origin: `http://${A.host}` } });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, '4 rows read, 2 with errors');
  assert.match(html, 'Unknown SKU');
  assert.match(html, 'multiple of 10');
  assert.match(html, 'Add the 2 good rows');
  const ok = await post(A, u, '/portal/carts/import/confirm', { sku: a.sku, qty: '3' });
  assert.is(ok.status, 303);
  const cart = await activeOf(A, u.userId);
  assert.equal(await linesOf(A, cart), [{ product_id: a.id, qty: 3 }]);
  const csv = new FormData();
  csv.append('file', new File(['Artikel;Antal\nX;1\n'], 'x.csv', { type: 'text/csv' }));
  const bad = await t.req(A.host, '/portal/carts/import', { method: 'POST', body: csv, headers: { cookie: u.cookie, origin: `http://${A.host}` } });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'No SKU and quantity columns');
});

test('cart page: discounts, tier hint, stock warnings, free-shipping hint; totals equal submitOrder for the same lines', async () => {
  const u = await buyer(A);
  await A.db.insertInto('addresses').values({ dealer_id: u.dealerId, kind: 'shipping', label: 'Depo', line1: 'Cadde 1', city: 'İstanbul' }).execute();
  await A.db.insertInto('dealer_accounts').values({ dealer_id: u.dealerId, currency: 'TRY', credit_limit: 1_000_000_000, payment_methods: ['open_account'] as never }).execute();
  const a = await product(A, { price: 12345, vat: 20, stock: 3, behaviour: 'backorder' });
  const b = await product(A, { price: 999, vat: 10, stock: 2 });
  const list = await A.db.insertInto('price_lists').values({ name: `Bayi ${n}`, kind: 'dealer', dealer_id: u.dealerId, currency: 'TRY', valid_from: '2020-01-01' } as never).returning('id').executeTakeFirstOrThrow();
  await A.db.insertInto('price_list_entries').values([{ price_list_id: list.id, product_id: a.id, min_qty: 1, price: 11000 }, { price_list_id: list.id, product_id: a.id, min_qty: 10, price: 10450 }] as never).execute();
  await A.db.insertInto('shipping_methods').values({ code: `kargo-${n}`, name: 'Kargo', price: 5000, currency: 'TRY', free_from: 1_000_000, vat_rate: 20 }).execute();
  await post(A, u, '/portal/carts', { name: 'Deneme', kind: 'cart' });
  const cart = await activeOf(A, u.userId);
  await A.db.insertInto('cart_lines').values([{ cart_id: cart, product_id: a.id, qty: 4 }, { cart_id: cart, product_id: b.id, qty: 5 }]).execute();
  const html = await (await get(A, u, `/portal/carts/${cart}`)).text();
  assert.match(html, '<s class="muted">');
  assert.match(html, 'Buy 10 for −5');
  assert.match(html, 'Only 3 available; the rest is backordered.');
  assert.match(html, 'Only 2 available; cannot be ordered beyond stock.');
  assert.match(html, 'more (net) for free shipping');
  const ctx = (await dealerPricing(A.db, { tenantId: A.tenant.id, dealerId: u.dealerId, timeZone: 'Europe/Istanbul' }))!;
  await A.db.updateTable('products').set({ stock_qty: 100 }).where('id', '=', b.id).execute();
  const items = [{ productId: a.id, qty: 4 }, { productId: b.id, qty: 5 }];
  const fig = await cartFigures(A.db, ctx, items);
  const r = await submitOrder(A.db, { tenantId: A.tenant.id, timeZone: 'Europe/Istanbul', dealerId: u.dealerId, userId: u.userId, idempotencyKey: `eq-${n}`, items, paymentMethod: 'open_account', shippingMethodId: fig.shipping!.id, expectedTotalGross: fig.totals.totalGross });
  assert.is(r.kind, 'created', JSON.stringify(r));
  const order = await A.db.selectFrom('orders').selectAll().where('id', '=', (r as { orderId: number }).orderId).executeTakeFirstOrThrow();
  assert.is(order.total_gross, fig.totals.totalGross);
  assert.is(order.lines_net, fig.totals.linesNet);
  assert.is(order.shipping_net, 5000);
  assert.equal(order.vat_by_rate, fig.totals.vatByRate);
  // htmx line update: a bad quantity is refused next to the line, nothing saved.
  const bad = await post(A, u, `/portal/carts/${cart}/lines/${a.id}`, { qty: 'x' }, true);
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'id="cart-body"');
  const good = await post(A, u, `/portal/carts/${cart}/lines/${a.id}`, { qty: '10' }, true);
  assert.is(good.status, 200);
  assert.equal((await linesOf(A, cart)).find((l) => l.product_id === a.id), { product_id: a.id, qty: 10 });
});

test('staff acting for a dealer use its carts and see its orders; never another dealer’s', async () => {
  const owner = await buyer(A);
  const p = await product(A);
  const { user: staff } = await build.staff(A.db, { role: 'sales_rep' });
  const cookie = await sessionCookie(A.db, staff.id, { actingDealerId: owner.dealerId });
  const acting = { dealerId: owner.dealerId, userId: staff.id, cookie };
  const res = await post(A, acting, '/portal/carts/active/lines', { product_id: String(p.id), qty: '2' });
  assert.is(res.status, 303);
  const carts = await cartsOf(A, owner.dealerId);
  assert.is(carts.length, 1);
  assert.is(carts[0]!.owner_id, staff.id);
  assert.is((await get(A, acting, `/portal/carts/${carts[0]!.id}`)).status, 200);
  assert.is((await get(A, acting, '/portal/orders')).status, 200);
  const other = await buyer(A);
  await post(A, other, '/portal/carts', { name: 'Başka', kind: 'cart' });
  const theirs = (await cartsOf(A, other.dealerId))[0]!;
  assert.is((await get(A, acting, `/portal/carts/${theirs.id}`)).status, 404);
});

test.run();
