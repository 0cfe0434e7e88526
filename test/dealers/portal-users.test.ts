import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateSessionToken } from '../../src/auth/sessions.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-6/IAM-8 dealer users');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});

const tokenOf = (cookie: string) => cookie.replace(/^kv_session=/, '');
/** The session cookie the response leaves in the browser (the last Set-Cookie for it wins). */
const lastSessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((h) => /^kv_session=([^;]*)/.exec(h)?.[1])
    .filter((v) => v !== undefined)
    .at(-1);

/** A tenant with one dealer, its admin (signed in) and a buyer. */
async function setup() {
  const ten = await makeTenant();
  const dealer = await build.dealer(ten.db, { companyName: 'Kuzey Yapı Market A.Ş.' });
  const { user: admin } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'dealer_admin', name: 'Ayşe Yönetici' });
  const { user: buyer } = await build.dealerUser(ten.db, { dealerId: dealer.id, role: 'buyer', name: 'Burak Alıcı' });
  const adminCookie = await sessionCookie(ten.db, admin.id);
  return { ...ten, dealer, admin, buyer, adminCookie };
}

test('the portal home names the company, the dealer code and the user’s role, and links only to pages that exist', async () => {
  const s = await setup();
  const res = await t.req(s.host, '/portal', { headers: { cookie: s.adminCookie } });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'Kuzey Yapı Market A.Ş.');
  assert.match(html, s.dealer.code);
  assert.match(html, 'Firma yöneticisi');
  for (const href of html.matchAll(/href="(\/portal[^"]*)"/g)) {
    let r = await t.req(s.host, href[1]!, { headers: { cookie: s.adminCookie } });
    // A link may redirect once within the portal (the cart badge opens the active cart).
    if (r.status === 303 && r.headers.get('location')?.startsWith('/portal')) r = await t.req(s.host, r.headers.get('location')!, { headers: { cookie: s.adminCookie } });
    assert.is(r.status, 200, `link ${href[1]} works`);
  }
});

test('a dealer admin lists the company’s users with role, status and 2FA', async () => {
  const s = await setup();
  const other = await build.dealer(s.db);
  await build.dealerUser(s.db, { dealerId: other.id, name: 'Başka Firma Kullanıcısı' });
  const res = await t.req(s.host, '/portal/users', { headers: { cookie: s.adminCookie } });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'Ayşe Yönetici');
  assert.match(html, 'Burak Alıcı');
  assert.match(html, 'Satın almacı');
  assert.not.match(html, 'Başka Firma Kullanıcısı', 'another dealer’s users are not listed');
  const filtered = await (await t.req(s.host, '/portal/users?status=blocked', { headers: { cookie: s.adminCookie }, htmx: true })).text();
  assert.not.match(filtered, '<html', 'htmx filter gets the fragment');
  assert.match(filtered, 'Bu filtreye uyan kullanıcı yok');
});

test('inviting a user creates an invited row with normalised permissions and a mail whose link uses the tenant host', async () => {
  const s = await setup();
  const body = new URLSearchParams({ name: 'Cem Onaycı', email: ' Cem@Kuzey.Example ', role: 'approver' });
  body.append('permissions', 'orders.approve');
  body.append('permissions', 'orders.view_all');
  body.append('permissions', 'staff.manage');
  const res = await t.req(s.host, '/portal/users', {
    method: 'POST',
    body: body.toString(),
    headers: { cookie: s.adminCookie, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${s.host}`, host: 'evil.example' },
  });
  assert.is(res.status, 303);
  const u = await s.db.selectFrom('users').selectAll().where('email', '=', 'cem@kuzey.example').executeTakeFirstOrThrow();
  assert.is(u.status, 'invited');
  assert.is(u.dealer_id, s.dealer.id);
  assert.is(u.role, 'approver');
  assert.equal(u.permissions, ['orders.approve', 'orders.view_all']);
  assert.is(u.password_hash, null);
  const mail = await s.db.selectFrom('notifications').selectAll().where('recipient', '=', 'cem@kuzey.example').executeTakeFirstOrThrow();
  assert.is(mail.template, 'user-invite');
  assert.match(mail.body_text, new RegExp(`http://${s.tenant.slug}\\.localhost(:\\d+)?/invite/[A-Za-z0-9_-]{20,}`));
  assert.match(mail.body_text, s.dealer.code);
  const token = await s.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', u.id).where('purpose', '=', 'invite').executeTakeFirst();
  assert.ok(token, 'an invite token exists');
  const log = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'dealer_user.invited').executeTakeFirstOrThrow();
  assert.is(log.actor_user_id, s.admin.id);
  assert.is(log.dealer_id, s.dealer.id);
  assert.is(log.target_id, String(u.id));
});

test('an invalid or duplicate invitation is refused with the form and the input kept (htmx gets a 422 fragment)', async () => {
  const s = await setup();
  const bad = await t.req(s.host, '/portal/users', formPost(s.host, { name: '', email: 'not-an-email', role: 'buyer' }, { headers: { cookie: s.adminCookie }, htmx: true }));
  assert.is(bad.status, 422);
  const frag = await bad.text();
  assert.not.match(frag, '<html');
  assert.match(frag, 'value="not-an-email"');
  assert.match(frag, 'Geçerli bir e-posta adresi girin.');
  const dup = await t.req(s.host, '/portal/users', formPost(s.host, { name: 'Aynı', email: s.buyer.email.toUpperCase(), role: 'buyer' }, { headers: { cookie: s.adminCookie } }));
  assert.is(dup.status, 422);
  assert.match(await dup.text(), 'zaten bir kullanıcı var');
});

test('the role select returns that role’s default permission boxes', async () => {
  const s = await setup();
  const res = await t.req(s.host, '/portal/users/permission-defaults?role=finance', { headers: { cookie: s.adminCookie }, htmx: true });
  const html = await res.text();
  assert.match(html, /value="orders.pay" checked/);
  assert.not.match(html, /value="orders.place" checked/);
});

test('changing a user’s permissions ends that user’s sessions and is audited with before and after', async () => {
  const s = await setup();
  const buyerCookie = await sessionCookie(s.db, s.buyer.id);
  assert.ok(await validateSessionToken(s.db, tokenOf(buyerCookie)));
  const body = new URLSearchParams({ role: 'buyer' });
  body.append('permissions', 'orders.place');
  const res = await t.req(s.host, `/portal/users/${s.buyer.id}/access`, {
    method: 'POST',
    body: body.toString(),
    headers: { cookie: s.adminCookie, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${s.host}` },
  });
  assert.is(res.status, 303);
  const u = await s.db.selectFrom('users').select(['permissions']).where('id', '=', s.buyer.id).executeTakeFirstOrThrow();
  assert.equal(u.permissions, ['orders.place']);
  assert.is(await validateSessionToken(s.db, tokenOf(buyerCookie)), null, 'the buyer’s session ended');
  assert.ok(await validateSessionToken(s.db, tokenOf(s.adminCookie)), 'the admin’s own session is untouched');
  const log = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'dealer_user.access_changed').executeTakeFirstOrThrow();
  assert.equal((log.details as { after: unknown }).after, { role: 'buyer', permissions: ['orders.place'] });
});

test('blocking ends the user’s sessions, keeps the reason, refuses the session afterwards; unblocking restores', async () => {
  const s = await setup();
  const buyerCookie = await sessionCookie(s.db, s.buyer.id);
  const missing = await t.req(s.host, `/portal/users/${s.buyer.id}/block`, formPost(s.host, { reason: ' ' }, { headers: { cookie: s.adminCookie } }));
  assert.is(missing.status, 422, 'a reason is required');
  const res = await t.req(s.host, `/portal/users/${s.buyer.id}/block`, formPost(s.host, { reason: 'Onaysız alım (satın alma politikası)' }, { headers: { cookie: s.adminCookie } }));
  assert.is(res.status, 303);
  const u = await s.db.selectFrom('users').select(['status', 'blocked_reason']).where('id', '=', s.buyer.id).executeTakeFirstOrThrow();
  assert.equal(u, { status: 'blocked', blocked_reason: 'Onaysız alım (satın alma politikası)' });
  assert.is(await validateSessionToken(s.db, tokenOf(buyerCookie)), null);
  const again = await sessionCookie(s.db, s.buyer.id);
  assert.is(await validateSessionToken(s.db, tokenOf(again)), null, 'a blocked user’s session is refused');
  const page = await t.req(s.host, '/portal', { headers: { cookie: buyerCookie } });
  assert.is(page.status, 303, 'the old cookie is sent to the login page');
  const un = await t.req(s.host, `/portal/users/${s.buyer.id}/unblock`, formPost(s.host, {}, { headers: { cookie: s.adminCookie } }));
  assert.is(un.status, 303);
  const after = await s.db.selectFrom('users').select(['status', 'blocked_reason']).where('id', '=', s.buyer.id).executeTakeFirstOrThrow();
  assert.equal(after, { status: 'active', blocked_reason: null });
  const actions = (await s.db.selectFrom('audit_log').select('action').where('target_id', '=', String(s.buyer.id)).orderBy('id').execute()).map((r) => r.action);
  assert.equal(actions, ['dealer_user.blocked', 'dealer_user.unblocked']);
});

test('the last active dealer admin can neither demote nor block themselves; with a second admin they can', async () => {
  const s = await setup();
  const demote = await t.req(s.host, `/portal/users/${s.admin.id}/access`, formPost(s.host, { role: 'buyer', permissions: 'orders.place' }, { headers: { cookie: s.adminCookie } }));
  assert.is(demote.status, 409);
  assert.match(await demote.text(), 'en az bir etkin firma yöneticisi');
  const block = await t.req(s.host, `/portal/users/${s.admin.id}/block`, formPost(s.host, { reason: 'deneme' }, { headers: { cookie: s.adminCookie } }));
  assert.is(block.status, 409);
  const still = await s.db.selectFrom('users').select(['role', 'status']).where('id', '=', s.admin.id).executeTakeFirstOrThrow();
  assert.equal(still, { role: 'dealer_admin', status: 'active' });

  await build.dealerUser(s.db, { dealerId: s.dealer.id, role: 'dealer_admin', name: 'İkinci Yönetici' });
  const ok = await t.req(s.host, `/portal/users/${s.admin.id}/access`, formPost(s.host, { role: 'buyer', permissions: 'orders.place' }, { headers: { cookie: s.adminCookie } }));
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/portal');
  const fresh = lastSessionCookie(ok);
  assert.ok(fresh, 'a new session cookie is issued');
  assert.is.not(fresh, tokenOf(s.adminCookie));
  assert.is(await validateSessionToken(s.db, tokenOf(s.adminCookie)), null, 'the old session ended');
  const v = await validateSessionToken(s.db, fresh!);
  assert.equal(v?.user.permissions, ['orders.place']);
});

test('a buyer gets 403 on user management; another dealer’s user id is 404; resend only for invited users', async () => {
  const s = await setup();
  const buyerCookie = await sessionCookie(s.db, s.buyer.id);
  for (const path of ['/portal/users', `/portal/users/${s.admin.id}`]) {
    const r = await t.req(s.host, path, { headers: { cookie: buyerCookie } });
    assert.is(r.status, 403, path);
  }
  const post = await t.req(s.host, `/portal/users/${s.admin.id}/block`, formPost(s.host, { reason: 'x' }, { headers: { cookie: buyerCookie } }));
  assert.is(post.status, 403);

  const other = await build.dealer(s.db);
  const { user: stranger } = await build.dealerUser(s.db, { dealerId: other.id });
  for (const [method, path] of [
    ['GET', `/portal/users/${stranger.id}`],
    ['POST', `/portal/users/${stranger.id}/access`],
    ['POST', `/portal/users/${stranger.id}/block`],
    ['POST', `/portal/users/${stranger.id}/unblock`],
    ['POST', `/portal/users/${stranger.id}/invitation`],
    ['GET', '/portal/users/99999999999'],
    ['GET', '/portal/users/abc'],
  ] as const) {
    const init = method === 'POST' ? formPost(s.host, { reason: 'x', role: 'viewer' }, { headers: { cookie: s.adminCookie } }) : { headers: { cookie: s.adminCookie } };
    const r = await t.req(s.host, path, init);
    assert.is(r.status, 404, `${method} ${path}`);
  }
  const untouched = await s.db.selectFrom('users').select(['status', 'role']).where('id', '=', stranger.id).executeTakeFirstOrThrow();
  assert.equal(untouched, { status: 'active', role: 'buyer' });

  const before = await s.db.selectFrom('notifications').select(s.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  await t.req(s.host, `/portal/users/${s.buyer.id}/invitation`, formPost(s.host, {}, { headers: { cookie: s.adminCookie } }));
  const mid = await s.db.selectFrom('notifications').select(s.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.is(mid.n, before.n, 'an active user gets no new invitation');
  await t.req(s.host, '/portal/users', formPost(s.host, { name: 'Deniz Davetli', email: 'deniz@kuzey.example', role: 'viewer' }, { headers: { cookie: s.adminCookie } }));
  const invited = await s.db.selectFrom('users').select('id').where('email', '=', 'deniz@kuzey.example').executeTakeFirstOrThrow();
  const r = await t.req(s.host, `/portal/users/${invited.id}/invitation`, formPost(s.host, {}, { headers: { cookie: s.adminCookie } }));
  assert.is(r.status, 303);
  const tokens = await s.db.selectFrom('auth_tokens').select(['used_at']).where('user_id', '=', invited.id).orderBy('id').execute();
  assert.is(tokens.length, 2);
  assert.ok(tokens[0]!.used_at, 'the first link no longer works');
  assert.is(tokens[1]!.used_at, null);
});

test('another tenant’s session cookie gives no access to this tenant’s portal', async () => {
  const a = await setup();
  const b = await makeTenant();
  const res = await t.req(b.host, '/portal/users', { headers: { cookie: a.adminCookie } });
  assert.is(res.status, 303);
  assert.match(res.headers.get('location') ?? '', /^\/login/);
  const probe = await t.req(b.host, `/portal/users/${a.buyer.id}`, { headers: { cookie: a.adminCookie } });
  assert.is(probe.status, 303);
});

test('a dealer admin adds and edits delivery addresses; a buyer only reads them; another dealer’s address is 404', async () => {
  const s = await setup();
  const fields = { label: 'Merkez depo', line1: 'Atatürk Cad. No: 5', line2: '', district: 'Çankaya', city: 'Ankara', postal_code: '06100', country: 'tr', phone: '', is_default: '1' };
  const created = await t.req(s.host, '/portal/company/addresses', formPost(s.host, fields, { headers: { cookie: s.adminCookie } }));
  assert.is(created.status, 303);
  const a = await s.db.selectFrom('addresses').selectAll().where('dealer_id', '=', s.dealer.id).executeTakeFirstOrThrow();
  assert.equal([a.kind, a.label, a.country, a.is_default], ['shipping', 'Merkez depo', 'TR', true]);
  const bad = await t.req(s.host, '/portal/company/addresses', formPost(s.host, { ...fields, city: '' }, { headers: { cookie: s.adminCookie } }));
  assert.is(bad.status, 422);
  const edit = await t.req(s.host, `/portal/company/addresses/${a.id}`, formPost(s.host, { ...fields, label: 'Ankara depo' }, { headers: { cookie: s.adminCookie } }));
  assert.is(edit.status, 303);
  const buyerCookie = await sessionCookie(s.db, s.buyer.id);
  const view = await (await t.req(s.host, '/portal/company', { headers: { cookie: buyerCookie } })).text();
  assert.match(view, 'Ankara depo');
  assert.not.match(view, '/portal/company/addresses/new');
  const denied = await t.req(s.host, `/portal/company/addresses/${a.id}`, formPost(s.host, fields, { headers: { cookie: buyerCookie } }));
  assert.is(denied.status, 403);
  const other = await build.dealer(s.db);
  const { user: otherAdmin } = await build.dealerUser(s.db, { dealerId: other.id, role: 'dealer_admin' });
  const otherCookie = await sessionCookie(s.db, otherAdmin.id);
  for (const r of [
    await t.req(s.host, `/portal/company/addresses/${a.id}/edit`, { headers: { cookie: otherCookie } }),
    await t.req(s.host, `/portal/company/addresses/${a.id}`, formPost(s.host, fields, { headers: { cookie: otherCookie } })),
  ]) {
    assert.is(r.status, 404);
  }
  assert.is((await s.db.selectFrom('addresses').select('label').where('id', '=', a.id).executeTakeFirstOrThrow()).label, 'Ankara depo');
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
