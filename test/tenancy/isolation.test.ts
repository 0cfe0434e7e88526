import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createRootDb } from '../../src/db/pool.ts';
import { queueNotification } from '../../src/notifications/queries.ts';
import { setTenantStatus } from '../../src/tenancy/provision.ts';
import { inTenantTransaction, tenantTable } from '../../src/tenancy/raw-sql.ts';
import { withTenant } from '../../src/tenancy/with-tenant.ts';
import { createShipment, markShipped } from '../../src/shipping/shipments.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { sessionCookie, staffCookie } from '../support/build.ts';
import { dealer, order, product } from '../orders/desk-support.ts';
import { closeTestDb, makeTenant, testRootDb } from '../support/db.ts';

const test = suite('PLT-2 tenant isolation');
let t: TestApp;
const brand = { sellerName: 'X', primaryColor: null, portalUrl: 'http://x.localhost/' };

test.before(async () => {
  t = await makeTestApp();
});

test('two tenants with the same row ids see only their own rows through the app', async () => {
  const a = await makeTenant({ name: 'Anadolu Hırdavat' });
  const b = await makeTenant({ name: 'Boğaziçi Elektrik' });
  const idA = await queueNotification(a.db, brand, { template: 'test-message', locale: 'tr', to: 'a@a.example', payload: { requestedBy: 'A-secret-subject' } });
  const idB = await queueNotification(b.db, brand, { template: 'test-message', locale: 'tr', to: 'b@b.example', payload: { requestedBy: 'B' } });
  assert.is(idA, idB, 'both schemas start their sequences at 1');
  const asA = { headers: { cookie: await staffCookie(a.db) } };
  const asB = { headers: { cookie: await staffCookie(b.db) } };
  const onA = await (await t.req(a.host, `/staff/outbox/${idA}`, asA)).text();
  const onB = await (await t.req(b.host, `/staff/outbox/${idB}`, asB)).text();
  assert.match(onA, 'a@a.example');
  assert.not.match(onA, 'b@b.example');
  assert.match(onB, 'b@b.example');
  assert.not.match(onB, 'a@a.example');
  const listB = await (await t.req(b.host, '/staff/outbox', asB)).text();
  // A's session cookie means nothing on B's host.
  const crossed = await t.req(b.host, '/staff/outbox', asA);
  assert.is(crossed.status, 303);
  assert.match(crossed.headers.get('location') ?? '', '/staff/login');
  assert.not.match(listB, 'a@a.example');
});

test("GET of A's row id on B's host is 404", async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await queueNotification(a.db, brand, { template: 'test-message', locale: 'tr', to: 'one@a.example', payload: { requestedBy: 'x' } });
  const idA2 = await queueNotification(a.db, brand, { template: 'test-message', locale: 'tr', to: 'two@a.example', payload: { requestedBy: 'x' } });
  const res = await t.req(b.host, `/staff/outbox/${idA2}`, { headers: { cookie: await staffCookie(b.db) } });
  assert.is(res.status, 404);
  assert.not.match(await res.text(), 'two@a.example');
});

test("SHP-2: A's order shipments (order page section, waybill PDF, ship action) are 404 for tenant B and for another dealer of A", async () => {
  const a = await makeTenant({ defaultLocale: 'en' });
  const b = await makeTenant({ defaultLocale: 'en' });
  const who = await dealer(a.db);
  const p = await product(a.db, { stock: 20 });
  const o = await order(a.db, a.tenant.id, who, [{ productId: p.id, qty: 5 }]);
  await a.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  const line = await a.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow();
  const { shipped, draft } = await a.db.transaction().execute(async (trx) => {
    const s1 = await createShipment(trx, o.orderId, { lines: new Map([[line.id, 2]]), carrier: 'Gizli Kargo A', trackingNumber: 'A-SECRET-TRACK', trackingUrl: '', userId: null });
    await markShipped(trx, o.orderId, s1.id, {}, { kind: 'staff' }, brand);
    const s2 = await createShipment(trx, o.orderId, { lines: new Map([[line.id, 1]]), userId: null });
    return { shipped: s1, draft: s2 };
  });
  const orderPage = `/portal/orders/${o.orderId}`;
  const dealerWaybill = `${orderPage}/shipments/${shipped.id}/waybill.pdf`;
  const staffBase = `/staff/orders/${o.orderId}`;
  // A's own dealer sees it (the checks below can fail).
  const own = await sessionCookie(a.db, who.userId);
  const mine = await t.req(a.host, orderPage, { headers: { cookie: own } });
  assert.is(mine.status, 200);
  assert.match(await mine.text(), 'A-SECRET-TRACK');
  assert.is((await t.req(a.host, dealerWaybill, { headers: { cookie: own } })).status, 200);

  // Tenant B: its staff and its dealer ask for A's ids on B's host.
  const bStaff = { headers: { cookie: await staffCookie(b.db) } };
  const bWho = await dealer(b.db);
  const bDealer = { headers: { cookie: await sessionCookie(b.db, bWho.userId) } };
  for (const [path, opts] of [
    [staffBase, bStaff],
    [`${staffBase}/shipments/${shipped.id}/waybill.pdf`, bStaff],
    [orderPage, bDealer],
    [dealerWaybill, bDealer],
  ] as const) {
    const res = await t.req(b.host, path, opts);
    assert.is(res.status, 404, path);
    assert.not.match(await res.text(), 'A-SECRET-TRACK');
  }
  const ship = await t.req(b.host, `${staffBase}/shipments/${draft.id}/ship`, formPost(b.host, { carrier: 'B Kargo' }, bStaff));
  assert.is(ship.status, 404, 'ship action across tenants');
  assert.is((await a.db.selectFrom('shipments').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status, 'draft', 'nothing changed on A');

  // Another dealer of tenant A.
  const rival = await dealer(a.db, { name: 'Rakip Bayi' });
  const asRival = { headers: { cookie: await sessionCookie(a.db, rival.userId) } };
  for (const path of [orderPage, dealerWaybill]) {
    const res = await t.req(a.host, path, asRival);
    assert.is(res.status, 404, path);
    assert.not.match(await res.text(), 'A-SECRET-TRACK');
  }
});

test('an unknown host gets a 404 page, never a default tenant', async () => {
  await makeTenant();
  for (const host of ['nope.localhost', 'a.b.localhost', 'example.com', 'localhost.evil.com']) {
    const res = await t.req(host, '/');
    assert.is(res.status, 404, host);
    assert.match(await res.text(), /Portal (bulunamadı|not found)/);
  }
});

test('a suspended tenant shows the "portal suspended" page on every path', async () => {
  const a = await makeTenant({ name: 'Askıdaki Satıcı' });
  const root = await testRootDb();
  await setTenantStatus(root, a.tenant.id, 'suspended');
  for (const path of ['/', '/staff/outbox', '/anything']) {
    const res = await t.req(a.host, path);
    assert.is(res.status, 503, path);
    assert.match(await res.text(), /askıya alındı|suspended/);
  }
});

test('the host is matched case-insensitively and without its port', async () => {
  const a = await makeTenant({ name: 'Büyük Harf Ltd' });
  const res = await t.req(`${a.tenant.slug.toUpperCase()}.LOCALHOST:3000`, '/');
  assert.is(res.status, 200);
  assert.match(await res.text(), 'Büyük Harf Ltd');
});

test('a custom domain resolves only once verified', async () => {
  const a = await makeTenant({ name: 'Özel Alan Adı' });
  const root = await testRootDb();
  const domain = `portal-${a.tenant.slug}.example.com`;
  await root.updateTable('tenants').set({ custom_domain: domain }).where('id', '=', a.tenant.id).execute();
  assert.is((await t.req(domain, '/')).status, 404);
  await root.updateTable('tenants').set({ custom_domain_verified: true }).where('id', '=', a.tenant.id).execute();
  const res = await t.req(domain, '/');
  assert.is(res.status, 200);
  assert.match(await res.text(), 'Özel Alan Adı');
});

test('raw SQL through tenantTable and inTenantTransaction reads only the tenant’s rows', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await a.db.insertInto('products').values({ sku: 'SAME', name: 'A-ürün', unit: 'adet', list_price: 100, currency: 'TRY', vat_rate: 20, stock_qty: 1, description: '' }).execute();
  await b.db.insertInto('products').values({ sku: 'SAME', name: 'B-ürün', unit: 'adet', list_price: 100, currency: 'TRY', vat_rate: 20, stock_qty: 1, description: '' }).execute();
  const root = await testRootDb();
  const viaId = await sql<{ name: string }>`select name from ${tenantTable(a.tenant, 'products')} where sku = 'SAME'`.execute(root);
  assert.equal(viaId.rows.map((r) => r.name), ['A-ürün']);
  const viaPath = await inTenantTransaction(root, b.tenant, (trx) => sql<{ name: string }>`select name from products where sku = 'SAME'`.execute(trx));
  assert.equal(viaPath.rows.map((r) => r.name), ['B-ürün']);
  // An unqualified platform table is not reachable from a tenant transaction.
  try {
    await inTenantTransaction(root, b.tenant, (trx) => sql`select * from tenants`.execute(trx));
    assert.unreachable('public.tenants must not resolve inside a tenant transaction');
  } catch (err) {
    assert.match(String(err), /relation "tenants" does not exist/);
  }
  assert.throws(() => tenantTable({ schema: 'public' }, 'tenants'), /refusing schema name/);
});

test('the pool never carries a search_path to the next request (pool size 1)', async () => {
  const a = await makeTenant();
  const { db: one } = createRootDb({ connectionString: testConfig().DATABASE_URL, max: 1 });
  try {
    const before = await sql<{ search_path: string }>`show search_path`.execute(one);
    await inTenantTransaction(one, a.tenant, async (trx) => {
      const inside = await sql<{ search_path: string }>`show search_path`.execute(trx);
      assert.match(inside.rows[0]!.search_path, a.tenant.schema);
    });
    const after = await sql<{ search_path: string }>`show search_path`.execute(one);
    assert.is(after.rows[0]!.search_path, before.rows[0]!.search_path);
    try {
      await inTenantTransaction(one, a.tenant, async () => {
        throw new Error('rolled back');
      });
    } catch {
      // expected
    }
    const afterRollback = await sql<{ search_path: string }>`show search_path`.execute(one);
    assert.is(afterRollback.rows[0]!.search_path, before.rows[0]!.search_path);
    // The same single connection serving a withSchema query for A, then a public query.
    await one.withSchema(a.tenant.schema).selectFrom('products' as never).selectAll().execute();
    const publicRows = await one.selectFrom('tenants').select('id').where('id', '=', a.tenant.id).execute();
    assert.is(publicRows.length, 1);
  } finally {
    await one.destroy();
  }
});

test('withTenant hands jobs the tenant’s schema and refuses unknown tenants', async () => {
  const a = await makeTenant();
  const root = await testRootDb();
  await withTenant(root, a.tenant.id, async (db, tenant) => {
    assert.is(tenant.id, a.tenant.id);
    await db.insertInto('settings').values({ key: 'probe', value: JSON.stringify('A') }).execute();
  });
  const row = await a.db.selectFrom('settings').selectAll().where('key', '=', 'probe').executeTakeFirst();
  assert.ok(row);
  for (const bad of [0, -1, 99_999_999, Number.NaN]) {
    try {
      await withTenant(root, bad, async () => undefined);
      assert.unreachable(`tenant ${bad} should be refused`);
    } catch (err) {
      assert.match(String(err), /tenant/);
    }
  }
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});
test.run();
