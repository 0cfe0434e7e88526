/**
 * Rule: provisioning is all or nothing. A tenant row becomes `active` only after its schema
 * exists and every tenant migration ran in it; on any failure the schema is dropped and the
 * row deleted, so no half-made tenant is ever reachable by host.
 */
import { sql, type Migration } from 'kysely';
import { migrateTenantSchema } from '../db/migrate.ts';
import type { RootDb } from '../db/pool.ts';
import { tenantMigrations } from '../../migrations/tenant/index.ts';
import { assertSchemaName, schemaNameFor } from './schema-name.ts';
import { checkSlug, slugMessage } from './slug.ts';
import { toTenant, type Tenant } from './tenant.ts';

export class ProvisionError extends Error {
  constructor(
    readonly field: 'slug' | 'name',
    message: string,
  ) {
    super(message);
  }
}

export interface ProvisionInput {
  slug: string;
  name: string;
  defaultLocale?: 'tr' | 'en';
  timeZone?: string;
  /** For tests: a migration set that fails part-way. */
  migrations?: Record<string, Migration>;
}

export async function provisionTenant(rootDb: RootDb, input: ProvisionInput): Promise<Tenant> {
  const slug = input.slug.trim().toLowerCase();
  const name = input.name.trim();
  const problem = checkSlug(slug);
  if (problem) throw new ProvisionError('slug', slugMessage(problem));
  if (name.length < 2 || name.length > 120) throw new ProvisionError('name', 'name must be 2–120 characters');
  const taken = await rootDb.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  if (taken) throw new ProvisionError('slug', `slug "${slug}" is already taken`);

  const { id } = await sql<{ id: string }>`select nextval('public.tenants_id_seq') as id`
    .execute(rootDb)
    .then((r) => ({ id: Number(r.rows[0]!.id) }));
  const schema = assertSchemaName(schemaNameFor(id));
  try {
    await rootDb
      .insertInto('tenants')
      .values({
        id,
        slug,
        schema_name: schema,
        display_name: name,
        status: 'provisioning',
        default_locale: input.defaultLocale ?? 'tr',
        time_zone: input.timeZone ?? 'Europe/Istanbul',
      })
      .execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new ProvisionError('slug', `slug "${slug}" is already taken`);
    throw err;
  }
  try {
    await sql`create schema ${sql.id(schema)}`.execute(rootDb);
    await migrateTenantSchema(rootDb, schema, input.migrations ?? tenantMigrations);
    const row = await rootDb
      .updateTable('tenants')
      .set({ status: 'active', updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTenant(row);
  } catch (err) {
    await dropTenantSchema(rootDb, schema);
    await rootDb.deleteFrom('tenants').where('id', '=', id).execute();
    throw err;
  }
}

async function dropTenantSchema(rootDb: RootDb, schema: string): Promise<void> {
  await sql`drop schema if exists ${sql.id(assertSchemaName(schema))} cascade`.execute(rootDb);
}

/** Removes tenants left in `provisioning` by a process that died mid-way (older than `olderThanMs`). */
export async function cleanUpAbandonedProvisioning(rootDb: RootDb, olderThanMs = 10 * 60_000): Promise<number> {
  const stale = await rootDb
    .selectFrom('tenants')
    .select(['id', 'schema_name'])
    .where('status', '=', 'provisioning')
    .where('created_at', '<', new Date(Date.now() - olderThanMs))
    .execute();
  for (const t of stale) {
    await dropTenantSchema(rootDb, t.schema_name);
    await rootDb.deleteFrom('tenants').where('id', '=', t.id).execute();
  }
  return stale.length;
}

export async function setTenantStatus(rootDb: RootDb, tenantId: number, status: 'active' | 'suspended'): Promise<void> {
  await rootDb
    .updateTable('tenants')
    .set({ status, updated_at: new Date() })
    .where('id', '=', tenantId)
    .where('status', '!=', 'provisioning')
    .execute();
}
