import { sql, type Kysely } from 'kysely';

/**
 * Dealer onboarding (IAM-3): which documents a reviewer asked for and until when the applicant's
 * upload link works, the applicant's language for mails; why a dealer was blocked. `if not exists` keeps it safe beside sibling work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table applications add column if not exists requested_documents text[] not null default '{}'::text[]`.execute(db);
  await sql`alter table applications add column if not exists documents_requested_at timestamptz`.execute(db);
  await sql`alter table applications add column if not exists token_expires_at timestamptz`.execute(db);
  await sql`alter table applications add column if not exists locale text not null default 'tr'`.execute(db);
  await sql`alter table dealers add column if not exists blocked_reason text`.execute(db);
  await sql`create index if not exists dealers_sales_rep_idx on dealers (sales_rep_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dealers_sales_rep_idx`.execute(db);
  await sql`alter table dealers drop column if exists blocked_reason`.execute(db);
  await sql`alter table applications drop column if exists locale`.execute(db);
  await sql`alter table applications drop column if exists token_expires_at`.execute(db);
  await sql`alter table applications drop column if exists documents_requested_at`.execute(db);
  await sql`alter table applications drop column if exists requested_documents`.execute(db);
}
