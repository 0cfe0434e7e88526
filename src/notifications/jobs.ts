import { enqueue } from '../jobs/enqueue.ts';
import type { Queues } from '../jobs/queues.ts';
import type { HandlerRegistry, TenantJobContext } from '../jobs/registry.ts';
import { createHash } from 'node:crypto';
import { registerAttachmentKinds } from './attachment-kinds.ts';
import { attachmentsOf, resolveAttachments, type ResolvedAttachment } from './attachments.ts';
import { claimNotification, dueNotifications, markFailed, markSent, releaseStuck } from './queries.ts';

export const SEND_JOB = 'send-notification';
export const SWEEP_JOB = 'sweep-outbox';
export const SWEEP_EVERY_MS = 60_000;

/** Job id per attempt, so a retry after a failed attempt is not deduplicated away. */
export const sendJobId = (tenantId: number, id: number, attempts: number) => `notif-${tenantId}-${id}-${attempts}`;

/**
 * Send jobs are removed when done: the row's status (claimed with a conditional update) is the
 * record of what happened, and a kept job id would swallow the nudge after a staff retry, which
 * starts the attempt count again.
 */
const SEND_OPTS = { removeOnComplete: true } as const;

/** After the business transaction commits: nudge the worker. A lost nudge is caught by the sweep. */
export async function nudgeNotifications(queues: Queues, tenantId: number, ids: number[]): Promise<void> {
  for (const id of ids) {
    await enqueue(queues, tenantId, 'mail', SEND_JOB, { notificationId: id }, { ...SEND_OPTS, jobId: sendJobId(tenantId, id, 0) });
  }
}

export async function sendNotification(ctx: TenantJobContext<{ notificationId: number }>) {
  const { db, deps, tenant } = ctx;
  if (!deps.mailer) return { skipped: 'no SMTP configured' };
  const row = await claimNotification(db, ctx.data.notificationId);
  if (!row) return { skipped: 'not due or already handled' };
  const refs = attachmentsOf(row.attachments);
  let files: ResolvedAttachment[] = [];
  try {
    // Rendered now, after the claim, from the database (see attachments.ts for why not at queue
    // time). A reference that cannot be resolved fails this attempt like an SMTP error would: the
    // row is retried with backoff and never sent without what it promises to attach.
    files = await resolveAttachments({ db, tenant, dataDir: deps.config.DATA_DIR, locale: row.locale }, refs);
    await deps.mailer.send({
      from: deps.config.MAIL_FROM,
      to: row.recipient,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      messageId: `<kervan-${tenant.id}-${row.id}@${deps.config.BASE_DOMAIN}>`,
      ...(files.length ? { attachments: files } : {}),
    });
  } catch (err) {
    const status = await markFailed(db, row, err instanceof Error ? err.message : String(err));
    deps.logger.warn({ notification: row.id, attempts: row.attempts, status }, 'mail send failed');
    return { failed: true, status };
  }
  const sent = refs.length ? refs.map((r, i) => ({ ...r, sent: { bytes: files[i]!.content.length, sha256: createHash('sha256').update(files[i]!.content).digest('hex') } })) : undefined;
  await markSent(db, row.id, sent);
  return { sent: true };
}

export async function sweepOutbox(ctx: TenantJobContext) {
  const { db, deps, tenant } = ctx;
  if (!deps.mailer) return { skipped: 'no SMTP configured' };
  const released = await releaseStuck(db);
  const due = await dueNotifications(db);
  for (const n of due) {
    await enqueue(deps.queues, tenant.id, 'mail', SEND_JOB, { notificationId: n.id }, { ...SEND_OPTS, jobId: sendJobId(tenant.id, n.id, n.attempts) });
  }
  return { released, enqueued: due.length };
}

export function registerNotificationJobs(registry: HandlerRegistry): void {
  registerAttachmentKinds();
  registry
    .on('mail', SEND_JOB, sendNotification)
    .on('mail', SWEEP_JOB, sweepOutbox)
    .every({ kind: SWEEP_JOB, everyMs: SWEEP_EVERY_MS, queue: 'mail', jobName: SWEEP_JOB });
}
