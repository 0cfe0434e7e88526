import { sql, type Kysely } from 'kysely';

/**
 * Approvals (issue 6, APR-2/APR-3). Additive only.
 *   pending_since  when the step became the one to decide (level 1: submission; level 2: when
 *                  level 1 was approved; any level: when an approval was withdrawn). Reminders and
 *                  escalation count from it.
 *   notified_at    approvers were told the step is waiting (set by the same conditional update
 *                  that writes the mails, so a step is announced once).
 *   on_behalf_of   a delegate (IAM-7) decided for this approver.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table order_approvals
    add column pending_since timestamptz not null default now(),
    add column notified_at timestamptz,
    add column on_behalf_of bigint references users(id) on delete set null`.execute(db);
  await sql`update order_approvals set pending_since = created_at`.execute(db);
  await sql`create index order_approvals_sweep_idx on order_approvals (pending_since) where status = 'pending'`.execute(db);
  await sql`create index order_approvals_order_idx on order_approvals (order_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists order_approvals_order_idx`.execute(db);
  await sql`drop index if exists order_approvals_sweep_idx`.execute(db);
  await sql`alter table order_approvals drop column if exists on_behalf_of, drop column if exists notified_at, drop column if exists pending_since`.execute(db);
}
