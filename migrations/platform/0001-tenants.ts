import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('schema_name', 'text', (c) => c.notNull().unique().check(sql`schema_name ~ '^t_[0-9]{1,12}$'`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('provisioning').check(sql`status in ('provisioning','active','suspended')`),
    )
    .addColumn('custom_domain', 'text', (c) => c.unique())
    .addColumn('custom_domain_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('default_locale', 'text', (c) => c.notNull().defaultTo('tr').check(sql`default_locale in ('tr','en')`))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Istanbul'))
    .addColumn('primary_color', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tenants').execute();
}
