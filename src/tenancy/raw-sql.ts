/**
 * Rule: raw SQL is not rewritten by `withSchema`, so it names tenant tables explicitly —
 * `tenantTable(tenant, 'products')` — or runs in a transaction with `SET LOCAL search_path`,
 * which PostgreSQL resets at commit or rollback, so it can never leak to the next pooled request.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { RootDb } from '../db/pool.ts';
import type { TenantDb } from '../db/types.ts';
import { assertSchemaName } from './schema-name.ts';
import type { Tenant } from './tenant.ts';
import { tenantDb } from './with-tenant.ts';

export function tenantTable(tenant: Pick<Tenant, 'schema'>, table: string): RawBuilder<unknown> {
  return sql.id(assertSchemaName(tenant.schema), table) as unknown as RawBuilder<unknown>;
}

/** Runs `fn` in a transaction whose unqualified table names resolve to the tenant's schema only. */
export async function inTenantTransaction<T>(
  rootDb: RootDb,
  tenant: Pick<Tenant, 'schema'>,
  fn: (trx: Transaction<TenantDb>) => Promise<T>,
): Promise<T> {
  const schema = assertSchemaName(tenant.schema);
  return (tenantDb(rootDb, schema) as Kysely<TenantDb>).transaction().execute(async (trx) => {
    // pg_catalog only besides the tenant: an unqualified name can never fall through to public.tenants.
    await sql`select set_config('search_path', ${`${schema}, pg_catalog`}, true)`.execute(trx);
    return fn(trx);
  });
}
