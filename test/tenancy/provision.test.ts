import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tenantMigrations } from '../../migrations/tenant/index.ts';
import { migrateAllTenants, schemasUpToDate } from '../../src/db/migrate.ts';
import { ProvisionError, provisionTenant } from '../../src/tenancy/provision.ts';
import { closeTestDb, makeTenant, newOrphanSchemas, orphanSchemas, testRootDb, uniqueSlug } from '../support/db.ts';

const test = suite('PLT-1 tenant provisioning');

async function schemaExists(name: string): Promise<boolean> {
  const db = await testRootDb();
  const r = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = ${name}`.execute(db);
  return r.rows[0]!.n === 1;
}

test('provisioning creates t_<id> with every tenant migration applied and an active row', async () => {
  const { tenant } = await makeTenant({ name: 'Işık Elektrik Ltd.' });
  assert.is(tenant.schema, `t_${tenant.id}`);
  assert.is(tenant.status, 'active');
  assert.ok(await schemaExists(tenant.schema));
  const db = await testRootDb();
  const applied = await sql<{ name: string }>`select name from ${sql.id(tenant.schema, 'kysely_migration')} order by name`.execute(db);
  assert.equal(applied.rows.map((r) => r.name), Object.keys(tenantMigrations));
});

test('a migration failing part-way leaves neither schema nor tenant row behind', async () => {
  const db = await testRootDb();
  const before = await orphanSchemas();
  const slug = uniqueSlug('broken');
  const failing = {
    ...tenantMigrations,
    '9999-explodes': {
      async up(mdb: any) {
        await mdb.schema.createTable('half_made').addColumn('id', 'integer').execute();
        throw new Error('boom');
      },
    },
  };
  try {
    await provisionTenant(db, { slug, name: 'Broken', migrations: failing });
    assert.unreachable('provisioning should fail');
  } catch (err) {
    assert.match(String(err), /boom/);
  }
  const row = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  assert.is(row, undefined);
  // The schema is dropped before the row is deleted, so a schema without a tenant row is a leftover.
  assert.equal(await newOrphanSchemas(before), [], 'the half-made schema must be dropped');
});

test('bad and duplicate slugs are refused with a message naming the problem, changing nothing', async () => {
  const db = await testRootDb();
  const tried = ['a', '-abc', 'ab--cd', 'www', 'şirket'];
  const count = async () =>
    Number((await db.selectFrom('tenants').select(db.fn.countAll<number>().as('n')).where('slug', 'in', tried).executeTakeFirstOrThrow()).n);
  for (const [slug, re] of [
    ['A', /3–30 characters/],
    ['-abc', /3–30/],
    ['ab--cd', /two hyphens/],
    ['www', /reserved/],
    ['şirket', /3–30/],
  ] as const) {
    try {
      await provisionTenant(db, { slug, name: 'X Ltd' });
      assert.unreachable(`slug ${slug} should be refused`);
    } catch (err) {
      assert.instance(err, ProvisionError);
      assert.is((err as ProvisionError).field, 'slug');
      assert.match((err as Error).message, re);
    }
  }
  const { tenant } = await makeTenant();
  try {
    await provisionTenant(db, { slug: tenant.slug, name: 'Copy' });
    assert.unreachable('duplicate slug should be refused');
  } catch (err) {
    assert.match((err as Error).message, /already taken/);
  }
  assert.is(await count(), 0);
  assert.is((await db.selectFrom('tenants').select('id').where('slug', '=', tenant.slug).execute()).length, 1);
});

test('migrating every tenant twice is a no-op the second time and reports per tenant', async () => {
  const { tenant } = await makeTenant();
  const db = await testRootDb();
  const first = await migrateAllTenants(db, { concurrency: 3 });
  const mine = first.find((r) => r.tenantId === tenant.id);
  assert.ok(mine);
  assert.equal(mine!.applied, []);
  assert.is(mine!.error, undefined);
});

test('the no-op check sees a schema missing a migration as not up to date', async () => {
  const { tenant } = await makeTenant();
  const db = await testRootDb();
  const names = Object.keys(tenantMigrations);
  assert.ok((await schemasUpToDate(db, [tenant.schema], names)).has(tenant.schema));
  const last = names.at(-1)!;
  const row = await sql<{ timestamp: string }>`select timestamp from ${sql.id(tenant.schema, 'kysely_migration')} where name = ${last}`.execute(db);
  await sql`delete from ${sql.id(tenant.schema, 'kysely_migration')} where name = ${last}`.execute(db);
  try {
    assert.not.ok((await schemasUpToDate(db, [tenant.schema], names)).has(tenant.schema));
  } finally {
    await sql`insert into ${sql.id(tenant.schema, 'kysely_migration')} (name, timestamp) values (${last}, ${row.rows[0]!.timestamp})`.execute(db);
  }
  // A schema with no migration table at all (not provisioned) is never "up to date".
  assert.not.ok((await schemasUpToDate(db, ['t_999999999'], names)).has('t_999999999'));
});

test('tenants provision in parallel while other schemas are being dropped', async () => {
  // Kysely's default introspection read every table of every schema and failed when one vanished.
  const db = await testRootDb();
  const doomed = await Promise.all([1, 2, 3].map(() => provisionTenant(db, { slug: uniqueSlug(), name: 'Gidecek' })));
  const drops = doomed.map(async (t) => {
    await sql`drop schema ${sql.id(t.schema)} cascade`.execute(db);
    await db.deleteFrom('tenants').where('id', '=', t.id).execute();
  });
  const made = await Promise.all([...[1, 2, 3].map(() => makeTenant()), ...drops]);
  assert.is(made.filter(Boolean).length, 3);
  const tables = await db.introspection.getTables();
  assert.ok(tables.every((t) => t.name === 'kysely_migration' || t.name === 'kysely_migration_lock'), 'introspection stays narrow');
});

test('one broken tenant is reported and the others still migrate', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const db = await testRootDb();
  // Break A: its migration table claims a migration the code does not know.
  await sql`insert into ${sql.id(a.tenant.schema, 'kysely_migration')} (name, timestamp) values ('0000-unknown', now())`.execute(db);
  const reports = await migrateAllTenants(db, { concurrency: 2 });
  const ra = reports.find((r) => r.tenantId === a.tenant.id)!;
  const rb = reports.find((r) => r.tenantId === b.tenant.id)!;
  assert.ok(ra.error, 'broken tenant reports an error');
  assert.is(rb.error, undefined);
  await sql`delete from ${sql.id(a.tenant.schema, 'kysely_migration')} where name = '0000-unknown'`.execute(db);
});

test.after(closeTestDb);
test.run();
