import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresAdapter,
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DialectAdapter,
  type Kysely,
  type MigrationLockOptions,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's Postgres adapter takes one advisory lock for every migration run in the database,
 * which would serialise the migration of all tenant schemas. This adapter keys the lock by the
 * schema being migrated, so two runs on the same schema still exclude each other while
 * different tenants migrate in parallel.
 */
class SchemaLockingAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    const key = `kervan-migrate:${opt.lockTableSchema ?? 'public'}`;
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    const key = `kervan-migrate:${opt.lockTableSchema ?? 'public'}`;
    await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(db);
  }
}

/**
 * Kysely's Migrator asks the introspector for every table (with columns) of every schema just to
 * learn whether its own two tables exist. With thousands of tenant schemas that is slow, and it
 * fails when another process drops a schema mid-query ("schema t_… does not exist" from the
 * per-column catalog functions). Only the Migrator uses introspection in Kervan, so this one
 * answers exactly its question: which schemas exist, and where Kysely's internal tables are.
 */
class MigrationIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ name: string; schema: string }>`
      select tablename as name, schemaname as schema from pg_catalog.pg_tables
      where tablename in (${DEFAULT_MIGRATION_TABLE}, ${DEFAULT_MIGRATION_LOCK_TABLE})`.execute(this.db);
    return rows.rows.map((r) => ({ name: r.name, schema: r.schema, isView: false, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

export class KervanPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new SchemaLockingAdapter();
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new MigrationIntrospector(db);
  }
}
