import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../src/db/types.ts';
import { changeQuantities } from '../../src/orders/dealer-change.ts';
import { DeskError, editLines } from '../../src/orders/desk.ts';
import { placedToCreditReview } from '../../src/orders/edit-policy.ts';
import { noteText, parseNote } from '../../src/orders/history-notes.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product, stockOf } from './desk-support.ts';

/**
 * ORD-8 / ORD-6 with APR-1 and FIN-2: a change before confirmation follows the same rules whoever
 * makes it — lock order (no deadlock between a dealer change and a staff edit), credit policy
 * (block refuses, review → credit_review), purchasing policy re-run on a staff edit.
 */
const test = suite('ORD-8 change policy (dealer change and staff edit)');
type Ten = Awaited<ReturnType<typeof makeTenant>>;
let T: Ten;
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };

test.before(async () => {
  T = await makeTenant({ defaultLocale: 'en' });
});
test.after(async () => {
  await closeTestDb();
});

const db = () => T.db as Kysely<TenantDb>;
const orderRow = (id: number) => db().selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lineOf = (id: number) => db().selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('line_no').executeTakeFirstOrThrow();
const staffEdit = (orderId: number, lineId: number, qty: number, extra: { add?: Array<{ productId: number; qty: number }>; note?: string } = {}) =>
  db()
    .transaction()
    .execute((trx) => editLines(trx, T.tenant.id, orderId, { qty: new Map([[lineId, qty]]), remove: [], add: extra.add ?? [], note: extra.note }, { kind: 'staff' }, brand));
const dealerChange = (who: { dealerId: number; userId: number }, orderId: number, lineId: number, qty: number) =>
  changeQuantities(db(), { tenantId: T.tenant.id, timeZone: 'Europe/Istanbul', orderId, dealerId: who.dealerId, actor: { kind: 'user', userId: who.userId }, qty: new Map([[lineId, qty]]), brand });
const approvalMails = (to: string) => db().selectFrom('notifications').select('id').where('template', '=', 'approval.waiting').where('recipient', '=', to).execute();

test('lock order: a staff edit and a dealer change of the same order in parallel, 20 rounds — no deadlock, reservations equal quantities, stock exact', async () => {
  const who = await dealer(db());
  const p = await product(db(), { stock: 1000, price: 1000 });
  const q = await product(db(), { stock: 1000, price: 1000 });
  const o = await order(db(), T.tenant.id, who, [
    { productId: p.id, qty: 10 },
    { productId: q.id, qty: 10 },
  ]);
  const lines = await db().selectFrom('order_lines').select(['id', 'product_id']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  const lp = lines.find((l) => l.product_id === p.id)!;
  const lq = lines.find((l) => l.product_id === q.id)!;
  for (let round = 0; round < 20; round++) {
    const results = await Promise.allSettled([
      // The staff edit touches p and adds nothing; the dealer change touches q then p (both lines).
      staffEdit(o.orderId, lp.id, 10 + (round % 7)),
      changeQuantities(db(), {
        tenantId: T.tenant.id,
        timeZone: 'Europe/Istanbul',
        orderId: o.orderId,
        dealerId: who.dealerId,
        actor: { kind: 'user', userId: who.userId },
        qty: new Map([
          [lq.id, 10 + (round % 5)],
          [lp.id, 12 + (round % 3)],
        ]),
      }),
    ]);
    for (const r of results) if (r.status === 'rejected') assert.unreachable(`round ${round}: ${String((r.reason as Error).message)}`);
    const dealerResult = (results[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof changeQuantities>>>).value;
    assert.is(dealerResult.kind, 'ok', `round ${round}`);
  }
  const final = await db().selectFrom('order_lines').select(['product_id', 'qty', 'reserved_qty', 'line_net']).where('order_id', '=', o.orderId).execute();
  for (const l of final) assert.is(l.reserved_qty, l.qty, 'reservations equal line quantities');
  for (const prod of [p, q]) {
    const st = await stockOf(db(), prod.id);
    assert.is(st.stock_qty, 1000);
    assert.is(st.reserved_qty, final.find((l) => l.product_id === prod.id)!.qty, 'stock reserved exactly what the order holds');
  }
  const head = await orderRow(o.orderId);
  assert.is(head.lines_net, final.reduce((s, l) => s + l.line_net, 0), 'totals match the lines');
  assert.is(head.status, 'placed');
});

test('APR-1: a staff edit that raises a placed order over a rule sends it back for the dealer’s approval (seller change); approvers notified', async () => {
  const who = await dealer(db());
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük sipariş', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 2 }]);
  assert.is((await orderRow(o.orderId)).status, 'placed');
  const line = await lineOf(o.orderId);
  const before = (await approvalMails(who.adminEmail)).length;
  const r = await staffEdit(o.orderId, line.id, 6, { note: 'Müşteri telefonla istedi' });
  assert.is(r.status, 'awaiting_approval');
  assert.is(r.approval, 'back_to_approval');
  const head = await orderRow(o.orderId);
  assert.is(head.status, 'awaiting_approval');
  assert.is(head.after_approval, 'placed');
  assert.equal(await db().selectFrom('order_approvals').select(['level', 'status']).where('order_id', '=', o.orderId).execute(), [{ level: 1, status: 'pending' }]);
  assert.is((await approvalMails(who.adminEmail)).length, before + 1, 'the dealer admin (approver) is mailed');
  const h = await db().selectFrom('order_status_history').select(['from_status', 'to_status', 'actor', 'note']).where('order_id', '=', o.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(h.from_status, 'placed');
  assert.is(h.to_status, 'awaiting_approval');
  assert.is(h.actor, 'staff');
  const parsed = parseNote(h.note);
  assert.ok(parsed.code === 'change' && parsed.kind === 'lines' && parsed.flags.includes('approval') && parsed.text === 'Müşteri telefonla istedi', h.note);
  assert.match(noteText(h.note, 'tr'), 'satıcı değişikliği');
  assert.match(noteText(h.note, 'tr'), 'Müşteri telefonla istedi');
});

test('APR-1: a staff decrease keeps a placed order placed even when a rule still matches; an edit under the rule keeps it placed', async () => {
  const who = await dealer(db());
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 8 }]);
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük sipariş', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const line = await lineOf(o.orderId);
  const r = await staffEdit(o.orderId, line.id, 6);
  assert.is(r.status, 'placed');
  assert.is((await orderRow(o.orderId)).status, 'placed');
  const small = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }]);
  const r2 = await staffEdit(small.orderId, (await lineOf(small.orderId)).id, 2);
  assert.is(r2.status, 'placed', '24,000 is under the 50,000 rule');
});

test('APR-1: a staff edit on an order awaiting approval that changes its workflow resets the steps (decisions cleared) and notifies again', async () => {
  const who = await dealer(db());
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Orta', kind: 'amount_over', amount: 10000, currency: 'TRY', levels: 1 }).execute();
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük', kind: 'amount_over', amount: 100000, currency: 'TRY', levels: 2 }).execute();
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 2 }]);
  assert.is((await orderRow(o.orderId)).status, 'awaiting_approval');
  // Level 1 decided (as an approver would), announced already.
  await db().updateTable('order_approvals').set({ status: 'approved', decided_by: who.userId, decided_at: new Date(), notified_at: new Date() }).where('order_id', '=', o.orderId).execute();
  const line = await lineOf(o.orderId);
  const r = await staffEdit(o.orderId, line.id, 10);
  assert.is(r.status, 'awaiting_approval');
  assert.is(r.approval, 'steps_reset');
  const steps = await db().selectFrom('order_approvals').select(['level', 'status', 'decided_by', 'notified_at']).where('order_id', '=', o.orderId).orderBy('level').execute();
  assert.is(steps.length, 2, 'two levels now');
  assert.ok(steps.every((s) => s.status === 'pending' && s.decided_by === null));
  assert.ok(steps[0]!.notified_at, 'level 1 announced again');
  assert.is(steps[1]!.notified_at, null, 'level 2 waits for level 1');
  const h = await db().selectFrom('order_status_history').select('note').where('order_id', '=', o.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.match(noteText(h.note, 'en'), 'approval steps restarted');
});

test('APR-1: a dealer change raising an order awaiting approval into a 2-level workflow resets its steps too', async () => {
  const who = await dealer(db());
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Orta', kind: 'amount_over', amount: 10000, currency: 'TRY', levels: 1 }).execute();
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük', kind: 'amount_over', amount: 100000, currency: 'TRY', levels: 2 }).execute();
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 2 }]);
  const line = await lineOf(o.orderId);
  const r = await dealerChange(who, o.orderId, line.id, 10);
  assert.ok(r.kind === 'ok' && r.approval === 'steps_reset');
  assert.is((await db().selectFrom('order_approvals').select('level').where('order_id', '=', o.orderId).execute()).length, 2);
});

test('FIN-2 review: a dealer change over the limit moves a placed order to credit_review (never a silent pass); a change within the limit stays placed', async () => {
  const who = await dealer(db(), { limit: 30000, overLimit: 'review' });
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }]);
  assert.is((await orderRow(o.orderId)).status, 'placed');
  const line = await lineOf(o.orderId);
  const r = await dealerChange(who, o.orderId, line.id, 3);
  const head = await orderRow(o.orderId);
  if (placedToCreditReview()) {
    assert.ok(r.kind === 'ok' && r.status === 'credit_review' && r.creditReview, JSON.stringify(r));
    assert.is(head.status, 'credit_review');
    assert.is(head.total_gross, 36000);
    const h = await db().selectFrom('order_status_history').select(['from_status', 'to_status', 'note']).where('order_id', '=', o.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal([h.from_status, h.to_status], ['placed', 'credit_review']);
    assert.match(noteText(h.note, 'tr'), 'kredi limitini aşıyor');
  } else {
    // The status machine has no placed → credit_review: refused with the credit message, unchanged.
    assert.is(r.kind, 'credit_limit', JSON.stringify(r));
    assert.equal([head.status, head.total_gross, (await lineOf(o.orderId)).qty], ['placed', 12000, 1]);
  }
  // Within the limit: a raise stays placed.
  const who2 = await dealer(db(), { limit: 1_000_000, overLimit: 'review' });
  const o2 = await order(db(), T.tenant.id, who2, [{ productId: p.id, qty: 1 }]);
  const r2 = await dealerChange(who2, o2.orderId, (await lineOf(o2.orderId)).id, 2);
  assert.ok(r2.kind === 'ok' && r2.status === 'placed');
});

test('FIN-2: a staff edit over the limit under review moves a placed order to credit_review; block refuses it and changes nothing (both sides)', async () => {
  const who = await dealer(db(), { limit: 30000, overLimit: 'review' });
  const p = await product(db(), { price: 10000, stock: 50 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }]);
  if (placedToCreditReview()) {
    const r = await staffEdit(o.orderId, (await lineOf(o.orderId)).id, 3);
    assert.is(r.status, 'credit_review');
    assert.is((await orderRow(o.orderId)).status, 'credit_review');
  } else {
    try {
      await staffEdit(o.orderId, (await lineOf(o.orderId)).id, 3);
      assert.unreachable('placed → credit_review missing: refused');
    } catch (err) {
      assert.ok(err instanceof DeskError && err.code === 'credit_limit', String(err));
    }
    assert.is((await orderRow(o.orderId)).status, 'placed');
  }

  const blk = await dealer(db(), { limit: 30000, overLimit: 'block' });
  const o2 = await order(db(), T.tenant.id, blk, [{ productId: p.id, qty: 1 }]);
  const line = await lineOf(o2.orderId);
  const before = await stockOf(db(), p.id);
  try {
    await staffEdit(o2.orderId, line.id, 3);
    assert.unreachable('over the limit under block');
  } catch (err) {
    assert.ok(err instanceof DeskError && err.code === 'credit_limit', String(err));
  }
  assert.is((await lineOf(o2.orderId)).qty, 1);
  assert.is((await orderRow(o2.orderId)).status, 'placed');
  assert.equal(await stockOf(db(), p.id), before);
  const d = await dealerChange(blk, o2.orderId, line.id, 3);
  assert.is(d.kind, 'credit_limit');
  assert.is((await lineOf(o2.orderId)).qty, 1);
  assert.equal(await stockOf(db(), p.id), before);
});

test('FIN-2 review on an order in credit review: a staff raise keeps it in credit review (finance still decides)', async () => {
  const who = await dealer(db(), { limit: 15000, overLimit: 'review' });
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 2 }]);
  assert.is((await orderRow(o.orderId)).status, 'credit_review', 'submitted over the limit under review');
  const r = await staffEdit(o.orderId, (await lineOf(o.orderId)).id, 3);
  assert.is(r.status, 'credit_review');
  const r2 = await dealerChange(who, o.orderId, (await lineOf(o.orderId)).id, 4);
  assert.ok(r2.kind === 'ok' && r2.status === 'credit_review');
});

test('FIN-2 review while awaiting approval: the order stays waiting and goes to credit_review once approved', async () => {
  const who = await dealer(db(), { limit: 30000, overLimit: 'review' });
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Hepsi', kind: 'amount_over', amount: 1, currency: 'TRY', levels: 1 }).execute();
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }]);
  assert.equal([(await orderRow(o.orderId)).status, (await orderRow(o.orderId)).after_approval], ['awaiting_approval', 'placed']);
  const r = await dealerChange(who, o.orderId, (await lineOf(o.orderId)).id, 3);
  assert.ok(r.kind === 'ok' && r.status === 'awaiting_approval' && r.creditReview);
  assert.is((await orderRow(o.orderId)).after_approval, 'credit_review');
});

test('APR-1: a prepayment order past approval (awaiting payment) that the dealer raises over a rule waits for approval again, then for payment', async () => {
  const who = await dealer(db(), { settlement: 'prepayment' });
  await db().insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Büyük sipariş', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const p = await product(db(), { price: 10000 });
  const o = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }], { paymentMethod: 'prepayment' });
  assert.is((await orderRow(o.orderId)).status, 'awaiting_payment');
  const r = await dealerChange(who, o.orderId, (await lineOf(o.orderId)).id, 5);
  assert.ok(r.kind === 'ok' && r.approval === 'back_to_approval', JSON.stringify(r));
  const head = await orderRow(o.orderId);
  assert.equal([head.status, head.after_approval], ['awaiting_approval', 'awaiting_payment']);
  // The seller raising another one the same way.
  const o2 = await order(db(), T.tenant.id, who, [{ productId: p.id, qty: 1 }], { paymentMethod: 'prepayment' });
  const r2 = await staffEdit(o2.orderId, (await lineOf(o2.orderId)).id, 5);
  assert.is(r2.status, 'awaiting_approval');
  assert.is((await orderRow(o2.orderId)).after_approval, 'awaiting_payment');
});

test('ORD-10: history notes render in the reader’s language; typed text is never lost', () => {
  assert.is(noteText('approved (level 2)', 'tr'), 'Onaylandı (seviye 2)');
  assert.is(noteText('approval level 1 withdrawn', 'tr'), 'Seviye 1 onayı geri alındı');
  assert.is(noteText('invoiced', 'tr'), 'Faturalandı');
  assert.is(noteText('pick #12', 'tr'), 'Depoda toplama başladı', 'STK-3 picking started');
  assert.is(noteText('pick #12', 'en'), 'Picking started in the warehouse');
  assert.is(noteText('payment received', 'tr'), 'Ödeme alındı');
  assert.is(noteText('Not approved within 48 hours', 'tr'), '48 saat içinde onaylanmadı');
  assert.is(noteText('SKU-1: 2 → 5, SKU-2: 1 → 0', 'tr'), 'Miktarlar değiştirildi: SKU-1 2→5, SKU-2 1→0', 'older dealer-change notes');
  assert.is(noteText('lines: A-1 2→3 — acil', 'tr'), 'Satıcı satırları değiştirdi: A-1 2→3 — acil');
  assert.is(noteText('Yanlış sepet, invoiced', 'tr'), 'Yanlış sepet, invoiced', 'free text stays as typed');
  assert.is(noteText('lines: tamamen serbest metin', 'en'), 'lines: tamamen serbest metin');
  assert.is(noteText('', 'tr'), '');
});

test.run();
