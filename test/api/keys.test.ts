import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StaffRole } from '../../src/auth/permissions.ts';
import { generateCode } from '../../src/auth/totp.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { call } from './support.ts';

const test = suite('API-1 staff manage API keys');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});

async function setup(role: StaffRole = 'admin') {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const { user, totpSecret } = await build.staff(ten.db, { role, name: 'Kemal Admin' });
  const cookie = await sessionCookie(ten.db, user.id);
  return { ...ten, user, secret: totpSecret!, cookie };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const create = (s: Setup, fields: Record<string, string>, scopes: string[] = ['products.read']) => {
  const init = formPost(s.host, fields, { headers: { cookie: s.cookie } });
  const body = new URLSearchParams(init.body as string);
  for (const sc of scopes) body.append('scopes', sc);
  return t.req(s.host, '/staff/api-keys', { ...init, body: body.toString() });
};

const keyIn = (html: string) => /value="(kv_[a-z2-7]{10}_[a-z2-7]{52})"/.exec(html)?.[1];

test('a created key is shown once in full, stored only as a SHA-256 of its secret, listed by prefix and audited', async () => {
  const s = await setup();
  const res = await create(s, { name: 'SAP stock sync', code: generateCode(s.secret) }, ['products.read', 'stock.write']);
  assert.is(res.status, 201);
  assert.is(res.headers.get('cache-control'), 'no-store');
  const html = await res.text();
  const key = keyIn(html);
  assert.ok(key, 'the full key is on the result page');
  assert.match(html, 'shown only once');
  const [, prefix, secret] = /^kv_([a-z2-7]+)_([a-z2-7]+)$/.exec(key!)!;
  const row = await s.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
  assert.is(row.prefix, prefix);
  assert.is(row.secret_hash, createHash('sha256').update(secret!).digest('hex'));
  assert.not.ok(JSON.stringify(row).includes(secret!), 'the secret itself is not stored');
  assert.equal(row.scopes, ['products.read', 'stock.write']);
  assert.is(row.created_by, s.user.id);

  const list = await (await t.req(s.host, '/staff/api-keys', { headers: { cookie: s.cookie } })).text();
  assert.match(list, 'SAP stock sync');
  assert.match(list, `kv_${prefix}_…`);
  assert.not.match(list, secret!, 'the list never shows the secret');
  const audited = await s.db.selectFrom('audit_log').select(['action', 'target_id', 'actor_user_id']).where('action', '=', 'api_key.created').execute();
  assert.equal(audited, [{ action: 'api_key.created', target_id: String(row.id), actor_user_id: s.user.id }]);

  const api = await call(t, s.host, key!, 'GET', '/products');
  assert.is(api.status, 200, 'the new key works at once');
});

test('creating needs a name, a scope and a valid fresh code; errors stand next to the fields and nothing is created', async () => {
  const s = await setup();
  const noName = await create(s, { name: '  ', code: generateCode(s.secret) }, []);
  assert.is(noName.status, 422);
  const html = await noName.text();
  assert.match(html, 'Enter a name');
  assert.match(html, 'Choose at least one scope');
  const badCode = await create(s, { name: 'ERP', code: '000000' }, ['products.read']);
  assert.is(badCode.status, 422);
  const badHtml = await badCode.text();
  assert.match(badHtml, 'The code is invalid');
  assert.match(badHtml, 'value="ERP"', 'the typed name is kept');
  const code = generateCode(s.secret);
  assert.is((await create(s, { name: 'ERP', code })).status, 201);
  const replay = await create(s, { name: 'ERP again', code });
  assert.is(replay.status, 422, 'a code cannot be used twice');
  const n = await s.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.is(Number(n.n), 1);
  const forged = await create(s, { name: 'ERP', code: generateCode(s.secret) }, ['orders.write']);
  assert.is(forged.status, 422, 'an unknown scope is not granted');
});

test('revoking takes effect on the next request, is audited, and an unknown id is 404', async () => {
  const s = await setup();
  const html = await (await create(s, { name: 'ERP', code: generateCode(s.secret) })).text();
  const key = keyIn(html)!;
  assert.is((await call(t, s.host, key, 'GET', '/products')).status, 200);
  const row = await s.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow();
  const res = await t.req(s.host, `/staff/api-keys/${row.id}/revoke`, formPost(s.host, {}, { headers: { cookie: s.cookie } }));
  assert.is(res.status, 303);
  const after = await call(t, s.host, key, 'GET', '/products');
  assert.is(after.status, 401);
  assert.is(after.json.error.code, 'unauthorized');
  const revoked = await s.db.selectFrom('api_keys').select(['revoked_at', 'revoked_by']).executeTakeFirstOrThrow();
  assert.ok(revoked.revoked_at);
  assert.is(revoked.revoked_by, s.user.id);
  assert.is((await s.db.selectFrom('audit_log').select('action').where('action', '=', 'api_key.revoked').execute()).length, 1);
  const again = await t.req(s.host, `/staff/api-keys/${row.id}/revoke`, formPost(s.host, {}, { headers: { cookie: s.cookie } }));
  assert.is(again.status, 303, 'revoking twice is harmless');
  assert.is((await s.db.selectFrom('audit_log').select('action').where('action', '=', 'api_key.revoked').execute()).length, 1);
  const list = await (await t.req(s.host, '/staff/api-keys', { headers: { cookie: s.cookie } })).text();
  assert.match(list, 'revoked by Kemal Admin');
  assert.is((await t.req(s.host, '/staff/api-keys/999999/revoke', formPost(s.host, {}, { headers: { cookie: s.cookie } }))).status, 404);
});

test('staff without settings.manage cannot see, create or revoke keys; signed-out users go to the login', async () => {
  const owner = await setup('owner');
  const html = await (await create(owner, { name: 'ERP', code: generateCode(owner.secret) })).text();
  assert.ok(keyIn(html), 'an owner may create keys');
  const row = await owner.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow();
  for (const role of ['catalog_manager', 'warehouse', 'sales_rep', 'finance', 'support_agent'] as const) {
    const { user, totpSecret } = await build.staff(owner.db, { role });
    const cookie = await sessionCookie(owner.db, user.id);
    assert.is((await t.req(owner.host, '/staff/api-keys', { headers: { cookie } })).status, 403, `${role} list`);
    const post = formPost(owner.host, { name: 'x', code: generateCode(totpSecret!), scopes: 'products.read' }, { headers: { cookie } });
    assert.is((await t.req(owner.host, '/staff/api-keys', post)).status, 403, `${role} create`);
    assert.is((await t.req(owner.host, `/staff/api-keys/${row.id}/revoke`, formPost(owner.host, {}, { headers: { cookie } }))).status, 403, `${role} revoke`);
  }
  const dealer = await build.dealer(owner.db);
  const { user: dealerAdmin } = await build.dealerUser(owner.db, { dealerId: dealer.id, role: 'dealer_admin' });
  const dealerCookie = await sessionCookie(owner.db, dealerAdmin.id);
  assert.is((await t.req(owner.host, '/staff/api-keys', { headers: { cookie: dealerCookie } })).status, 403, 'dealer admin');
  const anon = await t.req(owner.host, '/staff/api-keys');
  assert.is(anon.status, 303);
  assert.match(anon.headers.get('location') ?? '', '/staff/login');
  const keys = await owner.db.selectFrom('api_keys').select(['id', 'revoked_at']).execute();
  assert.equal(keys, [{ id: row.id, revoked_at: null }], 'nothing was created or revoked by them');
});

test("tenant B's staff cannot revoke tenant A's key by id", async () => {
  const a = await setup();
  await create(a, { name: 'ERP', code: generateCode(a.secret) });
  const row = await a.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow();
  const b = await setup();
  const res = await t.req(b.host, `/staff/api-keys/${row.id}/revoke`, formPost(b.host, {}, { headers: { cookie: b.cookie } }));
  assert.is(res.status, 404);
  const still = await a.db.selectFrom('api_keys').select('revoked_at').executeTakeFirstOrThrow();
  assert.is(still.revoked_at, null);
});

test('the page is in Turkish for a Turkish seller', async () => {
  const ten = await makeTenant({ defaultLocale: 'tr' });
  const { user } = await build.staff(ten.db, { role: 'owner' });
  const cookie = await sessionCookie(ten.db, user.id);
  const html = await (await t.req(ten.host, '/staff/api-keys', { headers: { cookie, 'accept-language': 'tr' } })).text();
  assert.match(html, 'API anahtarları');
  assert.match(html, 'Henüz API anahtarı yok');
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
