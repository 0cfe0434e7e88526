import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decideStep } from '../../src/approvals/workflow.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { changeStatus, canTransition } from '../../src/orders/status.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { order, person, product, rule, world, type World } from './support.ts';

/**
 * APR-2 through the pages, against real PostgreSQL and Redis: TOTP step-up (wrong, replayed),
 * approval moves the order on, two levels by two people, rejection releases stock, no
 * self-approval, delegates, withdrawal, racing approvers, permissions and isolation.
 */
const test = suite('APR-2 approval decisions');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const decide = (w: World, who: { cookie: string }, stepId: number, fields: Record<string, string>) =>
  t.req(w.host, `/portal/approvals/${stepId}`, formPost(w.host, fields, { headers: { cookie: who.cookie } }));
const get = (w: World, who: { cookie: string }, path: string) => t.req(w.host, path, { headers: { cookie: who.cookie } });
const orderRow = (w: World, id: number) => w.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const stepsOf = (w: World, id: number) => w.db.selectFrom('order_approvals').selectAll().where('order_id', '=', id).orderBy('level').execute();

test('wrong code → 422 next to the field, nothing decided; right code approves → after_approval status; the same code again is refused as replayed', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { name: 'Every order' });
  const p = await product(w.db);
  const o1 = await order(w, w.buyer.id, p.id);
  const o2 = await order(w, w.buyer.id, p.id);
  assert.is(o1.status, 'awaiting_approval');
  const step = o1.steps[0]!;

  const queue = await get(w, w.a, '/portal/approvals');
  assert.is(queue.status, 200);
  const qhtml = await queue.text();
  assert.match(qhtml, o1.number);
  assert.match(qhtml, 'Every order');
  assert.match(qhtml, 'Selin Alıcı');

  const wrong = await decide(w, w.a, step.id, { code: '000000', decision: 'approve', note: '' });
  assert.is(wrong.status, 422);
  const whtml = await wrong.text();
  assert.match(whtml, /id="f-code-error"[^>]*>That code is not right/);
  assert.is((await orderRow(w, o1.id)).status, 'awaiting_approval');
  assert.is((await stepsOf(w, o1.id))[0]!.status, 'pending');

  const code = w.a.code();
  const ok = await decide(w, w.a, step.id, { code, decision: 'approve', note: 'OK for Q4' });
  assert.is(ok.status, 303);
  const after = await orderRow(w, o1.id);
  assert.is(after.status, 'placed');
  assert.is(after.after_approval, null);
  assert.ok(after.placed_at);
  const s = (await stepsOf(w, o1.id))[0]!;
  assert.is(s.status, 'approved');
  assert.is(s.decided_by, w.a.id);
  assert.ok(s.decided_at);
  assert.type(s.totp_step, 'number');
  assert.is(s.note, 'OK for Q4');
  const audited = await w.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'order.approval_approved').execute();
  assert.equal(audited, [{ action: 'order.approval_approved', target_id: String(o1.id) }]);
  const hist = await w.db.selectFrom('order_status_history').select(['from_status', 'to_status', 'actor_user_id']).where('order_id', '=', o1.id).orderBy('id').execute();
  assert.equal(hist.at(-1), { from_status: 'awaiting_approval', to_status: 'placed', actor_user_id: w.a.id });
  const mails = await w.db.selectFrom('notifications').select(['template', 'recipient']).where('template', '=', 'approval.decided').execute();
  assert.is(mails.length, 1, 'the orderer is told');

  const replay = await decide(w, w.a, o2.steps[0]!.id, { code, decision: 'approve', note: '' });
  assert.is(replay.status, 422);
  assert.match(await replay.text(), 'That code was already used');
  assert.is((await orderRow(w, o2.id)).status, 'awaiting_approval');
});

test('two levels: level 2 waits for level 1, the same person cannot approve both, a second approver completes it', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { levels: 2, name: 'Big orders' });
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  assert.is(o.steps.length, 2);
  const [l1, l2] = o.steps;

  const early = await decide(w, w.b, l2!.id, { code: w.b.code(), decision: 'approve' });
  assert.is(early.status, 409, 'level 2 is not open yet');
  assert.match(await early.text(), 'The previous level has to be approved first');

  assert.is((await decide(w, w.a, l1!.id, { code: w.a.code(), decision: 'approve' })).status, 303);
  assert.is((await orderRow(w, o.id)).status, 'awaiting_approval');
  const queue = await (await get(w, w.b, '/portal/approvals')).text();
  assert.match(queue, `id="step-${l2!.id}"`);

  const same = await decide(w, w.a, l2!.id, { code: w.a.code(), decision: 'approve' });
  assert.is(same.status, 403);
  assert.match(await same.text(), 'one person cannot approve both levels');
  assert.is((await stepsOf(w, o.id))[1]!.status, 'pending');

  assert.is((await decide(w, w.b, l2!.id, { code: w.b.code(), decision: 'approve' })).status, 303);
  const done = await stepsOf(w, o.id);
  assert.equal(done.map((s) => [s.status, s.decided_by]), [
    ['approved', w.a.id],
    ['approved', w.b.id],
  ]);
  assert.is((await orderRow(w, o.id)).status, 'placed');
});

test('rejection cancels the order with the reason, releases its stock and withdraws the other level', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { levels: 2 });
  const p = await product(w.db, { stock: 10 });
  const o = await order(w, w.buyer.id, p.id, 4);
  assert.is((await w.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 4);
  const res = await decide(w, w.a, o.steps[0]!.id, { code: w.a.code(), decision: 'reject', note: 'Not in this month’s budget' });
  assert.is(res.status, 303);
  const row = await orderRow(w, o.id);
  assert.is(row.status, 'cancelled');
  assert.is(row.cancel_reason, 'Not in this month’s budget');
  const prod = await w.db.selectFrom('products').select(['reserved_qty', 'stock_qty']).where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.is(prod.reserved_qty, 0);
  assert.is(prod.stock_qty, 10);
  assert.equal((await stepsOf(w, o.id)).map((s) => s.status), ['rejected', 'withdrawn']);
});

test('an approver cannot approve their own order (told why); another approver can', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.a.id, p.id);
  const page = await (await get(w, w.a, `/portal/approvals/${o.steps[0]!.id}`)).text();
  assert.match(page, 'you cannot approve your own order');
  assert.not.match(page, 'id="decision-form"');
  const res = await decide(w, w.a, o.steps[0]!.id, { code: w.a.code(), decision: 'approve' });
  assert.is(res.status, 403);
  assert.match(await res.text(), 'you cannot approve your own order');
  assert.is((await orderRow(w, o.id)).status, 'awaiting_approval');
  assert.is((await decide(w, w.b, o.steps[0]!.id, { code: w.b.code(), decision: 'approve' })).status, 303);
});

test('a delegate approves during the delegation window, recorded on whose behalf; outside the window it is 403', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { approverIds: [w.a.id] });
  const deputy = await person(w.db, w.dealer.id, 'buyer', 'Deniz Vekil');
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  assert.is((await get(w, deputy, '/portal/approvals')).status, 403, 'no delegation yet');
  const d = await w.db
    .insertInto('delegations')
    .values({ dealer_id: w.dealer.id, from_user_id: w.a.id, to_user_id: deputy.id, starts_at: new Date(Date.now() - 3600_000), until: new Date(Date.now() + 86400_000), permissions: ['orders.approve'], created_by: w.a.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const queue = await get(w, deputy, '/portal/approvals');
  assert.is(queue.status, 200);
  assert.match(await queue.text(), 'you may approve for Oğuz Onaycı');
  // b is not named by the rule.
  const notNamed = await decide(w, w.b, o.steps[0]!.id, { code: w.b.code(), decision: 'approve' });
  assert.is(notNamed.status, 403);
  assert.is((await decide(w, deputy, o.steps[0]!.id, { code: deputy.code(), decision: 'approve' })).status, 303);
  const s = (await stepsOf(w, o.id))[0]!;
  assert.equal([s.status, s.decided_by, s.on_behalf_of], ['approved', deputy.id, w.a.id]);

  await w.db.updateTable('delegations').set({ until: new Date(Date.now() - 1000), starts_at: new Date(Date.now() - 7200_000) }).where('id', '=', d.id).execute();
  const o2 = await order(w, w.buyer.id, p.id);
  assert.is((await decide(w, deputy, o2.steps[0]!.id, { code: deputy.code(), decision: 'approve' })).status, 403);
});

test('withdrawing an approval before the seller confirms: order back to awaiting_approval, step pending again; after confirmation refused', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const step = o.steps[0]!;
  assert.is((await decide(w, w.a, step.id, { code: w.a.code(), decision: 'approve' })).status, 303);
  const queue = await (await get(w, w.a, '/portal/approvals')).text();
  assert.match(queue, `/portal/approvals/${step.id}/withdrawal`);
  assert.is((await t.req(w.host, `/portal/approvals/${step.id}/withdrawal`, formPost(w.host, {}, { headers: { cookie: w.b.cookie } }))).status, 303);
  assert.is((await orderRow(w, o.id)).status, 'placed', 'someone else cannot withdraw it');
  const res = await t.req(w.host, `/portal/approvals/${step.id}/withdrawal`, formPost(w.host, {}, { headers: { cookie: w.a.cookie } }));
  assert.is(res.status, 303);
  const row = await orderRow(w, o.id);
  assert.equal([row.status, row.after_approval], ['awaiting_approval', 'placed']);
  const s = (await stepsOf(w, o.id))[0]!;
  assert.equal([s.status, s.decided_by, s.notified_at], ['pending', null, null]);
  const hist = await w.db.selectFrom('order_status_history').select(['from_status', 'to_status']).where('order_id', '=', o.id).orderBy('id').execute();
  assert.equal(hist.at(-1), { from_status: 'placed', to_status: 'awaiting_approval' });

  // Approve again (b this time), the seller confirms, then withdrawal is refused.
  assert.is((await decide(w, w.b, step.id, { code: w.b.code(), decision: 'approve' })).status, 303);
  await w.db.transaction().execute((trx) => changeStatus(trx, o.id, 'confirmed', { kind: 'staff' }));
  await t.req(w.host, `/portal/approvals/${step.id}/withdrawal`, formPost(w.host, {}, { headers: { cookie: w.b.cookie } }));
  assert.is((await orderRow(w, o.id)).status, 'confirmed');
  assert.is((await stepsOf(w, o.id))[0]!.status, 'approved');
});

test('the status machine lets credit_review and awaiting_payment go back to awaiting_approval (withdrawn approval), not confirmed', async () => {
  assert.ok(canTransition('placed', 'awaiting_approval'));
  assert.ok(canTransition('credit_review', 'awaiting_approval'));
  assert.ok(canTransition('awaiting_payment', 'awaiting_approval'));
  assert.not.ok(canTransition('confirmed', 'awaiting_approval'));
});

test('two approvers deciding the same step at once: exactly one wins, the other is told', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const [ra, rb] = await Promise.all([
    decide(w, w.a, o.steps[0]!.id, { code: w.a.code(), decision: 'approve' }),
    decide(w, w.b, o.steps[0]!.id, { code: w.b.code(), decision: 'reject' }),
  ]);
  assert.equal([ra.status, rb.status].sort(), [303, 409]);
  const hist = await w.db.selectFrom('order_status_history').select('to_status').where('order_id', '=', o.id).execute();
  assert.is(hist.length, 2, 'one decision moved the order');

  // Domain level: eight approvers race on one step.
  const many = await Promise.all(Array.from({ length: 8 }, (_, i) => person(w.db, w.dealer.id, 'approver', `Onaycı ${i}`)));
  const o2 = await order(w, w.buyer.id, p.id);
  const brand = brandFor(testConfig(), w.tenant);
  const results = await Promise.all(many.map((m, i) => decideStep(w.db, { dealerId: w.dealer.id, stepId: o2.steps[0]!.id, userId: m.id, decision: 'approve', totpStep: 1000 + i, note: '', brand })));
  assert.is(results.filter((r) => r.ok).length, 1);
  assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'already_decided'));
  assert.is((await orderRow(w, o2.id)).status, 'placed');
});

test('permissions: a buyer without orders.approve gets 403 on the queue and decisions; rules need users.manage', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  assert.is((await get(w, w.buyer, '/portal/approvals')).status, 403);
  assert.is((await get(w, w.buyer, `/portal/approvals/${o.steps[0]!.id}`)).status, 403);
  assert.is((await decide(w, w.buyer, o.steps[0]!.id, { code: '123456', decision: 'approve' })).status, 403);
  assert.is((await get(w, w.a, '/portal/approvals/rules')).status, 403);
  assert.is((await get(w, w.admin, '/portal/approvals/rules')).status, 200);
  assert.is((await orderRow(w, o.id)).status, 'awaiting_approval');
});

test('staff acting for the dealer see the queue read-only and cannot decide', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const { user: staff } = await build.staff(w.db, { role: 'admin' });
  const cookie = await sessionCookie(w.db, staff.id, { actingDealerId: w.dealer.id });
  const q = await t.req(w.host, '/portal/approvals', { headers: { cookie } });
  assert.is(q.status, 200);
  assert.match(await q.text(), 'Staff acting for a dealer cannot decide');
  const res = await t.req(w.host, `/portal/approvals/${o.steps[0]!.id}`, formPost(w.host, { code: '123456', decision: 'approve' }, { headers: { cookie } }));
  assert.is(res.status, 403);
  assert.is((await orderRow(w, o.id)).status, 'awaiting_approval');
});

test('isolation: dealer Y cannot see or decide dealer X’s steps (404); tenant B neither', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const stepId = o.steps[0]!.id;
  const otherDealer = await build.dealer(w.db, { companyName: 'Kuzey Yapı A.Ş.' });
  const y = await person(w.db, otherDealer.id, 'dealer_admin', 'Yasin Başka');
  assert.not.match(await (await get(w, y, '/portal/approvals')).text(), o.number);
  assert.is((await get(w, y, `/portal/approvals/${stepId}`)).status, 404);
  assert.is((await decide(w, y, stepId, { code: y.code(), decision: 'approve' })).status, 404);
  assert.is((await t.req(w.host, `/portal/approvals/${stepId}/withdrawal`, formPost(w.host, {}, { headers: { cookie: y.cookie } }))).status, 404);
  const ruleRow = await w.db.selectFrom('approval_rules').select('id').where('dealer_id', '=', w.dealer.id).executeTakeFirstOrThrow();
  assert.is((await get(w, y, `/portal/approvals/rules/${ruleRow.id}/edit`)).status, 404);
  assert.is((await t.req(w.host, `/portal/approvals/rules/${ruleRow.id}/deactivation`, formPost(w.host, {}, { headers: { cookie: y.cookie } }))).status, 404);

  const tb = await makeTenant({ defaultLocale: 'en' });
  const wb = await world(tb);
  const res = await t.req(wb.host, `/portal/approvals/${stepId}`, { headers: { cookie: wb.a.cookie } });
  assert.is(res.status, 404);
  assert.is((await t.req(wb.host, `/portal/approvals/${stepId}`, formPost(wb.host, { code: wb.a.code(), decision: 'approve' }, { headers: { cookie: wb.a.cookie } }))).status, 404);
  assert.is((await orderRow(w, o.id)).status, 'awaiting_approval');
});

test.run();
