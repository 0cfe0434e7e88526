import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loginSubject } from '../../src/auth/login-routes.tsx';
import { recordFailure, recordSuccess } from '../../src/auth/rate-limit.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_PASSWORD, build, sessionCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { auditActions, loginDealer, loginStaff, sessionCookieOf, sessionIdOf, sessionSetCookie, totpCode } from './support.ts';

const test = suite('IAM-4 sign-in: dealer and staff login, sessions, logout');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

test('a dealer user signs in with dealer code, e-mail and password and lands in the portal', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const { user } = await build.dealerUser(db, { dealerId: dealer.id, role: 'buyer' });
  const page = await t.req(host, '/login');
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'name="code"');
  assert.match(html, 'href="/staff/login"');
  const res = await loginDealer(t, host, { code: dealer.code.toLowerCase(), email: user.email.toUpperCase(), password: DEFAULT_PASSWORD });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/portal');
  const cookie = sessionCookieOf(res)!;
  assert.ok(cookie);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', sessionIdOf(cookie)).executeTakeFirstOrThrow();
  assert.is(Number(row.user_id), user.id);
  const account = await t.req(host, '/account', { headers: { cookie } });
  assert.is(account.status, 200);
  assert.match(await account.text(), user.email);
  assert.ok((await auditActions(db)).includes('login.ok'));
});

test('staff sign in with e-mail and password, pass the second factor and get a new session each time', async () => {
  const { db, host } = await makeTenant();
  const { user, totpSecret } = await build.staff(db, { role: 'admin' });
  const res = await loginStaff(t, host, { email: user.email, password: DEFAULT_PASSWORD });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/login/2fa?next=%2Fstaff');
  const pending = sessionCookieOf(res)!;
  const pendingRow = await db.selectFrom('sessions').selectAll().where('id', '=', sessionIdOf(pending)).executeTakeFirstOrThrow();
  assert.is(pendingRow.two_factor_verified, false);
  // Before the second factor, staff pages send the user back to it.
  const early = await t.req(host, '/staff/applications', { headers: { cookie: pending } });
  assert.is(early.status, 303);
  assert.match(early.headers.get('location') ?? '', /^\/login\/2fa/);

  const form = await t.req(host, '/login/2fa?next=%2Fstaff', { headers: { cookie: pending } });
  assert.is(form.status, 200);
  assert.match(await form.text(), 'autocomplete="one-time-code"');
  const done = await t.req(host, '/login/2fa?next=%2Fstaff', formPost(host, { code: totpCode(totpSecret!) }, { headers: { cookie: pending } }));
  assert.is(done.status, 303);
  assert.is(done.headers.get('location'), '/staff');
  const full = sessionCookieOf(done)!;
  assert.is.not(sessionIdOf(full), sessionIdOf(pending), 'passing 2FA rotates the session');
  assert.is(await db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(pending)).executeTakeFirst(), undefined);
  // /staff opens the first area the role may use.
  const staffHome = await t.req(host, '/staff', { headers: { cookie: full } });
  assert.is(staffHome.status, 303);
  assert.is(staffHome.headers.get('location'), '/staff/applications');
  const actions = await auditActions(db);
  assert.ok(actions.includes('login.ok') && actions.includes('login.2fa_ok'), actions.join());
});

test('wrong code, wrong e-mail, wrong password, blocked or invited accounts all get the identical answer', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const blockedDealer = await build.dealer(db, { status: 'blocked' });
  const { user } = await build.dealerUser(db, { dealerId: dealer.id, email: 'ayse@bayi.example' });
  const { user: blockedUser } = await build.dealerUser(db, { dealerId: dealer.id, email: 'blok@bayi.example' });
  await db.updateTable('users').set({ status: 'blocked' }).where('id', '=', blockedUser.id).execute();
  await build.dealerUser(db, { dealerId: blockedDealer.id, email: 'ayse@bayi.example' });
  await db.insertInto('users').values({ kind: 'dealer', dealer_id: dealer.id, email: 'davet@bayi.example', name: 'Davetli', role: 'buyer', status: 'invited' }).execute();

  const attempts = [
    { code: 'X9999', email: user.email, password: DEFAULT_PASSWORD },
    { code: dealer.code, email: 'yok@bayi.example', password: DEFAULT_PASSWORD },
    { code: dealer.code, email: user.email, password: 'yanlis-parola-123456' },
    { code: dealer.code, email: blockedUser.email, password: DEFAULT_PASSWORD },
    { code: blockedDealer.code, email: 'ayse@bayi.example', password: DEFAULT_PASSWORD },
    { code: dealer.code, email: 'davet@bayi.example', password: DEFAULT_PASSWORD },
  ];
  const bodies: string[] = [];
  for (const a of attempts) {
    const res = await loginDealer(t, host, a);
    assert.is(res.status, 422);
    assert.is(sessionCookieOf(res), null);
    // The typed code and e-mail are kept in the form; apart from them the pages are byte-identical.
    bodies.push((await res.text()).replaceAll(a.code, 'CODE').replaceAll(a.email, 'EMAIL'));
  }
  assert.match(bodies[0]!, 'Bayi kodu, e-posta veya parola hatalı.');
  assert.not.match(bodies[0]!, DEFAULT_PASSWORD);
  for (const b of bodies.slice(1)) assert.is(b, bodies[0]);
  const reasons = await db.selectFrom('audit_log').select('details').where('action', '=', 'login.failed').orderBy('id').execute();
  assert.equal(
    reasons.map((r) => r.details.reason),
    ['unknown_account', 'unknown_account', 'wrong_password', 'user_blocked', 'dealer_blocked', 'not_activated'],
  );
});

test('an unknown account costs as much time as a wrong password (a dummy argon2 verify runs)', async () => {
  const { db, host, tenant } = await makeTenant();
  const { user } = await build.staff(db);
  const time = async (email: string) => {
    await recordSuccess(t.deps.redis, loginSubject(tenant.id, 'unknown', 'staff', email));
    const started = performance.now();
    const res = await loginStaff(t, host, { email, password: 'yanlis-parola-123456' });
    assert.is(res.status, 422);
    return performance.now() - started;
  };
  await time('warm-up@seller.example');
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 9; i++) {
    known.push(await time(user.email));
    unknown.push(await time(`nobody-${i}@seller.example`));
  }
  // The fastest of each: load on a shared machine only ever adds time, so the minimum is the
  // request's own cost. Without the dummy verify an unknown account would cost a few ms against
  // the argon2 work (~25 ms) of a known one.
  const fastest = (xs: number[]) => Math.min(...xs);
  assert.ok(fastest(unknown) >= 0.5 * fastest(known), `unknown ${fastest(unknown).toFixed(1)} ms vs known ${fastest(known).toFixed(1)} ms (fastest of 9)`);
});

test('failures make the next attempt wait, then lock the account, with a clear message even for the right password', async () => {
  const { db, host, tenant } = await makeTenant();
  const { user } = await build.staff(db);
  let res: Response | null = null;
  for (let i = 0; i < 4; i++) res = await loginStaff(t, host, { email: user.email, password: `yanlis-parola-${i}-xx` });
  // Three free failures, then a growing delay.
  assert.is(res!.status, 429);
  assert.match(await res!.text(), 'E-posta veya parola hatalı. Çok fazla başarısız deneme. 2 saniye sonra tekrar deneyin.');
  const waiting = await loginStaff(t, host, { email: user.email, password: DEFAULT_PASSWORD });
  assert.is(waiting.status, 429);
  assert.is(sessionCookieOf(waiting), null);

  // Ten failures in the window lock the account for 15 minutes.
  const subject = loginSubject(tenant.id, 'unknown', 'staff', user.email);
  for (let i = 0; i < 6; i++) await recordFailure(t.deps.redis, subject);
  const locked = await loginStaff(t, host, { email: user.email, password: DEFAULT_PASSWORD });
  assert.is(locked.status, 429);
  assert.is(sessionCookieOf(locked), null);
  assert.match(await locked.text(), 'Çok fazla başarısız deneme. 15 dakika sonra tekrar deneyin.');
  const en = await t.req(host, '/staff/login', formPost(host, { email: user.email, password: DEFAULT_PASSWORD }, { headers: { 'accept-language': 'en' } }));
  assert.match(await en.text(), /Try again in 1[45] minutes/);
  assert.ok((await auditActions(db)).includes('login.throttled'));
  // Other accounts are not affected.
  const other = await build.staff(db);
  assert.is((await loginStaff(t, host, { email: other.user.email, password: DEFAULT_PASSWORD })).status, 303);
});

test('the session cookie is HttpOnly, SameSite=Lax, host-only; __Host- and Secure over https', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db, { totp: false, role: 'admin' });
  await db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  const res = await loginStaff(t, host, { email: user.email, password: DEFAULT_PASSWORD });
  const line = sessionSetCookie(res);
  assert.match(line, /^kv_session=/);
  assert.match(line, /HttpOnly/i);
  assert.match(line, /SameSite=Lax/i);
  assert.match(line, /Path=\//);
  assert.not.match(line, /Domain=/i);

  const https = await makeTestApp({ config: testConfig({ PUBLIC_SCHEME: 'https' }) });
  try {
    const r = await loginStaff(https, host, { email: user.email, password: DEFAULT_PASSWORD });
    const secure = sessionSetCookie(r);
    assert.match(secure, /^__Host-kv_session=/);
    assert.match(secure, /; Secure/i);
    assert.match(secure, /Path=\//);
    assert.not.match(secure, /Domain=/i);
  } finally {
    await https.close();
  }
});

test("another tenant's session cookie is useless on this host", async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id });
  const res = await loginDealer(t, a.host, { code: dealer.code, email: user.email, password: DEFAULT_PASSWORD });
  const cookie = sessionCookieOf(res)!;
  assert.is((await t.req(a.host, '/account', { headers: { cookie } })).status, 200);
  const onB = await t.req(b.host, '/account', { headers: { cookie } });
  assert.is(onB.status, 303);
  assert.match(onB.headers.get('location') ?? '', /^\/login\?next=/);
});

test('idle (30 min) and absolute (12 h) timeouts end the session', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const { user } = await build.dealerUser(db, { dealerId: dealer.id });
  const idle = await sessionCookie(db, user.id);
  const absolute = await sessionCookie(db, user.id);
  assert.is((await t.req(host, '/account', { headers: { cookie: idle } })).status, 200);
  await db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where('id', '=', sessionIdOf(idle)).execute();
  await db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', sessionIdOf(absolute)).execute();
  for (const cookie of [idle, absolute]) {
    const res = await t.req(host, '/account', { headers: { cookie } });
    assert.is(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/login/);
    assert.is(await db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(cookie)).executeTakeFirst(), undefined);
  }
  // 29 minutes idle is still fine.
  const fresh = await sessionCookie(db, user.id);
  await db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 29 * 60_000) }).where('id', '=', sessionIdOf(fresh)).execute();
  assert.is((await t.req(host, '/account', { headers: { cookie: fresh } })).status, 200);
});

test('signing in replaces the session the browser had before (no fixation)', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const { user } = await build.dealerUser(db, { dealerId: dealer.id });
  const before = await sessionCookie(db, user.id);
  const res = await loginDealer(t, host, { code: dealer.code, email: user.email, password: DEFAULT_PASSWORD }).then(() =>
    t.req(host, '/login', formPost(host, { code: dealer.code, email: user.email, password: DEFAULT_PASSWORD }, { headers: { cookie: before } })),
  );
  const after = sessionCookieOf(res)!;
  assert.is.not(sessionIdOf(after), sessionIdOf(before));
  assert.is(await db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(before)).executeTakeFirst(), undefined);
});

test('next is honoured only for local paths', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const { user } = await build.dealerUser(db, { dealerId: dealer.id });
  const f = { code: dealer.code, email: user.email, password: DEFAULT_PASSWORD };
  assert.is((await loginDealer(t, host, f, '?next=%2Faccount%3Ftab%3D1')).headers.get('location'), '/account?tab=1');
  assert.is((await loginDealer(t, host, f, '?next=https%3A%2F%2Fevil.example%2F')).headers.get('location'), '/portal');
  assert.is((await loginDealer(t, host, f, '?next=%2F%2Fevil.example')).headers.get('location'), '/portal');
});

test('logout ends the session and clears the cookie', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db);
  const cookie = await sessionCookie(db, user.id);
  const res = await t.req(host, '/logout', formPost(host, {}, { headers: { cookie } }));
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/staff/login');
  assert.match(sessionSetCookie(res), /kv_session=;/);
  assert.is(await db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(cookie)).executeTakeFirst(), undefined);
  assert.is((await t.req(host, '/account', { headers: { cookie } })).status, 303);
  assert.ok((await auditActions(db)).includes('logout'));
  // Logout is a POST from the same origin only.
  const cross = await t.req(host, '/logout', formPost('evil.example', {}, { headers: { cookie } }));
  assert.is(cross.status, 403);
});

test('a user for whom 2FA is mandatory but not enrolled is sent to enrolment first', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db, { totp: false });
  const res = await loginStaff(t, host, { email: user.email, password: DEFAULT_PASSWORD });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/account/2fa/setup?next=%2Fstaff');
  const cookie = sessionCookieOf(res)!;
  for (const path of ['/staff', '/staff/applications', '/account']) {
    const r = await t.req(host, path, { headers: { cookie } });
    assert.is(r.status, 303, path);
    assert.match(r.headers.get('location') ?? '', /^\/account\/2fa\/setup/, path);
  }
  assert.is((await t.req(host, '/account/2fa/setup', { headers: { cookie } })).status, 200);
});

test('validation: empty fields are named next to the field with 422, the values kept', async () => {
  const { host } = await makeTenant();
  const res = await loginDealer(t, host, { code: '', email: 'ali@bayi.example', password: '' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-code-error"[^>]*>Bu alan zorunlu\./);
  assert.match(html, /id="f-password-error"/);
  assert.match(html, 'value="ali@bayi.example"');
});

test.run();
