import { sql, type Kysely } from 'kysely';

/**
 * Seller side (PLT-1, PLT-4, IAM-10): a 'handoff' token lets a new seller's owner, who signed up on
 * the base domain, start a session on the portal's own host (the session cookie is host-only);
 * an index serves "last login" on the team page. Additive: old code never writes 'handoff'.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table auth_tokens drop constraint if exists auth_tokens_purpose_check`.execute(db);
  await sql`alter table auth_tokens add constraint auth_tokens_purpose_check check (purpose in ('invite','reset','email_change','handoff'))`.execute(db);
  await sql`create index if not exists audit_log_actor_idx on audit_log (actor_user_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_log_actor_idx`.execute(db);
  await sql`delete from auth_tokens where purpose = 'handoff'`.execute(db);
  await sql`alter table auth_tokens drop constraint if exists auth_tokens_purpose_check`.execute(db);
  await sql`alter table auth_tokens add constraint auth_tokens_purpose_check check (purpose in ('invite','reset','email_change'))`.execute(db);
}
