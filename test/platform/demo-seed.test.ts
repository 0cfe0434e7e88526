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
import { closeTestDb, makeTenant, testRootDb } from '../support/db.ts';
import { acmeCatalog, nordicCatalog } from '../../src/platform/demo-data.ts';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.ts';

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

test('the demo catalogs: a few thousand believable products, a two-level tree, brands and countries, variants, hidden, low and out of stock', async () => {
  const db = await testRootDb();
  const expected: Record<string, { min: number; max: number }> = { acme: { min: 2400, max: 2700 }, nordic: { min: 1400, max: 1600 } };
  for (const s of DEMO_SELLERS) {
    const row = await db.selectFrom('tenants').selectAll().where('slug', '=', s.slug).executeTakeFirstOrThrow();
    const tdb = tenantDb(db, toTenant(row).schema);
    const products = await tdb
      .selectFrom('products')
      .select(['name', 'brand', 'manufacturer', 'country_of_origin', 'category_id', 'parent_id', 'hidden', 'stock_qty', 'min_stock', 'attr_text'])
      .execute();
    const n = products.length;
    assert.ok(n >= expected[s.slug]!.min && n <= expected[s.slug]!.max, `${s.slug}: ${n} products`);
    assert.is(new Set(products.map((p) => p.name)).size, n, 'names are unique');
    assert.not.ok(products.some((p) => /^(Product|Ürün) \d+$/.test(p.name)), 'real names');
    const brands = new Set(products.map((p) => p.brand));
    assert.ok(brands.size >= 12, `${s.slug}: ${brands.size} brands`);
    assert.not.ok(brands.has(''), 'every product has a brand');
    assert.ok(products.every((p) => p.manufacturer !== '' && p.name.startsWith(`${p.brand} `)), 'the brand leads the name and has a manufacturer');
    assert.ok(new Set(products.map((p) => p.country_of_origin)).size >= 4, 'several countries of origin');
    assert.ok(products.every((p) => p.category_id !== null && p.attr_text !== ''), 'every product is categorised and has attributes');
    // Stock: some out of stock, some at or under the reorder level, most comfortably stocked.
    const out = products.filter((p) => p.stock_qty === 0).length;
    const low = products.filter((p) => p.stock_qty > 0 && p.stock_qty <= p.min_stock).length;
    assert.ok(out > n * 0.04 && out < n * 0.15, `${s.slug}: ${out} out of stock`);
    assert.ok(low > n * 0.04 && low < n * 0.15, `${s.slug}: ${low} low on stock`);
    assert.ok(products.some((p) => p.hidden) && products.filter((p) => p.hidden).length < n * 0.1, 'a few hidden products');
    assert.ok(products.filter((p) => p.parent_id !== null).length >= 80, 'variant families');
    // Two levels: leaves under tops, products only in leaves.
    const cats = await tdb.selectFrom('categories').select(['id', 'parent_id']).execute();
    const byId = new Map(cats.map((c) => [c.id, c]));
    assert.ok(cats.filter((c) => c.parent_id === null).length >= 8, 'top-level categories');
    assert.ok(cats.every((c) => c.parent_id === null || byId.get(c.parent_id)!.parent_id === null), 'no third level');
    assert.ok(products.every((p) => byId.get(p.category_id!)!.parent_id !== null), 'products sit in sub-categories');
    // Images on a capped subset (start-up time), spec sheets on a few.
    const imaged = await tdb.selectFrom('product_images').select((eb) => eb.fn.count<string>('product_id').distinct().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(imaged.n) >= 350 && Number(imaged.n) <= 500, `${s.slug}: images on ${imaged.n} products`);
  }
});

test('the demo catalog is deterministic, and the start-up insert writes what insert + seedDemoCatalog would', async () => {
  assert.equal(acmeCatalog(), acmeCatalog());
  assert.equal(nordicCatalog().slice(0, 50), nordicCatalog().slice(0, 50));
  const db = await testRootDb();
  const row = await db.selectFrom('tenants').selectAll().where('slug', '=', 'acme').executeTakeFirstOrThrow();
  const seeded = tenantDb(db, toTenant(row).schema);
  const t = await makeTenant({ name: 'Demo Karşılaştırma' });
  await t.db.insertInto('products').values(acmeCatalog().slice(0, 300)).execute();
  await seedDemoCatalog(t.db, 'tr');
  const cols = ['p.sku', 'p.name', 'p.brand', 'p.manufacturer', 'p.country_of_origin', 'p.barcode', 'p.min_stock', 'p.attr_text', 'p.variant_attributes', 'p.lead_time_days', 'c.name as category', 'parent.sku as parent_sku'] as const;
  const read = (d: typeof seeded) =>
    d.selectFrom('products as p')
      .innerJoin('categories as c', 'c.id', 'p.category_id')
      .leftJoin('products as parent', 'parent.id', 'p.parent_id')
      .select([...cols])
      .where('p.sku', 'in', acmeCatalog().slice(0, 300).map((p) => p.sku))
      .orderBy('p.sku')
      .execute();
  const [a, b] = [await read(seeded), await read(t.db)];
  assert.is(a.length, 300);
  assert.equal(a, b);
  assert.ok(a.some((r) => r.parent_sku !== null), 'variants among them');
  // Stock: what the catalog seeded, less what the demo orders shipped (stock movements of source 'order').
  const stock = (d: typeof seeded, schema: string) =>
    d.selectFrom('products as p')
      .select(['p.sku', sql<string>`p.stock_qty - coalesce((select sum(m.delta) from ${sql.id(schema)}.stock_movements m where m.product_id = p.id and m.source = 'order'), 0)`.as('qty')])
      .where('p.sku', 'in', acmeCatalog().slice(0, 300).map((p) => p.sku))
      .orderBy('p.sku')
      .execute();
  assert.equal((await stock(seeded, toTenant(row).schema)).map((r) => [r.sku, Number(r.qty)]), (await stock(t.db, t.tenant.schema)).map((r) => [r.sku, Number(r.qty)]));
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
