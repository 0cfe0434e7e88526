import { sql, type Kysely } from 'kysely';

/**
 * ORD-9 / NTF: outbox mails carry attachments as REFERENCES, not bytes:
 *   [{ "kind": "order_document", "orderId": 12, "document": "confirmation", "filename": "S0000012-confirmation.pdf" }]
 * The send job renders each reference when it sends (see src/notifications/attachments.ts).
 * Additive: old code ignores the column; the default keeps every existing row attachment-free.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications add column attachments jsonb not null default '[]'::jsonb`.execute(db);
  await sql`alter table notifications add constraint notifications_attachments_array check (jsonb_typeof(attachments) = 'array')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications drop constraint if exists notifications_attachments_array`.execute(db);
  await sql`alter table notifications drop column if exists attachments`.execute(db);
}
