import { enqueue } from '../jobs/enqueue.ts';
import type { Queues } from '../jobs/queues.ts';
import type { HandlerRegistry, TenantJobContext } from '../jobs/registry.ts';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { TenantDb } from '../db/types.ts';
import { brandFor } from '../notifications/brand.ts';
import type { Brand } from '../notifications/templates.ts';
import { getSetting } from '../settings/settings.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { runStockAlerts } from './alerts.ts';

export const STOCK_ALERTS_JOB = 'stock-alerts';
export const STOCK_ALERTS_EVERY_MS = 5 * 60_000;
/** Nudges within one window become one run at the window's end. */
export const NUDGE_WINDOW_MS = 3_000;

/**
 * After a stock change commits (UI, import, API, orders): ask for an alert pass soon. All nudges
 * of a tenant in one 3-second window share a job id and run once, just after the window ends, so
 * the run sees every change whose nudge fell in the window; a later nudge gets the next window.
 * A lost nudge only delays alerts until the 5-minute periodic run.
 */
export async function nudgeStockAlerts(queues: Queues, tenantId: number, now = Date.now()): Promise<void> {
  const window = Math.floor(now / NUDGE_WINDOW_MS);
  const delay = (window + 1) * NUDGE_WINDOW_MS - now + 200;
  await enqueue(queues, tenantId, 'reminders', STOCK_ALERTS_JOB, {}, { jobId: `${STOCK_ALERTS_JOB}-nudge-${tenantId}-${window}`, delay });
}

/** The brand with the seller's contact details, as loadBrand() gives it for requests. */
async function loadBrandFor(db: Kysely<TenantDb>, config: Config, tenant: Tenant): Promise<Brand> {
  const contact = await getSetting(db, 'contact');
  const any = contact.phone || contact.email || contact.address || contact.website;
  return { ...brandFor(config, tenant), ...(any ? { contact } : {}) };
}

/** One alert pass for the job's tenant; its mails are nudged after the pass has committed. */
export async function runStockAlertJob(ctx: Pick<TenantJobContext, 'db' | 'tenant' | 'deps'>) {
  const { db, tenant, deps } = ctx;
  const res = await runStockAlerts(db, await loadBrandFor(db, deps.config, tenant));
  if (res.notificationIds.length) await nudgeNotifications(deps.queues, tenant.id, res.notificationIds);
  return { rearmed: res.rearmed, lowAlerted: res.lowAlerted, backInStock: res.backInStock, mails: res.notificationIds.length };
}

/** Stock jobs (STK-2 low-stock alerts, CAT-7 back-in-stock notices): periodic per tenant and nudgeable. */
export function registerStockJobs(registry: HandlerRegistry): void {
  registry
    .on('reminders', STOCK_ALERTS_JOB, (ctx) => runStockAlertJob(ctx))
    .every({ kind: STOCK_ALERTS_JOB, everyMs: STOCK_ALERTS_EVERY_MS, queue: 'reminders', jobName: STOCK_ALERTS_JOB });
}
