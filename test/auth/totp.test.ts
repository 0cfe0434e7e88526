import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashRecoveryCode, openTotpSecret, replaceRecoveryCodes } from '../../src/auth/totp.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_PASSWORD, build, sessionCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { auditActions, loginStaff, sessionCookieOf, sessionIdOf, totpCode } from './support.ts';

const test = suite('IAM-5 TOTP: enrolment, ±1 step, replay, recovery codes, change and turn-off');
let t: TestApp;
const SECRET = testConfig().SESSION_SECRET;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
const secretOf = (html: string) => (/data-testid="totp-secret">([^<]+)</.exec(html)?.[1] ?? '').replace(/\s+/g, '');
const codesOf = (html: string) => [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);

/** Signs in with the password and returns the session cookie that still needs the second factor. */
async function passwordStep(host: string, email: string): Promise<string> {
  const res = await loginStaff(t, host, { email, password: DEFAULT_PASSWORD });
  assert.is(res.status, 303);
  return sessionCookieOf(res)!;
}

function secondStep(host: string, cookie: string, code: string) {
  return t.req(host, '/login/2fa', formPost(host, { code }, { headers: { cookie } }));
}

test('enrolment shows an SVG QR code and the key, is confirmed by a code, then shows 10 recovery codes once', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db, { totp: false });
  const cookie = await sessionCookie(db, user.id, { twoFactorVerified: false });
  const page = await t.req(host, '/account/2fa/setup?next=%2Fstaff', { headers: { cookie } });
  assert.is(page.status, 200);
  assert.is(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  assert.match(html, /<figure class="qr"[^>]*><svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.not.match(html, /<script>|style="/);
  const secret = secretOf(html);
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const pending = pendingOf(html);
  assert.ok(pending);
  assert.not.match(pending, secret, 'the key travels sealed, not in clear, in the form');

  const wrong = await t.req(host, '/account/2fa/setup?next=%2Fstaff', formPost(host, { pending, code: '000000' }, { headers: { cookie } }));
  assert.is(wrong.status, 422);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /id="f-code-error"[^>]*>Kod geçersiz/);
  assert.is(secretOf(wrongHtml), secret, 'the same key is shown again after a typo');

  const ok = await t.req(host, '/account/2fa/setup?next=%2Fstaff', formPost(host, { pending, code: totpCode(secret) }, { headers: { cookie } }));
  assert.is(ok.status, 200);
  const okHtml = await ok.text();
  const codes = codesOf(okHtml);
  assert.is(codes.length, 10);
  assert.is(new Set(codes).size, 10);
  assert.match(okHtml, 'href="/staff"');
  const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.ok(row.totp_enabled_at);
  assert.is(openTotpSecret(row.totp_secret!, SECRET), secret);
  assert.not.match(row.totp_secret!, secret, 'stored sealed');
  const stored = await db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
  assert.is(stored.length, 10);
  assert.equal(new Set(stored.map((r) => r.code_hash)), new Set(codes.map(hashRecoveryCode)));
  // Enrolment is a privilege change: a new session that has passed the second factor.
  const fresh = sessionCookieOf(ok)!;
  assert.is.not(sessionIdOf(fresh), sessionIdOf(cookie));
  const staffHome = await t.req(host, '/staff', { headers: { cookie: fresh } });
  assert.is(staffHome.status, 303);
  assert.is(staffHome.headers.get('location'), '/staff/applications');
  assert.ok((await auditActions(db)).includes('totp.enabled'));
  // The codes are never shown again.
  const account = await (await t.req(host, '/account', { headers: { cookie: fresh } })).text();
  assert.not.match(account, codes[0]!);
  assert.match(account, '10 kullanılmamış kurtarma kodu');
});

test('a voluntary enrolment from the account page returns there; the user then needs the code at sign-in', async () => {
  const { db, host } = await makeTenant();
  const dealer = await build.dealer(db);
  const { user } = await build.dealerUser(db, { dealerId: dealer.id, role: 'buyer' });
  const cookie = await sessionCookie(db, user.id);
  const account = await (await t.req(host, '/account', { headers: { cookie } })).text();
  assert.match(account, 'href="/account/2fa/setup"');
  const html = await (await t.req(host, '/account/2fa/setup', { headers: { cookie } })).text();
  assert.not.match(html, 'Rolünüz gereği');
  const ok = await t.req(host, '/account/2fa/setup', formPost(host, { pending: pendingOf(html), code: totpCode(secretOf(html)) }, { headers: { cookie } }));
  assert.is(ok.status, 200);
  assert.match(await ok.text(), 'href="/account#two-factor"');
  const login = await t.req(host, '/login', formPost(host, { code: dealer.code, email: user.email, password: DEFAULT_PASSWORD }));
  assert.match(login.headers.get('location') ?? '', /^\/login\/2fa/);
});

test("a sealed enrolment key from another user's page is refused", async () => {
  const { db, host } = await makeTenant();
  const a = await build.staff(db, { totp: false });
  const b = await build.staff(db, { totp: false });
  const cookieA = await sessionCookie(db, a.user.id, { twoFactorVerified: false });
  const cookieB = await sessionCookie(db, b.user.id, { twoFactorVerified: false });
  const html = await (await t.req(host, '/account/2fa/setup', { headers: { cookie: cookieA } })).text();
  const res = await t.req(host, '/account/2fa/setup', formPost(host, { pending: pendingOf(html), code: totpCode(secretOf(html)) }, { headers: { cookie: cookieB } }));
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Kurulum süresi doldu');
  assert.is((await db.selectFrom('users').select('totp_enabled_at').where('id', '=', b.user.id).executeTakeFirstOrThrow()).totp_enabled_at, null);
});

test('a code one step early or late is accepted, two steps off is not', async () => {
  const { db, host } = await makeTenant();
  for (const [offset, ok] of [
    [-30_000, true],
    [30_000, true],
    [-65_000, false],
    [65_000, false],
  ] as const) {
    const { user, totpSecret } = await build.staff(db);
    const cookie = await passwordStep(host, user.email);
    const res = await secondStep(host, cookie, totpCode(totpSecret!, Date.now() + offset));
    assert.is(res.status, ok ? 303 : 422, `offset ${offset}`);
  }
});

test('a code is accepted once: a replay is rejected, audited and counts as a failure', async () => {
  const { db, host } = await makeTenant();
  const { user, totpSecret } = await build.staff(db);
  const code = totpCode(totpSecret!);
  const first = await secondStep(host, await passwordStep(host, user.email), code);
  assert.is(first.status, 303);
  const pending = await passwordStep(host, user.email);
  const again = await secondStep(host, pending, code);
  assert.is(again.status, 422);
  assert.is(sessionCookieOf(again) ?? pending, pending, 'no new session');
  const row = await db.selectFrom('sessions').select('two_factor_verified').where('id', '=', sessionIdOf(pending)).executeTakeFirstOrThrow();
  assert.is(row.two_factor_verified, false);
  assert.match(await again.text(), 'Bu kod zaten kullanıldı');
  const actions = await auditActions(db);
  assert.ok(actions.includes('totp.replay_rejected'), actions.join());
  assert.ok(actions.includes('login.2fa_failed'));
});

test('a recovery code signs in once; the second use fails', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db);
  await replaceRecoveryCodes(db, user.id, ['abcde-fghjk', 'mnpqr-stuvw']);
  const ok = await secondStep(host, await passwordStep(host, user.email), 'ABCDE FGHJK');
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/staff');
  const flash = await t.req(host, '/account', { headers: { cookie: `${sessionCookieOf(ok)!}; ${ok.headers.getSetCookie().find((c) => c.startsWith('kv_flash='))!.split(';')[0]}` } });
  assert.match(await flash.text(), '1 kurtarma kodunuz kaldı');
  const again = await secondStep(host, await passwordStep(host, user.email), 'abcde-fghjk');
  assert.is(again.status, 422);
  assert.ok((await auditActions(db)).includes('login.2fa_failed'));
});

test('wrong second-factor codes are throttled like passwords', async () => {
  const { db, host } = await makeTenant();
  const { user } = await build.staff(db);
  const cookie = await passwordStep(host, user.email);
  let res: Response | null = null;
  for (let i = 0; i < 4; i++) res = await secondStep(host, cookie, '000000');
  assert.is(res!.status, 429);
  assert.match(await res!.text(), 'saniye sonra tekrar deneyin');
});

test('changing the authenticator needs the current code first', async () => {
  const { db, host } = await makeTenant();
  const { user, totpSecret } = await build.staff(db);
  const cookie = await sessionCookie(db, user.id);
  const gate = await (await t.req(host, '/account/2fa/setup', { headers: { cookie } })).text();
  assert.match(gate, 'name="current"');
  assert.not.match(gate, 'name="pending"');
  // A crafted confirm without a recent proof of the old app goes back to the gate.
  await db.updateTable('sessions').set({ fresh_totp_at: null }).where('id', '=', sessionIdOf(cookie)).execute();
  const crafted = await t.req(host, '/account/2fa/setup', formPost(host, { pending: 'v1.x.y.z', code: '123456' }, { headers: { cookie } }));
  assert.is(crafted.status, 422);
  assert.match(await crafted.text(), 'name="current"');

  const wrong = await t.req(host, '/account/2fa/setup', formPost(host, { current: '000000' }, { headers: { cookie } }));
  assert.is(wrong.status, 422);
  const right = await t.req(host, '/account/2fa/setup', formPost(host, { current: totpCode(totpSecret!) }, { headers: { cookie } }));
  assert.is(right.status, 200);
  const html = await right.text();
  const secret = secretOf(html);
  assert.is.not(secret, totpSecret);
  const done = await t.req(host, '/account/2fa/setup', formPost(host, { pending: pendingOf(html), code: totpCode(secret, Date.now() + 30_000) }, { headers: { cookie } }));
  assert.is(done.status, 200);
  assert.is(codesOf(await done.text()).length, 10);
  const row = await db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.is(openTotpSecret(row.totp_secret!, SECRET), secret);
  assert.ok((await auditActions(db)).includes('totp.reenrolled'));
});

test('2FA cannot be turned off where it is mandatory; elsewhere it can, with a current code', async () => {
  const { db, host } = await makeTenant();
  const staff = await build.staff(db);
  const staffCookie = await sessionCookie(db, staff.user.id);
  const staffPage = await (await t.req(host, '/account', { headers: { cookie: staffCookie } })).text();
  assert.not.match(staffPage, 'action="/account/2fa/disable"');
  assert.match(staffPage, 'kapatılamaz');
  const refused = await t.req(host, '/account/2fa/disable', formPost(host, { disable_code: totpCode(staff.totpSecret!) }, { headers: { cookie: staffCookie } }));
  assert.is(refused.status, 422);
  assert.ok((await db.selectFrom('users').select('totp_enabled_at').where('id', '=', staff.user.id).executeTakeFirstOrThrow()).totp_enabled_at);

  const dealer = await build.dealer(db);
  const buyer = await build.dealerUser(db, { dealerId: dealer.id, role: 'buyer', totp: true });
  await replaceRecoveryCodes(db, buyer.user.id, ['abcde-fghjk']);
  const cookie = await sessionCookie(db, buyer.user.id);
  const wrong = await t.req(host, '/account/2fa/disable', formPost(host, { disable_code: '000000' }, { headers: { cookie } }));
  assert.is(wrong.status, 422);
  assert.match(await wrong.text(), /id="f-disable_code-error"[^>]*>Kod geçersiz/);
  const ok = await t.req(host, '/account/2fa/disable', formPost(host, { disable_code: totpCode(buyer.totpSecret!) }, { headers: { cookie } }));
  assert.is(ok.status, 303);
  const row = await db.selectFrom('users').selectAll().where('id', '=', buyer.user.id).executeTakeFirstOrThrow();
  assert.is(row.totp_enabled_at, null);
  assert.is(row.totp_secret, null);
  assert.is((await db.selectFrom('recovery_codes').select('id').where('user_id', '=', buyer.user.id).execute()).length, 0);
  assert.ok((await auditActions(db)).includes('totp.disabled'));
});

test('new recovery codes replace the old ones, after a current code', async () => {
  const { db, host } = await makeTenant();
  const { user, totpSecret } = await build.staff(db);
  await replaceRecoveryCodes(db, user.id, ['abcde-fghjk']);
  const cookie = await sessionCookie(db, user.id);
  const res = await t.req(host, '/account/2fa/recovery-codes', formPost(host, { regen_code: totpCode(totpSecret!) }, { headers: { cookie } }));
  assert.is(res.status, 200);
  const codes = codesOf(await res.text());
  assert.is(codes.length, 10);
  const old = await secondStep(host, await passwordStep(host, user.email), 'abcde-fghjk');
  assert.is(old.status, 422);
  const fresh = await secondStep(host, await passwordStep(host, user.email), codes[3]!);
  assert.is(fresh.status, 303);
});

test.run();
