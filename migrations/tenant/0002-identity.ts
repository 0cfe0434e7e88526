import { sql, type Kysely } from 'kysely';

/** Identity and onboarding (IAM-1…IAM-13, PLT-4): users, sessions, dealers, applications, audit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dealers')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('trade_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_office', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('employee_count', 'integer')
    .addColumn('annual_turnover', 'bigint')
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','blocked')`))
    .addColumn('sales_rep_id', 'bigint')
    .addColumn('application_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create sequence dealer_code_seq start 1001`.execute(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('staff','dealer')`))
    .addColumn('dealer_id', 'bigint', (c) => c.references('dealers.id').onDelete('restrict'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('permissions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('invited').check(sql`status in ('invited','active','blocked')`))
    .addColumn('blocked_reason', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('tr'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('users_kind_dealer', sql`(kind = 'staff') = (dealer_id is null)`)
    .execute();
  await sql`create unique index users_staff_email_uq on users (lower(email)) where kind = 'staff'`.execute(db);
  await sql`create unique index users_dealer_email_uq on users (dealer_id, lower(email)) where kind = 'dealer'`.execute(db);
  await sql`alter table dealers add constraint dealers_sales_rep_fk foreign key (sales_rep_id) references users(id) on delete set null`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'bytea', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('two_factor_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('fresh_totp_at', 'timestamptz')
    .addColumn('acting_dealer_id', 'bigint', (c) => c.references('dealers.id').onDelete('cascade'))
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').column('user_id').execute();

  await db.schema
    .createTable('auth_tokens')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invite','reset','email_change')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('delegations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dealer_id', 'bigint', (c) => c.notNull().references('dealers.id').onDelete('cascade'))
    .addColumn('from_user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('to_user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','expired','revoked')`))
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('delegations_active_idx').on('delegations').columns(['status', 'until']).execute();

  await db.schema
    .createTable('addresses')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dealer_id', 'bigint', (c) => c.notNull().references('dealers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('billing','shipping')`))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('line1', 'text', (c) => c.notNull())
    .addColumn('line2', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('district', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('TR'))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('addresses_dealer_idx').on('addresses').column('dealer_id').execute();

  await db.schema
    .createTable('legal_texts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('terms','contract','privacy')`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('legal_texts_kind_version_uq', ['kind', 'version'])
    .execute();

  await db.schema
    .createTable('document_types')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_tr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into document_types (code, name_tr, name_en, required, position) values
    ('signature_circular', 'İmza sirküleri', 'Signature circular', true, 1),
    ('tax_certificate', 'Vergi levhası', 'Tax certificate', true, 2),
    ('application_form', 'Bayi başvuru formu', 'Dealer application form', true, 3)`.execute(db);

  await db.schema
    .createTable('applications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('public_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','more_documents','approved','rejected')`),
    )
    .addColumn('company_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('trade_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_office', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('employee_count', 'integer')
    .addColumn('annual_turnover', 'bigint')
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('billing_address', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('shipping_address', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('terms_id', 'bigint', (c) => c.references('legal_texts.id'))
    .addColumn('contract_id', 'bigint', (c) => c.references('legal_texts.id'))
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('dealer_id', 'bigint', (c) => c.references('dealers.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('applications_status_idx').on('applications').columns(['status', 'submitted_at']).execute();

  await db.schema
    .createTable('application_documents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('application_documents_app_idx').on('application_documents').column('application_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'bigint')
    .addColumn('actor_label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('impersonator_user_id', 'bigint')
    .addColumn('dealer_id', 'bigint')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();
  await db.schema.createIndex('audit_log_dealer_idx').on('audit_log').columns(['dealer_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'application_documents', 'applications', 'document_types', 'legal_texts', 'addresses', 'delegations', 'auth_tokens', 'recovery_codes', 'sessions']) {
    await db.schema.dropTable(t).execute();
  }
  await sql`alter table dealers drop constraint dealers_sales_rep_fk`.execute(db);
  await db.schema.dropTable('users').execute();
  await sql`drop sequence dealer_code_seq`.execute(db);
  await db.schema.dropTable('dealers').execute();
}
