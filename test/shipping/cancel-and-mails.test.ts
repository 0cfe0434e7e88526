import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrderPick } from '../../src/stock/pick.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product, stockOf } from '../orders/desk-support.ts';

/**
 * SHP-2 / ORD-7: cancelling an order cancels its draft shipments and closes its open pick session
 * (same transaction as the status change); every shipping mail names the shipment, carrier and
 * tracking; a further part shipping on a partly shipped order reads "another part has shipped",
 * not "Partly shipped → Partly shipped".
 */
const test = suite('SHP-2 cancel drafts and shipment mails');
let t: TestApp;
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function setup(buyerLocale: 'tr' | 'en' = 'tr') {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'admin');
  const who = await dealer(ten.db, { userLocale: buyerLocale });
  const p1 = await product(ten.db, { stock: 50 });
  const p2 = await product(ten.db, { stock: 20 });
  const o = await order(ten.db, ten.tenant.id, who, [
    { productId: p1.id, qty: 10 },
    { productId: p2.id, qty: 4 },
  ]);
  await ten.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  const lines = await ten.db.selectFrom('order_lines').select(['id']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  return { ...ten, cookie, who, p1, p2, o, l1: lines[0]!.id, l2: lines[1]!.id, base: `/staff/orders/${o.orderId}` };
}
type S = Awaited<ReturnType<typeof setup>>;

const post = (s: S, path: string, fields: Record<string, string>) => t.req(s.host, path, formPost(s.host, fields, { headers: { cookie: s.cookie } }));
const mailsTo = (s: S, to: string) => s.db.selectFrom('notifications').select(['id', 'subject', 'body_text', 'body_html', 'payload']).where('recipient', '=', to).where('template', '=', 'order.status').orderBy('id').execute();

test('cancelling an order with a draft shipment and an open pick session: the draft is cancelled, the session closed, stock released', async () => {
  const s = await setup();
  const staff = await build.staff(s.db, { role: 'warehouse' });
  const pick = await s.db.transaction().execute((trx) => startOrderPick(trx, s.o.orderId, staff.user.id, brand));
  assert.is((await s.db.selectFrom('orders').select('status').where('id', '=', s.o.orderId).executeTakeFirstOrThrow()).status, 'preparing');
  assert.is((await post(s, `${s.base}/shipments`, { [`qty_${s.l1}`]: '3', [`qty_${s.l2}`]: '0' })).status, 303);
  const draft = await s.db.selectFrom('shipments').select(['id', 'status']).where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow();
  assert.is(draft.status, 'draft');
  // Another order's draft is left alone.
  const other = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 2 }]);
  await s.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', other.orderId).execute();
  const otherLine = await s.db.selectFrom('order_lines').select('id').where('order_id', '=', other.orderId).executeTakeFirstOrThrow();
  assert.is((await post(s, `/staff/orders/${other.orderId}/shipments`, { [`qty_${otherLine.id}`]: '2' })).status, 303);

  const res = await post(s, `${s.base}/status`, { to: 'cancelled', reason: 'Müşteri vazgeçti' });
  assert.is(res.status, 303);
  const after = await s.db.selectFrom('shipments').select(['status', 'cancelled_at']).where('id', '=', draft.id).executeTakeFirstOrThrow();
  assert.is(after.status, 'cancelled');
  assert.ok(after.cancelled_at);
  const session = await s.db.selectFrom('pick_sessions').select(['status', 'closed_at']).where('id', '=', pick.sessionId).executeTakeFirstOrThrow();
  assert.is(session.status, 'closed');
  assert.ok(session.closed_at);
  assert.equal(await stockOf(s.db, s.p2.id), { stock_qty: 20, reserved_qty: 0 });
  assert.equal(await stockOf(s.db, s.p1.id), { stock_qty: 50, reserved_qty: 2 }, 'only the other order still holds stock');
  assert.is((await s.db.selectFrom('shipments').select('status').where('order_id', '=', other.orderId).executeTakeFirstOrThrow()).status, 'draft', 'another order’s draft stays');
  // The desk no longer offers the draft's ship form; shipping it is refused.
  assert.is((await post(s, `${s.base}/shipments/${draft.id}/ship`, { carrier: 'Aras' })).status, 409);
});

test('a refused cancel (shipped order) leaves drafts and the pick session as they were', async () => {
  const s = await setup();
  assert.is((await post(s, `${s.base}/shipments`, { [`qty_${s.l1}`]: '10', [`qty_${s.l2}`]: '4', carrier: 'Aras', ship_now: '1' })).status, 303);
  await s.db.updateTable('orders').set({ status: 'partly_shipped' }).where('id', '=', s.o.orderId).execute();
  const res = await post(s, `${s.base}/status`, { to: 'cancelled', reason: 'Geç kaldı' });
  assert.is(res.status, 409);
  assert.is((await s.db.selectFrom('shipments').select('status').where('order_id', '=', s.o.orderId).executeTakeFirstOrThrow()).status, 'shipped');
});

test('shipment mails: carrier and tracking link in every one; a further part on a partly shipped order reads “another part has shipped” (TR and EN)', async () => {
  const s = await setup('tr');
  // The dealer admin reads English.
  await s.db.updateTable('users').set({ locale: 'en' }).where('email', '=', s.who.adminEmail).execute();

  // First part: confirmed → partly shipped.
  assert.is((await post(s, `${s.base}/shipments`, { [`qty_${s.l1}`]: '4', [`qty_${s.l2}`]: '0', carrier: 'Yurtiçi Kargo', tracking_number: 'YK-1', tracking_url: 'https://kargo.example/t/YK-1', ship_now: '1' })).status, 303);
  let tr = await mailsTo(s, s.who.buyerEmail);
  let first = tr.at(-1)!;
  assert.match(first.body_text, `${s.o.number}-1`);
  assert.match(first.body_text, 'Kargo firması: Yurtiçi Kargo');
  assert.match(first.body_text, 'Takip numarası: YK-1');
  assert.match(first.body_html, 'href="https://kargo.example/t/YK-1"');
  assert.match(first.body_html, 'Kargoyu takip et');

  // Second part: partly shipped → partly shipped.
  assert.is((await post(s, `${s.base}/shipments`, { [`qty_${s.l1}`]: '3', [`qty_${s.l2}`]: '0', carrier: 'Aras Kargo', tracking_number: 'AR-2', tracking_url: 'https://aras.example/AR-2', ship_now: '1' })).status, 303);
  assert.is((await s.db.selectFrom('orders').select('status').where('id', '=', s.o.orderId).executeTakeFirstOrThrow()).status, 'partly_shipped');
  tr = await mailsTo(s, s.who.buyerEmail);
  const again = tr.at(-1)!;
  assert.match(again.subject, 'bir bölümü daha kargoya verildi');
  assert.match(again.body_text, 'Siparişinizin bir bölümü daha kargoya verildi');
  assert.not.match(again.body_text, /Kısmen kargoya verildi"? → "?Kısmen/);
  assert.not.match(again.body_text, '→');
  assert.match(again.body_text, `${s.o.number}-2`);
  assert.match(again.body_text, 'Aras Kargo');
  assert.match(again.body_html, 'href="https://aras.example/AR-2"');
  const en = (await mailsTo(s, s.who.adminEmail)).at(-1)!;
  assert.match(en.subject, 'another part has shipped');
  assert.match(en.body_text, 'Another part of your order');
  assert.match(en.body_text, 'Carrier: Aras Kargo');
  assert.match(en.body_html, 'Track the parcel');

  // Last part: partly shipped → shipped, the usual status line and the carrier.
  assert.is((await post(s, `${s.base}/shipments`, { [`qty_${s.l1}`]: '3', [`qty_${s.l2}`]: '4', carrier: 'MNG', ship_now: '1' })).status, 303);
  const last = (await mailsTo(s, s.who.buyerEmail)).at(-1)!;
  assert.not.match(last.body_text, 'bir bölümü daha');
  assert.match(last.body_text, 'Kargo firması: MNG');
  assert.not.match(last.body_text, 'Takip numarası', 'no tracking number given: no line for it');
  assert.not.match(last.body_html, 'Kargoyu takip et');
});

test.run();
