import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sendJobId } from '../../src/notifications/jobs.ts';
import { portalUrl } from '../../src/notifications/brand.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_PASSWORD, build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { auditActions, loginDealer, loginStaff, sessionCookieOf, sessionIdOf } from './support.ts';

const test = suite('IAM-9 e-mail change with confirmation by the new address');
let t: TestApp;

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
  const { user } = await build.dealerUser(x.db, { dealerId: dealer.id, role: 'buyer', name: 'Ali Alıcı', email: 'ali@dealer.example' });
  return { ...x, dealer, user, cookie: await sessionCookie(x.db, user.id) };
}

type X = Awaited<ReturnType<typeof dealerUser>>;

const ask = (x: Pick<X, 'host'>, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.req(x.host, '/account/email', formPost(x.host, fields, { headers: { cookie, ...headers } }));

async function mails(x: Pick<X, 'db'>, template: string) {
  return x.db.selectFrom('notifications').selectAll().where('template', '=', template).orderBy('id').execute();
}

const tokenIn = (text: string) => /\/account\/email\/confirm\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

async function emailOf(x: Pick<X, 'db'>, id: number) {
  return (await x.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
}

test('the account page has the e-mail form, and for a dealer user the link to the company addresses', async () => {
  const x = await dealerUser();
  const html = await (await t.req(x.host, '/account', { headers: { cookie: x.cookie } })).text();
  assert.match(html, 'action="/account/email"');
  assert.match(html, 'name="new_email"');
  assert.match(html, 'name="email_password"');
  assert.match(html, /<a href="\/portal\/company" data-testid="company-addresses">/);
  assert.ok((await t.req(x.host, '/portal/company', { headers: { cookie: x.cookie } })).status === 200, 'the linked page exists for the user');
  const { user } = await build.staff(x.db, { role: 'admin' });
  const staffHtml = await (await t.req(x.host, '/account', { headers: { cookie: await sessionCookie(x.db, user.id) } })).text();
  assert.match(staffHtml, 'action="/account/email"');
  assert.not.match(staffHtml, 'company-addresses', 'staff have no company addresses');
});

test('a wrong or missing password and a malformed address are refused next to the field, the typed address kept', async () => {
  const x = await dealerUser();
  const wrong = await ask(x, x.cookie, { new_email: 'yeni@dealer.example', email_password: 'yanlis-parola-123' });
  assert.is(wrong.status, 422);
  const html = await wrong.text();
  assert.match(html, /id="f-email_password-error"[^>]*>Mevcut parola hatalı\./);
  assert.match(html, /id="f-new_email"[^>]*value="yeni@dealer.example"|value="yeni@dealer.example"[^>]*id="f-new_email"/);
  assert.not.match(html, 'yanlis-parola-123', 'the password is never echoed');

  const bad = await ask(x, x.cookie, { new_email: 'not-an-address', email_password: '' });
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /id="f-new_email-error"[^>]*>Geçerli bir e-posta adresi girin/);
  assert.match(badHtml, /id="f-email_password-error"[^>]*>Bu alan zorunlu\./);
  assert.match(badHtml, 'value="not-an-address"');

  const same = await ask(x, x.cookie, { new_email: 'ALI@dealer.example', email_password: DEFAULT_PASSWORD });
  assert.is(same.status, 422);
  assert.match(await same.text(), /id="f-new_email-error"[^>]*>Bu zaten hesabınızın adresi\./);

  assert.is((await mails(x, 'email-change-confirm')).length, 0);
  assert.is((await x.db.selectFrom('auth_tokens').select('id').where('purpose', '=', 'email_change').execute()).length, 0);
  assert.ok((await auditActions(x.db)).includes('email.change_failed'));
});

test('an address used by another user of the same dealer (or another staff member) is refused; per dealer, not per tenant', async () => {
  const x = await dealerUser();
  await build.dealerUser(x.db, { dealerId: x.dealer.id, email: 'taken@dealer.example' });
  const otherDealer = await build.dealer(x.db);
  await build.dealerUser(x.db, { dealerId: otherDealer.id, email: 'elsewhere@dealer.example' });
  await build.staff(x.db, { email: 'staffonly@seller.example' });

  const dup = await ask(x, x.cookie, { new_email: 'Taken@Dealer.example', email_password: DEFAULT_PASSWORD });
  assert.is(dup.status, 422);
  const html = await dup.text();
  assert.match(html, /id="f-new_email-error"[^>]*>Bu adres başka bir kullanıcının hesabında kayıtlı\./);
  assert.match(html, 'value="Taken@Dealer.example"');
  assert.is((await mails(x, 'email-change-confirm')).length, 0);

  // The same address at another dealer, or as a staff address, is a different account.
  assert.is((await ask(x, x.cookie, { new_email: 'elsewhere@dealer.example', email_password: DEFAULT_PASSWORD })).status, 303);
  assert.is((await ask(x, x.cookie, { new_email: 'staffonly@seller.example', email_password: DEFAULT_PASSWORD })).status, 303);
  // Only the latest link works.
  const live = await x.db.selectFrom('auth_tokens').select('data').where('purpose', '=', 'email_change').where('used_at', 'is', null).execute();
  assert.equal(live.map((r) => r.data), [{ email: 'staffonly@seller.example' }]);

  // Staff addresses are unique among staff.
  const a = await build.staff(x.db, { email: 'ayse@seller.example' });
  const staffDup = await ask(x, await sessionCookie(x.db, a.user.id), { new_email: 'staffonly@seller.example', email_password: DEFAULT_PASSWORD });
  assert.is(staffDup.status, 422);
  assert.match(await staffDup.text(), /id="f-new_email-error"[^>]*>Bu adres başka bir kullanıcının hesabında kayıtlı\./);
});

test('happy path: link to the new address on the configured host; confirming on another device changes the address, ends every session, signs nobody in, and tells the old address', async () => {
  const x = await dealerUser();
  const other = await sessionCookie(x.db, x.user.id);
  // A forged Host-like header must not end up in the link.
  const res = await ask(x, x.cookie, { new_email: ' Yeni.Adres@Dealer.example ', email_password: DEFAULT_PASSWORD }, { 'x-forwarded-host': 'evil.example' });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/account#email');
  assert.is(await emailOf(x, x.user.id), 'ali@dealer.example', 'nothing changes before confirmation');

  const [mail] = await mails(x, 'email-change-confirm');
  assert.ok(mail);
  assert.is(mail!.recipient, 'yeni.adres@dealer.example');
  const base = portalUrl(t.deps.config, x.tenant);
  assert.ok(base.startsWith(`http://${x.host}:3000/`), base);
  assert.match(mail!.body_text, `${base}account/email/confirm/`);
  assert.not.match(mail!.body_text + mail!.body_html, 'evil.example');
  assert.match(mail!.body_text, x.dealer.code);
  assert.ok(await t.deps.queues.get('mail').getJob(sendJobId(x.tenant.id, mail!.id, 0)), 'the send job was nudged');
  const token = tokenIn(mail!.body_text);
  assert.ok(token.length >= 40);
  const stored = await x.db.selectFrom('auth_tokens').selectAll().where('purpose', '=', 'email_change').executeTakeFirstOrThrow();
  assert.is.not(stored.token_hash, token, 'only a hash is stored');
  const ttl = stored.expires_at.getTime() - Date.now();
  assert.ok(ttl > 23.9 * 3600_000 && ttl <= 24 * 3600_000, `valid 24 h (${ttl})`);

  const pagehtml = await (await t.req(x.host, '/account', { headers: { cookie: x.cookie } })).text();
  assert.match(pagehtml, /data-testid="email-pending">[^<]*yeni\.adres@dealer\.example/);

  // Another device, not signed in: the link shows a button; opening it changes nothing.
  const show = await t.req(x.host, `/account/email/confirm/${token}`);
  assert.is(show.status, 200);
  assert.is(show.headers.get('referrer-policy'), 'no-referrer');
  assert.is(show.headers.get('cache-control'), 'no-store');
  const showHtml = await show.text();
  assert.match(showHtml, `action="/account/email/confirm/${token}"`);
  assert.match(showHtml, 'yeni.adres@dealer.example');
  assert.is(await emailOf(x, x.user.id), 'ali@dealer.example');

  const done = await t.req(x.host, `/account/email/confirm/${token}`, formPost(x.host, {}));
  assert.is(done.status, 303);
  assert.is(done.headers.get('location'), '/login');
  assert.is(sessionCookieOf(done), null, 'confirming signs nobody in');
  assert.is(await emailOf(x, x.user.id), 'yeni.adres@dealer.example');
  assert.is((await x.db.selectFrom('sessions').select('id').where('user_id', '=', x.user.id).execute()).length, 0);
  for (const cookie of [x.cookie, other]) assert.is((await t.req(x.host, '/account', { headers: { cookie } })).status, 303);

  const [notice] = await mails(x, 'email-changed');
  assert.ok(notice);
  assert.is(notice!.recipient, 'ali@dealer.example');
  assert.match(notice!.body_text, 'yeni.adres@dealer.example');
  const audit = await x.db.selectFrom('audit_log').selectAll().where('action', '=', 'email.changed').executeTakeFirstOrThrow();
  assert.is(audit.actor_user_id, x.user.id);
  assert.is(audit.dealer_id, x.dealer.id);
  assert.equal(audit.details, { from: 'ali@dealer.example', to: 'yeni.adres@dealer.example', sessionsEnded: 2 });
  assert.ok((await auditActions(x.db)).includes('email.change_requested'));

  // Single use.
  const again = await t.req(x.host, `/account/email/confirm/${token}`, formPost(x.host, {}));
  assert.is(again.status, 410);
  assert.is((await t.req(x.host, `/account/email/confirm/${token}`)).status, 410);
  assert.is((await mails(x, 'email-changed')).length, 1);

  // The new address signs in; the old one no longer does.
  const oldLogin = await loginDealer(t, x.host, { code: x.dealer.code, email: 'ali@dealer.example', password: DEFAULT_PASSWORD });
  assert.is(oldLogin.status, 422);
  const login = await loginDealer(t, x.host, { code: x.dealer.code, email: 'yeni.adres@dealer.example', password: DEFAULT_PASSWORD });
  assert.is(login.status, 303);
  assert.is(login.headers.get('location'), '/portal');
  assert.ok(sessionCookieOf(login));
});

test('confirming in the browser signed in as that user keeps this session and ends the others', async () => {
  const x = await makeTenant();
  const { user, totpSecret } = await build.staff(x.db, { role: 'admin', email: 'selin@seller.example' });
  assert.ok(totpSecret);
  const cookie = await sessionCookie(x.db, user.id);
  const other = await sessionCookie(x.db, user.id);
  assert.is((await ask(x, cookie, { new_email: 'selin.yeni@seller.example', email_password: DEFAULT_PASSWORD })).status, 303);
  const token = tokenIn((await mails(x, 'email-change-confirm'))[0]!.body_text);
  const done = await t.req(x.host, `/account/email/confirm/${token}`, formPost(x.host, {}, { headers: { cookie } }));
  assert.is(done.status, 303);
  assert.is(done.headers.get('location'), '/account');
  const left = await x.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
  assert.equal(left.map((s) => s.id), [sessionIdOf(cookie)]);
  assert.is((await t.req(x.host, '/account', { headers: { cookie } })).status, 200);
  assert.is((await t.req(x.host, '/account', { headers: { cookie: other } })).status, 303);
  assert.is(await emailOf(x, user.id), 'selin.yeni@seller.example');
  // Staff sign in with the new address (the second step follows).
  const login = await loginStaff(t, x.host, { email: 'selin.yeni@seller.example', password: DEFAULT_PASSWORD });
  assert.is(login.status, 303);
  assert.is(login.headers.get('location'), '/login/2fa?next=%2Fstaff');
});

test('an expired or unknown link is refused and changes nothing; an address taken meanwhile is refused at confirmation', async () => {
  const x = await dealerUser();
  assert.is((await ask(x, x.cookie, { new_email: 'later@dealer.example', email_password: DEFAULT_PASSWORD })).status, 303);
  const token = tokenIn((await mails(x, 'email-change-confirm'))[0]!.body_text);
  await x.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('purpose', '=', 'email_change').execute();
  const show = await t.req(x.host, `/account/email/confirm/${token}`);
  assert.is(show.status, 410);
  assert.match(await show.text(), 'data-testid="link-invalid"');
  assert.is((await t.req(x.host, `/account/email/confirm/${token}`, formPost(x.host, {}))).status, 410);
  assert.is((await t.req(x.host, `/account/email/confirm/${'x'.repeat(43)}`, formPost(x.host, {}))).status, 410);
  assert.is(await emailOf(x, x.user.id), 'ali@dealer.example');
  assert.is((await t.req(x.host, '/account', { headers: { cookie: x.cookie } })).status, 200, 'sessions untouched');
  assert.is((await mails(x, 'email-changed')).length, 0);

  // A fresh link, but a colleague takes the address before it is confirmed.
  assert.is((await ask(x, x.cookie, { new_email: 'race@dealer.example', email_password: DEFAULT_PASSWORD })).status, 303);
  const token2 = tokenIn((await mails(x, 'email-change-confirm'))[1]!.body_text);
  await build.dealerUser(x.db, { dealerId: x.dealer.id, email: 'race@dealer.example' });
  const taken = await t.req(x.host, `/account/email/confirm/${token2}`, formPost(x.host, {}));
  assert.is(taken.status, 409);
  assert.match(await taken.text(), 'data-testid="email-confirm-error"');
  assert.is(await emailOf(x, x.user.id), 'ali@dealer.example');
});

test('a token of another purpose does not confirm an e-mail change', async () => {
  const x = await dealerUser();
  const { issueToken } = await import('../../src/auth/tokens.ts');
  const reset = await issueToken(x.db, x.user.id, 'reset', { email: 'evil@dealer.example' });
  assert.is((await t.req(x.host, `/account/email/confirm/${reset}`, formPost(x.host, {}))).status, 410);
  assert.is(await emailOf(x, x.user.id), 'ali@dealer.example');
});

test.run();
