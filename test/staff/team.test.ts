import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-10 staff team and roles');
let t: TestApp;
let A: Awaited<ReturnType<typeof makeTenant>>;
let B: Awaited<ReturnType<typeof makeTenant>>;

test.before(async () => {
  t = await makeTestApp();
  A = await makeTenant({ name: 'Ekip Satıcı A.Ş.' });
  B = await makeTenant({ name: 'Başka Satıcı A.Ş.' });
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const post = (cookie: string, path: string, fields: Record<string, string>) => t.req(A.host, path, { ...formPost(A.host, fields), headers: { ...Object.fromEntries(new Headers(formPost(A.host, fields).headers).entries()), cookie } });

async function flashOf(res: Response): Promise<string> {
  return res.headers.get('set-cookie') ?? '';
}

test('the team page lists staff with role, status, 2FA and last login', async () => {
  const { user } = await build.staff(A.db, { role: 'owner', name: 'Oya Sahip' });
  const cookie = await sessionCookie(A.db, user.id);
  await build.staff(A.db, { role: 'finance', name: 'Fikret Finans', totp: false });
  const res = await t.req(A.host, '/staff/team', { headers: { cookie } });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, /Oya Sahip/);
  assert.match(html, /Fikret Finans/);
  assert.match(html, /id="invite-form"/);
});

test('inviting creates an invited user, an invitation mail in the outbox and an audit row', async () => {
  const cookie = await staffCookie(A.db, 'admin');
  const res = await post(cookie, '/staff/team', { name: 'Derya Depo', email: 'Derya@Seller.example', role: 'warehouse' });
  assert.is(res.status, 303);
  const user = await A.db.selectFrom('users').selectAll().where('email', '=', 'derya@seller.example').executeTakeFirstOrThrow();
  assert.is(user.status, 'invited');
  assert.is(user.role, 'warehouse');
  assert.is(user.password_hash, null);
  const token = await A.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
  assert.is(token.purpose, 'invite');
  const mail = await A.db.selectFrom('notifications').selectAll().where('recipient', '=', 'derya@seller.example').executeTakeFirstOrThrow();
  assert.is(mail.template, 'user-invite');
  assert.match(mail.body_text, new RegExp(`http://${A.tenant.slug}\\.localhost:3000/invite/`));
  const audit = await A.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.invited').where('target_id', '=', String(user.id)).executeTakeFirst();
  assert.ok(audit);

  const dup = await post(cookie, '/staff/team', { name: 'Derya Tekrar', email: 'derya@seller.example', role: 'finance' });
  assert.is(dup.status, 422);
  const html = await dup.text();
  assert.match(html, /id="f-email-error"/);
  assert.match(html, /value="Derya Tekrar"/);

  const resend = await post(cookie, `/staff/team/${user.id}/invitation`, {});
  assert.is(resend.status, 303);
  const tokens = await A.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
  assert.is(tokens.length, 2);
  assert.ok(tokens[0]!.used_at, 'the old link stops working');
});

test('only an owner can make someone an owner', async () => {
  const admin = await staffCookie(A.db, 'admin');
  const res = await post(admin, '/staff/team', { name: 'Olmaz Sahip', email: 'olmaz@seller.example', role: 'owner' });
  assert.is(res.status, 422);
  assert.match(await res.text(), /id="f-role-error"/);
  const { user: target } = await build.staff(A.db, { role: 'sales_rep' });
  const promote = await post(admin, `/staff/team/${target.id}/role`, { role: 'owner' });
  assert.is(promote.status, 303);
  const after = await A.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow();
  assert.is(after.role, 'sales_rep');

  const { user: owner } = await build.staff(A.db, { role: 'owner' });
  const ownerCookie = await sessionCookie(A.db, owner.id);
  assert.is((await post(ownerCookie, `/staff/team/${target.id}/role`, { role: 'owner' })).status, 303);
  const now = await A.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow();
  assert.is(now.role, 'owner');
});

test('an admin cannot demote or block an owner; the last owner is protected', async () => {
  const t2 = await makeTenant();
  const { user: owner } = await build.staff(t2.db, { role: 'owner' });
  const { user: admin } = await build.staff(t2.db, { role: 'admin' });
  const ownerCookie = await sessionCookie(t2.db, owner.id);
  const adminCookie = await sessionCookie(t2.db, admin.id);
  const p = (cookie: string, path: string, fields: Record<string, string> = {}) => {
    const init = formPost(t2.host, fields);
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    return t.req(t2.host, path, { ...init, headers });
  };
  const roleOf = async (id: number) => (await t2.db.selectFrom('users').select(['role', 'status']).where('id', '=', id).executeTakeFirstOrThrow());

  await p(adminCookie, `/staff/team/${owner.id}/role`, { role: 'finance' });
  assert.equal(await roleOf(owner.id), { role: 'owner', status: 'active' });
  await p(adminCookie, `/staff/team/${owner.id}/block`);
  assert.equal(await roleOf(owner.id), { role: 'owner', status: 'active' });

  const selfDemote = await p(ownerCookie, `/staff/team/${owner.id}/role`, { role: 'admin' });
  assert.match(await flashOf(selfDemote), /kv_flash/);
  assert.equal(await roleOf(owner.id), { role: 'owner', status: 'active' }, 'the last owner cannot be demoted');

  // A second owner makes the first one demotable — and then the second is the last.
  await p(ownerCookie, `/staff/team/${admin.id}/role`, { role: 'owner' });
  assert.is((await roleOf(admin.id)).role, 'owner');
  const newOwnerCookie = await sessionCookie(t2.db, admin.id);
  await p(newOwnerCookie, `/staff/team/${owner.id}/role`, { role: 'admin' });
  assert.is((await roleOf(owner.id)).role, 'admin');
  const again = await sessionCookie(t2.db, owner.id);
  await p(newOwnerCookie, `/staff/team/${admin.id}/block`);
  assert.is((await roleOf(admin.id)).status, 'active', 'one cannot block oneself');
  await p(again, `/staff/team/${admin.id}/block`);
  assert.is((await roleOf(admin.id)).status, 'active', 'the last owner cannot be blocked');
});

test('a role change and a block end the user\'s sessions', async () => {
  const admin = await staffCookie(A.db, 'admin');
  const { user } = await build.staff(A.db, { role: 'catalog_manager' });
  const theirs = await sessionCookie(A.db, user.id);
  assert.is((await t.req(A.host, '/staff/team', { headers: { cookie: theirs } })).status, 403);
  await post(admin, `/staff/team/${user.id}/role`, { role: 'support_agent' });
  const sessions = await A.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
  assert.is(sessions.length, 0);
  const res = await t.req(A.host, '/staff/team', { headers: { cookie: theirs } });
  assert.is(res.status, 303);
  assert.match(res.headers.get('location')!, /\/staff\/login/);
  const audit = await A.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.role_changed').where('target_id', '=', String(user.id)).executeTakeFirstOrThrow();
  assert.equal(audit.details, { from: 'catalog_manager', to: 'support_agent', sessionsEnded: 1 });

  const again = await sessionCookie(A.db, user.id);
  await post(admin, `/staff/team/${user.id}/block`, {});
  assert.is((await A.db.selectFrom('users').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status, 'blocked');
  assert.is((await t.req(A.host, '/account', { headers: { cookie: again } })).status, 303);
  await post(admin, `/staff/team/${user.id}/unblock`, {});
  assert.is((await A.db.selectFrom('users').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status, 'active');
});

test('roles without staff.manage get 403; dealers get 403; signed-out users go to the login', async () => {
  for (const role of ['finance', 'sales_rep', 'warehouse', 'catalog_manager', 'support_agent'] as const) {
    const cookie = await staffCookie(A.db, role);
    assert.is((await t.req(A.host, '/staff/team', { headers: { cookie } })).status, 403, role);
    assert.is((await post(cookie, '/staff/team', { name: 'X Y', email: `x-${role}@y.example`, role: 'admin' })).status, 403, role);
  }
  const dealer = await build.dealer(A.db);
  const { user } = await build.dealerUser(A.db, { dealerId: dealer.id, role: 'buyer' });
  assert.is((await t.req(A.host, '/staff/team', { headers: { cookie: await sessionCookie(A.db, user.id) } })).status, 403);
  assert.is((await t.req(A.host, '/staff/team')).status, 303);
});

test("tenant B's staff cookie is not a session on tenant A's host", async () => {
  const bCookie = await staffCookie(B.db, 'owner');
  const res = await t.req(A.host, '/staff/team', { headers: { cookie: bCookie } });
  assert.is(res.status, 303);
  assert.match(res.headers.get('location')!, /\/staff\/login/);
  assert.is((await t.req(B.host, '/staff/team', { headers: { cookie: bCookie } })).status, 200);
});

test.run();
