import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_PASSWORD, DEMO_SELLERS, demoLogins, seedDemo } from '../../src/platform/demo-seed.ts';
import { DEMO_IDENTITIES, demoTotpSecret } from '../../src/platform/demo-identity.ts';
import { toTenant } from '../../src/tenancy/tenant.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { loginDealer, loginStaff, sessionCookieOf, totpCode } from '../auth/support.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, testRootDb } from '../support/db.ts';

/**
 * The README promises: run `npm start`, then sign in as staff and as a dealer within a minute with
 * the printed demo accounts. This suite seeds the demo sellers into the test database (under
 * their real slugs, removed afterwards) and signs in the way a person would.
 */
const test = suite('IAM demo seed: people, codes, 2FA secrets, a pending application');
let t: TestApp;

async function dropDemo() {
  const db = await testRootDb();
  for (const s of DEMO_SELLERS) {
    const row = await db.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', s.slug).executeTakeFirst();
    if (!row) continue;
    await sql`drop schema if exists ${sql.id(row.schema_name)} cascade`.execute(db);
    await db.deleteFrom('tenants').where('id', '=', row.id).execute();
  }
}

test.before(async () => {
  await dropDemo();
  t = await makeTestApp();
  await seedDemo(await testRootDb(), testConfig());
});

test.after(async () => {
  await t.close();
  await dropDemo();
  await closeTestDb();
});

const host = (slug: string) => `${slug}.localhost`;

test('every staff role and every dealer role exists, with 2FA enrolled exactly where it is mandatory', async () => {
  const db = await testRootDb();
  for (const s of DEMO_SELLERS) {
    const row = await db.selectFrom('tenants').selectAll().where('slug', '=', s.slug).executeTakeFirstOrThrow();
    const users = await tenantDb(db, toTenant(row).schema).selectFrom('users').select(['kind', 'role', 'totp_enabled_at', 'status']).execute();
    const staffRoles = new Set(users.filter((u) => u.kind === 'staff').map((u) => u.role));
    assert.equal([...staffRoles].sort(), ['admin', 'catalog_manager', 'finance', 'owner', 'sales_rep', 'support_agent', 'warehouse']);
    const dealerRoles = new Set(users.filter((u) => u.kind === 'dealer').map((u) => u.role));
    assert.equal([...dealerRoles].sort(), ['approver', 'buyer', 'dealer_admin', 'finance', 'viewer']);
    for (const u of users) {
      assert.is(u.status, 'active');
      const mandatory = u.kind === 'staff' || ['dealer_admin', 'approver', 'finance'].includes(u.role);
      assert.is(Boolean(u.totp_enabled_at), mandatory, `${s.slug} ${u.kind}/${u.role}`);
    }
    const dealers = await tenantDb(db, toTenant(row).schema).selectFrom('dealers').select('code').orderBy('code').execute();
    assert.equal(dealers.map((d) => d.code), [`${DEMO_IDENTITIES[s.slug]!.codePrefix}1001`, `${DEMO_IDENTITIES[s.slug]!.codePrefix}1002`]);
  }
  const printed = await demoLogins(db, testConfig());
  const acme = printed.find((p) => p.slug === 'acme')!;
  assert.ok(acme.lines.some((l) => l.includes('ayse@acme.example') && l.includes(demoTotpSecret('acme', 'ayse@acme.example'))), 'the owner line shows the TOTP secret');
});

test('a buyer signs in with dealer code + e-mail + the demo password and lands in the portal', async () => {
  const res = await loginDealer(t, host('acme'), { code: 'ACM-1001', email: 'ali@denizhirdavat.example', password: DEMO_PASSWORD });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/portal');
  const portal = await t.req(host('acme'), '/portal', { headers: { cookie: sessionCookieOf(res)! } });
  assert.is(portal.status, 200);
  assert.match(await portal.text(), 'ACM-1001');
});

test('the owner signs in with the printed secret and sees the pending application with its documents', async () => {
  const res = await loginStaff(t, host('acme'), { email: 'ayse@acme.example', password: DEMO_PASSWORD });
  assert.is(res.status, 303);
  assert.match(res.headers.get('location') ?? '', /^\/login\/2fa/);
  const cookie = sessionCookieOf(res)!;
  const code = totpCode(demoTotpSecret('acme', 'ayse@acme.example'));
  const second = await t.req(host('acme'), '/login/2fa', formPost(host('acme'), { code }, { headers: { cookie } }));
  assert.is(second.status, 303);
  const staffCookie = sessionCookieOf(second)!;
  const list = await t.req(host('acme'), '/staff/applications', { headers: { cookie: staffCookie } });
  assert.is(list.status, 200);
  const html = await list.text();
  assert.match(html, 'Ege Boya Sanayi ve Ticaret Ltd. Şti.');
  const id = /href="\/staff\/applications\/(\d+)"/.exec(html)?.[1];
  assert.ok(id, 'the application links to its detail page');
  const detail = await (await t.req(host('acme'), `/staff/applications/${id}`, { headers: { cookie: staffCookie } })).text();
  const doc = /href="(\/staff\/applications\/\d+\/documents\/\d+)"/.exec(detail)?.[1];
  assert.ok(doc, 'a document link');
  const file = await t.req(host('acme'), doc!, { headers: { cookie: staffCookie } });
  assert.is(file.status, 200);
  assert.is(file.headers.get('content-type'), 'application/pdf');
  assert.is(new TextDecoder().decode((await file.arrayBuffer()).slice(0, 5)), '%PDF-');
});

test('seeding again changes nothing', async () => {
  const db = await testRootDb();
  const count = async () => {
    const row = await db.selectFrom('tenants').selectAll().where('slug', '=', 'nordic').executeTakeFirstOrThrow();
    const n = await tenantDb(db, toTenant(row).schema).selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n.n);
  };
  const before = await count();
  assert.equal(await seedDemo(db, testConfig()), []);
  assert.is(await count(), before);
});

test.run();
