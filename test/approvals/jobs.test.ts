import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { APPROVAL_SWEEP_EVERY_MS, APPROVAL_SWEEP_JOB, runApprovalSweep, sweepApprovals } from '../../src/approvals/jobs.ts';
import { notifyApprovers } from '../../src/approvals/notify.ts';
import { decideStep } from '../../src/approvals/workflow.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { setSetting } from '../../src/settings/settings.ts';
import { makeJobHarness } from '../jobs/fixtures/harness.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb } from '../support/db.ts';
import { order, person, product, rule, world, type World } from './support.ts';

/**
 * APR-3: the approval sweep — the database is the truth; every action is a conditional UPDATE
 * committed with its mails, so running the handler twice (or two at once) fires once.
 */
const test = suite('APR-3 approval jobs');
const H = 3600_000;

test.after(async () => {
  await closeTestDb();
});

const mails = (w: World, template: string) => w.db.selectFrom('notifications').select(['recipient', 'subject', 'body_text']).where('template', '=', template).orderBy('id').execute();
const settings = { reminderHours: 24, escalateHours: 48, cancelAfterHours: 0 };
const ago = (w: World, orderId: number, hours: number) =>
  w.db.updateTable('order_approvals').set({ pending_since: new Date(Date.now() - hours * H) }).where('order_id', '=', orderId).execute();

test('arrival: notifyApprovers (what submission calls) mails the step’s approvers and their delegates once, never the orderer', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { approverIds: [w.a.id, w.b.id] });
  const deputy = await person(w.db, w.dealer.id, 'buyer', 'Deniz Vekil');
  await w.db
    .insertInto('delegations')
    .values({ dealer_id: w.dealer.id, from_user_id: w.a.id, to_user_id: deputy.id, starts_at: new Date(Date.now() - H), until: new Date(Date.now() + 24 * H), permissions: ['orders.approve'], created_by: w.a.id })
    .execute();
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const brand = brandFor(testConfig(), w.tenant);
  const first = await w.db.transaction().execute((trx) => notifyApprovers(trx, o.id, brand));
  const again = await w.db.transaction().execute((trx) => notifyApprovers(trx, o.id, brand));
  assert.is(first.length, 3);
  assert.is(again.length, 0, 'announced once');
  const sent = await mails(w, 'approval.waiting');
  const emails = await w.db.selectFrom('users').select(['id', 'email']).where('id', 'in', [w.a.id, w.b.id, deputy.id, w.buyer.id]).execute();
  const mail = (id: number) => emails.find((e) => e.id === id)!.email;
  assert.equal(sent.map((s) => s.recipient).sort(), [mail(w.a.id), mail(w.b.id), mail(deputy.id)].sort());
  assert.match(sent[0]!.body_text, o.number);
  assert.match(sent[0]!.body_text, `/portal/approvals/${o.steps[0]!.id}`);
  // The sweep finds nothing more to announce.
  const swept = await sweepApprovals(w.db, brand, settings);
  assert.is(swept.notified, 0);
});

test('the sweep announces un-announced steps, reminds after N hours and escalates to the dealer admins after M hours — once, even when run twice or concurrently', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id, { levels: 2 });
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  const brand = brandFor(testConfig(), w.tenant);

  const r1 = await sweepApprovals(w.db, brand, settings);
  assert.is(r1.notified, 1);
  assert.is((await mails(w, 'approval.waiting')).length, 3, 'admin, a and b hold orders.approve');
  const r2 = await sweepApprovals(w.db, brand, settings);
  assert.equal([r2.notified, r2.reminded, r2.escalated], [0, 0, 0]);

  await ago(w, o.id, 30);
  const [c1, c2] = await Promise.all([sweepApprovals(w.db, brand, settings), sweepApprovals(w.db, brand, settings)]);
  assert.is(c1.reminded + c2.reminded, 1, 'two racing sweeps remind once');
  assert.is(c1.escalated + c2.escalated, 0);
  assert.is((await mails(w, 'approval.reminder')).length, 3);

  await ago(w, o.id, 50);
  await sweepApprovals(w.db, brand, settings);
  await sweepApprovals(w.db, brand, settings);
  const esc = await mails(w, 'approval.escalated');
  assert.is(esc.length, 1, 'one dealer admin, one mail, however often the sweep runs');
  assert.match(esc[0]!.body_text, o.number);
  assert.is((await mails(w, 'approval.reminder')).length, 3, 'no second reminder');

  // Level 1 approved → level 2 pending again from now: announced by the decision, timers restart.
  const res = await decideStep(w.db, { dealerId: w.dealer.id, stepId: o.steps[0]!.id, userId: w.a.id, decision: 'approve', totpStep: 1, note: '', brand });
  assert.ok(res.ok);
  const l2 = (await w.db.selectFrom('order_approvals').selectAll().where('id', '=', o.steps[1]!.id).executeTakeFirstOrThrow());
  assert.ok(l2.notified_at);
  assert.is(l2.reminded_at, null);
  assert.is(l2.escalated_at, null);
  assert.ok(Date.now() - l2.pending_since.getTime() < 60_000);
  const waiting = await mails(w, 'approval.waiting');
  assert.is(waiting.length, 3 + 2, 'level 2 announced to the admin and b, not to a who approved level 1');
});

test('past the final limit the order is cancelled once (system actor, reason), its stock released and the orderer told; 0 = never', async () => {
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db, { stock: 10 });
  const o = await order(w, w.buyer.id, p.id, 3);
  await sql`update ${sql.id(w.tenant.schema, 'orders')} set created_at = now() - interval '80 hours' where id = ${o.id}`.execute(w.db);
  const brand = brandFor(testConfig(), w.tenant);

  const never = await sweepApprovals(w.db, brand, settings);
  assert.is(never.cancelled, 0);
  assert.is((await w.db.selectFrom('orders').select('status').where('id', '=', o.id).executeTakeFirstOrThrow()).status, 'awaiting_approval');

  const limit = { ...settings, cancelAfterHours: 72 };
  const [a, b] = await Promise.all([sweepApprovals(w.db, brand, limit), sweepApprovals(w.db, brand, limit)]);
  assert.is(a.cancelled + b.cancelled, 1);
  const again = await sweepApprovals(w.db, brand, limit);
  assert.is(again.cancelled, 0);
  const row = await w.db.selectFrom('orders').select(['status', 'cancel_reason']).where('id', '=', o.id).executeTakeFirstOrThrow();
  assert.is(row.status, 'cancelled');
  assert.match(row.cancel_reason, '72 hours');
  const hist = await w.db.selectFrom('order_status_history').select(['to_status', 'actor']).where('order_id', '=', o.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(hist, { to_status: 'cancelled', actor: 'system' });
  assert.is((await w.db.selectFrom('products').select('reserved_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).reserved_qty, 0);
  assert.is((await mails(w, 'approval.decided')).length, 1);
  assert.is((await w.db.selectFrom('order_approvals').select('status').where('order_id', '=', o.id).executeTakeFirstOrThrow()).status, 'withdrawn');
});

test('the job handler reads the seller setting; the periodic kind is registered on the approvals queue', async () => {
  const registry = buildRegistry();
  const kind = registry.periodic.find((k) => k.kind === APPROVAL_SWEEP_JOB);
  assert.equal(kind, { kind: APPROVAL_SWEEP_JOB, everyMs: APPROVAL_SWEEP_EVERY_MS, queue: 'approvals', jobName: APPROVAL_SWEEP_JOB });
  assert.ok(registry.find('approvals', APPROVAL_SWEEP_JOB));
  const w = await world();
  await rule(w.db, w.dealer.id);
  const p = await product(w.db);
  const o = await order(w, w.buyer.id, p.id);
  await setSetting(w.db, 'approvals', { reminderHours: 2, escalateHours: 4, cancelAfterHours: 0 });
  await ago(w, o.id, 3);
  const h = await makeJobHarness();
  try {
    const first = await runApprovalSweep({ db: w.db, tenant: w.tenant, deps: h.deps });
    assert.equal(first, { notified: 1, reminded: 1, escalated: 0, cancelled: 0, mails: 6 });
    const second = await runApprovalSweep({ db: w.db, tenant: w.tenant, deps: h.deps });
    assert.equal(second, { notified: 0, reminded: 0, escalated: 0, cancelled: 0, mails: 0 });
    const waiting = (await h.deps.queues.get('mail').getJobCounts('waiting')).waiting ?? 0;
    assert.ok(waiting >= 6, 'the mails were nudged');
  } finally {
    await h.close();
  }
});

test.run();
