/**
 * Database side of the bench: the standing set of bench tenants (made once, reused by later
 * runs) and the timed operations — provisioning a fresh tenant and migrating many schemas.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ensureDatabase } from '../../src/db/ensure-database.ts';
import { migrateAllTenants, migratePlatform, type TenantMigrationReport } from '../../src/db/migrate.ts';
import { createRootDb, type RootDb } from '../../src/db/pool.ts';
import { acmeCatalog, type DemoProduct } from '../../src/platform/demo-data.ts';
import { provisionTenant } from '../../src/tenancy/provision.ts';
import { assertSchemaName, schemaNameFor } from '../../src/tenancy/schema-name.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { tenantMigrations } from '../../migrations/tenant/index.ts';
import { FRESH_PREFIX, benchName, benchSlug, type BenchSettings } from './settings.ts';

export interface BenchTenant {
  id: number;
  slug: string;
  name: string;
  schema: string;
}

export interface StandingSetup {
  tenants: BenchTenant[];
  created: number;
  seeded: number;
  ms: number;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export async function openBenchDb(url: string, max: number): Promise<RootDb> {
  await ensureDatabase(url);
  const { db } = createRootDb({ connectionString: url, max, applicationName: 'kervan-bench' });
  await migratePlatform(db);
  return db;
}

async function dropTenant(db: RootDb, t: { id: number; schema_name: string }): Promise<void> {
  await sql`drop schema if exists ${sql.id(assertSchemaName(t.schema_name))} cascade`.execute(db);
  await db.deleteFrom('tenants').where('id', '=', t.id).execute();
}

/**
 * Makes sure tenants bench-001…bench-N exist, are migrated and hold products. Only what is
 * missing is created, so a re-run spends its time on measuring rather than on setup.
 */
export async function ensureStandingTenants(db: RootDb, s: BenchSettings): Promise<StandingSetup> {
  const started = performance.now();
  // A run that crashed mid-way may have left a timed throw-away tenant behind.
  const leftovers = await db.selectFrom('tenants').select(['id', 'schema_name']).where('slug', 'like', `${FRESH_PREFIX}%`).execute();
  for (const t of leftovers) await dropTenant(db, t);

  const wanted = Array.from({ length: s.tenants }, (_, i) => ({ slug: benchSlug(i), name: benchName(i) }));
  const existing = await db
    .selectFrom('tenants')
    .select(['id', 'slug', 'display_name', 'schema_name', 'status'])
    .where(
      'slug',
      'in',
      wanted.map((w) => w.slug),
    )
    .execute();
  const bySlug = new Map(existing.map((r) => [r.slug, r]));
  // A bench tenant stuck in `provisioning` is unreachable by host; start it over.
  for (const r of existing.filter((r) => r.status !== 'active')) {
    await dropTenant(db, r);
    bySlug.delete(r.slug);
  }

  let created = 0;
  const tenants = await mapLimit(wanted, s.migrateConcurrency, async (w): Promise<BenchTenant> => {
    const row = bySlug.get(w.slug);
    if (row) return { id: row.id, slug: row.slug, name: row.display_name, schema: row.schema_name };
    const t = await provisionTenant(db, { slug: w.slug, name: w.name });
    created++;
    return { id: t.id, slug: t.slug, name: t.name, schema: t.schema };
  });

  const catalog = benchCatalog(s.productsPerTenant);
  let seeded = 0;
  await mapLimit(tenants, s.migrateConcurrency, async (t) => {
    const tdb = tenantDb(db, t.schema);
    const any = await tdb.selectFrom('products').select('id').limit(1).executeTakeFirst();
    if (any || catalog.length === 0) return;
    // 8 columns per row: 500 rows stay far below PostgreSQL's 65 535 bind parameters.
    for (let i = 0; i < catalog.length; i += 500) {
      await tdb.insertInto('products').values(catalog.slice(i, i + 500)).execute();
    }
    seeded++;
  });
  return { tenants, created, seeded, ms: performance.now() - started };
}

/** The demo catalogue, cut to (or repeated up to) `n` rows with unique SKUs. */
function benchCatalog(n: number): DemoProduct[] {
  const base = acmeCatalog();
  return Array.from({ length: n }, (_, i) => {
    const p = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    return round === 0 ? p : { ...p, sku: `${p.sku}-R${round}` };
  });
}

/**
 * Times `provisionTenant` end to end (row, schema, every tenant migration, activation) for
 * throw-away tenants, each removed again right after. Samples run one after another so
 * each measures one provisioning on an otherwise idle database.
 */
export async function timeProvisioning(db: RootDb, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const slug = `${FRESH_PREFIX}${randomBytes(4).toString('hex')}`;
    const started = performance.now();
    const t = await provisionTenant(db, { slug, name: 'Bench Fresh Satıcı' });
    times.push(performance.now() - started);
    await dropTenant(db, { id: t.id, schema_name: t.schema });
  }
  return times;
}

export interface MigrationTiming {
  schemas: number;
  ms: number;
  migrationsPerSchema: number;
  /** Per-schema durations as reported by `migrateAllTenants` (they overlap under concurrency). */
  perSchemaMs: number[];
}

function checkReports(reports: TenantMigrationReport[], where: string): void {
  const failed = reports.filter((r) => r.error);
  if (failed.length) throw new Error(`${failed.length} tenant migrations failed in ${where}, first: ${failed[0]!.schema}: ${failed[0]!.error}`);
}

/** `migrateAllTenants` over the standing tenants, which are already at the latest migration. */
export async function timeNoopMigration(db: RootDb, concurrency: number): Promise<MigrationTiming> {
  const started = performance.now();
  const reports = await migrateAllTenants(db, { concurrency });
  const ms = performance.now() - started;
  checkReports(reports, 'the no-op re-migration');
  const applied = reports.reduce((n, r) => n + r.applied.length, 0);
  if (applied) throw new Error(`the no-op re-migration applied ${applied} migrations; the standing tenants were not up to date`);
  return { schemas: reports.length, ms, migrationsPerSchema: 0, perSchemaMs: reports.map((r) => r.ms) };
}

/**
 * `migrateAllTenants` over `n` empty schemas in a database of their own, so that the call
 * sees exactly those tenants and every one of them runs every tenant migration from scratch.
 * The tenant rows and empty schemas are made directly (untimed) because `provisionTenant`
 * would already migrate them; afterwards they are dropped again.
 */
export async function timeFreshMigration(url: string, n: number, concurrency: number): Promise<MigrationTiming> {
  // Like the release step: one connection per concurrent migration plus one.
  const db = await openBenchDb(url, concurrency + 1);
  try {
    await dropAllTenants(db);
    await mapLimit(
      Array.from({ length: n }, (_, i) => i),
      concurrency,
      async (i) => {
        const { id } = await sql<{ id: string }>`select nextval('public.tenants_id_seq') as id`
          .execute(db)
          .then((r) => ({ id: Number(r.rows[0]!.id) }));
        const schema = assertSchemaName(schemaNameFor(id));
        await sql`create schema ${sql.id(schema)}`.execute(db);
        await db
          .insertInto('tenants')
          .values({ id, slug: `mig-${String(i + 1).padStart(3, '0')}`, schema_name: schema, display_name: `Migrate ${i + 1}`, status: 'active' })
          .execute();
      },
    );
    const started = performance.now();
    const reports = await migrateAllTenants(db, { concurrency });
    const ms = performance.now() - started;
    checkReports(reports, 'the fresh migration');
    const expected = Object.keys(tenantMigrations).length;
    const short = reports.find((r) => r.applied.length !== expected);
    if (short) throw new Error(`${short.schema} applied ${short.applied.length} of ${expected} tenant migrations`);
    await dropAllTenants(db);
    return { schemas: reports.length, ms, migrationsPerSchema: expected, perSchemaMs: reports.map((r) => r.ms) };
  } finally {
    await db.destroy();
  }
}

async function dropAllTenants(db: RootDb): Promise<void> {
  const rows = await db.selectFrom('tenants').select(['id', 'schema_name']).execute();
  await mapLimit(rows, 4, (t) => dropTenant(db, t));
}
