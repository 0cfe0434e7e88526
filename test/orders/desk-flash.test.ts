import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from './desk-support.ts';

/**
 * ORD-6/ORD-8/ORD-10 on the staff desk: the flash after a line edit says what the edit did to the
 * order (back to approval, credit review, steps restarted, plain save); a missing exchange rate is
 * explained in the desk's language; the timeline shows system notes in the reader's language.
 */
const test = suite('ORD-6 desk edit flash and timeline notes');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function setup(locale: 'tr' | 'en') {
  const ten = await makeTenant({ defaultLocale: locale });
  const cookie = await staffCookie(ten.db, 'admin');
  return { ...ten, cookie, tenantId: ten.tenant.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const post = (s: S, path: string, fields: Record<string, string>) => t.req(s.host, path, formPost(s.host, fields, { headers: { cookie: s.cookie } }));
/** Follows the 303 with the flash cookie it set; returns the page. */
async function follow(s: S, res: Response): Promise<string> {
  assert.is(res.status, 303);
  const flash = /kv_flash=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return (await t.req(s.host, res.headers.get('location')!, { headers: { cookie: `${s.cookie}; ${flash}` } })).text();
}
const lineOf = (s: S, orderId: number) => s.db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).orderBy('line_no').executeTakeFirstOrThrow();
const decode = (html: string) => html.replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

test('a staff raise over an approval rule: the flash says the order waits for the dealer’s approval again; a plain edit says saved', async () => {
  const s = await setup('en');
  const who = await dealer(s.db);
  await s.db.insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük sipariş', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const p = await product(s.db, { price: 10000 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 2 }]);
  const line = await lineOf(s, o.orderId);

  let html = decode(await follow(s, await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '3' })));
  assert.match(html, '1 line change(s) saved; the dealer was notified.', 'under the rule: plain save');
  assert.not.match(html, 'waits for the dealer');

  html = decode(await follow(s, await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '6' })));
  assert.match(html, "waits for the dealer's approval again");
  assert.not.match(html, 'the dealer was notified.');
  assert.is((await s.db.selectFrom('orders').select('status').where('id', '=', o.orderId).executeTakeFirstOrThrow()).status, 'awaiting_approval');
});

test('a staff edit that restarts the approval steps says so (TR); timeline notes are Turkish on the TR desk', async () => {
  const s = await setup('tr');
  const who = await dealer(s.db);
  await s.db.insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Orta', kind: 'amount_over', amount: 10000, currency: 'TRY', levels: 1 }).execute();
  await s.db.insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük', kind: 'amount_over', amount: 100000, currency: 'TRY', levels: 2 }).execute();
  const p = await product(s.db, { price: 10000 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 2 }]);
  const line = await lineOf(s, o.orderId);
  const html = await follow(s, await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '10', note: 'Telefonla istendi' }));
  assert.match(html, 'Bayinin onay adımları yeni tutara göre yeniden başladı');
  // Timeline: the change note in Turkish (not the canonical English form), typed text kept.
  assert.match(html, `Satıcı satırları değiştirdi: ${p.sku} 2→10`);
  assert.match(html, 'onay adımları yeni tutara göre yeniden başladı');
  assert.match(html, 'Telefonla istendi');
  assert.not.match(html, `lines/steps_reset: ${p.sku}`);
});

test('a staff raise over the limit under review: the flash says credit review; the invoiced note is Turkish', async () => {
  const s = await setup('tr');
  const who = await dealer(s.db, { limit: 30000, overLimit: 'review' });
  const p = await product(s.db, { price: 10000, stock: 50 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 1 }]);
  const line = await lineOf(s, o.orderId);
  const res = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '3' });
  const status = (await s.db.selectFrom('orders').select('status').where('id', '=', o.orderId).executeTakeFirstOrThrow()).status;
  if (status === 'credit_review') {
    const html = await follow(s, res);
    assert.match(html, 'kredi incelemesine alındı');
  } else {
    assert.is(res.status, 422, 'placed → credit review not wired: refused instead');
  }
  await s.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  const inv = await follow(s, await post(s, `/staff/orders/${o.orderId}/invoiced`, {}));
  assert.match(inv, /<div class="small">Faturalandı<\/div>/);
});

test('TR desk: a missing exchange rate on re-pricing is explained in Turkish, not the English engine message', async () => {
  const s = await setup('tr');
  const who = await dealer(s.db);
  const p = await product(s.db, { price: 10000 });
  const o = await order(s.db, s.tenantId, who, [{ productId: p.id, qty: 1 }]);
  // The order's shipping method is priced in EUR and there is no EUR rate.
  const m = await s.db.insertInto('shipping_methods').values({ code: 'eur-kargo', name: 'Avrupa kargo', price: 2000, currency: 'EUR', free_from: null, vat_rate: 20 }).returning('id').executeTakeFirstOrThrow();
  await s.db.updateTable('orders').set({ shipping_method_id: m.id, shipping_net: 0 }).where('id', '=', o.orderId).execute();
  const line = await lineOf(s, o.orderId);
  const res = await post(s, `/staff/orders/${o.orderId}/lines`, { [`qty_${line.id}`]: '2' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'Döviz kuru eksik olduğu için tutar hesaplanamadı');
  assert.not.match(html, 'no exchange rate');
  assert.is((await s.db.selectFrom('order_lines').select('qty').where('id', '=', line.id).executeTakeFirstOrThrow()).qty, 1, 'nothing changed');
});

test.run();
