import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { editLines, DeskError } from '../../src/orders/desk.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product, stockOf } from './desk-support.ts';

/** ORD-6/ORD-7/ORD-11: the staff order desk (/staff/orders) through the real app and real PostgreSQL. */
const test = suite('ORD-6 staff order desk');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'admin');
  return { ...ten, cookie, tenantId: ten.tenant.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const get = (s: S, path: string, cookie = s.cookie, htmx = false) => t.req(s.host, path, { headers: { cookie }, htmx });
const post = (s: S, path: string, fields: Record<string, string>, cookie = s.cookie) => t.req(s.host, path, formPost(s.host, fields, { headers: { cookie } }));
const orderRow = (s: S, id: number) => s.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };

test('list: filters by status, dealer, text and date; counts per status ignore the status filter; pagination', async () => {
  const s = await setup();
  const a = await dealer(s.db, { name: 'Anadolu Yapı Market' });
  const b = await dealer(s.db, { name: 'Boğaziçi Nalbur' });
  const p = await product(s.db, { stock: 1000 });
  const o1 = await order(s.db, s.tenantId, a, [{ productId: p.id, qty: 1 }], { poNumber: 'PO-ALPHA' });
  const o2 = await order(s.db, s.tenantId, a, [{ productId: p.id, qty: 2 }]);
  const o3 = await order(s.db, s.tenantId, b, [{ productId: p.id, qty: 3 }]);
  await s.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o2.orderId).execute();

  let html = await (await get(s, '/staff/orders')).text();
  assert.match(html, '<h1>Orders</h1>');
  for (const o of [o1, o2, o3]) assert.match(html, o.number);
  assert.match(html, /Placed <span class="count">2<\/span>/);
  assert.match(html, /Confirmed <span class="count">1<\/span>/);

  html = await (await get(s, '/staff/orders?status=placed')).text();
  assert.match(html, o1.number);
  assert.not.match(html, o2.number);
  assert.match(html, /Confirmed <span class="count">1<\/span>/, 'counts ignore the status filter');

  html = await (await get(s, `/staff/orders?dealer=${b.dealerId}`)).text();
  assert.match(html, o3.number);
  assert.not.match(html, o1.number);

  html = await (await get(s, '/staff/orders?q=po-alpha')).text();
  assert.match(html, o1.number);
  assert.not.match(html, o3.number);
  html = await (await get(s, '/staff/orders?q=Bo%C4%9Fazi%C3%A7i')).text();
  assert.match(html, o3.number);
  assert.not.match(html, o1.number);

  html = await (await get(s, '/staff/orders?from=2001-01-01&to=2001-12-31')).text();
  assert.not.match(html, o1.number);
  assert.match(html, 'No orders');

  // htmx: the results fragment only.
  const frag = await (await get(s, '/staff/orders?status=confirmed', s.cookie, true)).text();
  assert.not.match(frag, '<html');
  assert.match(frag, 'id="desk-results"');
  assert.match(frag, o2.number);

  // Pagination: 50 per page.
  const vals = Array.from({ length: 52 }, (_, i) => ({ dealer_id: a.dealerId, status: 'placed' as const, idempotency_key: `bulk-${i}`, currency: 'TRY', priced_on: '2026-01-01', payment_method: 'open_account' as const }));
  await s.db.insertInto('orders').values(vals).execute();
  html = await (await get(s, '/staff/orders')).text();
  assert.match(html, '1–50 of 55');
  assert.match(html, 'rel="next"');
  html = await (await get(s, '/staff/orders?page=2')).text();
  assert.match(html, '51–55 of 55');
});

test('detail: lines with frozen prices, totals by VAT rate, addresses, timeline; confirm → history, notification, audit', async () => {
  const s = await setup();
  const who = await dealer(s.db, { userLocale: 'tr' });
  const p1 = await product(s.db, { price: 12345, vat: 20 });
  const p2 = await product(s.db, { price: 1000, vat: 10 });
  const o = await order(s.db, s.tenantId, who, [
    { productId: p1.id, qty: 3 },
    { productId: p2.id, qty: 7 },
  ]);
  let html = await (await get(s, `/staff/orders/${o.orderId}`)).text();
  assert.match(html, `Order ${o.number}`);
  assert.match(html, p1.sku);
  assert.match(html, 'Organize Sanayi 4. Cadde No: 12');
  assert.match(html, /VAT 10 %|%10/);
  assert.match(html, 'action="/staff/orders/' + o.orderId + '/status"');

  const res = await post(s, `/staff/orders/${o.orderId}/status`, { to: 'confirmed' });
  assert.is(res.status, 303);
  const row = await orderRow(s, o.orderId);
  assert.is(row.status, 'confirmed');
  assert.ok(row.confirmed_at);
  const hist = await s.db.selectFrom('order_status_history').select(['from_status', 'to_status', 'actor']).where('order_id', '=', o.orderId).orderBy('id').execute();
  assert.equal(hist.at(-1), { from_status: 'placed', to_status: 'confirmed', actor: 'staff' });
  const mails = await s.db.selectFrom('notifications').select(['recipient', 'locale', 'subject', 'body_html', 'template']).where('template', '=', 'order.status').execute();
  assert.equal(mails.map((m) => m.recipient).sort(), [who.adminEmail, who.buyerEmail].sort(), 'buyer + dealer admin, once each');
  const tr = mails.find((m) => m.recipient === who.buyerEmail)!;
  assert.is(tr.locale, 'tr');
  assert.match(tr.subject, 'Onaylandı');
  assert.match(tr.body_html, `/portal/orders/${o.orderId}`);
  const full = await s.db.selectFrom('notifications').select('body_text').where('recipient', '=', who.buyerEmail).where('template', '=', 'order.status').executeTakeFirstOrThrow();
  assert.match(full.body_text, `${p1.sku} — `, 'the confirmation mail lists the lines');
  const auditRow = await s.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'order.confirmed').executeTakeFirst();
  assert.is(auditRow?.target_id, String(o.orderId));

  // Confirming again (a second staff member who loaded the page before): 409, clear message.
  const again = await post(s, `/staff/orders/${o.orderId}/status`, { to: 'confirmed' });
  assert.is(again.status, 409);
  assert.match(await again.text(), 'someone else changed the order');
  html = await (await get(s, `/staff/orders/${o.orderId}`)).text();
  assert.match(html, 'Status timeline');
});

test('concurrency: two staff confirming at once → exactly one wins, the other gets 409', async () => {
  const s = await setup();
  const other = await staffCookie(s.db, 'sales_rep');
  const who = await dealer(s.db);
  const p = await product(s.db);
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 1 }]);
  const [r1, r2] = await Promise.all([post(s, `/staff/orders/${o.orderId}/status`, { to: 'confirmed' }), post(s, `/staff/orders/${o.orderId}/status`, { to: 'confirmed' }, other)]);
  assert.equal([r1.status, r2.status].sort(), [303, 409]);
  const hist = await s.db.selectFrom('order_status_history').select('to_status').where('order_id', '=', o.orderId).where('to_status', '=', 'confirmed').execute();
  assert.is(hist.length, 1);
});

test('cancel needs a reason, releases the reserved stock and notifies; confirmed orders can be cancelled too', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const p = await product(s.db, { stock: 10 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 4 }]);
  assert.is((await stockOf(s.db, p.id)).reserved_qty, 4);
  const bad = await post(s, `/staff/orders/${o.orderId}/status`, { to: 'cancelled', reason: '  ' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'Give a reason');
  assert.is((await orderRow(s, o.orderId)).status, 'placed');
  const ok = await post(s, `/staff/orders/${o.orderId}/status`, { to: 'cancelled', reason: 'Müşteri vazgeçti' });
  assert.is(ok.status, 303);
  const row = await orderRow(s, o.orderId);
  assert.is(row.status, 'cancelled');
  assert.is(row.cancel_reason, 'Müşteri vazgeçti');
  assert.equal(await stockOf(s.db, p.id), { stock_qty: 10, reserved_qty: 0 });
  const mail = await s.db.selectFrom('notifications').select('body_text').where('template', '=', 'order.status').where('recipient', '=', who.buyerEmail).executeTakeFirstOrThrow();
  assert.match(mail.body_text, 'Müşteri vazgeçti');
});

test('awaiting payment → payment received sets paid_gross; credit review: finance approves, sales rep may not', async () => {
  const s = await setup();
  const pre = await dealer(s.db, { settlement: 'prepayment' });
  const p = await product(s.db, { stock: 100 });
  const o = await order(s.db, s.tenantId, pre, [{ productId: p.id, qty: 1 }], { paymentMethod: 'wire' });
  assert.is(o.status, 'awaiting_payment');
  assert.is((await post(s, `/staff/orders/${o.orderId}/payment-received`, {})).status, 303);
  const row = await orderRow(s, o.orderId);
  assert.is(row.status, 'placed');
  assert.is(row.paid_gross, row.total_gross);

  const tight = await dealer(s.db, { limit: 100, overLimit: 'review' });
  const r = await order(s.db, s.tenantId, tight, [{ productId: p.id, qty: 1 }]);
  assert.is(r.status, 'credit_review');
  const rep = await staffCookie(s.db, 'sales_rep');
  const denied = await post(s, `/staff/orders/${r.orderId}/credit`, { decision: 'approve' }, rep);
  assert.is(denied.status, 403);
  assert.is((await orderRow(s, r.orderId)).status, 'credit_review');
  const fin = await staffCookie(s.db, 'finance');
  assert.is((await post(s, `/staff/orders/${r.orderId}/credit`, { decision: 'approve' }, fin)).status, 303);
  assert.is((await orderRow(s, r.orderId)).status, 'placed');
});

test('flags toggle with audit', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const p = await product(s.db);
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 1 }]);
  await post(s, `/staff/orders/${o.orderId}/flags`, { flag: 'vip', on: '1' });
  await post(s, `/staff/orders/${o.orderId}/flags`, { flag: 'gift', on: '1' });
  await post(s, `/staff/orders/${o.orderId}/flags`, { flag: 'vip', on: '0' });
  assert.equal((await orderRow(s, o.orderId)).flags, ['gift']);
  assert.is((await post(s, `/staff/orders/${o.orderId}/flags`, { flag: 'evil', on: '1' })).status, 422);
  const n = await s.db.selectFrom('audit_log').select('id').where('action', '=', 'order.flag').execute();
  assert.is(n.length, 3);
});

test('edit lines: quantity change, removal and addition re-price, adjust reservations, recompute totals, note history, notify the dealer', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const a = await product(s.db, { price: 10000, vat: 20, stock: 20 });
  const b = await product(s.db, { price: 5000, vat: 10, stock: 20 });
  const c = await product(s.db, { price: 2500, vat: 20, stock: 5 });
  const o = await order(s.db, s.tenantId, who, [
    { productId: a.id, qty: 2 },
    { productId: b.id, qty: 3 },
  ]);
  const lines = await s.db.selectFrom('order_lines').select(['id', 'product_id']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  const la = lines.find((l) => l.product_id === a.id)!;
  const lb = lines.find((l) => l.product_id === b.id)!;
  const res = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${la.id}`]: '5', [`qty_${lb.id}`]: '0', add_sku: c.sku, add_qty: '4', note: 'Stok durumuna göre' });
  assert.is(res.status, 303);
  const after = await s.db.selectFrom('order_lines').select(['product_id', 'qty', 'reserved_qty', 'line_net', 'line_gross', 'line_no']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  assert.equal(
    after.map((l) => [l.product_id, l.qty, l.reserved_qty, l.line_net]),
    [
      [a.id, 5, 5, 50000],
      [c.id, 4, 4, 10000],
    ],
  );
  assert.is((await stockOf(s.db, a.id)).reserved_qty, 5);
  assert.is((await stockOf(s.db, b.id)).reserved_qty, 0);
  assert.is((await stockOf(s.db, c.id)).reserved_qty, 4);
  const row = await orderRow(s, o.orderId);
  assert.is(row.lines_net, 60000);
  assert.equal(row.vat_by_rate, [{ rate: 20, net: 60000, vat: 12000 }]);
  assert.is(row.total_gross, 72000);
  const hist = await s.db.selectFrom('order_status_history').select('note').where('order_id', '=', o.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.match(hist.note, `${b.sku} 3→0`);
  const mail = await s.db.selectFrom('notifications').select('body_text').where('template', '=', 'order.changed').where('recipient', '=', who.buyerEmail).executeTakeFirstOrThrow();
  assert.match(mail.body_text, c.sku);
  assert.ok(await s.db.selectFrom('audit_log').select('id').where('action', '=', 'order.lines_edited').executeTakeFirst());

  // More than available → refused, nothing changed, stock never negative.
  const lc = (await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).where('product_id', '=', c.id).executeTakeFirstOrThrow()).id;
  const short = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${lc}`]: '6' });
  assert.is(short.status, 422);
  assert.match(await short.text(), 'Not enough stock');
  assert.is((await stockOf(s.db, c.id)).reserved_qty, 4);
  // Bad quantity → error next to the field, typed value kept.
  const bad = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${lc}`]: 'abc' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'value="abc"');
  // Unknown SKU.
  const unknown = await post(s, `/staff/orders/${o.orderId}/lines`, { add_sku: 'NOPE-999', add_qty: '1' });
  assert.is(unknown.status, 422);
  assert.match(await unknown.text(), 'No active product with this SKU');
  // Removing every line is refused.
  const la2 = (await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).where('product_id', '=', a.id).executeTakeFirstOrThrow()).id;
  const empty = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${la2}`]: '0', [`qty_${lc}`]: '0' });
  assert.is(empty.status, 422);
  assert.is((await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).execute()).length, 2);

  // After confirmation: not editable.
  await post(s, `/staff/orders/${o.orderId}/status`, { to: 'confirmed' });
  const late = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${lc}`]: '1' });
  assert.is(late.status, 409);
  assert.match(await late.text(), 'only be edited before confirmation');
});

test('edit lines on open account: growing past the credit limit is refused with the figures, nothing changes', async () => {
  const s = await setup();
  const who = await dealer(s.db, { limit: 50000 });
  const p = await product(s.db, { price: 10000, vat: 20, stock: 100 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 2 }]); // 240.00 of 500.00
  const line = await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow();
  const res = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '5' }); // 600.00
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Over the credit limit');
  assert.is((await orderRow(s, o.orderId)).total_gross, 24000);
  assert.is((await stockOf(s.db, p.id)).reserved_qty, 2);
  assert.is((await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '4' })).status, 303, '480.00 fits');
  assert.is((await orderRow(s, o.orderId)).total_gross, 48000);
});

test('concurrent edit vs a new order for the last units: stock never negative, one of them loses', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const other = await dealer(s.db);
  const p = await product(s.db, { stock: 10 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 5 }]);
  const line = await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow();
  // Edit wants +5 (all that is left), a parallel order wants 5 too.
  const results = await Promise.allSettled([
    s.db.transaction().execute((trx) => editLines(trx, s.tenantId, o.orderId, { qty: new Map([[line.id, 10]]), remove: [], add: [] }, { kind: 'staff' }, brand)),
    order(s.db, s.tenantId, other, [{ productId: p.id, qty: 5 }]),
  ]);
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  assert.is(ok, 1, 'exactly one fits');
  const st = await stockOf(s.db, p.id);
  assert.is(st.reserved_qty, 10);
  assert.ok(st.stock_qty - st.reserved_qty >= 0);
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failed) assert.ok((failed.reason instanceof DeskError && failed.reason.code === 'out_of_stock') || String(failed.reason.message).includes('out_of_stock'));
});

test('ORD-11: once invoiced, line edits are refused with a clear message; marking twice refused', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const p = await product(s.db);
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 2 }]);
  const wh = await staffCookie(s.db, 'warehouse');
  assert.is((await post(s, `/staff/orders/${o.orderId}/invoiced`, {}, wh)).status, 403, 'finance only');
  assert.is((await orderRow(s, o.orderId)).invoiced_at, null);
  assert.is((await post(s, `/staff/orders/${o.orderId}/invoiced`, {})).status, 303);
  assert.ok((await orderRow(s, o.orderId)).invoiced_at);
  const line = await s.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow();
  const res = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '3' });
  assert.is(res.status, 409);
  assert.match(await res.text(), 'This order is invoiced');
  assert.is((await s.db.selectFrom('order_lines').select('qty').where('id', '=', line.id).executeTakeFirstOrThrow()).qty, 2);
  // The function refuses too (the portal side uses the same rule).
  try {
    await s.db.transaction().execute((trx) => editLines(trx, s.tenantId, o.orderId, { qty: new Map([[line.id, 3]]), remove: [], add: [] }, { kind: 'staff' }, brand));
    assert.unreachable();
  } catch (err) {
    assert.ok(err instanceof DeskError && err.code === 'invoiced');
  }
  assert.is((await post(s, `/staff/orders/${o.orderId}/invoiced`, {})).status, 409);
  const html = await (await get(s, `/staff/orders/${o.orderId}`)).text();
  assert.not.match(html, 'name="qty_', 'no quantity inputs on an invoiced order');
});

test('permissions and isolation: catalog manager 403, unknown and tenant-B ids 404, dealer users cannot open the desk', async () => {
  const s = await setup();
  const b = await setup();
  const whoB = await dealer(b.db);
  const pB = await product(b.db);
  const oB = await order(b.db, b.tenantId, whoB, [{ productId: pB.id, qty: 1 }]);
  const cat = await staffCookie(s.db, 'catalog_manager');
  assert.is((await get(s, '/staff/orders', cat)).status, 403);
  const wh = await staffCookie(s.db, 'warehouse');
  assert.is((await get(s, '/staff/orders', wh)).status, 200, 'warehouse has orders.manage');
  assert.is((await get(s, `/staff/orders/${oB.orderId}`)).status, 404);
  assert.is((await post(s, `/staff/orders/${oB.orderId}/status`, { to: 'confirmed' })).status, 404);
  assert.is((await get(s, `/staff/orders/${oB.orderId}/documents/proforma.pdf`)).status, 404);
  assert.is((await orderRow(b, oB.orderId)).status, 'placed');
  assert.is((await get(s, '/staff/orders/999999999')).status, 404);
  const du = await build.dealerUser(s.db, { dealerId: (await dealer(s.db)).dealerId, role: 'dealer_admin' });
  const dc = await sessionCookie(s.db, du.user.id);
  assert.is((await get(s, '/staff/orders', dc)).status, 403);
});

test.run();
