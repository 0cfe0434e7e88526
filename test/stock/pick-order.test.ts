import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product, stockOf } from '../orders/desk-support.ts';

/** STK-3: picking attached to an order — expected quantities, mismatch flags, a shipment from the scans. */
const test = suite('STK-3 pick/pack for an order');
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
  const vida = await product(ten.db, { stock: 100, sku: 'VD-4X40', name: 'Paslanmaz vida' });
  const dubel = await product(ten.db, { stock: 100, sku: 'DB-8', name: 'Dübel 8 mm' });
  const stray = await product(ten.db, { stock: 100, sku: 'XX-1', name: 'Başka ürün' });
  await ten.db.updateTable('products').set({ barcode: '8690000000012' }).where('id', '=', vida.id).execute();
  await ten.db.updateTable('products').set({ barcode: '4006381333931' }).where('id', '=', dubel.id).execute();
  await ten.db.updateTable('products').set({ barcode: '036000291452' }).where('id', '=', stray.id).execute();
  const o = await order(ten.db, ten.tenant.id, who, [
    { productId: vida.id, qty: 10 },
    { productId: dubel.id, qty: 5 },
  ]);
  await ten.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  return { ...ten, cookie, who, vida, dubel, stray, o };
}
type S = Awaited<ReturnType<typeof setup>>;

const post = (s: { host: string }, path: string, fields: Record<string, string>, cookie: string, htmx = false) => t.req(s.host, path, formPost(s.host, fields, { headers: { cookie }, htmx }));
const get = (s: S, path: string, cookie = s.cookie) => t.req(s.host, path, { headers: { cookie } });
const orderStatus = async (s: S) => (await s.db.selectFrom('orders').select('status').where('id', '=', s.o.orderId).executeTakeFirstOrThrow()).status;
const pickLines = (s: S, sessionId: number) => s.db.selectFrom('pick_lines').select(['product_id', 'expected_qty', 'scanned_qty']).where('session_id', '=', sessionId).orderBy('product_id').execute();

async function start(s: S): Promise<number> {
  const res = await post(s, `/staff/stock/pick/orders/${s.o.orderId}`, {}, s.cookie);
  assert.is(res.status, 303);
  return Number(res.headers.get('location')!.split('/').pop());
}

test('start picking: session tied to the order with expected = remaining; confirmed → preparing; reopening gives the same session', async () => {
  const s = await setup();
  let html = await (await get(s, `/staff/orders/${s.o.orderId}`)).text();
  assert.match(html, `action="/staff/stock/pick/orders/${s.o.orderId}"`);
  const id = await start(s);
  const session = await s.db.selectFrom('pick_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.is(session.order_id, s.o.orderId);
  assert.is(session.reference, s.o.number);
  assert.equal(await pickLines(s, id), [
    { product_id: s.vida.id, expected_qty: 10, scanned_qty: 0 },
    { product_id: s.dubel.id, expected_qty: 5, scanned_qty: 0 },
  ]);
  assert.is(await orderStatus(s), 'preparing');
  const hist = await s.db.selectFrom('order_status_history').select(['to_status']).where('order_id', '=', s.o.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(hist.to_status, 'preparing');
  assert.is(await start(s), id, 'the open session is reopened, not duplicated');
  const all = await Promise.all(Array.from({ length: 4 }, () => post(s, `/staff/stock/pick/orders/${s.o.orderId}`, {}, s.cookie)));
  assert.ok(all.every((r) => r.headers.get('location')!.endsWith(`/${id}`)));
  html = await (await get(s, `/staff/orders/${s.o.orderId}`)).text();
  assert.match(html, `href="/staff/stock/pick/${id}"`, 'the order page links the open session');
  // A part shipped elsewhere lowers what the session expects when it is reopened.
  await s.db.updateTable('order_lines').set({ shipped_qty: 4 }).where('order_id', '=', s.o.orderId).where('product_id', '=', s.vida.id).execute();
  await start(s);
  assert.is((await pickLines(s, id))[0]!.expected_qty, 6);
});

test('scans by barcode: expected vs scanned, short / over / not-in-order flags; prepared quantities filled', async () => {
  const s = await setup();
  const id = await start(s);
  const path = `/staff/stock/pick/${id}`;
  let res = await post(s, `${path}/scans`, { code: '8690000000012', qty: '7' }, s.cookie, true);
  assert.is(res.status, 200);
  res = await post(s, `${path}/scans`, { code: '4006381333931', qty: '6' }, s.cookie, true);
  assert.is(res.status, 200);
  res = await post(s, `${path}/scans`, { code: '036000291452' }, s.cookie, true);
  assert.is(res.status, 200);
  const frag = await res.text();
  assert.match(frag, 'XX-1 is not in this order');
  assert.match(frag, `id="pick-line-${s.vida.id}" data-flag="short"`);
  assert.match(frag, `id="pick-line-${s.dubel.id}" data-flag="over"`);
  assert.match(frag, `id="pick-line-${s.stray.id}" data-flag="unexpected"`);
  assert.match(frag, 'Short 3');
  assert.match(frag, 'Over 1');
  assert.match(frag, '1 short, 1 over, 1 not in the order.');
  const prepared = await s.db.selectFrom('order_lines').select(['product_id', 'prepared_qty']).where('order_id', '=', s.o.orderId).orderBy('line_no').execute();
  assert.equal(
    prepared.map((p) => p.prepared_qty),
    [7, 5],
    'prepared = scanned, capped at the line quantity',
  );
  const page = await (await get(s, path)).text();
  assert.match(page, `Order ${s.o.number}`);
  assert.match(page, 'Close and create shipment from scanned');
});

test('close into a shipment: refused while over or not-in-order lines remain (session stays open); then a draft of the scanned quantities; shipping it books the stock', async () => {
  const s = await setup();
  const id = await start(s);
  const path = `/staff/stock/pick/${id}`;
  await post(s, `${path}/scans`, { code: '8690000000012', qty: '6' }, s.cookie, true);
  await post(s, `${path}/scans`, { code: '4006381333931', qty: '6' }, s.cookie, true);
  await post(s, `${path}/scans`, { code: '036000291452' }, s.cookie, true);

  let res = await post(s, `${path}/shipment`, {}, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Products not in the order were scanned: XX-1 ×1');
  await post(s, `${path}/lines/${s.stray.id}`, { count: '0' }, s.cookie, true);
  res = await post(s, `${path}/shipment`, {}, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Scanned more than remains: DB-8 6/5');
  assert.is((await s.db.selectFrom('pick_sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'open');
  assert.is((await s.db.selectFrom('shipments').select('id').where('order_id', '=', s.o.orderId).execute()).length, 0, 'nothing saved');

  await post(s, `${path}/lines/${s.dubel.id}`, { count: '5' }, s.cookie, true);
  res = await post(s, `${path}/shipment`, {}, s.cookie);
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), `/staff/orders/${s.o.orderId}#shipments`);
  const sh = await s.db.selectFrom('shipments').selectAll().where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  assert.is(sh.status, 'draft');
  assert.is(sh.pick_session_id, id);
  const lines = await s.db.selectFrom('shipment_lines as sl').innerJoin('order_lines as l', 'l.id', 'sl.order_line_id').select(['l.product_id', 'sl.qty']).where('sl.shipment_id', '=', sh.id).orderBy('l.line_no').execute();
  assert.equal(lines, [
    { product_id: s.vida.id, qty: 6 },
    { product_id: s.dubel.id, qty: 5 },
  ]);
  assert.is((await s.db.selectFrom('pick_sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'closed');
  assert.is((await post(s, `${path}/shipment`, {}, s.cookie)).status, 409, 'one shipment per session');

  res = await post(s, `/staff/orders/${s.o.orderId}/shipments/${sh.id}/ship`, { carrier: 'Yurtiçi Kargo', tracking_number: 'YK1' }, s.cookie);
  assert.is(res.status, 303);
  assert.is(await orderStatus(s), 'partly_shipped');
  assert.equal(await stockOf(s.db, s.vida.id), { stock_qty: 94, reserved_qty: 4 });
  assert.equal(await stockOf(s.db, s.dubel.id), { stock_qty: 95, reserved_qty: 0 });
  // The next picking round expects only the rest.
  const id2 = await start(s);
  assert.ok(id2 !== id);
  assert.equal(await pickLines(s, id2), [{ product_id: s.vida.id, expected_qty: 4, scanned_qty: 0 }]);
});

test('nothing scanned → refused; a placed or cancelled order cannot start picking', async () => {
  const s = await setup();
  const id = await start(s);
  const res = await post(s, `/staff/stock/pick/${id}/shipment`, {}, s.cookie);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Nothing was scanned');
  const placed = await order(s.db, s.tenant.id, s.who, [{ productId: s.vida.id, qty: 1 }]);
  const r2 = await post(s, `/staff/stock/pick/orders/${placed.orderId}`, {}, s.cookie);
  assert.is(r2.status, 303);
  assert.is(r2.headers.get('location'), `/staff/orders/${placed.orderId}#shipments`);
  assert.is((await s.db.selectFrom('pick_sessions').select('id').where('order_id', '=', placed.orderId).execute()).length, 0);
});

test('permissions and isolation: sales rep 403; tenant B and unknown orders 404', async () => {
  const s = await setup();
  const rep = await staffCookie(s.db, 'sales_rep');
  assert.is((await post(s, `/staff/stock/pick/orders/${s.o.orderId}`, {}, rep)).status, 403);
  const b = await makeTenant({ defaultLocale: 'en' });
  const bCookie = await staffCookie(b.db, 'warehouse');
  assert.is((await post(b, `/staff/stock/pick/orders/${s.o.orderId}`, {}, bCookie)).status, 404);
  assert.is((await post(s, `/staff/stock/pick/orders/999999`, {}, s.cookie)).status, 404);
  const id = await start(s);
  assert.is((await post(b, `/staff/stock/pick/${id}/shipment`, {}, bCookie)).status, 404);
  assert.is(await orderStatus(s), 'preparing');
});

test.run();
