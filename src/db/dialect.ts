import { PostgresAdapter, PostgresDialect, sql, type DialectAdapter, type Kysely, type MigrationLockOptions } from 'kysely';

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

export class KervanPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new SchemaLockingAdapter();
  }
}
