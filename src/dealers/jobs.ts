import type { HandlerRegistry, TenantJobContext } from '../jobs/registry.ts';
import { brandFor } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { sweepDelegations } from './delegations.ts';

export const DELEGATION_SWEEP_JOB = 'sweep-delegations';
export const DELEGATION_SWEEP_EVERY_MS = 3600_000;

/**
 * Hourly per tenant: ends delegations whose window is over (status → expired, both people mailed)
 * and sends the one-day-before reminder. The state change and its mails commit together; the mail
 * nudge after commit may be lost, and the outbox sweep then sends them.
 */
export async function runDelegationSweep(ctx: Pick<TenantJobContext, 'db' | 'tenant' | 'deps'>, now = new Date()) {
  const { db, tenant, deps } = ctx;
  const res = await sweepDelegations(db, { brand: brandFor(deps.config, tenant), timeZone: tenant.timeZone }, now);
  if (res.notificationIds.length) await nudgeNotifications(deps.queues, tenant.id, res.notificationIds);
  return { expired: res.expired, reminded: res.reminded, mails: res.notificationIds.length };
}

/** Dealer-side jobs (delegation expiry, IAM-7). */
export function registerDealerJobs(registry: HandlerRegistry): void {
  registry
    .on('approvals', DELEGATION_SWEEP_JOB, (ctx) => runDelegationSweep(ctx))
    .every({ kind: DELEGATION_SWEEP_JOB, everyMs: DELEGATION_SWEEP_EVERY_MS, queue: 'approvals', jobName: DELEGATION_SWEEP_JOB });
}
