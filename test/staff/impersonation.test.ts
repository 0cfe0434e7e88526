import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StaffRole } from '../../src/auth/permissions.ts';
import { validateSessionToken } from '../../src/auth/sessions.ts';
import { generateCode } from '../../src/auth/totp.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-11 staff acting for a dealer');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});

const tokenOf = (cookie: string) => cookie.replace(/^kv_session=/, '');
const lastSessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((h) => /^kv_session=([^;]*)/.exec(h)?.[1])
    .filter((v) => v !== undefined)
    .at(-1);

async function setup(role: StaffRole = 'support_agent') {
  const ten = await makeTenant();
  const dealer = await build.dealer(ten.db, { companyName: 'Batı Tesisat A.Ş.' });
  const { user: dealerAdmin } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'dealer_admin' });
  const { user: staff, totpSecret } = await build.staff(ten.db, { role, name: 'Sena Destek' });
  const cookie = await sessionCookie(ten.db, staff.id);
  return { ...ten, dealer, dealerAdmin, staff, secret: totpSecret!, cookie };
}

/** Starts acting with a valid fresh code; returns the new session cookie. */
async function startActing(s: Awaited<ReturnType<typeof setup>>, code = generateCode(s.secret)) {
  const res = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, formPost(s.host, { reason: 'Destek talebi #4711', code }, { headers: { cookie: s.cookie } }));
  return { res, token: lastSessionCookie(res) };
}

test('the confirmation page asks for a reason and a fresh code; wrong or missing codes are refused', async () => {
  const s = await setup();
  const page = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, { headers: { cookie: s.cookie } });
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'Batı Tesisat A.Ş.');
  assert.match(html, 'autocomplete="one-time-code"');
  const noReason = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, formPost(s.host, { reason: '', code: generateCode(s.secret) }, { headers: { cookie: s.cookie } }));
  assert.is(noReason.status, 422);
  for (const code of ['', '000000', 'abcdef']) {
    const res = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, formPost(s.host, { reason: 'x', code }, { headers: { cookie: s.cookie } }));
    assert.is(res.status, 422, `code "${code}"`);
  }
  const sessions = await s.db.selectFrom('sessions').select('acting_dealer_id').where('user_id', '=', s.staff.id).execute();
  assert.equal(sessions, [{ acting_dealer_id: null }], 'no acting session was created');
  assert.ok(await validateSessionToken(s.db, tokenOf(s.cookie)), 'the staff session is intact');
});

test('a valid code starts a NEW session acting for the dealer; the old one ends; a replayed code is refused', async () => {
  const s = await setup();
  const code = generateCode(s.secret);
  const { res, token } = await startActing(s, code);
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/portal');
  assert.ok(token);
  assert.is.not(token, tokenOf(s.cookie));
  assert.is(await validateSessionToken(s.db, tokenOf(s.cookie)), null, 'the previous session ended');
  const v = await validateSessionToken(s.db, token!);
  assert.is(v?.session.acting_dealer_id, s.dealer.id);
  assert.is(v?.user.id, s.staff.id);
  const started = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'impersonation.started').executeTakeFirstOrThrow();
  assert.equal([started.actor_user_id, started.impersonator_user_id, started.dealer_id], [s.staff.id, s.staff.id, s.dealer.id]);
  assert.is((started.details as { reason: string }).reason, 'Destek talebi #4711');

  const fresh = await sessionCookie(s.db, s.staff.id);
  const replay = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, formPost(s.host, { reason: 'x', code }, { headers: { cookie: fresh } }));
  assert.is(replay.status, 422, 'the same code cannot be used twice');
});

test('while acting: the banner names the dealer, actions are audited with both identities, users and delegations are read-only', async () => {
  const s = await setup();
  const { token } = await startActing(s);
  const cookie = `kv_session=${token}`;
  const home = await t.req(s.host, '/portal', { headers: { cookie } });
  assert.is(home.status, 200);
  const html = await home.text();
  assert.match(html, 'data-testid="acting-banner"');
  assert.match(html, /acting-banner[\s\S]*Batı Tesisat A\.Ş\./);
  assert.match(html, 'action="/staff/act-as/stop"');

  // Users are visible but not changeable while acting: a sales rep must not be able to invite
  // an address they control as the dealer's admin.
  const users = await (await t.req(s.host, '/portal/users', { headers: { cookie } })).text();
  assert.match(users, 'data-testid="acting-read-only"');
  const invite = await t.req(s.host, '/portal/users', formPost(s.host, { name: 'Yeni Kişi', email: 'yeni@bati.example', role: 'dealer_admin' }, { headers: { cookie } }));
  assert.is(invite.status, 403);
  assert.is((await s.db.selectFrom('users').select('id').where('email', '=', 'yeni@bati.example').execute()).length, 0);
  const access = await t.req(s.host, `/portal/users/${s.dealerAdmin.id}/block`, formPost(s.host, { reason: 'x' }, { headers: { cookie } }));
  assert.is(access.status, 403);
  const row = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'dealer_user.refused_while_acting').executeTakeFirstOrThrow();
  assert.equal([row.actor_user_id, row.impersonator_user_id, row.dealer_id], [s.staff.id, s.staff.id, s.dealer.id]);

  const page = await (await t.req(s.host, '/portal/delegations', { headers: { cookie } })).text();
  assert.not.match(page, 'id="delegation-form"');
  const { user: approver } = await build.dealerUser(s.db, { dealerId: s.dealer.id, role: 'approver' });
  const create = await t.req(
    s.host,
    '/portal/delegations',
    formPost(s.host, { from_user_id: String(approver.id), to_user_id: String(s.dealerAdmin.id), from: '2031-01-01', until: '2031-01-05', permissions: 'orders.approve' }, { headers: { cookie } }),
  );
  assert.is(create.status, 403);
  assert.is((await s.db.selectFrom('delegations').select('id').execute()).length, 0);
});

test('stopping returns to a new plain staff session and the dealer’s staff page', async () => {
  const s = await setup();
  const { token } = await startActing(s);
  const res = await t.req(s.host, '/staff/act-as/stop', formPost(s.host, {}, { headers: { cookie: `kv_session=${token}` } }));
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), `/staff/dealers/${s.dealer.id}`);
  const back = lastSessionCookie(res);
  assert.ok(back);
  assert.is.not(back, token);
  assert.is(await validateSessionToken(s.db, token!), null, 'the acting session ended');
  const v = await validateSessionToken(s.db, back!);
  assert.is(v?.session.acting_dealer_id, null);
  assert.is(v?.user.id, s.staff.id);
  assert.is(v?.session.fresh_totp_at, null, 'the step-up does not carry over');
  const stopped = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'impersonation.stopped').executeTakeFirstOrThrow();
  assert.equal([stopped.actor_user_id, stopped.impersonator_user_id, stopped.dealer_id], [s.staff.id, s.staff.id, s.dealer.id]);
  const portal = await t.req(s.host, '/portal', { headers: { cookie: `kv_session=${back}` } });
  assert.is(portal.status, 403, 'a plain staff session has no dealer view');
});

test('a sales rep may act only for dealers assigned to them; roles without the permission and dealer users get 403', async () => {
  const s = await setup('sales_rep');
  const get = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, { headers: { cookie: s.cookie } });
  assert.is(get.status, 404, 'unassigned dealer is not found');
  const { res } = await startActing(s);
  assert.is(res.status, 404);
  assert.is((await s.db.selectFrom('sessions').select('id').where('acting_dealer_id', 'is not', null).execute()).length, 0);
  await s.db.updateTable('dealers').set({ sales_rep_id: s.staff.id }).where('id', '=', s.dealer.id).execute();
  const ok = await startActing(s);
  assert.is(ok.res.status, 303);

  const cm = await build.staff(s.db, { role: 'catalog_manager' });
  const cmRes = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, { headers: { cookie: await sessionCookie(s.db, cm.user.id) } });
  assert.is(cmRes.status, 403);
  const dealerRes = await t.req(s.host, `/staff/dealers/${s.dealer.id}/act-as`, { headers: { cookie: await sessionCookie(s.db, s.dealerAdmin.id) } });
  assert.is(dealerRes.status, 403);
  const missing = await t.req(s.host, '/staff/dealers/99999999/act-as', { headers: { cookie: await sessionCookie(s.db, (await build.staff(s.db, { role: 'admin' })).user.id) } });
  assert.is(missing.status, 404);
});

test('another tenant’s dealer id cannot be acted for', async () => {
  const a = await setup();
  const b = await makeTenant();
  const foreign = await build.dealer(b.db, { companyName: 'Yabancı Bayi' });
  const res = await t.req(a.host, `/staff/dealers/${foreign.id + 1000}/act-as`, { headers: { cookie: a.cookie } });
  assert.is(res.status, 404);
  const other = await t.req(b.host, `/staff/dealers/${foreign.id}/act-as`, { headers: { cookie: a.cookie } });
  assert.is(other.status, 303, 'A’s cookie means nothing on B’s host');
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
