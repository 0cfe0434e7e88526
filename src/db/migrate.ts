import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { platformMigrations } from '../../migrations/platform/index.ts';
import { tenantMigrations } from '../../migrations/tenant/index.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import type { RootDb } from './pool.ts';

const providerOf = (migrations: Record<string, Migration>) => ({ getMigrations: async () => migrations });

function raise(result: MigrationResultSet, where: string): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed ?? '?'} failed in ${where}: ${cause}`, { cause: result.error });
  }
  return result;
}

/**
 * `withSchema` does not rewrite raw SQL in migrations (sequences, partial indexes, seed rows).
 * Kysely runs all pending migrations in one transaction, so each tenant migration first sets a
 * transaction-local search_path to its schema: unqualified raw SQL lands in the tenant schema,
 * and the setting is gone at commit.
 */
function pinnedToSchema(migrations: Record<string, Migration>, schema: string): Record<string, Migration> {
  const pin = (db: Kysely<any>) => sql`select set_config('search_path', ${schema}, true)`.execute(db);
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m]) => [
      name,
      {
        up: async (db: Kysely<any>) => {
          await pin(db);
          await m.up(db);
        },
        down: m.down
          ? async (db: Kysely<any>) => {
              await pin(db);
              await m.down!(db);
            }
          : undefined,
      },
    ]),
  );
}

export async function migratePlatform(rootDb: RootDb): Promise<string[]> {
  const migrator = new Migrator({ db: rootDb, provider: providerOf(platformMigrations) });
  const result = raise(await migrator.migrateToLatest(), 'public');
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Brings one tenant schema to the latest tenant migration; the migration tables live in the schema itself. */
export async function migrateTenantSchema(
  rootDb: RootDb,
  schema: string,
  migrations: Record<string, Migration> = tenantMigrations,
): Promise<string[]> {
  assertSchemaName(schema);
  const migrator = new Migrator({
    db: rootDb.withSchema(schema),
    provider: providerOf(pinnedToSchema(migrations, schema)),
    migrationTableSchema: schema,
    // Tenant migrations are additive and independent; one written in parallel with a later-numbered
    // one may reach a schema after it. Run it instead of refusing the whole schema.
    allowUnorderedMigrations: true,
  });
  const result = raise(await migrator.migrateToLatest(), schema);
  return (result.results ?? []).map((r) => r.migrationName);
}

export interface TenantMigrationReport {
  tenantId: number;
  slug: string;
  schema: string;
  applied: string[];
  error?: string;
  ms: number;
}

/**
 * Schemas that already have every given migration, found with a few batched reads instead of a
 * Migrator run (lock + DDL checks) per schema: a no-op `migrate` over thousands of tenants must
 * not cost a second each.
 */
export async function schemasUpToDate(rootDb: RootDb, schemas: string[], names: string[]): Promise<Set<string>> {
  const done = new Set<string>();
  if (!schemas.length || !names.length) return done;
  const withTable = await rootDb
    .selectFrom(sql<{ schemaname: string; tablename: string }>`pg_catalog.pg_tables`.as('t'))
    .select('t.schemaname')
    .where('t.tablename', '=', 'kysely_migration')
    .where('t.schemaname', 'in', schemas)
    .execute();
  const candidates = withTable.map((r) => r.schemaname);
  for (let i = 0; i < candidates.length; i += 200) {
    const chunk = candidates.slice(i, i + 200);
    chunk.forEach(assertSchemaName);
    const parts = chunk.map(
      (schema) =>
        sql`select ${schema}::text as schema, count(*) filter (where name = any(${names}::text[]))::int as known, count(*)::int as total from ${sql.table(`${schema}.kysely_migration`)}`,
    );
    const rows = await sql<{ schema: string; known: number; total: number }>`${sql.join(parts, sql` union all `)}`.execute(rootDb);
    // An unknown applied migration (total > known) goes through the Migrator, which reports it.
    for (const r of rows.rows) if (r.known === names.length && r.total === names.length) done.add(r.schema);
  }
  return done;
}

/** Migrates every provisioned tenant with bounded concurrency; one tenant's failure does not stop the others. */
export async function migrateAllTenants(
  rootDb: RootDb,
  opts: { concurrency?: number; onReport?: (r: TenantMigrationReport) => void } = {},
): Promise<TenantMigrationReport[]> {
  const tenants = await rootDb
    .selectFrom('tenants')
    .select(['id', 'slug', 'schema_name'])
    .where('status', '!=', 'provisioning')
    .orderBy('id')
    .execute();
  const reports: TenantMigrationReport[] = [];
  const current = await schemasUpToDate(
    rootDb,
    tenants.map((t) => t.schema_name),
    Object.keys(tenantMigrations),
  ).catch(() => new Set<string>());
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const t = tenants[next++]!;
      const started = performance.now();
      const report: TenantMigrationReport = { tenantId: t.id, slug: t.slug, schema: t.schema_name, applied: [], ms: 0 };
      try {
        if (!current.has(t.schema_name)) report.applied = await migrateTenantSchema(rootDb, t.schema_name);
      } catch (err) {
        report.error = err instanceof Error ? err.message : String(err);
      }
      report.ms = Math.round(performance.now() - started);
      reports.push(report);
      opts.onReport?.(report);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, tenants.length));
  await Promise.all(Array.from({ length: n }, worker));
  return reports.sort((a, b) => a.tenantId - b.tenantId);
}
