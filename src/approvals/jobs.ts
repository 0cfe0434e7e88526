import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { HandlerRegistry, TenantJobContext } from '../jobs/registry.ts';
import { brandFor } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { changeStatus, OrderStatusError } from '../orders/status.ts';
import { getSetting, type SettingValue } from '../settings/settings.ts';
import { escalateStep, notifyActiveStep, notifyOrderer, remindStep } from './notify.ts';

export const APPROVAL_SWEEP_JOB = 'approval-sweep';
export const APPROVAL_SWEEP_EVERY_MS = 5 * 60_000;
/** Steps (or orders) handled per kind and run; the rest wait for the next run. */
const BATCH = 200;

/**
 * APR-3, the database is the truth: one periodic scheduler (fanned out per tenant by the job
 * runtime with deterministic job ids) looks at waiting steps and, each under a conditional UPDATE
 * in its own transaction together with its mails:
 *   1. announces steps nobody announced yet (notified_at null — e.g. a level 2 after level 1);
 *   2. reminds approvers once after `approvals.reminderHours` (reminded_at);
 *   3. escalates once to the dealer admins after `approvals.escalateHours` (escalated_at);
 *   4. cancels orders still awaiting approval `approvals.cancelAfterHours` after submission
 *      (0 = never), releasing their stock through changeStatus (system actor, reason).
 * Running it twice, or two runs at once, fires every action once.
 */
export async function sweepApprovals(db: Kysely<TenantDb>, brand: Brand, settings: SettingValue<'approvals'>, now = new Date()) {
  const active = (olderThan: Date | null, column: 'notified_at' | 'reminded_at' | 'escalated_at') => {
    let q = db
      .selectFrom('order_approvals as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .select('a.order_id')
      .where('a.status', '=', 'pending')
      .where('o.status', '=', 'awaiting_approval')
      .where(`a.${column}`, 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('order_approvals as b').select('b.id').whereRef('b.order_id', '=', 'a.order_id').whereRef('b.level', '<', 'a.level').where('b.status', '<>', 'approved'))));
    if (olderThan) q = q.where('a.pending_since', '<=', olderThan);
    return q.orderBy('a.pending_since').limit(BATCH).execute();
  };
  const notificationIds: number[] = [];
  let notified = 0;
  let reminded = 0;
  let escalated = 0;
  let cancelled = 0;

  for (const { order_id } of await active(null, 'notified_at')) {
    const ids = await db.transaction().execute((trx) => notifyActiveStep(trx, order_id, brand, now));
    if (ids.length) notified += 1;
    notificationIds.push(...ids);
  }
  const remindBefore = new Date(now.getTime() - settings.reminderHours * 3600_000);
  for (const { order_id } of await active(remindBefore, 'reminded_at')) {
    const ids = await db.transaction().execute((trx) => remindStep(trx, order_id, brand, settings.reminderHours, now));
    if (ids.length) reminded += 1;
    notificationIds.push(...ids);
  }
  const escalateBefore = new Date(now.getTime() - settings.escalateHours * 3600_000);
  for (const { order_id } of await active(escalateBefore, 'escalated_at')) {
    const ids = await db.transaction().execute((trx) => escalateStep(trx, order_id, brand, settings.escalateHours, now));
    if (ids.length) escalated += 1;
    notificationIds.push(...ids);
  }
  if (settings.cancelAfterHours > 0) {
    const due = await db
      .selectFrom('orders')
      .select('id')
      .where('status', '=', 'awaiting_approval')
      .where('created_at', '<=', new Date(now.getTime() - settings.cancelAfterHours * 3600_000))
      .orderBy('created_at')
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      try {
        const ids = await db.transaction().execute(async (trx) => {
          await changeStatus(trx, id, 'cancelled', { kind: 'system' }, { note: 'approval time limit passed', cancelReason: `Not approved within ${settings.cancelAfterHours} hours` });
          return notifyOrderer(trx, id, 'expired', brand);
        });
        cancelled += 1;
        notificationIds.push(...ids);
      } catch (err) {
        // Decided (or cancelled by a parallel run) in the meantime: nothing to do.
        if (!(err instanceof OrderStatusError)) throw err;
      }
    }
  }
  return { notified, reminded, escalated, cancelled, notificationIds };
}

export async function runApprovalSweep(ctx: Pick<TenantJobContext, 'db' | 'tenant' | 'deps'>, now = new Date()) {
  const { db, tenant, deps } = ctx;
  const settings = await getSetting(db, 'approvals');
  const res = await sweepApprovals(db, brandFor(deps.config, tenant), settings, now);
  if (res.notificationIds.length) await nudgeNotifications(deps.queues, tenant.id, res.notificationIds);
  return { notified: res.notified, reminded: res.reminded, escalated: res.escalated, cancelled: res.cancelled, mails: res.notificationIds.length };
}

/** Approval jobs (APR-3): the periodic per-tenant sweep. */
export function registerApprovalJobs(registry: HandlerRegistry): void {
  registry
    .on('approvals', APPROVAL_SWEEP_JOB, (ctx) => runApprovalSweep(ctx))
    .every({ kind: APPROVAL_SWEEP_JOB, everyMs: APPROVAL_SWEEP_EVERY_MS, queue: 'approvals', jobName: APPROVAL_SWEEP_JOB });
}
