import { sql, type Kysely, type Selectable } from 'kysely';
import type { NotificationStatus, NotificationsTable, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import type { AttachmentRef } from './attachments.ts';
import { renderTemplate, type Brand, type TemplateName, type TemplatePayload } from './templates.ts';

export type Notification = Selectable<NotificationsTable>;
export const MAX_ATTEMPTS = 6;

/**
 * Writes a rendered e-mail into the outbox. Call it with the business transaction so the mail
 * exists exactly when the change it reports does; enqueue the send job after commit.
 */
export async function queueNotification<N extends TemplateName>(
  db: Kysely<TenantDb>,
  brand: Brand,
  input: { template: N; locale: Locale; to: string; payload: TemplatePayload<N>; attachments?: AttachmentRef[] },
): Promise<number> {
  const rendered = renderTemplate(input.template, input.locale, input.payload, brand);
  const row = await db
    .insertInto('notifications')
    .values({
      template: input.template,
      locale: input.locale,
      recipient: input.to,
      subject: rendered.subject,
      body_text: rendered.text,
      body_html: rendered.html,
      payload: JSON.stringify(input.payload),
      attachments: JSON.stringify(input.attachments ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface OutboxCursor {
  id: number;
}

/**
 * Newest first, keyset-paginated on id. Ids follow insertion order; created_at would not do as a
 * cursor key because rows written in one transaction share it and PostgreSQL keeps microseconds
 * that a JS Date drops.
 */
export async function listOutbox(
  db: Kysely<TenantDb>,
  opts: { status?: NotificationStatus; q?: string; after?: OutboxCursor; limit: number },
): Promise<{ rows: Notification[]; next: OutboxCursor | null }> {
  let query = db.selectFrom('notifications').selectAll();
  if (opts.status) query = query.where('status', '=', opts.status);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb('recipient', 'ilike', like), eb('subject', 'ilike', like)]));
  }
  if (opts.after) {
    query = query.where('id', '<', opts.after.id);
  }
  const rows = await query.orderBy('id', 'desc').limit(opts.limit + 1).execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  const last = page.at(-1);
  return { rows: page, next: more && last ? { id: last.id } : null };
}

export async function findNotification(db: Kysely<TenantDb>, id: number): Promise<Notification | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countOutbox(db: Kysely<TenantDb>): Promise<Record<NotificationStatus, number>> {
  const rows = await db.selectFrom('notifications').select(['status', db.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const out: Record<NotificationStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Takes a due row for sending. Returns undefined when another worker has it or it is done (idempotence). */
export async function claimNotification(db: Kysely<TenantDb>, id: number): Promise<Notification | undefined> {
  return db
    .updateTable('notifications')
    .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
}

/** `attachments`: the row's references with what was sent (size, SHA-256) recorded on each. */
export async function markSent(db: Kysely<TenantDb>, id: number, attachments?: AttachmentRef[]): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'sent', sent_at: sql`now()`, last_error: null, ...(attachments ? { attachments: JSON.stringify(attachments) } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Backoff 1, 2, 4, 8, 16 minutes; after MAX_ATTEMPTS the row is failed for good and shown as such. */
export async function markFailed(db: Kysely<TenantDb>, row: Notification, error: string): Promise<NotificationStatus> {
  const status: NotificationStatus = row.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
  const delayMin = 2 ** Math.max(0, row.attempts - 1);
  await db
    .updateTable('notifications')
    .set({
      status,
      last_error: error.slice(0, 1000),
      next_attempt_at: sql`now() + make_interval(mins => ${delayMin})`,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .execute();
  return status;
}

/** A failed row can be tried again by staff: it goes back to pending with a fresh attempt budget. */
export async function retryNotification(db: Kysely<TenantDb>, id: number): Promise<boolean> {
  const res = await db
    .updateTable('notifications')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Rows a crashed worker left in `sending` go back to pending after `staleMinutes`. */
export async function releaseStuck(db: Kysely<TenantDb>, staleMinutes = 10): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set({ status: 'pending' })
    .where('status', '=', 'sending')
    .where('next_attempt_at', '<', sql<Date>`now() - make_interval(mins => ${staleMinutes})`)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function dueNotifications(db: Kysely<TenantDb>, limit = 500): Promise<Array<{ id: number; attempts: number }>> {
  return db
    .selectFrom('notifications')
    .select(['id', 'attempts'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}
