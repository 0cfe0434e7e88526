import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { sendJobId } from '../../src/notifications/jobs.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_PASSWORD, build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { auditActions, sessionCookieOf, sessionIdOf, sessionSetCookie } from './support.ts';

const test = suite('IAM-9 account page: profile, password change, sessions');
let t: TestApp;
const NEW_PASSWORD = 'güneşli-bir-salı-sabahı';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function dealerUser() {
  const x = await makeTenant();
  const dealer = await build.dealer(x.db);
  const { user } = await build.dealerUser(x.db, { dealerId: dealer.id, role: 'buyer', name: 'Ali Alıcı' });
  return { ...x, dealer, user, cookie: await sessionCookie(x.db, user.id) };
}

test('the account page needs a signed-in user', async () => {
  const { host } = await makeTenant();
  const res = await t.req(host, '/account');
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/login?next=%2Faccount');
});

test('the account page shows profile, dealer code, 2FA status and the sessions with the current one marked', async () => {
  const x = await dealerUser();
  await x.db.updateTable('sessions').set({ user_agent: UA, ip: '203.0.113.9' }).where('user_id', '=', x.user.id).execute();
  const other = await sessionCookie(x.db, x.user.id);
  const res = await t.req(x.host, '/account', { headers: { cookie: x.cookie } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('cache-control'), 'no-store');
  const html = await res.text();
  assert.match(html, 'value="Ali Alıcı"');
  assert.match(html, x.dealer.code);
  assert.match(html, 'Kapalı. Hesabınızı korumak için');
  assert.match(html, 'Chrome, Windows');
  assert.match(html, '203.0.113.9');
  assert.is((html.match(/data-testid="current-session"/g) ?? []).length, 1);
  assert.match(html, `action="/account/sessions/${sessionIdOf(other)}/end"`);
  assert.not.match(html, `action="/account/sessions/${sessionIdOf(x.cookie)}/end"`);
  assert.not.match(html, /<script>|style="/);
});

test('the profile form validates the name next to the field and saves name and language', async () => {
  const x = await dealerUser();
  const bad = await t.req(x.host, '/account/profile', formPost(x.host, { name: ' ', locale: 'en' }, { headers: { cookie: x.cookie } }));
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /id="f-name-error"[^>]*>Adınızı girin\./);
  assert.match(badHtml, /<option value="en" selected/);
  const ok = await t.req(x.host, '/account/profile', formPost(x.host, { name: 'Ali Veli Alıcı', locale: 'en' }, { headers: { cookie: x.cookie } }));
  assert.is(ok.status, 303);
  assert.ok(ok.headers.getSetCookie().some((c) => c.startsWith('lang=en')));
  const row = await x.db.selectFrom('users').select(['name', 'locale']).where('id', '=', x.user.id).executeTakeFirstOrThrow();
  assert.equal(row, { name: 'Ali Veli Alıcı', locale: 'en' });
});

test('changing the password needs the current one, rotates this session, ends the others and mails a notice', async () => {
  const x = await dealerUser();
  const other = await sessionCookie(x.db, x.user.id);
  const wrong = await t.req(x.host, '/account/password', formPost(x.host, { current: 'yanlis-parola-123', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { headers: { cookie: x.cookie } }));
  assert.is(wrong.status, 422);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /id="f-current-error"[^>]*>Mevcut parola hatalı\./);
  assert.not.match(wrongHtml, NEW_PASSWORD, 'passwords are never echoed');
  const weak = await t.req(x.host, '/account/password', formPost(x.host, { current: DEFAULT_PASSWORD, password: 'qwerty123456', confirm: 'qwerty123456' }, { headers: { cookie: x.cookie } }));
  assert.is(weak.status, 422);
  assert.match(await weak.text(), /id="f-password-error"[^>]*>Bu parola çok yaygın/);

  const ok = await t.req(x.host, '/account/password', formPost(x.host, { current: DEFAULT_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { headers: { cookie: x.cookie } }));
  assert.is(ok.status, 303);
  const row = await x.db.selectFrom('users').select('password_hash').where('id', '=', x.user.id).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(row.password_hash!, NEW_PASSWORD));
  const fresh = sessionCookieOf(ok)!;
  assert.is.not(sessionIdOf(fresh), sessionIdOf(x.cookie));
  const left = await x.db.selectFrom('sessions').select('id').where('user_id', '=', x.user.id).execute();
  assert.equal(left.map((s) => s.id), [sessionIdOf(fresh)]);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: fresh } })).status, 200);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: other } })).status, 303);
  const mail = await x.db.selectFrom('notifications').selectAll().where('template', '=', 'password-changed').executeTakeFirstOrThrow();
  assert.is(mail.recipient, x.user.email);
  assert.ok(await t.deps.queues.get('mail').getJob(sendJobId(x.tenant.id, mail.id, 0)));
  const actions = await auditActions(x.db);
  assert.ok(actions.includes('password.change_failed') && actions.includes('password.changed'), actions.join());
});

test("one session can be ended; another user's session id is not found", async () => {
  const x = await dealerUser();
  const other = await sessionCookie(x.db, x.user.id);
  const stranger = await build.dealerUser(x.db, { dealerId: x.dealer.id });
  const strangers = await sessionCookie(x.db, stranger.user.id);
  const res = await t.req(x.host, `/account/sessions/${sessionIdOf(other)}/end`, formPost(x.host, {}, { headers: { cookie: x.cookie } }));
  assert.is(res.status, 303);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: other } })).status, 303);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: x.cookie } })).status, 200);
  const foreign = await t.req(x.host, `/account/sessions/${sessionIdOf(strangers)}/end`, formPost(x.host, {}, { headers: { cookie: x.cookie } }));
  assert.is(foreign.status, 404);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: strangers } })).status, 200);
  assert.ok((await auditActions(x.db)).includes('session.revoked'));
});

test('sign out everywhere ends every session, this one included', async () => {
  const x = await dealerUser();
  const other = await sessionCookie(x.db, x.user.id);
  const res = await t.req(x.host, '/account/sessions/end-all', formPost(x.host, {}, { headers: { cookie: x.cookie } }));
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/login');
  assert.match(sessionSetCookie(res), /kv_session=;/);
  assert.is((await x.db.selectFrom('sessions').select('id').where('user_id', '=', x.user.id).execute()).length, 0);
  for (const cookie of [x.cookie, other]) assert.is((await t.req(x.host, '/account', { headers: { cookie } })).status, 303);
  assert.ok((await auditActions(x.db)).includes('logout.everywhere'));
});

test('/staff sends a staff member to the first back-office area of their role (warehouse → stock)', async () => {
  const x = await makeTenant();
  const { user } = await build.staff(x.db, { role: 'warehouse' });
  const res = await t.req(x.host, '/staff', { headers: { cookie: await sessionCookie(x.db, user.id) } });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/staff/stock');
  // A dealer user is not staff.
  const d = await dealerUser();
  assert.is((await t.req(d.host, '/staff', { headers: { cookie: d.cookie } })).status, 403);
});

test('the account page is in English when the user chose it', async () => {
  const x = await dealerUser();
  const res = await t.req(x.host, '/account', { headers: { cookie: `${x.cookie}; lang=en` } });
  const html = await res.text();
  assert.match(html, '<h1>My account</h1>');
  assert.match(html, 'Sign out everywhere');
});

test.run();
