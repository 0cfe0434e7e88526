import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { effectivePermissions, sweepDelegations, zonedDayStart } from '../../src/dealers/delegations.ts';
import { DELEGATION_SWEEP_EVERY_MS, DELEGATION_SWEEP_JOB, runDelegationSweep } from '../../src/dealers/jobs.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { startWorkers } from '../../src/jobs/worker-runtime.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { makeJobHarness, settledJob } from '../jobs/fixtures/harness.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-7 delegation');
let t: TestApp;
const H = 3600_000;
const DAY = 24 * H;

test.before(async () => {
  t = await makeTestApp();
});

async function setup() {
  const ten = await makeTenant();
  const dealer = await build.dealer(ten.db, { companyName: 'Güney Elektrik Ltd.' });
  const { user: admin } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'dealer_admin', name: 'Ayla Yönetici' });
  const { user: approver } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'approver', name: 'Oğuz Onaycı' });
  const { user: buyer } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'buyer', name: 'Selin Alıcı' });
  const mail = { brand: brandFor(testConfig(), ten.tenant), timeZone: ten.tenant.timeZone };
  return { ...ten, dealer, admin, approver, buyer, mail };
}

async function insertDelegation(
  s: Awaited<ReturnType<typeof setup>>,
  opts: { startsAt: Date; until: Date; permissions?: string[]; from?: number; to?: number },
) {
  return s.db
    .insertInto('delegations')
    .values({
      dealer_id: s.dealer.id,
      from_user_id: opts.from ?? s.approver.id,
      to_user_id: opts.to ?? s.buyer.id,
      starts_at: opts.startsAt,
      until: opts.until,
      permissions: opts.permissions ?? ['orders.approve'],
      created_by: s.approver.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

test('effectivePermissions adds a delegated right only inside [from, until)', async () => {
  const s = await setup();
  const from = new Date('2030-01-10T00:00:00Z');
  const until = new Date('2030-01-20T00:00:00Z');
  await insertDelegation(s, { startsAt: from, until, permissions: ['orders.approve', 'orders.view_all'] });
  const buyer = { id: s.buyer.id, kind: 'dealer', permissions: s.buyer.permissions };
  const own = [...s.buyer.permissions].sort();
  assert.equal(await effectivePermissions(s.db, buyer, new Date(from.getTime() - 1)), own, 'just before the start');
  const inside = await effectivePermissions(s.db, buyer, from);
  assert.ok(inside.includes('orders.approve') && inside.includes('orders.view_all'), 'at the start');
  assert.ok((await effectivePermissions(s.db, buyer, new Date(until.getTime() - 1))).includes('orders.approve'), 'just before the end');
  assert.equal(await effectivePermissions(s.db, buyer, until), own, 'at the end it is gone');
  assert.ok(!(await effectivePermissions(s.db, { id: s.admin.id, kind: 'dealer', permissions: [] }, from)).includes('orders.approve'), 'others get nothing');
});

test('a lent right stops when the lender is blocked or loses it, or the delegation is revoked', async () => {
  const s = await setup();
  const d = await insertDelegation(s, { startsAt: new Date(Date.now() - H), until: new Date(Date.now() + DAY), permissions: ['orders.approve'] });
  const buyer = { id: s.buyer.id, kind: 'dealer', permissions: s.buyer.permissions };
  assert.ok((await effectivePermissions(s.db, buyer)).includes('orders.approve'));
  await s.db.updateTable('users').set({ permissions: ['orders.view_all'] }).where('id', '=', s.approver.id).execute();
  assert.not.ok((await effectivePermissions(s.db, buyer)).includes('orders.approve'), 'lender lost the right');
  await s.db.updateTable('users').set({ permissions: ['orders.approve'], status: 'blocked' }).where('id', '=', s.approver.id).execute();
  assert.not.ok((await effectivePermissions(s.db, buyer)).includes('orders.approve'), 'lender blocked');
  await s.db.updateTable('users').set({ status: 'active' }).where('id', '=', s.approver.id).execute();
  assert.ok((await effectivePermissions(s.db, buyer)).includes('orders.approve'));
  await s.db.updateTable('delegations').set({ status: 'revoked' }).where('id', '=', d.id).execute();
  assert.not.ok((await effectivePermissions(s.db, buyer)).includes('orders.approve'), 'revoked');
});

test('an approver delegates approval through the form; the delegate is mailed; it shows on the delegate’s home', async () => {
  const s = await setup();
  const cookie = await sessionCookie(s.db, s.approver.id);
  const page = await t.req(s.host, '/portal/delegations', { headers: { cookie } });
  assert.is(page.status, 200);
  assert.match(await page.text(), 'id="delegation-form"');
  const res = await t.req(
    s.host,
    '/portal/delegations',
    formPost(s.host, { from_user_id: String(s.approver.id), to_user_id: String(s.buyer.id), from: '2031-07-01', until: '2031-07-14', permissions: 'orders.approve', note: 'Yıllık izin' }, { headers: { cookie } }),
  );
  assert.is(res.status, 303);
  const d = await s.db.selectFrom('delegations').selectAll().where('dealer_id', '=', s.dealer.id).executeTakeFirstOrThrow();
  assert.equal(d.permissions, ['orders.approve']);
  assert.equal(d.starts_at, zonedDayStart('2031-07-01', s.tenant.timeZone));
  assert.equal(d.until, zonedDayStart('2031-07-15', s.tenant.timeZone), 'the last day is inclusive');
  assert.is(d.note, 'Yıllık izin');
  const mail = await s.db.selectFrom('notifications').selectAll().where('recipient', '=', s.buyer.email).executeTakeFirstOrThrow();
  assert.is(mail.template, 'delegation-granted');
  assert.match(mail.body_text, 'Oğuz Onaycı');
  const log = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'delegation.created').executeTakeFirstOrThrow();
  assert.is(log.actor_user_id, s.approver.id);
  const home = await (await t.req(s.host, '/portal', { headers: { cookie: await sessionCookie(s.db, s.buyer.id) } })).text();
  assert.match(home, 'data-testid="delegated-to-me"');
  assert.match(home, 'Oğuz Onaycı');
});

test('delegation rules: own rights only, same company, no self, a sane window; a buyer has nothing to lend', async () => {
  const s = await setup();
  const cookie = await sessionCookie(s.db, s.approver.id);
  const other = await build.dealer(s.db);
  const { user: stranger } = await build.dealerUser(s.db, { dealerId: other.id });
  const base = { from_user_id: String(s.approver.id), to_user_id: String(s.buyer.id), from: '2031-07-01', until: '2031-07-14', permissions: 'orders.approve' };
  const cases: Array<[Record<string, string>, string]> = [
    [{ ...base, to_user_id: String(stranger.id) }, 'another company’s user'],
    [{ ...base, to_user_id: String(s.approver.id) }, 'oneself'],
    [{ ...base, from_user_id: String(s.admin.id) }, 'someone else’s rights (not an admin)'],
    [{ ...base, permissions: 'orders.pay' }, 'a right the lender lacks'],
    [{ ...base, permissions: 'users.manage' }, 'a right that cannot be lent'],
    [{ ...base, until: '2031-06-30' }, 'end before start'],
    [{ ...base, from: '2020-01-01', until: '2020-01-05' }, 'in the past'],
    [{ ...base, until: '2032-12-31' }, 'longer than 180 days'],
    [{ ...base, from: '2031-02-30' }, 'an impossible date'],
  ];
  for (const [fields, label] of cases) {
    const res = await t.req(s.host, '/portal/delegations', formPost(s.host, fields, { headers: { cookie } }));
    assert.is(res.status, 422, label);
  }
  assert.is((await s.db.selectFrom('delegations').select('id').execute()).length, 0);
  const buyerCookie = await sessionCookie(s.db, s.buyer.id);
  const page = await (await t.req(s.host, '/portal/delegations', { headers: { cookie: buyerCookie } })).text();
  assert.not.match(page, 'id="delegation-form"');
  assert.match(page, 'Devredilebilecek bir yetkiniz');
  const adminCookie = await sessionCookie(s.db, s.admin.id);
  const byAdmin = await t.req(s.host, '/portal/delegations', formPost(s.host, base, { headers: { cookie: adminCookie } }));
  assert.is(byAdmin.status, 303, 'a dealer admin may arrange it for an approver');
});

test('revoking: the lender or an admin may; another dealer’s delegation id is 404', async () => {
  const s = await setup();
  const d = await insertDelegation(s, { startsAt: new Date(Date.now() - H), until: new Date(Date.now() + 3 * DAY) });
  const other = await build.dealer(s.db);
  const { user: otherAdmin } = await build.dealerUser(s.db, { dealerId: other.id, role: 'dealer_admin' });
  const probe = await t.req(s.host, `/portal/delegations/${d.id}/revocation`, formPost(s.host, {}, { headers: { cookie: await sessionCookie(s.db, otherAdmin.id) } }));
  assert.is(probe.status, 404);
  assert.is((await s.db.selectFrom('delegations').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status, 'active');
  const res = await t.req(s.host, `/portal/delegations/${d.id}/revocation`, formPost(s.host, {}, { headers: { cookie: await sessionCookie(s.db, s.approver.id) } }));
  assert.is(res.status, 303);
  const row = await s.db.selectFrom('delegations').select(['status', 'ended_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.is(row.status, 'revoked');
  assert.ok(row.ended_at);
});

test('blocking a user revokes the delegations they gave or received', async () => {
  const s = await setup();
  const d = await insertDelegation(s, { startsAt: new Date(Date.now() - H), until: new Date(Date.now() + 3 * DAY) });
  const res = await t.req(s.host, `/portal/users/${s.buyer.id}/block`, formPost(s.host, { reason: 'Politika ihlali' }, { headers: { cookie: await sessionCookie(s.db, s.admin.id) } }));
  assert.is(res.status, 303);
  assert.is((await s.db.selectFrom('delegations').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status, 'revoked');
});

test('the sweep expires ended delegations, mails both people once, and reminds one day before the end once', async () => {
  const s = await setup();
  const now = new Date();
  const ended = await insertDelegation(s, { startsAt: new Date(now.getTime() - 5 * DAY), until: new Date(now.getTime() - H) });
  const endingSoon = await insertDelegation(s, { startsAt: new Date(now.getTime() - 3 * DAY), until: new Date(now.getTime() + 20 * H), from: s.admin.id, to: s.approver.id });
  const short = await insertDelegation(s, { startsAt: new Date(now.getTime() - H), until: new Date(now.getTime() + 10 * H), to: s.admin.id });
  const later = await insertDelegation(s, { startsAt: now, until: new Date(now.getTime() + 10 * DAY), to: s.admin.id });

  const first = await sweepDelegations(s.db, s.mail, now);
  assert.is(first.expired, 1);
  assert.is(first.reminded, 1, 'only the multi-day delegation ending within a day');
  assert.is(first.notificationIds.length, 4, 'two mails for the expiry, two for the reminder');
  const status = async (id: number) => (await s.db.selectFrom('delegations').select(['status', 'reminded_at']).where('id', '=', id).executeTakeFirstOrThrow());
  assert.is((await status(ended.id)).status, 'expired');
  assert.ok((await status(endingSoon.id)).reminded_at);
  assert.is((await status(short.id)).reminded_at, null);
  assert.is((await status(later.id)).status, 'active');
  const mails = await s.db.selectFrom('notifications').select(['template', 'recipient']).orderBy('id').execute();
  assert.equal(
    mails.map((m) => `${m.template}:${m.recipient}`).sort(),
    [`delegation-expired:${s.approver.email}`, `delegation-expired:${s.buyer.email}`, `delegation-ending:${s.admin.email}`, `delegation-ending:${s.approver.email}`].sort(),
  );

  const again = await sweepDelegations(s.db, s.mail, new Date(now.getTime() + 60_000));
  assert.equal([again.expired, again.reminded, again.notificationIds.length], [0, 0, 0], 'a second run does nothing');

  const concurrent = await Promise.all([sweepDelegations(s.db, s.mail, new Date(now.getTime() + 11 * H)), sweepDelegations(s.db, s.mail, new Date(now.getTime() + 11 * H))]);
  assert.is(concurrent[0].expired + concurrent[1].expired, 1, 'two racing sweeps expire the short one once');
});

test('the job handler runs against the tenant, and once through a real BullMQ worker', async () => {
  const s = await setup();
  const registry = buildRegistry();
  const kind = registry.periodic.find((k) => k.kind === DELEGATION_SWEEP_JOB);
  assert.equal(kind, { kind: DELEGATION_SWEEP_JOB, everyMs: DELEGATION_SWEEP_EVERY_MS, queue: 'approvals', jobName: DELEGATION_SWEEP_JOB });
  const h = await makeJobHarness();
  try {
    const d1 = await insertDelegation(s, { startsAt: new Date(Date.now() - 2 * DAY), until: new Date(Date.now() - H) });
    const direct = await runDelegationSweep({ db: s.db, tenant: s.tenant, deps: h.deps });
    assert.equal(direct, { expired: 1, reminded: 0, mails: 2 });
    const waiting = (await h.deps.queues.get('mail').getJobCounts('waiting')).waiting ?? 0;
    assert.ok(waiting >= 2, 'the mails were nudged');

    const d2 = await insertDelegation(s, { startsAt: new Date(Date.now() - 2 * DAY), until: new Date(Date.now() - 1000) });
    const running = startWorkers(h.deps, registry, h.connection(), { prefix: h.prefix, queues: ['approvals'] });
    try {
      const id = await enqueue(h.deps.queues, s.tenant.id, 'approvals', DELEGATION_SWEEP_JOB, {}, { jobId: `${DELEGATION_SWEEP_JOB}-${s.tenant.id}-test` });
      const job = await settledJob(h.deps.queues.get('approvals'), id!);
      assert.is(await job.getState(), 'completed', job.failedReason);
      assert.equal(job.returnvalue, { expired: 1, reminded: 0, mails: 2 });
    } finally {
      await running.close();
    }
    for (const id of [d1.id, d2.id]) assert.is((await s.db.selectFrom('delegations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'expired');
  } finally {
    await h.close();
  }
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
