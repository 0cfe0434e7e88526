/**
 * Rule: code outside a request (jobs, scripts) reaches a tenant's tables only through
 * `withTenant`, which hands it a Kysely bound to that tenant's schema and nothing else.
 */
import type { Kysely } from 'kysely';
import type { RootDb } from '../db/pool.ts';
import type { TenantDb } from '../db/types.ts';
import { assertSchemaName } from './schema-name.ts';
import { toTenant, type Tenant } from './tenant.ts';

export class TenantNotFoundError extends Error {}

export function tenantDb(rootDb: RootDb, schema: string): Kysely<TenantDb> {
  return rootDb.withSchema(assertSchemaName(schema)) as unknown as Kysely<TenantDb>;
}

export async function withTenant<T>(
  rootDb: RootDb,
  tenantId: number,
  fn: (db: Kysely<TenantDb>, tenant: Tenant) => Promise<T>,
): Promise<T> {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new TenantNotFoundError(`invalid tenant id ${tenantId}`);
  const row = await rootDb
    .selectFrom('tenants')
    .selectAll()
    .where('id', '=', tenantId)
    .where('status', '!=', 'provisioning')
    .executeTakeFirst();
  if (!row) throw new TenantNotFoundError(`tenant ${tenantId} not found`);
  const tenant = toTenant(row);
  return fn(tenantDb(rootDb, tenant.schema), tenant);
}

export async function listActiveTenantIds(rootDb: RootDb): Promise<number[]> {
  const rows = await rootDb.selectFrom('tenants').select('id').where('status', '=', 'active').orderBy('id').execute();
  return rows.map((r) => r.id);
}
