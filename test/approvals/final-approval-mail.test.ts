import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decideStep } from '../../src/approvals/workflow.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { submitOrder } from '../../src/orders/submit.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb } from '../support/db.ts';
import { person, product, rule, world, type World } from './support.ts';

/**
 * APR-2 + FIN-1/ORD-9: the final approval of a prepayment order moves it to awaiting_payment and,
 * in the same transaction, mails the payment instruction with the proforma (as an order that
 * starts in awaiting_payment gets it) — once, however often or concurrently the step is decided.
 * An order approved into `placed` gets only the orderer's "approved" mail (no near-identical
 * status mail on top).
 */
const test = suite('APR-2 final approval mails the proforma');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const TR_IBAN = 'TR33 0006 1005 1978 6457 8413 26';

async function prepaymentWorld() {
  const w = await world();
  await w.db.updateTable('dealer_accounts').set({ settlement: 'prepayment' }).where('dealer_id', '=', w.dealer.id).execute();
  await w.db.insertInto('settings').values({ key: 'bank', value: JSON.stringify({ iban: TR_IBAN, bankName: 'Örnek Bankası', accountHolder: 'Test Satıcı A.Ş.' }) } as never).execute();
  return w;
}

async function submit(w: World, userId: number, productId: number, paymentMethod: 'prepayment' | 'open_account') {
  const r = await submitOrder(w.db, {
    tenantId: w.tenant.id,
    timeZone: 'Europe/Istanbul',
    dealerId: w.dealer.id,
    userId,
    idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
    items: [{ productId, qty: 3 }],
    paymentMethod,
  });
  if (r.kind !== 'created') throw new Error(`order not created: ${JSON.stringify(r)}`);
  const steps = await w.db.selectFrom('order_approvals').selectAll().where('order_id', '=', r.orderId).orderBy('level').execute();
  return { id: r.orderId, number: r.number, status: r.status, steps };
}

const emailOf = async (w: World, id: number) => (await w.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;

/** Mails about this order (status mails carry its id, approval mails its number). */
async function mailsFor(w: World, orderId: number) {
  const number = (await w.db.selectFrom('orders').select('number').where('id', '=', orderId).executeTakeFirstOrThrow()).number;
  const rows = await w.db.selectFrom('notifications').select(['template', 'recipient', 'subject', 'body_text', 'attachments', 'payload']).orderBy('id').execute();
  return rows.filter((r) => {
    const p = r.payload as { orderId?: number; number?: string };
    return Number(p.orderId) === orderId || p.number === number;
  });
}

const decide = (w: World, who: { cookie: string }, stepId: number, fields: Record<string, string>) => t.req(w.host, `/portal/approvals/${stepId}`, formPost(w.host, fields, { headers: { cookie: who.cookie } }));

test('a prepayment order: the approver approves with a TOTP code → awaiting_payment, one proforma mail (with the PDF reference, payment instruction and IBAN) to the orderer and one to the dealer admin, plus the "approved" mail', async () => {
  const w = await prepaymentWorld();
  await rule(w.db, w.dealer.id, { name: 'Every order' });
  const p = await product(w.db, { price: 25000 });
  const o = await submit(w, w.buyer.id, p.id, 'prepayment');
  assert.is(o.status, 'awaiting_approval');
  assert.is((await w.db.selectFrom('orders').select('after_approval').where('id', '=', o.id).executeTakeFirstOrThrow()).after_approval, 'awaiting_payment');
  const before = (await mailsFor(w, o.id)).filter((m) => m.template === 'order.status');
  assert.is(before.length, 0, 'no proforma before the approval');

  const res = await decide(w, w.a, o.steps[0]!.id, { code: w.a.code(), decision: 'approve', note: 'Bütçe uygun' });
  assert.is(res.status, 303);
  assert.is((await w.db.selectFrom('orders').select('status').where('id', '=', o.id).executeTakeFirstOrThrow()).status, 'awaiting_payment');

  const buyer = await emailOf(w, w.buyer.id);
  const admin = await emailOf(w, w.admin.id);
  const mails = await mailsFor(w, o.id);
  const proforma = mails.filter((m) => m.template === 'order.status');
  assert.equal(proforma.map((m) => m.recipient).sort(), [admin, buyer].sort(), 'one status mail each to the orderer and the dealer admin');
  const mine = proforma.find((m) => m.recipient === buyer)!;
  assert.equal(mine.attachments, [{ kind: 'order_document', orderId: o.id, document: 'proforma', filename: `${o.number}-proforma.pdf` }]);
  assert.equal(mine.payload, { orderId: o.id, number: o.number, from: 'awaiting_approval', to: 'awaiting_payment' });
  // The orderer reads Turkish (their locale).
  assert.match(mine.body_text, `${o.number} numaralı siparişiniz ödeme bekliyor. Proforma fatura ekte PDF olarak yer alıyor.`);
  assert.match(mine.body_text, `açıklamaya ${o.number} sipariş numarasını yazarak havale/EFT ile ödeyin`);
  assert.match(mine.body_text, `IBAN: ${TR_IBAN} · Örnek Bankası · Hesap sahibi: Test Satıcı A.Ş.`);
  assert.match(mine.body_text, `Ek: ${o.number}-proforma.pdf`);
  const approved = mails.filter((m) => m.template === 'approval.decided');
  assert.equal(approved.map((m) => m.recipient), [buyer], 'the orderer is also told who approved (with the note)');
  assert.match(approved[0]!.body_text, 'Bütçe uygun');

  // Deciding the same step again (another approver, domain level) changes nothing and mails nothing.
  const brand = brandFor(testConfig(), w.tenant);
  const again = await decideStep(w.db, { dealerId: w.dealer.id, stepId: o.steps[0]!.id, userId: w.b.id, decision: 'approve', totpStep: 99, note: '', brand });
  assert.equal(again, { ok: false, error: 'already_decided' });
  assert.is((await mailsFor(w, o.id)).filter((m) => m.template === 'order.status').length, 2);
});

test('two approvers approve the last level at once: one wins, still exactly one proforma mail per recipient; level 1 of two sends none', async () => {
  const w = await prepaymentWorld();
  await rule(w.db, w.dealer.id, { levels: 2 });
  const c = await person(w.db, w.dealer.id, 'approver', 'Cem Onaycı');
  const p = await product(w.db);
  const o = await submit(w, w.buyer.id, p.id, 'prepayment');
  const brand = brandFor(testConfig(), w.tenant);

  const l1 = await decideStep(w.db, { dealerId: w.dealer.id, stepId: o.steps[0]!.id, userId: w.a.id, decision: 'approve', totpStep: 1, note: '', brand });
  assert.ok(l1.ok);
  assert.is((await mailsFor(w, o.id)).filter((m) => m.template === 'order.status').length, 0, 'level 1 of 2: no proforma yet');

  const results = await Promise.all(
    [w.b, c].map((who, i) => decideStep(w.db, { dealerId: w.dealer.id, stepId: o.steps[1]!.id, userId: who.id, decision: 'approve', totpStep: 10 + i, note: '', brand })),
  );
  assert.is(results.filter((r) => r.ok).length, 1);
  assert.ok(results.every((r) => r.ok || r.error === 'already_decided'));
  const winner = results.find((r) => r.ok)!;
  assert.ok(winner.ok && winner.status === 'awaiting_payment');
  const statusMails = (await mailsFor(w, o.id)).filter((m) => m.template === 'order.status');
  const buyer = await emailOf(w, w.buyer.id);
  assert.is(statusMails.filter((m) => m.recipient === buyer).length, 1, 'exactly one proforma mail to the orderer');
  assert.is(statusMails.length, 2, 'orderer + dealer admin, once each');
  assert.ok(winner.ok && statusMails.length <= winner.notificationIds.length, 'the ids are returned for the nudge');
});

test('an open-account order approved into placed: only the "approved" mail, no second status mail', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await submit(w, w.buyer.id, p.id, 'open_account');
  const res = await decide(w, w.a, o.steps[0]!.id, { code: w.a.code(), decision: 'approve', note: '' });
  assert.is(res.status, 303);
  assert.is((await w.db.selectFrom('orders').select('status').where('id', '=', o.id).executeTakeFirstOrThrow()).status, 'placed');
  const mails = await mailsFor(w, o.id);
  assert.is(mails.filter((m) => m.template === 'order.status').length, 0);
  assert.is(mails.filter((m) => m.template === 'approval.decided').length, 1);
});

test.run();
