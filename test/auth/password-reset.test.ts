import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { createDealerUser, inviteUser } from '../../src/auth/users.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { sendJobId } from '../../src/notifications/jobs.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant, testRootDb } from '../support/db.ts';
import { auditActions, loginDealer, loginStaff, sessionCookieOf } from './support.ts';

const test = suite('IAM-4 forgotten password, reset link and invitation');
let t: TestApp;
const NEW_PASSWORD = 'kuzey-rüzgârı-esiyor-77';

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function mails(db: Tenant['db'], template: string) {
  return db.selectFrom('notifications').selectAll().where('template', '=', template).orderBy('id').execute();
}

/** Asks for a reset link and returns the path of the link in the mail. */
async function requestReset(x: Tenant, email: string): Promise<string> {
  const res = await t.req(x.host, '/forgot', formPost(x.host, { email }));
  assert.is(res.status, 200);
  const mail = (await mails(x.db, 'password-reset')).at(-1)!;
  return new URL(/https?:\/\/\S+\/reset\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0]).pathname;
}

test('the forgot page answers the same whether or not the account exists, and mails only real accounts', async () => {
  const x = await makeTenant();
  const dealer = await build.dealer(x.db);
  const { user } = await build.dealerUser(x.db, { dealerId: dealer.id, email: 'mevcut@bayi.example' });
  const known = await t.req(x.host, '/forgot', formPost(x.host, { email: 'Mevcut@Bayi.example' }));
  const unknown = await t.req(x.host, '/forgot', formPost(x.host, { email: 'yok@bayi.example' }));
  assert.is(known.status, 200);
  assert.is(unknown.status, 200);
  const a = (await known.text()).replaceAll('mevcut@bayi.example', 'EMAIL');
  const b = (await unknown.text()).replaceAll('yok@bayi.example', 'EMAIL');
  assert.is(a, b);
  assert.match(a, '30 dakika');
  const sent = await mails(x.db, 'password-reset');
  assert.is(sent.length, 1);
  assert.is(sent[0]!.recipient, user.email);
  assert.match(sent[0]!.body_text, dealer.code, 'the mail names the dealer code too');
  const job = await t.deps.queues.get('mail').getJob(sendJobId(x.tenant.id, sent[0]!.id, 0));
  assert.ok(job, 'the send job was nudged');
  const token = await x.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
  assert.is(token.purpose, 'reset');
  assert.not.match(sent[0]!.body_text, token.token_hash, 'only the hash is stored');
  const minutes = (token.expires_at.getTime() - token.created_at.getTime()) / 60_000;
  assert.ok(minutes > 29.9 && minutes < 30.1, String(minutes));
  // A malformed address is a form error, not a silent success.
  const bad = await t.req(x.host, '/forgot', formPost(x.host, { email: 'not-an-email' }));
  assert.is(bad.status, 422);
  assert.match(await bad.text(), /id="f-email-error"/);
});

test("the link uses the tenant's configured host, never the request's Host header", async () => {
  const x = await makeTenant();
  const root = await testRootDb();
  const domain = `portal-${x.tenant.slug}.bayi.example`;
  await root.updateTable('tenants').set({ custom_domain: domain, custom_domain_verified: true }).where('id', '=', x.tenant.id).execute();
  t.deps.resolver.invalidate();
  try {
    const { user } = await build.staff(x.db);
    await t.req(x.host, '/forgot', formPost(x.host, { email: user.email }, { headers: { 'x-forwarded-host': 'evil.example' } }));
    const mail = (await mails(x.db, 'password-reset')).at(-1)!;
    assert.match(mail.body_text, `http://${domain}:3000/reset/`);
    assert.not.match(mail.body_text, x.host);
    assert.not.match(mail.body_text, 'evil.example');
  } finally {
    await root.updateTable('tenants').set({ custom_domain: null, custom_domain_verified: false }).where('id', '=', x.tenant.id).execute();
    t.deps.resolver.invalidate();
  }
});

test('the reset page sends no referrer, validates next to the field, and does not burn the link on a typo', async () => {
  const x = await makeTenant();
  const { user } = await build.staff(x.db);
  const path = await requestReset(x, user.email);
  const page = await t.req(x.host, path);
  assert.is(page.status, 200);
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.is(page.headers.get('cache-control'), 'no-store');
  const short = await t.req(x.host, path, formPost(x.host, { password: 'kısa', confirm: 'kısa' }));
  assert.is(short.status, 422);
  assert.match(await short.text(), /id="f-password-error"[^>]*>Parola en az 12 karakter olmalı\./);
  const common = await t.req(x.host, path, formPost(x.host, { password: 'password1234', confirm: 'password1234' }));
  assert.match(await common.text(), /id="f-password-error"[^>]*>Bu parola çok yaygın/);
  const mismatch = await t.req(x.host, path, formPost(x.host, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` }));
  assert.match(await mismatch.text(), /id="f-confirm-error"[^>]*>İki parola aynı değil\./);
  assert.is((await t.req(x.host, path)).status, 200, 'still valid');
});

test('a reset sets the password, ends all sessions, mails a notice, does not sign in, and the link works once', async () => {
  const x = await makeTenant();
  const dealer = await build.dealer(x.db);
  const { user } = await build.dealerUser(x.db, { dealerId: dealer.id, role: 'buyer' });
  const other = await sessionCookie(x.db, user.id);
  const path = await requestReset(x, user.email);
  const res = await t.req(x.host, path, formPost(x.host, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }));
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/login');
  assert.is(sessionCookieOf(res), null, 'not signed in');
  const row = await x.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(row.password_hash!, NEW_PASSWORD));
  assert.is((await x.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).length, 0);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: other } })).status, 303);
  const notice = await mails(x.db, 'password-changed');
  assert.is(notice.length, 1);
  assert.is(notice[0]!.recipient, user.email);
  assert.ok(await t.deps.queues.get('mail').getJob(sendJobId(x.tenant.id, notice[0]!.id, 0)));
  assert.ok((await auditActions(x.db)).includes('password.reset'));

  const again = await t.req(x.host, path, formPost(x.host, { password: `${NEW_PASSWORD}!`, confirm: `${NEW_PASSWORD}!` }));
  assert.is(again.status, 410);
  assert.match(await again.text(), 'data-testid="link-invalid"');
  assert.is((await t.req(x.host, path)).status, 410);
  const login = await loginDealer(t, x.host, { code: dealer.code, email: user.email, password: NEW_PASSWORD });
  assert.is(login.status, 303);
  assert.is(login.headers.get('location'), '/portal');
});

test('an expired link and an older link are refused', async () => {
  const x = await makeTenant();
  const { user } = await build.staff(x.db);
  const older = await requestReset(x, user.email);
  const newer = await requestReset(x, user.email);
  assert.is((await t.req(x.host, older)).status, 410, 'only the latest link works');
  assert.is((await t.req(x.host, newer)).status, 200);
  await x.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
  assert.is((await t.req(x.host, newer)).status, 410);
  assert.is((await t.req(x.host, newer, formPost(x.host, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }))).status, 410);
  assert.is((await t.req(x.host, '/reset/not-a-token')).status, 410);
});

test('a reset does not bypass the second factor', async () => {
  const x = await makeTenant();
  const { user } = await build.staff(x.db);
  const path = await requestReset(x, user.email);
  await t.req(x.host, path, formPost(x.host, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }));
  const login = await loginStaff(t, x.host, { email: user.email, password: NEW_PASSWORD });
  assert.is(login.status, 303);
  assert.match(login.headers.get('location') ?? '', /^\/login\/2fa/);
  assert.is((await t.req(x.host, '/staff/applications', { headers: { cookie: sessionCookieOf(login)! } })).status, 303);
});

test('asking for links over and over is throttled per address', async () => {
  const x = await makeTenant();
  const { user } = await build.staff(x.db);
  let res: Response | null = null;
  for (let i = 0; i < 5; i++) res = await t.req(x.host, '/forgot', formPost(x.host, { email: user.email }));
  assert.is(res!.status, 429);
  assert.match(await res!.text(), 'saniye sonra tekrar deneyin');
  assert.is((await mails(x.db, 'password-reset')).length, 4);
});

test('an invitation link sets name and password, signs in and leads to 2FA set-up where it is mandatory', async () => {
  const x = await makeTenant();
  const dealer = await build.dealer(x.db);
  const invited = await createDealerUser(x.db, { dealerId: dealer.id, email: 'yeni@bayi.example', name: 'Yeni Yönetici', role: 'dealer_admin' });
  const brand = brandFor(t.deps.config, x.tenant);
  await inviteUser(x.db, brand, invited, { inviter: 'Selin', dealerCode: dealer.code });
  const mail = (await mails(x.db, 'user-invite')).at(-1)!;
  const path = new URL(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0]).pathname;

  // Invited users have no password: they cannot sign in.
  assert.is((await loginDealer(t, x.host, { code: dealer.code, email: invited.email, password: NEW_PASSWORD })).status, 422);

  const page = await t.req(x.host, path);
  assert.is(page.status, 200);
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  const html = await page.text();
  assert.match(html, `data-testid="invite-code">${dealer.code}<`);
  assert.match(html, 'value="Yeni Yönetici"');

  const bad = await t.req(x.host, path, formPost(x.host, { name: '  ', password: NEW_PASSWORD, confirm: 'başka' }));
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /id="f-name-error"/);
  assert.match(badHtml, /id="f-confirm-error"/);

  const ok = await t.req(x.host, path, formPost(x.host, { name: 'Yeni Y. Yönetici', password: NEW_PASSWORD, confirm: NEW_PASSWORD }));
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/account/2fa/setup?next=%2Fportal');
  const cookie = sessionCookieOf(ok)!;
  assert.ok(cookie);
  assert.is((await t.req(x.host, '/account/2fa/setup', { headers: { cookie } })).status, 200);
  const row = await x.db.selectFrom('users').selectAll().where('id', '=', invited.id).executeTakeFirstOrThrow();
  assert.is(row.status, 'active');
  assert.is(row.name, 'Yeni Y. Yönetici');
  assert.ok((await auditActions(x.db)).includes('invite.accepted'));
  assert.is((await t.req(x.host, path)).status, 410, 'the invitation works once');
});

test.run();
