import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createShipment, markShipped, ShipmentError, shipmentsForOrder } from '../../src/shipping/shipments.ts';
import { DealerShipments } from '../../views/shipping/dealer-shipments.tsx';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product, stockOf } from '../orders/desk-support.ts';

/** ORD-6/ORD-7 split shipments, SHP-2: /staff/orders/:id/shipments through the real app and PostgreSQL. */
const test = suite('ORD-6 shipments');
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
  const cookie = await staffCookie(ten.db, 'warehouse');
  const who = await dealer(ten.db);
  const p1 = await product(ten.db, { stock: 50 });
  const p2 = await product(ten.db, { stock: 20 });
  const o = await order(ten.db, ten.tenant.id, who, [
    { productId: p1.id, qty: 10 },
    { productId: p2.id, qty: 4 },
  ]);
  await ten.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  const lines = await ten.db.selectFrom('order_lines').select(['id', 'product_id', 'qty']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  return { ...ten, cookie, who, p1, p2, o, l1: lines[0]!.id, l2: lines[1]!.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const post = (s: { host: string }, path: string, fields: Record<string, string>, cookie: string) => t.req(s.host, path, formPost(s.host, fields, { headers: { cookie } }));
const get = (s: S, path: string, cookie = s.cookie) => t.req(s.host, path, { headers: { cookie } });
const status = async (s: S) => (await s.db.selectFrom('orders').select('status').where('id', '=', s.o.orderId).executeTakeFirstOrThrow()).status;
const shipped = async (s: S) => (await s.db.selectFrom('order_lines').select(['id', 'shipped_qty', 'reserved_qty']).where('order_id', '=', s.o.orderId).orderBy('line_no').execute()).map((l) => [l.shipped_qty, l.reserved_qty]);
const movements = (s: S, productId: number) => s.db.selectFrom('stock_movements').select(['delta', 'qty_after', 'source', 'note']).where('product_id', '=', productId).orderBy('id').execute();

test('partial then full shipment: partly_shipped then shipped; stock on hand and reserved exact; movements; dealer notified; delivered', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 50, reserved_qty: 10 });

  let html = await (await get(s, base)).text();
  assert.match(html, 'id="shipments"');
  assert.match(html, `name="qty_${s.l1}" value="10"`, 'quantities prefilled with what remains');
  assert.not.match(html, /name="to" value="(partly_)?shipped"/, 'no direct shipped buttons');

  // A split: 6 of 10 and none of line 2, created as a draft, then shipped.
  let res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '6', [`qty_${s.l2}`]: '0', carrier: '', tracking_number: '', tracking_url: '' }, s.cookie);
  assert.is(res.status, 303);
  const draft = await s.db.selectFrom('shipments').selectAll().where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  assert.is(draft.status, 'draft');
  assert.is(draft.number, `${s.o.number}-1`);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 50, reserved_qty: 10 }, 'a draft moves no stock');
  html = await (await get(s, base)).text();
  assert.match(html, `name="qty_${s.l1}" value="4"`, 'the draft holds its 6');

  res = await post(s, `${base}/shipments/${draft.id}/ship`, { carrier: '', tracking_number: '', tracking_url: '' }, s.cookie);
  assert.is(res.status, 422, 'carrier needed to ship');
  assert.match(await res.text(), 'Enter the carrier to ship.');
  res = await post(s, `${base}/shipments/${draft.id}/ship`, { carrier: 'Yurtiçi Kargo', tracking_number: 'YK123', tracking_url: 'javascript:alert(1)' }, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Enter a link starting with http:// or https://.');
  const mailsBefore = (await s.db.selectFrom('notifications').select('id').execute()).length;
  res = await post(s, `${base}/shipments/${draft.id}/ship`, { carrier: 'Yurtiçi Kargo', tracking_number: 'YK123', tracking_url: 'https://kargo.example/t/YK123' }, s.cookie);
  assert.is(res.status, 303);
  assert.is(await status(s), 'partly_shipped');
  assert.equal(await shipped(s), [
    [6, 4],
    [0, 4],
  ]);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 44, reserved_qty: 4 });
  assert.equal(await stockOf(s.db, s.p2.id), { stock_qty: 20, reserved_qty: 4 });
  assert.equal(await movements(s, s.p1.id), [{ delta: -6, qty_after: 44, source: 'order', note: `${s.o.number}-1` }]);
  assert.ok((await s.db.selectFrom('notifications').select('id').execute()).length > mailsBefore, 'dealer notified');
  const sh1 = await s.db.selectFrom('shipments').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
  assert.is(sh1.status, 'shipped');
  assert.is(sh1.tracking_url, 'https://kargo.example/t/YK123');
  assert.ok(sh1.shipped_at);
  const pdf = await get(s, `${base}/shipments/${draft.id}/waybill.pdf`);
  assert.is(pdf.status, 200);
  assert.is(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(pdf.headers.get('content-disposition') ?? '', `${s.o.number}-1`);
  assert.ok((await pdf.arrayBuffer()).byteLength > 1000);

  // The rest, created and shipped in one step.
  res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '4', [`qty_${s.l2}`]: '4', carrier: 'Aras', tracking_number: '', tracking_url: '', ship_now: '1' }, s.cookie);
  assert.is(res.status, 303);
  assert.is(await status(s), 'shipped');
  assert.equal(await shipped(s), [
    [10, 0],
    [4, 0],
  ]);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 40, reserved_qty: 0 });
  assert.equal(await stockOf(s.db, s.p2.id), { stock_qty: 16, reserved_qty: 0 });
  assert.equal((await movements(s, s.p2.id)).map((m) => m.delta), [-4]);
  const hist = await s.db.selectFrom('order_status_history').select(['from_status', 'to_status', 'note']).where('order_id', '=', s.o.orderId).orderBy('id').execute();
  assert.equal(
    hist.slice(-2).map((h) => h.to_status),
    ['partly_shipped', 'shipped'],
  );
  assert.match(hist.at(-1)!.note, `${s.o.number}-2`);

  // Nothing left: a further shipment is refused.
  html = await (await get(s, base)).text();
  assert.match(html, 'Everything on this order is in shipments.');
  res = await post(s, `${base}/shipments`, { carrier: 'Aras' }, s.cookie);
  assert.is(res.status, 409, 'a shipped order takes no more shipments');

  // Delivered: the order follows once every shipment is delivered.
  const all = await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).orderBy('seq').execute();
  assert.is((await post(s, `${base}/shipments/${all[0]!.id}/delivered`, {}, s.cookie)).status, 303);
  assert.is(await status(s), 'shipped');
  assert.is((await post(s, `${base}/shipments/${all[1]!.id}/delivered`, {}, s.cookie)).status, 303);
  assert.is(await status(s), 'delivered');
  assert.is((await post(s, `${base}/shipments/${all[1]!.id}/delivered`, {}, s.cookie)).status, 409, 'delivered twice: nothing changes');
});

test('over remaining, nothing to ship, bad numbers: 422 with the error next to the field and nothing saved', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  let res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '11', [`qty_${s.l2}`]: '1', carrier: 'Aras', ship_now: '1' }, s.cookie);
  assert.is(res.status, 422);
  let html = await res.text();
  assert.match(html, 'More than remains: at most 10.');
  assert.match(html, `name="qty_${s.l1}" value="11"`, 'the input is kept');
  assert.match(html, `id="qty_${s.l1}-error"`);
  res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '0', [`qty_${s.l2}`]: '0' }, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Nothing to ship');
  res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '-2' }, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Enter a whole number of 0 or more.');
  res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '2', ship_now: '1' }, s.cookie);
  assert.is(res.status, 422, 'ship now needs a carrier');
  // A draft takes 8; a second draft for 3 more is over (2 remain).
  assert.is((await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '8' }, s.cookie)).status, 303);
  res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '3' }, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'at most 2');
  assert.is((await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).execute()).length, 1);
  assert.equal(await shipped(s), [
    [0, 10],
    [0, 4],
  ]);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 50, reserved_qty: 10 });
  assert.equal(await movements(s, s.p1.id), []);
  // Cancelling the draft gives its quantities back.
  const d = await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  assert.is((await post(s, `${base}/shipments/${d.id}/cancel`, {}, s.cookie)).status, 303);
  html = await (await get(s, base)).text();
  assert.match(html, `name="qty_${s.l1}" value="10"`);
  assert.is((await post(s, `${base}/shipments/${d.id}/ship`, { carrier: 'Aras' }, s.cookie)).status, 409, 'a cancelled draft cannot ship');
});

test('ten parallel "ship all remaining" on one order: shipped exactly once, never over the ordered quantity', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  const fields = { [`qty_${s.l1}`]: '10', [`qty_${s.l2}`]: '4', carrier: 'Aras', ship_now: '1' };
  const results = await Promise.all(Array.from({ length: 10 }, () => post(s, `${base}/shipments`, fields, s.cookie)));
  const codes = results.map((r) => r.status).sort();
  assert.equal(codes, [303, 409, 409, 409, 409, 409, 409, 409, 409, 409], 'one ships; the others find the order shipped');
  assert.equal(await shipped(s), [
    [10, 0],
    [4, 0],
  ]);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 40, reserved_qty: 0 });
  assert.is((await movements(s, s.p1.id)).length, 1);
  assert.is((await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).execute()).length, 1);

  // The domain, in parallel, on a fresh order: two drafts racing for the same 10 → one wins.
  const o2 = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 10 }]);
  await s.db.updateTable('orders').set({ status: 'preparing' }).where('id', '=', o2.orderId).execute();
  const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => s.db.transaction().execute((trx) => createShipment(trx, o2.orderId, { userId: null }))));
  assert.is(outcomes.filter((x) => x.status === 'fulfilled').length, 1);
  for (const x of outcomes) if (x.status === 'rejected') assert.is((x.reason as ShipmentError).code, 'nothing');
  const d = await s.db.selectFrom('shipments').select('id').where('order_id', '=', o2.orderId).executeTakeFirstOrThrow();
  const brand = { sellerName: 'T', primaryColor: null, portalUrl: 'http://x.localhost/' };
  const ships = await Promise.allSettled(Array.from({ length: 5 }, () => s.db.transaction().execute((trx) => markShipped(trx, o2.orderId, d.id, { carrier: 'Aras' }, { kind: 'staff' }, brand as never))));
  assert.is(ships.filter((x) => x.status === 'fulfilled').length, 1);
  const l = await s.db.selectFrom('order_lines').select(['shipped_qty', 'qty']).where('order_id', '=', o2.orderId).executeTakeFirstOrThrow();
  assert.equal(l, { shipped_qty: 10, qty: 10 });
});

test('a cancelled or unconfirmed order cannot ship; the constraint refuses more shipped than ordered', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  assert.is((await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '2' }, s.cookie)).status, 303);
  const d = await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  const admin = await staffCookie(s.db, 'admin');
  assert.is((await post(s, `${base}/status`, { to: 'cancelled', reason: 'Vazgeçti' }, admin)).status, 303);
  let res = await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '1', carrier: 'Aras', ship_now: '1' }, s.cookie);
  assert.is(res.status, 409);
  assert.match(await res.text(), 'it cannot be shipped');
  res = await post(s, `${base}/shipments/${d.id}/ship`, { carrier: 'Aras' }, s.cookie);
  assert.is(res.status, 409);
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 50, reserved_qty: 0 });
  const html = await (await get(s, base)).text();
  assert.not.match(html, 'id="create-shipment"');

  const placed = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 1 }]);
  assert.is((await post(s, `/staff/orders/${placed.orderId}/shipments`, { carrier: 'Aras' }, s.cookie)).status, 409, 'placed, not confirmed');
  // Direct status buttons for shipping are gone from the desk.
  assert.is((await post(s, `/staff/orders/${placed.orderId}/status`, { to: 'confirmed' }, admin)).status, 303);
  assert.is((await post(s, `/staff/orders/${placed.orderId}/status`, { to: 'shipped' }, admin)).status, 422);
  assert.is((await post(s, `/staff/orders/${placed.orderId}/status`, { to: 'partly_shipped' }, admin)).status, 422);

  let threw = false;
  try {
    await s.db.updateTable('order_lines').set({ shipped_qty: 2 }).where('order_id', '=', placed.orderId).execute();
  } catch {
    threw = true;
  }
  assert.ok(threw, 'CHECK shipped_qty <= qty');
});

test('permissions: warehouse and admin ship; sales rep and finance see the section read-only and get 403; catalog manager no desk at all', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  const fields = { [`qty_${s.l1}`]: '1', carrier: 'Aras', ship_now: '1' };
  for (const role of ['sales_rep', 'finance'] as const) {
    const c = await staffCookie(s.db, role);
    const page = await (await get(s, base, c)).text();
    assert.match(page, 'id="shipments"');
    assert.not.match(page, 'id="create-shipment"');
    assert.match(page, 'Shipments are run by staff with warehouse access.');
    const res = await post(s, `${base}/shipments`, fields, c);
    assert.is(res.status, 403, role);
  }
  assert.is((await post(s, `${base}/shipments`, fields, await staffCookie(s.db, 'catalog_manager'))).status, 403);
  assert.equal(await shipped(s), [
    [0, 10],
    [0, 4],
  ]);
  assert.is((await post(s, `${base}/shipments`, fields, await staffCookie(s.db, 'admin'))).status, 303);
});

test('isolation: tenant B and unknown ids get 404 and change nothing', async () => {
  const s = await setup();
  const b = await makeTenant({ defaultLocale: 'en' });
  const bCookie = await staffCookie(b.db, 'warehouse');
  const fields = { [`qty_${s.l1}`]: '1', carrier: 'Aras', ship_now: '1' };
  assert.is((await post(b, `/staff/orders/${s.o.orderId}/shipments`, fields, bCookie)).status, 404);
  assert.is((await post(s, `/staff/orders/999999/shipments`, fields, s.cookie)).status, 404);
  assert.is((await post(s, `/staff/orders/${s.o.orderId}/shipments`, { [`qty_${s.l1}`]: '2' }, s.cookie)).status, 303);
  const d = await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  assert.is((await post(b, `/staff/orders/${s.o.orderId}/shipments/${d.id}/ship`, { carrier: 'X' }, bCookie)).status, 404);
  assert.is((await t.req(b.host, `/staff/orders/${s.o.orderId}/shipments/${d.id}/waybill.pdf`, { headers: { cookie: bCookie } })).status, 404);
  // A shipment id under another order of the same tenant: 404.
  const o2 = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 1 }]);
  await s.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o2.orderId).execute();
  assert.is((await post(s, `/staff/orders/${o2.orderId}/shipments/${d.id}/ship`, { carrier: 'X' }, s.cookie)).status, 404);
  assert.is((await post(s, `/staff/orders/${s.o.orderId}/shipments/99999/cancel`, {}, s.cookie)).status, 404);
  assert.is((await s.db.selectFrom('shipments').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status, 'draft');
});

test('dealer side: shipmentsForOrder shows only what left the warehouse; the read-only view has carrier, tracking link and lines', async () => {
  const s = await setup();
  const base = `/staff/orders/${s.o.orderId}`;
  assert.is((await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '3', carrier: 'Aras', tracking_number: 'AR-77', tracking_url: 'https://aras.example/t?n=AR-77&x=1', ship_now: '1' }, s.cookie)).status, 303);
  assert.is((await post(s, `${base}/shipments`, { [`qty_${s.l1}`]: '2' }, s.cookie)).status, 303);
  assert.is((await post(s, `${base}/shipments`, { [`qty_${s.l2}`]: '1' }, s.cookie)).status, 303);
  const drafts = await s.db.selectFrom('shipments').select('id').where('status', '=', 'draft').where('order_id', '=', s.o.orderId).orderBy('id').execute();
  assert.is((await post(s, `${base}/shipments/${drafts[1]!.id}/cancel`, {}, s.cookie)).status, 303);
  const all = await shipmentsForOrder(s.db, s.o.orderId, { all: true });
  assert.equal(
    all.map((x) => x.status),
    ['shipped', 'draft', 'cancelled'],
  );
  const dealerView = await shipmentsForOrder(s.db, s.o.orderId);
  assert.equal(
    dealerView.map((x) => [x.number, x.status, x.lines.map((l) => l.qty)]),
    [[`${s.o.number}-1`, 'shipped', [3]]],
  );
  const html = String(DealerShipments({ locale: 'en', tz: 'Europe/Istanbul', shipments: dealerView }));
  assert.match(html, `${s.o.number}-1`);
  assert.match(html, 'href="https://aras.example/t?n=AR-77&amp;x=1"');
  assert.match(html, 'AR-77');
  assert.match(html, 'Shipped');
  assert.not.match(html, `${s.o.number}-2`);
  assert.is(DealerShipments({ locale: 'en', tz: 'Europe/Istanbul', shipments: [] }), null, 'nothing shipped: no section');
  // Another order's shipments never show: scoped by order id.
  const o2 = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 1 }]);
  assert.equal(await shipmentsForOrder(s.db, o2.orderId, { all: true }), []);
});

test.run();
