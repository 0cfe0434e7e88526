import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ensureDatabase } from '../../src/db/ensure-database.ts';
import { migratePlatform } from '../../src/db/migrate.ts';
import { createRootDb, type RootDb } from '../../src/db/pool.ts';
import { provisionTenant, type ProvisionInput } from '../../src/tenancy/provision.ts';
import type { Tenant } from '../../src/tenancy/tenant.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { testConfig } from './config.ts';

let root: { db: RootDb; ready: Promise<void> } | null = null;
const made: Tenant[] = [];

/** One root pool per test process; the test database is created and migrated on first use. */
export async function testRootDb(): Promise<RootDb> {
  if (!root) {
    const url = testConfig().DATABASE_URL;
    const { db } = createRootDb({ connectionString: url, max: 8, applicationName: 'kervan-test' });
    root = { db, ready: ensureDatabase(url).then(() => migratePlatform(db)).then(() => undefined) };
  }
  await root.ready;
  return root.db;
}

export function uniqueSlug(prefix = 'ts'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A real tenant schema for this suite; dropped again by `cleanupTenants`. */
export async function makeTenant(input: Partial<ProvisionInput> = {}) {
  const db = await testRootDb();
  const tenant = await provisionTenant(db, { slug: uniqueSlug(), name: 'Test Satıcı A.Ş.', ...input });
  made.push(tenant);
  return { tenant, db: tenantDb(db, tenant.schema), host: `${tenant.slug}.localhost` };
}

export async function cleanupTenants(): Promise<void> {
  if (!root) return;
  const db = await testRootDb();
  for (const t of made.splice(0)) {
    await sql`drop schema if exists ${sql.id(t.schema)} cascade`.execute(db);
    await db.deleteFrom('tenants').where('id', '=', t.id).execute();
  }
}

export async function closeTestDb(): Promise<void> {
  await cleanupTenants();
  if (root) {
    const r = root;
    root = null;
    await r.db.destroy();
  }
}

/**
 * Tenant-looking schemas without a tenant row (leftovers). Tests compare before and after, since a
 * killed test process elsewhere may have left some behind in the shared test database.
 */
export async function orphanSchemas(): Promise<Set<string>> {
  const db = await testRootDb();
  const rows = await sql<{ schema_name: string }>`
    select schema_name from information_schema.schemata s
    where schema_name ~ '^t_[0-9]+$' and not exists (select 1 from public.tenants t where t.schema_name = s.schema_name)`.execute(db);
  return new Set(rows.rows.map((r) => r.schema_name));
}

export async function newOrphanSchemas(before: Set<string>): Promise<string[]> {
  return [...(await orphanSchemas())].filter((s) => !before.has(s));
}
