import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { consumeHandoff, issueHandoff, suggestSlug } from '../../src/platform/signup.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { closeTestDb, newOrphanSchemas, orphanSchemas, testRootDb, uniqueSlug } from '../support/db.ts';

const test = suite('PLT-1 seller sign-up');
const PLATFORM = 'localhost';
const PASSWORD = 'kervan-yeni-satıcı-2024!';
let t: TestApp;
const created: string[] = [];

test.before(async () => {
  t = await makeTestApp();
});
test.before.each(async () => {
  const keys = await t.deps.redis.keys('rl:0:signup:*');
  if (keys.length) await t.deps.redis.del(...keys);
});
test.after(async () => {
  const db = await testRootDb();
  for (const slug of created) {
    const row = await db.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', slug).executeTakeFirst();
    if (!row) continue;
    await sql`drop schema if exists ${sql.id(row.schema_name)} cascade`.execute(db);
    await db.deleteFrom('tenants').where('id', '=', row.id).execute();
  }
  await t.close();
  await closeTestDb();
});

function fields(slug: string, over: Record<string, string> = {}) {
  created.push(slug);
  return { company: 'Işık Elektrik San. ve Tic. A.Ş.', slug, ownerName: 'Ayşe Işık', email: `ayse-${slug}@isik.example`, password: PASSWORD, ...over };
}

const signup = (f: Record<string, string>) => t.req(PLATFORM, '/signup', formPost(PLATFORM, f));

test('slug suggestions transliterate Turkish letters and drop legal-form words', () => {
  assert.is(suggestSlug('Işık Elektrik San. ve Tic. A.Ş.'), 'isik-elektrik');
  assert.is(suggestSlug('Çağrı Gıda Ürünleri Ltd. Şti.'), 'cagri-gida-urunleri');
  assert.is(suggestSlug('Nordic Verktøy AS'), 'nordic-verktoy');
  assert.is(suggestSlug('İZMİR ÖZ'), 'izmir-oz');
  assert.is(suggestSlug('Admin'), 'admin-portal');
});

test('the sign-up page is served on the base domain with the live slug check', async () => {
  const res = await t.req(PLATFORM, '/signup');
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, /hx-get="\/signup\/slug-check"/);
  assert.match(html, /input changed delay:300ms/);
  assert.is((await t.req('nosuch-tenant.localhost', '/signup')).status, 404);
});

test('slug check answers available, taken or invalid with the rule', async () => {
  const free = await (await t.req(PLATFORM, `/signup/slug-check?slug=${uniqueSlug('free')}`, { htmx: true })).text();
  assert.match(free, /data-state="available"/);
  const slug = uniqueSlug('taken');
  assert.is((await signup(fields(slug))).status, 201);
  const taken = await (await t.req(PLATFORM, `/signup/slug-check?slug=${slug}`, { htmx: true })).text();
  assert.match(taken, /data-state="taken"/);
  const bad = await (await t.req(PLATFORM, '/signup/slug-check?slug=Ab', { htmx: true })).text();
  assert.match(bad, /data-state="invalid"/);
  assert.match(bad, /3–30/);
  const reserved = await (await t.req(PLATFORM, '/signup/slug-check?slug=admin', { htmx: true })).text();
  assert.match(reserved, /data-state="invalid"/);
  const suggest = await (await t.req(PLATFORM, '/signup/slug-suggest?company=%C3%87a%C4%9Fr%C4%B1+G%C4%B1da&slug=', { htmx: true })).text();
  assert.match(suggest, /value="cagri-gida"/);
});

test('sign-up provisions the tenant with its owner and hands the login to the new host once', async () => {
  const slug = uniqueSlug('happy');
  const res = await signup(fields(slug));
  assert.is(res.status, 201);
  const refresh = res.headers.get('refresh')!;
  assert.match(refresh, /^0;url=/);
  const location = new URL(refresh.slice('0;url='.length));
  assert.match(await res.text(), new RegExp(`href="${location.href.replace(/[.?]/g, '\\$&')}"`));
  assert.is(location.host, `${slug}.localhost:3000`);
  assert.is(location.pathname, '/staff/welcome');
  assert.is(res.headers.get('set-cookie'), null, 'no cookie on the base domain');

  const root = await testRootDb();
  const tenant = await root.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  assert.is(tenant.status, 'active');
  assert.is(tenant.display_name, 'Işık Elektrik San. ve Tic. A.Ş.');
  const db = tenantDb(root, tenant.schema_name);
  const owner = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  assert.is(owner.role, 'owner');
  assert.is(owner.status, 'active');
  assert.match(owner.password_hash!, /^\$argon2id\$/);
  const mail = await db.selectFrom('notifications').select(['template', 'recipient']).executeTakeFirstOrThrow();
  assert.equal(mail, { template: 'portal-ready', recipient: owner.email });

  const host = `${slug}.localhost`;
  const welcome = await t.req(host, location.pathname + location.search);
  assert.is(welcome.status, 303);
  assert.match(welcome.headers.get('location')!, /^\/account\/2fa\/setup/);
  const cookie = /kv_session=[^;]+/.exec(welcome.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, 'a session cookie on the tenant host');
  // Signed in but not enrolled: staff pages send the owner to 2FA enrolment, not to the login.
  const team = await t.req(host, '/staff/team', { headers: { cookie: cookie! } });
  assert.is(team.status, 303);
  assert.match(team.headers.get('location')!, /^\/account\/2fa\/setup/);

  const again = await t.req(host, location.pathname + location.search);
  assert.is(again.status, 400, 'the hand-off token works once');
  assert.not.match(again.headers.get('set-cookie') ?? '', /kv_session=[^;]{10,}/);
  const audit = await db.selectFrom('audit_log').select('action').orderBy('id').execute();
  assert.equal(audit.map((a) => a.action), ['tenant.signed_up', 'login.handoff']);
});

test('an expired hand-off token and a token on another host do not sign in', async () => {
  const slug = uniqueSlug('expire');
  const res = await signup(fields(slug));
  const location = new URL(res.headers.get('refresh')!.slice('0;url='.length));
  const root = await testRootDb();
  const tenant = await root.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const db = tenantDb(root, tenant.schema_name);
  const owner = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  const expired = await issueHandoff(db, owner.id, -1000);
  assert.is(await consumeHandoff(db, expired), undefined);
  const viaHttp = await t.req(`${slug}.localhost`, `/staff/welcome?token=${expired}`);
  assert.is(viaHttp.status, 400);

  const other = uniqueSlug('other');
  await signup(fields(other));
  const onOther = await t.req(`${other}.localhost`, location.pathname + location.search);
  assert.is(onOther.status, 400, "a token means nothing in another tenant's schema");
  assert.is((await t.req(`${slug}.localhost`, location.pathname + location.search)).status, 303, 'and was not consumed there');
});

test('invalid input re-renders the form with errors next to the fields and the values kept', async () => {
  const slug = 'Bad--Slug';
  const res = await signup({ company: 'Kuzey Tekstil', slug, ownerName: 'Deniz', email: 'not-an-email', password: 'password1234' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-slug-error"/);
  assert.match(html, /id="f-email-error"/);
  assert.match(html, /id="f-password-error"/);
  assert.match(html, /value="Kuzey Tekstil"/);
  assert.match(html, /value="bad--slug"/);
  assert.match(html, /value="not-an-email"/);
  assert.not.match(html, /password1234/, 'the password is never echoed');

  const short = await signup(fields(uniqueSlug('short'), { password: 'kısa' }));
  assert.is(short.status, 422);
  assert.match(await short.text(), /id="f-password-error"/);
  const root = await testRootDb();
  const n = await root.selectFrom('tenants').select(root.fn.countAll<number>().as('n')).where('slug', '=', 'bad--slug').executeTakeFirstOrThrow();
  assert.is(Number(n.n), 0);
});

test('a taken slug gives a clean "taken" error', async () => {
  const slug = uniqueSlug('dup');
  assert.is((await signup(fields(slug))).status, 201);
  const res = await signup(fields(slug, { email: 'someone-else@example.com' }));
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-slug-error"/);
  assert.match(html, /alınmış|taken/);
});

test('concurrent sign-ups for one slug make exactly one tenant and no half-made schema', async () => {
  const slug = uniqueSlug('race');
  const before = await orphanSchemas();
  const results = await Promise.all([1, 2, 3].map((i) => signup(fields(slug, { email: `racer${i}@example.com` }))));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses, [201, 422, 422]);
  const root = await testRootDb();
  const rows = await root.selectFrom('tenants').select('schema_name').where('slug', '=', slug).execute();
  assert.is(rows.length, 1);
  assert.equal(await newOrphanSchemas(before), []);
});

test('sign-ups are rate-limited per IP', async () => {
  let last: Response | null = null;
  for (let i = 0; i < 5; i++) {
    last = await signup(fields(uniqueSlug('rl')));
    if (last.status === 429) break;
  }
  assert.is(last!.status, 429);
  assert.ok(Number(last!.headers.get('retry-after')) > 0);
});

test.run();
