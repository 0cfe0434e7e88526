import { sql, type Kysely } from 'kysely';

/**
 * Dealer users and delegation (IAM-6…IAM-8): a delegation has a start as well as an end, names the
 * rights it lends, and records when its end-of-window reminder went out (so the hourly job sends it
 * once). `if not exists` keeps it safe beside sibling work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table delegations add column if not exists starts_at timestamptz not null default now()`.execute(db);
  await sql`alter table delegations add column if not exists permissions text[] not null default '{orders.approve}'::text[]`.execute(db);
  await sql`alter table delegations add column if not exists note text not null default ''`.execute(db);
  await sql`alter table delegations add column if not exists reminded_at timestamptz`.execute(db);
  await sql`alter table delegations drop constraint if exists delegations_window_ck`.execute(db);
  await sql`alter table delegations add constraint delegations_window_ck check (until > starts_at)`.execute(db);
  await sql`alter table delegations drop constraint if exists delegations_not_self_ck`.execute(db);
  await sql`alter table delegations add constraint delegations_not_self_ck check (from_user_id <> to_user_id)`.execute(db);
  await sql`create index if not exists delegations_to_user_idx on delegations (to_user_id, status)`.execute(db);
  await sql`create index if not exists delegations_dealer_idx on delegations (dealer_id, status, until)`.execute(db);
  await sql`create index if not exists users_dealer_idx on users (dealer_id) where kind = 'dealer'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_dealer_idx`.execute(db);
  await sql`drop index if exists delegations_dealer_idx`.execute(db);
  await sql`drop index if exists delegations_to_user_idx`.execute(db);
  await sql`alter table delegations drop constraint if exists delegations_not_self_ck`.execute(db);
  await sql`alter table delegations drop constraint if exists delegations_window_ck`.execute(db);
  for (const col of ['reminded_at', 'note', 'permissions', 'starts_at']) {
    await sql`alter table delegations drop column if exists ${sql.id(col)}`.execute(db);
  }
}
